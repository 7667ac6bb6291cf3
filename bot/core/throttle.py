"""Sliding-window limits: at most N events per key (a login, a chat message) in a window.

In-process memory: with several web workers each counts on its own (the limit per
worker still stops online guessing and message floods). The rate-limit libraries that
share counters via Redis need a newer `packaging` than Rasa 3.6 allows.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from typing import Callable, Deque, Dict


class SlidingWindowLimit:
    def __init__(
        self, *, events: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._events = events
        self._window = window_seconds
        self._clock = clock
        self._seen: Dict[str, Deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str) -> Deque[float]:
        seen = self._seen[key]
        cutoff = self._clock() - self._window
        while seen and seen[0] < cutoff:
            seen.popleft()
        return seen

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may act again; 0 when it may now."""
        with self._lock:
            seen = self._recent(key)
            if len(seen) < self._events:
                return 0.0
            return max(0.0, seen[0] + self._window - self._clock())

    def record(self, key: str) -> None:
        with self._lock:
            self._recent(key).append(self._clock())

    def reset(self, key: str) -> None:
        with self._lock:
            self._seen.pop(key, None)

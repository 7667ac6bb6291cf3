"""Login throttling: at most N failed attempts per key in a sliding time window.

In-process memory: with several web workers each counts on its own (the limit per
worker still stops online guessing). The rate-limit libraries that share counters via
Redis need a newer `packaging` than Rasa 3.6 allows.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from typing import Callable, Deque, Dict


class LoginThrottle:
    def __init__(
        self, *, attempts: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._attempts = attempts
        self._window = window_seconds
        self._clock = clock
        self._failures: Dict[str, Deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str) -> Deque[float]:
        failures = self._failures[key]
        cutoff = self._clock() - self._window
        while failures and failures[0] < cutoff:
            failures.popleft()
        return failures

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may try again; 0 when it may now."""
        with self._lock:
            failures = self._recent(key)
            if len(failures) < self._attempts:
                return 0.0
            return max(0.0, failures[0] + self._window - self._clock())

    def failed(self, key: str) -> None:
        with self._lock:
            self._recent(key).append(self._clock())

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

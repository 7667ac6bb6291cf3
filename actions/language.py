"""Which language the conversation is in: explicit choice first, detection with care."""

from __future__ import annotations

from typing import Any, Dict, Optional

from kb.languages import SUPPORTED_LANGUAGES


def choose_language(
    *, current: Optional[str], explicit: Optional[str], detected: Dict[str, Any]
) -> Optional[str]:
    """The conversation's language after one more user message.

    A choice the user made (widget setting, "in English please") always wins. Without
    one, detection sets the language of a new conversation, but switches an existing
    one only when the message is long and clear enough to be sure ("ok", "Blue Card"
    or a city name never flip it).
    """
    if explicit in SUPPORTED_LANGUAGES:
        return explicit
    code = detected.get("code")
    if code not in SUPPORTED_LANGUAGES:
        return current
    if current is None or detected.get("reliable"):
        return code
    return current

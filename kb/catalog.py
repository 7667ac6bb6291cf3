"""The response catalog: every text the assistant says, one YAML file per language.

`kb/data/responses/<lang>.yml` maps a response name (`utter_greet`, or a web-service
phrase such as `assistant_unavailable`) to a list of variants in Rasa's response format
(`text`, optional `buttons`, `image`, `custom`). A response missing in a language falls
back along `kb.languages.fallback_order`.
"""

from __future__ import annotations

import random
import string
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

import yaml

from kb.languages import SUPPORTED_LANGUAGES, fallback_order

RESPONSES_DIR = Path(__file__).resolve().parent / "data" / "responses"

Variant = Dict[str, Any]


class _KeepMissing(dict):
    """Leaves `{placeholders}` without a value visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, values: Mapping[str, Any]) -> str:
    fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    if not fields:
        return template
    present = {key: value for key, value in values.items() if value is not None}
    try:
        return template.format_map(_KeepMissing(present))
    except (ValueError, IndexError, AttributeError):
        return template


class ResponseCatalog:
    """All responses in all languages, loaded once."""

    def __init__(self, responses: Dict[str, Dict[str, List[Variant]]]) -> None:
        self._responses = responses

    @classmethod
    def from_directory(cls, directory: Path = RESPONSES_DIR) -> ResponseCatalog:
        responses: Dict[str, Dict[str, List[Variant]]] = {}
        for path in sorted(directory.glob("*.yml")):
            if path.stem not in SUPPORTED_LANGUAGES:
                raise ValueError(f"{path}: '{path.stem}' is not a supported language code")
            data = yaml.safe_load(path.read_text("utf-8")) or {}
            if not isinstance(data, dict):
                raise ValueError(f"{path}: expected a mapping of response names to variants")
            responses[path.stem] = {name: _as_variants(path, name, v) for name, v in data.items()}
        return cls(responses)

    @property
    def languages(self) -> List[str]:
        return sorted(self._responses)

    def names(self, language: str) -> set:
        return set(self._responses.get(language, {}))

    def variants(self, name: str, language: str) -> List[Variant]:
        """The variants of `name` in `language`, or in the first fallback language that has it."""
        for code in fallback_order(language):
            found = self._responses.get(code, {}).get(name)
            if found:
                return found
        return []

    def render(
        self,
        name: str,
        language: str,
        values: Optional[Mapping[str, Any]] = None,
        rng: random.Random = random._inst,  # type: ignore[attr-defined]
    ) -> Optional[Variant]:
        """One variant of `name` with `{slot}` placeholders filled, or None if unknown."""
        variants = self.variants(name, language)
        if not variants:
            return None
        chosen = dict(rng.choice(variants))
        if "text" in chosen:
            chosen["text"] = _fill(chosen["text"], values or {})
        if "buttons" in chosen:
            chosen["buttons"] = [
                {**button, "title": _fill(button.get("title", ""), values or {})}
                for button in chosen["buttons"]
            ]
        return chosen


def _as_variants(path: Path, name: str, value: Any) -> List[Variant]:
    if isinstance(value, str):
        return [{"text": value}]
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return value
    raise ValueError(f"{path}: response '{name}' must be a text or a list of variants")

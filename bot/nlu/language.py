"""Rasa NLU component that tags every message with the language it is written in.

Statistical detection (lingua) is good on sentences but guesses on greetings and
one-word messages ("Hallo" comes out English, "Hello" Spanish). So the component also
learns, at training time, which words occur in which language's training data
(`metadata: {language: xx}` on each intent block under `data/nlu/<lang>/`) and lets that
vocabulary decide short messages. Short messages are never marked reliable: whether a
detection may switch the conversation's language is decided by the dialogue
(`actions/language.py`), which knows the current language.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from typing import Any, Dict, List, Optional

from lingua import IsoCode639_1, LanguageDetectorBuilder
from rapidfuzz import fuzz, process
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from kb.languages import SUPPORTED_LANGUAGES

LANGUAGE = "language"
VOCABULARY_FILE = "vocabulary.json"
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> List[str]:
    """Lower-cased words of `text` (letters and digits in any script)."""
    return _WORD.findall(text.casefold())


def example_language(message: Message) -> Optional[str]:
    """The language declared for a training example by its intent block's metadata."""
    metadata = message.get("metadata") or {}
    for level in ("example", "intent"):
        declared = (metadata.get(level) or {}).get(LANGUAGE)
        if declared:
            return declared
    return None


def build_vocabulary(examples: List[Message]) -> Dict[str, Dict[str, int]]:
    """Counts, for every word of the training examples, how often each language used it."""
    counts: Dict[str, Counter] = defaultdict(Counter)
    for example in examples:
        code = example_language(example)
        if code and example.get(TEXT):
            for word in set(words(example.get(TEXT))):
                counts[word][code] += 1
    return {word: dict(by_language) for word, by_language in counts.items()}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class LanguageDetector(GraphComponent):
    """Adds `language: {code, confidence, reliable}` to the parse result."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "languages": list(SUPPORTED_LANGUAGES),
            # Messages with at most this many words are "short": never reliable.
            "short_message_words": 3,
            # Share of vocabulary votes one language needs to decide a short message.
            "vocabulary_share": 0.8,
            # lingua confidence needed to call a longer message reliable.
            "min_confidence": 0.7,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: Optional[Dict[str, Dict[str, int]]] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or {}
        self._detector = None  # built on first use (training never needs it)

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageDetector:
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = json.loads((directory / VOCABULARY_FILE).read_text("utf-8"))
        except (ValueError, FileNotFoundError):
            vocabulary = {}
        detector = cls(config, model_storage, resource, vocabulary)
        # A loaded model serves users: load lingua's models now (~1 s, ~270 MB), not
        # lazily per script, which stalled the first Arabic or Cyrillic message by ~0.8 s.
        detector._build_lingua(preload=True)
        return detector

    def train(self, training_data: TrainingData) -> Resource:
        self._vocabulary = build_vocabulary(training_data.training_examples)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(
                json.dumps(self._vocabulary, ensure_ascii=False), "utf-8"
            )
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            detected = self.detect(text)
            detected["known_words"] = self.knows_any_word(text)
            message.set(LANGUAGE, detected, add_to_output=True)
        return messages

    def knows_any_word(self, text: str) -> bool:
        """Whether any word of `text` (or a close misspelling of one) occurs in the training data."""
        tokens = [token for token in words(text) if not token.isdigit()]
        if not tokens or any(token in self._vocabulary for token in tokens):
            return bool(tokens)
        candidates = [token for token in tokens if len(token) >= 4]
        return any(
            process.extractOne(token, self._vocabulary.keys(), scorer=fuzz.ratio, score_cutoff=80)
            for token in candidates
        )

    def detect(self, text: str) -> dict[str, Any]:
        """The language of `text`; `code` is None when it cannot be told."""
        tokens = words(text)
        if not tokens:
            return {"code": None, "confidence": 0.0, "reliable": False, "method": "none"}
        voted = self._vote(tokens)
        if len(tokens) <= self._config["short_message_words"]:
            if voted and voted[1] >= self._config["vocabulary_share"]:
                return {"code": voted[0], "confidence": voted[1], "reliable": False, "method": "vocabulary"}
            code, confidence = self._lingua(text)
            return {
                "code": code if confidence >= 0.5 else None,
                "confidence": confidence,
                "reliable": False,
                "method": "lingua",
            }
        code, confidence = self._lingua(text)
        # lingua spreads its confidence over close languages; agreement with the
        # vocabulary of the training data is the second opinion that settles it.
        if voted and voted[0] == code:
            confidence = max(confidence, voted[1])
        reliable = code is not None and confidence >= self._config["min_confidence"]
        return {"code": code, "confidence": confidence, "reliable": reliable, "method": "lingua"}

    def _vote(self, tokens: list[str]) -> tuple | None:
        """The language most of the known words belong to, with its share of the votes."""
        votes: Counter = Counter()
        for token in tokens:
            by_language = self._vocabulary.get(token)
            if by_language:
                total = sum(by_language.values())
                for code, count in by_language.items():
                    votes[code] += count / total
        if not votes:
            return None
        code, score = votes.most_common(1)[0]
        return code, round(score / sum(votes.values()), 3)

    def _build_lingua(self, preload: bool = False) -> None:
        isos = [IsoCode639_1.from_str(code) for code in self._config["languages"]]
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*isos)
        self._detector = (builder.with_preloaded_language_models() if preload else builder).build()

    def _lingua(self, text: str) -> tuple:
        if self._detector is None:
            self._build_lingua()
        values = self._detector.compute_language_confidence_values(text)
        if not values or values[0].value <= 0:
            return None, 0.0
        best = values[0]
        return best.language.iso_code_639_1.name.lower(), round(best.value, 3)

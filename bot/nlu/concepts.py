"""Rasa NLU component: one feature per concept, whatever the language it is written in.

The lists in `data/concepts/<lang>.yml` say which words mean "recognition", "wage",
"opening hours", … in each language (README there). A spaCy `Matcher` built from all of
them marks the concepts a message mentions; the intent classifier then learns what
`recognition` means for the intents from every language's examples at once, and
understands words that one language's few examples never used. The words are matched on
a normalised form (case-folded; Arabic and Persian letter variants unified), so "اقامة",
"إقامة" and "إقامه" are one word.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import numpy as np
import scipy.sparse
import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

LEXICON_FILE = "concepts.yml"
# Where a stem must not be shorter: "ev*" would be every word starting with "ev".
MIN_STEM = 4
# Arabic diacritics and the zero-width non-joiner belong to the word they are in.
_LETTER = r"[\w\u064b-\u065f\u0670\u200c]"
_WORD = re.compile(rf"{_LETTER}+(?:['’-]{_LETTER}+)*")
# An entry's words are cut like a message's ("48.300" is "48" "300"), wildcards kept.
_ENTRY_WORD = re.compile(rf"\*?{_LETTER}+(?:['’-]{_LETTER}+)*\*?")
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # diacritics and tatweel
# Alef forms, taa marbuta, alef maqsura, Persian yeh/kaf/heh, the typographic apostrophe;
# the zero-width non-joiner is dropped.
_LETTERS = str.maketrans("أإآٱةىیکۀ’", "ااااهييكه'", "\u200c")


def normalise(text: str) -> str:
    """Case-folded text without accents, Arabic/Persian letter variants unified.

    People type "dia" for "día" and "ogrenci" for "öğrenci"; the lists need not say both.
    """
    text = _ARABIC_MARKS.sub("", text.casefold()).translate(_LETTERS)
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def word_spans(text: str) -> List[Tuple[str, int, int]]:
    """The normalised words of `text` with their character offsets in `text`."""
    spans = ((normalise(m.group()), m.start(), m.end()) for m in _WORD.finditer(text))
    return [span for span in spans if span[0]]


def read_lexicon(directory: Path) -> Dict[str, Dict[str, List[str]]]:
    """`{language: {concept: [entries]}}` from the YAML files in `directory`."""
    lexicon = {}
    for path in sorted(directory.glob("*.yml")):
        document = yaml.safe_load(path.read_text("utf-8")) or {}
        language = document.get("language") or path.stem
        concepts = document.get("concepts") or {}
        lexicon[language] = {
            str(name): [str(entry) for entry in entries or []] for name, entries in concepts.items()
        }
    return lexicon


def entry_words(entry: str) -> List[str]:
    """The normalised words of a lexicon entry, each with its wildcards."""
    return [normalise(word) for word in _ENTRY_WORD.findall(entry)]


def entry_errors(entry: str) -> Iterator[str]:
    """What is wrong with one lexicon entry (nothing for a good one)."""
    parts = entry_words(entry)
    if not parts:
        yield f"'{entry}' has no word that a message could contain"
    for part in parts:
        stem = part.strip("*")
        if part != stem and len(stem) < MIN_STEM:
            yield f"'{entry}': stem '{stem}' is shorter than {MIN_STEM} letters"


def token_pattern(part: str) -> Dict[str, Any]:
    """A spaCy Matcher token pattern for one word of an entry."""
    stem = part.strip("*")
    if part == stem:
        return {"ORTH": stem}
    prefix = "" if part.startswith("*") else "^"
    suffix = "" if part.endswith("*") else "$"
    return {"ORTH": {"REGEX": prefix + re.escape(stem) + suffix}}


def matcher_patterns(entries: List[str]) -> List[List[Dict[str, Any]]]:
    """Matcher patterns for a concept's entries: single words merged into two patterns."""
    words, stems, phrases = set(), [], []
    for entry in entries:
        parts = entry_words(entry)
        if len(parts) > 1:
            phrases.append([token_pattern(part) for part in parts])
        elif parts and parts[0] == parts[0].strip("*"):
            words.add(parts[0])
        elif parts:
            stems.append(token_pattern(parts[0])["ORTH"]["REGEX"])
    patterns = phrases
    if words:
        patterns.append([{"ORTH": {"IN": sorted(words)}}])
    if stems:
        patterns.append([{"ORTH": {"REGEX": "|".join(f"(?:{stem})" for stem in stems)}}])
    return patterns


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class ConceptFeaturizer(SparseFeaturizer, GraphComponent):
    """Sparse features: which concepts of the lexicon a message (and each token) mentions."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {**SparseFeaturizer.get_default_config(), "lexicon": "data/concepts"}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        lexicon: Optional[Dict[str, Dict[str, List[str]]]] = None,
    ) -> None:
        config = {**self.get_default_config(), **config}
        SparseFeaturizer.__init__(self, execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self._set_lexicon(lexicon or {})

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        pass

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """Retrain when a lexicon file changes, although the training data did not."""
        directory = Path(config.get("lexicon") or cls.get_default_config()["lexicon"])
        digest = hashlib.sha256()
        for path in sorted(directory.glob("*.yml")):
            digest.update(path.name.encode() + path.read_bytes())
        return digest.hexdigest()

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ConceptFeaturizer:
        return cls(config, model_storage, resource, execution_context)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ConceptFeaturizer:
        try:
            with model_storage.read_from(resource) as directory:
                lexicon = yaml.safe_load((directory / LEXICON_FILE).read_text("utf-8"))
        except (ValueError, FileNotFoundError):
            lexicon = {}
        return cls(config, model_storage, resource, execution_context, lexicon)

    def _set_lexicon(self, lexicon: Dict[str, Dict[str, List[str]]]) -> None:
        from spacy.matcher import Matcher
        from spacy.vocab import Vocab

        self._lexicon = lexicon
        entries: Dict[str, List[str]] = {}
        for concepts in lexicon.values():
            for name, words in concepts.items():
                entries.setdefault(name, []).extend(words)
        self._concepts = sorted(entries)
        self._index = {name: index for index, name in enumerate(self._concepts)}
        self._vocab = Vocab()
        self._matcher = Matcher(self._vocab)
        for name in self._concepts:
            self._matcher.add(name, matcher_patterns(entries[name]))

    def train(self, training_data: TrainingData) -> Resource:
        lexicon = read_lexicon(Path(self._config["lexicon"]))
        if not lexicon:
            raise ValueError(f"Concept lexicon: no <lang>.yml in '{self._config['lexicon']}'")
        errors = [
            f"{language}/{concept}: {error}"
            for language, concepts in lexicon.items()
            for concept, entries in concepts.items()
            for entry in entries
            for error in entry_errors(entry)
        ]
        if errors:
            raise ValueError("Concept lexicon: " + "; ".join(errors))
        self._set_lexicon(lexicon)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / LEXICON_FILE).write_text(yaml.safe_dump(lexicon, allow_unicode=True), "utf-8")
        return self._resource

    def concepts_in(self, text: str) -> List[Tuple[str, int, int]]:
        """The concepts mentioned in `text`, each with the character span that says it."""
        from spacy.tokens import Doc

        spans = word_spans(text)
        if not spans or not self._concepts:
            return []
        doc = Doc(self._vocab, words=[word for word, _, _ in spans], spaces=[False] * len(spans))
        found = []
        for match_id, start, end in self._matcher(doc):
            found.append((self._vocab.strings[match_id], spans[start][1], spans[end - 1][2]))
        return found

    def _features(self, message: Message) -> Tuple[scipy.sparse.coo_matrix, scipy.sparse.coo_matrix]:
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        sequence = np.zeros((len(tokens), len(self._concepts)))
        sentence = np.zeros((1, len(self._concepts)))
        for name, start, end in self.concepts_in(message.get(TEXT) or ""):
            column = self._index[name]
            sentence[0, column] = 1
            for row, token in enumerate(tokens):
                if token.start < end and start < token.end:
                    sequence[row, column] = 1
        return scipy.sparse.coo_matrix(sequence), scipy.sparse.coo_matrix(sentence)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if message.get(TEXT) and self._concepts:
                self.add_features_to_message(*self._features(message), TEXT, message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

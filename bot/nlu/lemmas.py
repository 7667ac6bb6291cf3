"""Rasa NLU component: spaCy lookup lemmas for the tokens of a message, by its language.

"kostet", "kosten", "Kosten" → "kosten"; "курсы", "курсов" → "курс"; "cursos" → "curso".
The word-level CountVectorsFeaturizer reads `token.lemma`, so DIET sees one feature for
all inflected forms of a word, which the few examples per intent and language cannot
teach it. spaCy's blank pipelines with lookup tables from `spacy-lookups-data` do this
offline, without a trained model: German, English, Spanish, Russian and Turkish have
tables; Arabic, Ukrainian and Persian keep their words (the character n-grams carry
their inflection).

The language is the training example's (its intent block's metadata) while training,
and the one `bot.nlu.language.LanguageDetector` found at run time, so this component
comes after it in the pipeline.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.language import LANGUAGE, example_language

LOOKUP_LANGUAGES = ("de", "en", "es", "ru", "tr")


@cache
def lookup_pipeline(code: str):
    """A blank spaCy pipeline with the lookup lemmatizer for `code` (tables from disk)."""
    import spacy

    nlp = spacy.blank(code)
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def lemmatize(words: List[str], code: Optional[str]) -> List[str]:
    """The lemma of each word (the word itself where the table has none), lower-cased."""
    if code not in LOOKUP_LANGUAGES or not words:
        return [word.lower() for word in words]
    from spacy.tokens import Doc

    nlp = lookup_pipeline(code)
    doc = nlp.get_pipe("lemmatizer")(Doc(nlp.vocab, words=words))
    return [(token.lemma_ or token.text).lower() for token in doc]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class LookupLemmatizer(GraphComponent):
    """Sets `token.lemma` of each text token from spaCy's lookup tables."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"languages": list(LOOKUP_LANGUAGES)}

    def __init__(self, config: Dict[str, Any]) -> None:
        self._languages = set(config.get("languages") or LOOKUP_LANGUAGES) & set(LOOKUP_LANGUAGES)
        for code in self._languages:  # load the tables now, not on a user's first message
            lookup_pipeline(code)

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LookupLemmatizer:
        return cls(config)

    def _set_lemmas(self, message: Message, code: Optional[str]) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT])
        if not tokens or code not in self._languages:
            return
        for token, lemma in zip(tokens, lemmatize([token.text for token in tokens], code), strict=True):
            token.lemma = lemma

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            self._set_lemmas(example, example_language(example))
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            detected = message.get(LANGUAGE) or {}
            self._set_lemmas(message, detected.get("code") if isinstance(detected, dict) else None)
        return messages

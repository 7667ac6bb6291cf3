"""Rasa NLU component: a message with no known word is not understood, however sure DIET is.

DIET always picks some intent, and for keyboard mashing ("xqzt wvbn") it can be
confident. When a message of two or more words has not a single word that occurs in the
training data (nor a close misspelling of one, as LanguageDetector reports) and no place
was found, it gets `nlu_fallback`, so the two-stage fallback asks the user to rephrase.
Single words are left to DIET: "nö", "jaaa" or "nee" are unseen but clear.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class UnknownWordsFallback(GraphComponent):
    """Turns messages without a single known word into `nlu_fallback`."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> UnknownWordsFallback:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            language = message.get("language") or {}
            if language.get("known_words", True) or message.get(ENTITIES):
                continue
            if len((message.get(TEXT) or "").split()) < 2:
                continue
            fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.data[INTENT] = fallback
            message.data.setdefault(INTENT_RANKING_KEY, []).insert(0, fallback)
        return messages

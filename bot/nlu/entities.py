"""Rasa NLU component: DIET for the entities, trained on the examples that teach them.

The intents are `bot.nlu.intents.LinearIntentClassifier`'s, so DIET runs with
`intent_classification: false`. Its training time grows with the number of examples (most
of an epoch is Rasa's batching in Python), and two thirds of the examples carry no entity
at all. DIET therefore trains on every example with an entity and a fixed random share of
the others, which still teach it where there is nothing to find: the full model stays
well under ten minutes on two cores, and `make eval` reports what it costs in entity F1.
"""

from __future__ import annotations

import random
from typing import Any, Dict

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.model_data import RasaModelData


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class EntityDIETClassifier(DIETClassifier):
    """DIETClassifier that learns entities from all entity examples and a share of the rest."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            **DIETClassifier.get_default_config(),
            "intent_classification": False,
            # Share of the examples without entities that DIET trains on.
            "examples_without_entities": 0.3,
        }

    def preprocess_train_data(self, training_data: TrainingData) -> RasaModelData:
        share = float(self.component_config["examples_without_entities"])
        # The same examples every time (DIET's own seed may be unset).
        rng = random.Random(self.component_config["random_seed"] or 0)  # noqa: S311 (sampling)
        chosen = [
            example for example in training_data.nlu_examples if example.get(ENTITIES) or rng.random() < share
        ]
        subset = TrainingData(
            training_examples=chosen,
            entity_synonyms=training_data.entity_synonyms,
            regex_features=training_data.regex_features,
            lookup_tables=training_data.lookup_tables,
        )
        return super().preprocess_train_data(subset)

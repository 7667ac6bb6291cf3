"""Rasa NLU component that finds German places in a message with the knowledge base's gazetteer.

Cities (in any script GeoNames knows), federal states and their abbreviations, the
districts referral targets cover, and postcodes become a `place` entity whose value is
the place's canonical name. Place names are not learned by DIET: a list of ~14,000 names
in eight scripts is matched, not guessed.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from kb.places import gazetteer

PLACE = "place"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class PlaceExtractor(GraphComponent, EntityExtractorMixin):
    """Adds `place` entities for German cities, districts, states and postcodes."""

    def __init__(self, config: Dict[str, Any]) -> None:
        self._config = config

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PlaceExtractor:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        places = gazetteer()
        for message in messages:
            entities = [
                {
                    "entity": PLACE,
                    "value": place.name,
                    "start": start,
                    "end": end,
                    "confidence_entity": 1.0,
                    "extractor": self.__class__.__name__,
                }
                for start, end, place in places.find(message.get(TEXT) or "")
            ]
            message.set(ENTITIES, [*message.get(ENTITIES, []), *entities], add_to_output=True)
        return messages

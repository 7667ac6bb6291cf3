"""Rasa NLU component: intent classification with a linear SVM over the sparse features.

With about 40 examples per intent and language, a linear SVM on TF-IDF-weighted
character n-grams, words and concepts classifies as well as DIET did here (±1 point
macro-F1 per language in `make eval`) and trains in seconds instead of minutes, which
leaves DIET to do what it is needed for: the entities. Each featurizer's sentence
features (chosen by alias) are weighted by TF-IDF on their own and scaled by their
`weights`, so a few concept features are not drowned by 100,000 n-grams. Confidences
come from sigmoid calibration (cross-validated), so the FallbackClassifier's thresholds
mean what they say.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)
MODEL_FILE = "intent_classifier.skops"
# What the saved model is made of beyond skops' defaults; anything else is refused on load.
TRUSTED_TYPES = [
    "scipy.sparse._csr.csr_matrix",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """Predicts the intent and a ranking of the others with calibrated confidences."""

    @classmethod
    def required_components(cls) -> List[type]:
        return [Featurizer]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # Aliases of the sparse featurizers to use; None uses all of them.
            "featurizers": None,
            # alias -> factor for its TF-IDF-weighted block (default 1).
            "weights": {},
            # SVM regularisation: higher fits the training examples more closely.
            "C": 1.0,
            "calibration_folds": 5,
            "ranking_length": 10,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[Dict[str, Any]] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        # {"blocks": [(alias, width, TfidfTransformer)], "classifier": CalibratedClassifierCV}
        self._model = model

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    def _feature_blocks(self, message: Message) -> Dict[str, scipy.sparse.csr_matrix]:
        """The message's sparse sentence features, one 1×n matrix per featurizer alias."""
        wanted = self._config["featurizers"]
        blocks = {}
        for features in message.features:
            if (
                features.attribute == TEXT
                and features.type == FEATURE_TYPE_SENTENCE
                and features.is_sparse()
                and (wanted is None or features.origin in wanted)
            ):
                blocks[features.origin] = scipy.sparse.csr_matrix(features.features)
        return blocks

    def _matrix(self, messages: List[Message], fit: bool = False) -> scipy.sparse.csr_matrix:
        from sklearn.feature_extraction.text import TfidfTransformer

        per_message = [self._feature_blocks(message) for message in messages]
        if fit:
            widths = {alias: row.shape[1] for blocks in per_message for alias, row in blocks.items()}
            self._model = {
                "blocks": [
                    (alias, widths[alias], TfidfTransformer(sublinear_tf=True)) for alias in sorted(widths)
                ]
            }
        columns = []
        for alias, width, tfidf in self._model["blocks"]:
            empty = scipy.sparse.csr_matrix((1, width))
            block = scipy.sparse.vstack([blocks.get(alias, empty) for blocks in per_message]).tocsr()
            block = tfidf.fit_transform(block) if fit else tfidf.transform(block)
            columns.append(block * float(self._config["weights"].get(alias, 1.0)))
        return scipy.sparse.hstack(columns).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import LinearSVC

        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            logger.debug("No intent examples: the intent classifier is not trained.")
            return self._resource
        features = self._matrix(examples, fit=True)
        labels = np.array([example.get(INTENT) for example in examples])
        classifier = CalibratedClassifierCV(
            LinearSVC(C=self._config["C"]), cv=self._config["calibration_folds"], method="sigmoid"
        )
        classifier.fit(features, labels)
        self._model["classifier"] = classifier
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if not self._model or "classifier" not in self._model:
            return messages
        classifier = self._model["classifier"]
        probabilities = classifier.predict_proba(self._matrix(messages))
        for message, row in zip(messages, probabilities, strict=True):
            order = np.argsort(-row)[: self._config["ranking_length"]]
            ranking = [
                {INTENT_NAME_KEY: str(classifier.classes_[i]), PREDICTED_CONFIDENCE_KEY: float(row[i])}
                for i in order
            ]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def persist(self) -> None:
        import skops.io

        with self._model_storage.write_to(self._resource) as directory:
            skops.io.dump(self._model, directory / MODEL_FILE)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        import skops.io

        try:
            with model_storage.read_from(resource) as directory:
                model = skops.io.load(directory / MODEL_FILE, trusted=TRUSTED_TYPES)
        except (ValueError, FileNotFoundError):
            logger.warning("No trained intent classifier in the model; intents will not be predicted.")
            model = None
        return cls(config, model_storage, resource, model)

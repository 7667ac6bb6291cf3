"""The linear intent classifier, trained on real examples through the real featurizers."""

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.concepts import ConceptFeaturizer
from bot.nlu.intents import LinearIntentClassifier

ROOT = Path(__file__).resolve().parents[2]
INTENTS = {"ask_integration_course", "ask_blue_card", "ask_center_hours", "greet", "ask_wage_subsidy"}


class Pipeline:
    """Tokenizer, character n-grams, concepts and the classifier, as in config.yml."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.storage = LocalModelStorage(directory)
        self.context = ExecutionContext(GraphSchema({}), "test")
        self.tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
        chars = {**CountVectorsFeaturizer.get_default_config(), "alias": "chars", "analyzer": "char_wb"}
        chars.update(min_ngram=1, max_ngram=5)
        self.chars = CountVectorsFeaturizer.create(chars, self.storage, Resource("chars"), self.context)
        concepts = {**ConceptFeaturizer.get_default_config(), "alias": "concepts"}
        concepts["lexicon"] = str(ROOT / "data" / "concepts")
        self.concepts = ConceptFeaturizer.create(concepts, self.storage, Resource("concepts"), self.context)
        self.config = {
            **LinearIntentClassifier.get_default_config(),
            "featurizers": ["chars", "concepts"],
            "weights": {"concepts": 0.1},
        }
        self.classifier = LinearIntentClassifier.create(
            self.config, self.storage, Resource("intents"), self.context
        )

    def train(self, data: TrainingData) -> None:
        self.tokenizer.process_training_data(data)
        self.chars.train(data)
        self.chars.process_training_data(data)
        self.concepts.train(data)
        self.concepts.process_training_data(data)
        self.classifier.train(data)

    def parse(self, text: str, classifier=None) -> Message:
        message = Message(data={"text": text})
        for component in (self.tokenizer, self.chars, self.concepts, classifier or self.classifier):
            component.process([message])
        return message


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    everything = load_data(str(ROOT / "data" / "nlu"))
    examples = [e for e in everything.training_examples if e.get("intent") in INTENTS]
    pipeline = Pipeline(tmp_path_factory.mktemp("model"))
    pipeline.train(TrainingData(training_examples=examples))
    return pipeline


@pytest.mark.parametrize(
    "text, intent",
    [
        ("Muss ich für den Integrationskurs bezahlen?", "ask_integration_course"),
        ("What salary do I need for the EU blue card this year?", "ask_blue_card"),
        ("هل أنتم مفتوحون يوم السبت؟", "ask_center_hours"),
        ("Доброго ранку!", "greet"),
        ("¿Hay ayudas para el sueldo si contratamos a alguien del Jobcenter?", "ask_wage_subsidy"),
    ],
)
def test_unseen_messages_get_their_intent(pipeline, text, intent):
    assert pipeline.parse(text).get("intent")["name"] == intent


def test_the_ranking_holds_probabilities_best_first(pipeline):
    message = pipeline.parse("Wann habt ihr heute geöffnet?")
    ranking = message.get("intent_ranking")
    confidences = [entry["confidence"] for entry in ranking]
    assert ranking[0] == message.get("intent")
    assert confidences == sorted(confidences, reverse=True)
    assert 0.5 < confidences[0] <= 1.0 and sum(confidences) == pytest.approx(1.0)
    assert {entry["name"] for entry in ranking} == INTENTS


def test_a_saved_classifier_predicts_the_same_after_loading(pipeline):
    loaded = LinearIntentClassifier.load(
        pipeline.config, pipeline.storage, Resource("intents"), pipeline.context
    )
    text = "Blaue Karte Gehaltsgrenze"
    assert pipeline.parse(text, loaded).get("intent_ranking") == pipeline.parse(text).get("intent_ranking")


def test_without_intent_examples_the_classifier_leaves_messages_alone(tmp_path):
    pipeline = Pipeline(tmp_path)
    pipeline.train(TrainingData(training_examples=[Message(data={"text": "hallo welt"})]))
    assert pipeline.parse("hallo").get("intent") is None

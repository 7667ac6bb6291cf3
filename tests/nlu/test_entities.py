"""DIET learns the entities from every example that has one and a fixed share of the rest."""

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.entities import EntityDIETClassifier


def featurized(tmp_path, examples):
    data = TrainingData(training_examples=examples)
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process_training_data(data)
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    words = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("words"), context
    )
    words.train(data)
    words.process_training_data(data)
    return data, storage, context


def with_cost(n):
    text = f"was kostet der kurs nummer {n}"
    entity = {"entity": "aspect", "role": "cost", "value": "was kostet", "start": 0, "end": 10}
    return Message(data={"text": text, "intent": "ask_integration_course", "entities": [entity]})


def without_entities(n):
    return Message(data={"text": f"hallo zusammen {n}", "intent": "greet"})


def test_every_entity_example_and_a_share_of_the_others_are_trained_on(tmp_path):
    examples = [with_cost(n) for n in range(40)] + [without_entities(n) for n in range(200)]
    data, storage, context = featurized(tmp_path, examples)
    config = {**EntityDIETClassifier.get_default_config(), "examples_without_entities": 0.25}
    diet = EntityDIETClassifier.create(config, storage, Resource("diet"), context)
    model_data = diet.preprocess_train_data(data)
    trained_on = model_data.number_of_examples()
    assert 40 + 30 <= trained_on <= 40 + 70  # all 40, and about a quarter of the 200
    assert diet.preprocess_train_data(data).number_of_examples() == trained_on  # the same share every time
    assert not diet.component_config["intent_classification"]

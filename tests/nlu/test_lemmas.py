"""spaCy lookup lemmas on Rasa tokens: one feature for the inflected forms of a word."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.lemmas import LookupLemmatizer, lemmatize


@pytest.fixture(scope="module")
def pipeline():
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    lemmatizer = LookupLemmatizer.create(
        LookupLemmatizer.get_default_config(), None, None, ExecutionContext(GraphSchema({}), "t")
    )
    return tokenizer, lemmatizer


def lemmas_of(pipeline, text, language):
    tokenizer, lemmatizer = pipeline
    message = Message(data={"text": text, "language": {"code": language}})
    tokenizer.process([message])
    lemmatizer.process([message])
    return [token.lemma for token in message.get("text_tokens")]


def test_inflected_forms_share_a_lemma_in_the_languages_with_tables(pipeline):
    assert lemmas_of(pipeline, "Was kostet der Kurs", "de")[1] == "kosten"
    assert lemmas_of(pipeline, "Сколько стоят курсы", "ru")[1:] == ["стоить", "курс"]
    assert lemmas_of(pipeline, "cuánto cuestan los cursos", "es")[1::2] == ["costar", "curso"]
    assert lemmas_of(pipeline, "kurslar ne kadar", "tr")[0] == "kurs"


def test_languages_without_tables_and_unknown_languages_keep_their_words(pipeline):
    assert lemmatize(["Скільки", "коштують", "курси"], "uk") == ["скільки", "коштують", "курси"]
    assert lemmas_of(pipeline, "كم تكلفة الدورة", "ar") == ["كم", "تكلفة", "الدورة"]  # as written
    assert lemmas_of(pipeline, "Was kostet", None) == ["Was", "kostet"]


def test_training_examples_use_the_language_of_their_intent_block(pipeline):
    tokenizer, lemmatizer = pipeline
    example = Message(
        data={
            "text": "Wie viel kosten die Kurse",
            "intent": "ask_integration_course",
            "metadata": {"intent": {"language": "de"}},
        }
    )
    tokenizer.process_training_data(TrainingData([example]))
    lemmatizer.process_training_data(TrainingData([example]))
    assert [t.lemma for t in example.get("text_tokens")][2:] == ["kosten", "der", "kurs"]

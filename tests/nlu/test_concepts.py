"""The concept lexicon: one feature per meaning, whatever the language of the message."""

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.concepts import ConceptFeaturizer, entry_errors, normalise, read_lexicon
from kb.languages import SUPPORTED_LANGUAGES

LEXICON = Path(__file__).resolve().parents[2] / "data" / "concepts"


def make_featurizer(tmp_path, lexicon=LEXICON):
    (tmp_path / "storage").mkdir(parents=True)
    storage = LocalModelStorage(tmp_path / "storage")
    config = {**ConceptFeaturizer.get_default_config(), "alias": "concepts", "lexicon": str(lexicon)}
    context = ExecutionContext(GraphSchema({}), "test")
    featurizer = ConceptFeaturizer.create(config, storage, Resource("concepts"), context)
    featurizer.train(TrainingData())
    return featurizer, storage, config, context


@pytest.fixture(scope="module")
def featurizer(tmp_path_factory):
    return make_featurizer(tmp_path_factory.mktemp("concepts"))[0]


def concepts(featurizer, text):
    return {name for name, _, _ in featurizer.concepts_in(text)}


def test_every_language_has_a_lexicon_with_the_same_concepts_and_valid_entries():
    lexicon = read_lexicon(LEXICON)
    assert set(lexicon) == set(SUPPORTED_LANGUAGES)
    for language, entries_by_concept in lexicon.items():
        assert list(entries_by_concept) == list(lexicon["de"]), language
        problems = [
            e for entries in entries_by_concept.values() for entry in entries for e in entry_errors(entry)
        ]
        assert problems == [], language


def test_the_same_meaning_is_one_concept_in_every_language(featurizer):
    for text in [
        "Wie lange dauert die Anerkennung meines Diploms?",
        "how do I get my degree recognised",
        "كيف أعمل معادلة لشهادتي",
        "Як підтвердити мій диплом у Німеччині",
        "Как подтвердить диплом",
        "diplomamın denkliği nasıl yapılır",
        "cómo homologar mi título",
        "ارزشیابی مدرک دانشگاهی من",
    ]:
        assert "recognition" in concepts(featurizer, text), text


def test_spelling_variants_match_the_written_form(featurizer):
    assert normalise("إقامة") == normalise("اقامه")
    assert normalise("Día") == "dia" and normalise("öğrenci") == "ogrenci"
    assert normalise("Straße") == "strasse"
    # Persian keyboard letters and the zero-width non-joiner inside a word.
    assert normalise("می‌خواهم") == normalise("ميخواهم")
    assert "residence_permit" in concepts(featurizer, "تمديد الإقامة")
    assert "residence_permit" in concepts(featurizer, "تمديد الاقامه")


def test_entries_match_whole_words_stems_and_phrases(tmp_path):
    (tmp_path / "xx.yml").write_text(
        "language: xx\nconcepts:\n  thing: [visum, 'anerkenn*', '*zuschuss', '*اعتراف*', 'auf deutsch']\n",
        "utf-8",
    )
    featurizer = make_featurizer(tmp_path / "model", lexicon=tmp_path)[0]
    assert concepts(featurizer, "Visum") == {"thing"}
    assert concepts(featurizer, "Visumantrag") == set()  # a whole word, not a stem
    assert concepts(featurizer, "Anerkennungsverfahren") == {"thing"}
    assert concepts(featurizer, "Eingliederungszuschuss") == {"thing"}
    assert concepts(featurizer, "بالاعتراف") == {"thing"}
    assert concepts(featurizer, "bitte auf Deutsch") == {"thing"}
    assert concepts(featurizer, "Deutsch auf") == set()


def test_short_stems_and_entries_without_words_are_rejected():
    assert list(entry_errors("visum")) == []
    assert list(entry_errors("ev*")) and list(entry_errors("€"))


def test_features_mark_the_message_and_the_tokens_that_say_it(tmp_path):
    featurizer = make_featurizer(tmp_path)[0]
    message = Message(data={"text": "Was kostet der Integrationskurs?"})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    featurizer.process([message])
    sequence, sentence = message.get_sparse_features("text", ["concepts"])
    names = featurizer._concepts
    columns = {names[c] for c in sentence.features.tocoo().col}
    assert {"cost", "integration_course"} <= columns
    rows = sequence.features.tocsr()
    course = names.index("integration_course")
    assert [rows[i, course] for i in range(rows.shape[0])] == [0, 0, 0, 1]


def test_a_trained_featurizer_loads_its_lexicon_from_the_model(tmp_path):
    featurizer, storage, config, context = make_featurizer(tmp_path)
    loaded = ConceptFeaturizer.load(
        {**config, "lexicon": "/nonexistent"}, storage, Resource("concepts"), context
    )
    text = "Anmeldung in Leipzig"
    assert concepts(loaded, text) == concepts(featurizer, text) != set()


def test_editing_a_lexicon_file_retrains_the_model(tmp_path):
    (tmp_path / "xx.yml").write_text("language: xx\nconcepts:\n  thing: [visum]\n", "utf-8")
    config = {"lexicon": str(tmp_path)}
    before = ConceptFeaturizer.fingerprint_addon(config)
    (tmp_path / "xx.yml").write_text("language: xx\nconcepts:\n  thing: [visum, visa]\n", "utf-8")
    assert ConceptFeaturizer.fingerprint_addon(config) != before


def test_a_missing_lexicon_stops_the_training(tmp_path):
    with pytest.raises(ValueError, match="no <lang>.yml"):
        make_featurizer(tmp_path / "model", lexicon=tmp_path / "nowhere")

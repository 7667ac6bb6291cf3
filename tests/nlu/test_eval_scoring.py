"""The scores `make eval` reports are only as good as the arithmetic behind them."""

from __future__ import annotations

import importlib.util
from importlib.machinery import SourceFileLoader
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bin" / "eval-nlu"


@pytest.fixture(scope="module")
def evaluation():
    loader = SourceFileLoader("eval_nlu", str(SCRIPT))
    spec = importlib.util.spec_from_loader("eval_nlu", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def record(entities, predicted):
    return {"entities": entities, "predicted_entities": predicted}


def test_intent_macro_f1_weighs_every_intent_equally(evaluation):
    # 9 greetings right, 1 thanks misread as greet: accuracy 0.9, but thanks has F1 0.
    rows = [("greet", "greet", set(), set())] * 9 + [("thank", "greet", set(), set())]
    result = evaluation.score(rows)
    assert result["intent_accuracy"] == pytest.approx(0.9)
    greet_f1 = 2 * (9 / 10) * 1.0 / (9 / 10 + 1.0)
    assert result["intent_f1"] == pytest.approx((greet_f1 + 0.0) / 2)
    assert result["confusions"] == ["1: thank -> greet"]
    assert result["entity_f1"] is None  # nothing annotated: no entity score, not a zero


def test_entity_f1_needs_exact_spans(evaluation):
    true = {("aspect", "cost", 10, 25)}
    rows = [("ask_cost", "ask_cost", true, {("aspect", "cost", 10, 19)})]
    assert evaluation.score(rows)["entity_f1"] == 0.0
    rows = [("ask_cost", "ask_cost", true, set(true))]
    assert evaluation.score(rows)["entity_f1"] == 1.0


def table_row(lines, entity):
    row = next(line for line in lines if line.startswith(f"| {entity} |"))
    return [cell.strip() for cell in row.strip("|").split("|")]


def test_entity_table_counts_a_shifted_span_as_right_meaning_but_wrong_span(evaluation):
    predictions = [
        # "who pays for it" annotated, "who pays" found: the action still reads cost.
        record([["aspect", "cost", 10, 25]], [["aspect", "cost", 10, 19]]),
        # audience found where nobody annotated one: a false positive either way.
        record([], [["audience", "employer", 0, 8]]),
        # country missed.
        record([["country", "Syrien", 30, 36]], []),
    ]
    lines = evaluation.entity_table(predictions)
    # entity, annotated, exact P, R, F1, meaning P, R, F1
    assert table_row(lines, "aspect") == ["aspect", "1", "0.000", "0.000", "0.000", "1.000", "1.000", "1.000"]
    assert table_row(lines, "audience")[1:] == ["0", "0.000", "0.000", "0.000", "0.000", "0.000", "0.000"]
    assert table_row(lines, "country")[1:5] == ["1", "0.000", "0.000", "0.000"]


def test_entity_table_is_left_out_without_entities(evaluation):
    assert evaluation.entity_table([record([], [])]) == []


def test_entity_table_is_left_out_when_nothing_is_annotated(evaluation):
    # The held-out messages carry no entity annotations: a table of zeros would read as
    # "DIET finds nothing right" when nothing could be checked.
    assert evaluation.entity_table([record([], [["aspect", "cost", 0, 4]])]) == []

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from gristmill.errors import ConfigError
from gristmill.evaluate.metrics import (
    exact_match,
    infer_schema,
    json_scores,
    json_validator,
    normalize_answer,
    parse_json,
    rouge_l_scores,
    score_generations,
    squad_scores,
    summarize,
    token_f1,
)


def test_squad_normalization_drops_case_punctuation_articles_and_extra_spaces() -> None:
    assert normalize_answer("  The  Eiffel-Tower, in PARIS!  ") == "eiffeltower in paris"
    assert normalize_answer("an apple a day") == "apple day"
    assert normalize_answer("Theory of the atom") == "theory of atom"  # `the` inside a word stays


def test_exact_match_after_normalization() -> None:
    assert exact_match("The Paris.", "paris") == 1.0
    assert exact_match("Paris, France", "Paris") == 0.0


def test_token_f1_worked_by_hand() -> None:
    """prediction "the cat sat on the mat" → [cat, sat, on, mat]; reference "a cat on a hat" → [cat, on, hat].
    common = {cat, on} = 2; precision 2/4, recall 2/3; F1 = 2·(1/2)(2/3)/(1/2 + 2/3) = 4/7."""
    assert token_f1("the cat sat on the mat", "a cat on a hat") == pytest.approx(4 / 7)


def test_token_f1_counts_repeated_tokens_only_as_often_as_both_sides_have_them() -> None:
    """prediction [x, x, x, y], reference [x, y, y]: common = min(3,1) + min(1,2) = 2; P 2/4, R 2/3 → 4/7."""
    assert token_f1("x x x y", "x y y") == pytest.approx(4 / 7)


def test_empty_answers_score_one_only_when_both_are_empty() -> None:
    scores = squad_scores(["", "", "the", "cat"], ["", "cat", "an", ""])
    assert_frame_equal(scores, pl.DataFrame({"exact_match": [1.0, 0.0, 1.0, 0.0], "token_f1": [1.0, 0.0, 1.0, 0.0]}))


def test_squad_scores_keep_row_order_over_many_rows() -> None:
    predictions = [f"w{i} common" for i in range(50)]
    references = [f"w{i}" if i % 2 else "other" for i in range(50)]
    f1 = squad_scores(predictions, references).get_column("token_f1").to_list()
    assert f1 == [pytest.approx(2 / 3) if i % 2 else 0.0 for i in range(50)]


def test_rouge_l_equals_rouge_score() -> None:
    from rouge_score import rouge_scorer

    pairs = [("The quick brown fox jumps over the lazy dog", "A quick brown dog jumps over a lazy fox"),
             ("police killed the gunman", "the gunman police killed"),
             ("Hello, world!", "hello world"), ("", "something"), ("x y z", "a b c"),
             ("def add(a, b): return a + b", "def add(x, y):\n    return x + y")]
    scorer = rouge_scorer.RougeScorer(["rougeL"])
    ours = rouge_l_scores([p for p, _ in pairs], [r for _, r in pairs]).to_list()
    theirs = [scorer.score(r, p)["rougeL"].fmeasure for p, r in pairs]
    assert ours == pytest.approx(theirs, abs=1e-12)


def test_rouge_l_worked_by_hand() -> None:
    """"police killed the gunman" vs "the gunman police killed": LCS 2 of 4 tokens each → P = R = F = 0.5."""
    assert rouge_l_scores(["the gunman police killed"], ["police killed the gunman"]).to_list() == [0.5]


def test_json_fenced_answers_parse_and_prose_does_not() -> None:
    assert parse_json('```json\n{"a": 1}\n```') == (True, {"a": 1})
    assert parse_json(' [1, 2] ') == (True, [1, 2])
    assert parse_json("Sure! {\"a\": 1}") == (False, None)


def test_json_validity_is_not_schema_compliance() -> None:
    """Row 1 parses and fits; row 2 parses but `age` is a string; row 3 does not parse; row 4's reference is
    a plain number, so the row is not a JSON task (null, not counted)."""
    schema = {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
              "required": ["name", "age"]}
    frame, used = json_scores(['{"name": "Bo", "age": 4}', '{"name": "Al", "age": "4"}', "{name: Al}", "7"],
                              ['{"name": "Cy", "age": 9}'] * 3 + ["8"], schema)
    assert used == schema
    assert frame.get_column("json_valid").to_list() == [1.0, 1.0, 0.0, None]
    assert frame.get_column("json_schema_ok").to_list() == [1.0, 0.0, 0.0, None]


def test_schema_is_inferred_from_the_references() -> None:
    schema = infer_schema([{"name": "a", "tags": ["x"], "score": 1}, {"name": "b", "tags": [], "score": 2.5}])
    assert schema == {"type": "object", "required": ["name", "score", "tags"],
                      "properties": {"name": {"type": "string"}, "score": {"type": "number"},
                                     "tags": {"type": "array", "items": {"type": "string"}}}}
    frame, _ = json_scores(['{"name": "c", "tags": [], "score": 3}', '{"name": "c"}'],
                           ['{"name": "a", "tags": ["x"], "score": 1}', '{"name": "b", "tags": [], "score": 2.5}'],
                           None)
    assert frame.get_column("json_schema_ok").to_list() == [1.0, 0.0]


def test_a_broken_schema_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not a valid JSON schema"):
        json_validator({"type": "no-such-type"})


def test_score_generations_and_summary() -> None:
    frame, _ = score_generations(["Paris", '{"a": 1}', "blue sky"], ["paris", '{"a": 2}', "the sky is blue"])
    assert frame.columns == ["exact_match", "token_f1", "rouge_l", "json_valid", "json_schema_ok", "length_words"]
    assert frame.get_column("length_words").to_list() == [1, 2, 2]
    summary = summarize(frame)
    assert summary["exact_match"] == pytest.approx(1 / 3)
    assert summary["json_parse_rate"] == 1.0
    assert summary["json_schema_rate"] == 1.0
    assert summary["toxicity_rate"] is None

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from gristmill.curate import ExactDedup, LabelRules, Normalize, Pipeline, Quality
from gristmill.curate.exact import KeyTable
from gristmill.errors import ConfigError


def sft(outputs: list[str], instructions: list[str] | None = None) -> pl.DataFrame:
    n = len(outputs)
    return pl.DataFrame({"instruction": instructions or [f"Task {i}." for i in range(n)], "input": [""] * n,
                         "output": outputs})


def test_normalize_nfc_whitespace_and_mojibake() -> None:
    frame = pl.DataFrame({"text": ["  Cafe\u0301 donâ€™t\r\nline   \n\n\n\n\nend  ", "a\u00a0b\u200bc",
                                   "def f():\n    return 1"]})
    kept = Pipeline([Normalize()], kind="text").run(frame).kept
    assert kept.get_column("text").to_list() == ["Café don’t\nline\n\n\nend", "a bc", "def f():\n    return 1"]
    assert kept.get_column("edits").to_list() == [["normalize:text"], ["normalize:text"], []]


def test_exact_dedup_keeps_first_and_points_to_it_across_batches() -> None:
    frame = sft(["same", "other", "same ", "same"], ["Q", "Q", "Q", "Q"])
    result = Pipeline([Normalize(), ExactDedup()], kind="sft", batch_rows=1).run(frame)
    rejected = result.rejected
    assert result.kept.get_column("output").to_list() == ["same", "other"]
    first_id = result.kept.get_column("id")[0]
    assert rejected.get_column("dup_of").to_list() == [first_id, first_id]
    assert rejected.get_column("drop_reason").to_list() == ["exact_dedup", "exact_dedup"]
    assert rejected.get_column("source_line").to_list() == [3, 4]


def test_key_table_agrees_with_a_dict_across_batches_and_growth() -> None:
    rng = np.random.default_rng(0)
    table, reference = KeyTable(capacity=8), {}
    for _ in range(5):
        keys = rng.integers(0, 3_000, size=2_000).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        live = rng.random(2_000) < 0.9
        expected = []
        for key, alive in zip(keys.tolist(), live.tolist(), strict=True):
            if not alive:
                expected.append(-1)
            elif key in reference:
                expected.append(reference[key])
            else:
                reference[key] = len(reference)
                expected.append(-1)
        assert table.first_seen(keys, live).tolist() == expected
    assert len(table) == len(reference)


def test_exact_dedup_ignores_rows_already_dropped() -> None:
    frame = sft(["", "answer", "answer"], ["Q", "Q", "Q"])  # first is empty, dropped by quality
    result = Pipeline([Quality(), ExactDedup()], kind="sft").run(frame)
    assert result.rejected.get_column("drop_reason").to_list() == ["quality:short_output", "exact_dedup"]
    assert result.kept.get_column("source_line").to_list() == [2]


def test_exact_dedup_rejects_unknown_fields() -> None:
    with pytest.raises(ConfigError, match="not text fields of kind=sft"):
        Pipeline([ExactDedup(fields=["prompt"])], kind="sft").run(sft(["a"]))


def test_quality_reasons() -> None:
    outputs = [
        "A fine and complete answer.",
        "",  # empty
        "Here is the code:\n```python\nprint(1)\n",  # unclosed fence
        "It ends with and",  # dangling
        "\n".join(["the same long line repeated"] * 5),  # repetition
        "word " * 30,  # too long for max_output_words=25
    ]
    result = Pipeline([Quality(max_output_words=25)], kind="sft").run(sft(outputs))
    reasons = dict(zip(result.rejected.get_column("source_line").to_list(),
                       result.rejected.get_column("drop_reason").to_list(), strict=True))
    assert reasons == {2: "quality:short_output", 3: "quality:truncated", 4: "quality:truncated",
                       5: "quality:repetition", 6: "quality:long_output"}
    assert result.stats["passes"][0]["dropped_by_reason"] == {
        "quality:short_output": 1, "quality:truncated": 2, "quality:repetition": 1, "quality:long_output": 1}


def test_quality_prefer_longer_keeps_longest_answer_per_prompt() -> None:
    frame = sft(["short.", "the longest answer.", "medium one.", "alone."], ["Q", "Q", "Q", "R"])
    result = Pipeline([Quality(prefer_longer=True)], kind="sft").run(frame)
    assert result.kept.get_column("output").to_list() == ["the longest answer.", "alone."]
    assert set(result.rejected.get_column("drop_reason")) == {"quality:shorter_answer"}
    assert not result.stats["streamed"]


def test_label_rules_first_match_wins_with_default() -> None:
    frame = sft(["print('x') in Python", "SELECT * FROM t", "a poem about python"], ["a", "b", "c"])
    rules = [{"regex": r"print\(", "label": "code"}, {"keywords": ["select", "python"], "label": "kw"}]
    result = Pipeline([LabelRules(column="cat", rules=rules, default="other")], kind="sft").run(frame)
    assert result.kept.get_column("cat").to_list() == ["code", "kw", "kw"]
    assert result.stats["labels"] == {"cat": {"kw": 2, "code": 1}}


def test_label_rules_config_errors() -> None:
    with pytest.raises(ConfigError, match="exactly one of `regex` or `keywords`"):
        LabelRules(rules=[{"label": "x"}])
    with pytest.raises(ConfigError, match="invalid regex"):
        LabelRules(rules=[{"label": "x", "regex": "("}])


def _report(lock: object, what: str, done: int, total: int | None) -> None:
    """A progress callback holding what a terminal's console holds: a lock, which no process can be sent."""


def test_a_pass_sent_to_another_process_leaves_its_progress_callback_behind() -> None:
    import functools
    import pickle
    import threading

    watched = Quality()
    watched.watch(functools.partial(_report, threading.RLock()))
    copy = pickle.loads(pickle.dumps(watched))
    assert copy.progress is None and watched.progress is not None
    assert copy.cfg == watched.cfg

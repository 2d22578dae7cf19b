from __future__ import annotations

import json
from importlib import resources

import pytest
from rouge_score import rouge_scorer

from gristmill.rouge import RougeIndex, rouge_l, tokenize

SCORER = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)


def _seed_instructions() -> list[str]:
    text = resources.files("gristmill.synth").joinpath("data/seed_tasks.jsonl").read_text(encoding="utf-8")
    return [json.loads(line)["instruction"] for line in text.splitlines() if line.strip()]


def reference(a: str, b: str) -> float:
    return SCORER.score(a, b)["rougeL"].fmeasure


EDGE_CASES = [
    ("", "Write a poem."),
    ("!!! ???", "Write a poem."),
    ("Écris un poème sur la mer", "Ecris un poeme sur la mer"),
    ("İstanbul is big", "istanbul is big"),
    ("the the the the", "the"),
    ("Write a poem about the sea.", "Write a poem about the sea."),
    ("a b c d e f", "f e d c b a"),
    ("Give 3 tips, then 4 more!", "give three tips then four more"),
]


@pytest.mark.parametrize(("a", "b"), EDGE_CASES)
def test_rouge_l_equals_rouge_score_on_edge_cases(a: str, b: str) -> None:
    assert rouge_l(a, b) == reference(a, b)
    assert tokenize(a) == SCORER._tokenizer.tokenize(a)


def test_rouge_l_equals_rouge_score_on_every_pair_of_seed_instructions() -> None:
    texts = _seed_instructions()[:90]
    pairs = [(a, b) for i, a in enumerate(texts) for b in texts[i + 1:]]
    ours = [rouge_l(a, b) for a, b in pairs]
    theirs = [reference(a, b) for a, b in pairs]
    assert len(pairs) == 4005
    assert ours == theirs  # bit for bit, not approximately
    assert max(theirs) < 1.0 and sum(s > 0 for s in theirs) > 3000  # the pairs are not all trivial


def test_index_best_is_the_exact_maximum_over_the_pool() -> None:
    texts = _seed_instructions()
    index = RougeIndex(texts[:150])
    for query in texts[150:]:
        scores = [reference(query, t) for t in texts[:150]]
        expected = max(scores)
        assert index.best(query) == (expected, scores.index(expected))


def test_index_finds_a_copy_and_grows() -> None:
    index = RougeIndex(["Write a poem about the sea.", "List three prime numbers."])
    assert index.best("write a POEM about the sea") == (1.0, 0)
    assert index.best("Translate this sentence into French.") == (0.0, -1)
    index.add("Translate the sentence into French.")
    score, where = index.best("Translate this sentence into French.")
    assert where == 2 and score == reference("Translate this sentence into French.",
                                             "Translate the sentence into French.")
    assert len(index) == 3


def test_index_grows_past_its_initial_buffers() -> None:
    texts = [f"task number {i} " + "word " * (i % 40) for i in range(300)]
    index = RougeIndex(texts)
    assert index.best(texts[299]) == (1.0, 299)
    assert index.best("") == (0.0, -1)

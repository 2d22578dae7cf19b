from __future__ import annotations

import io
from itertools import combinations
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import xxhash
from polars.testing import assert_frame_equal
from rich.console import Console

from gristmill.curate import ExactDedup, MinHashDedup, Pipeline, build_passes
from gristmill.curate import _minhash_kernels as kernels
from gristmill.curate.minhash import (
    MinHashConfig,
    NearDuplicateFinder,
    document_text,
    optimal_bands,
    shingle_hash,
    shingle_hashes,
    shingles,
)
from gristmill.errors import ConfigError

DATA = Path(__file__).parents[1] / "data"
TOOLFORMER = DATA / "toolformer_similarity_sample.jsonl"  # 300 real rows, 30 near-duplicate families

# Edge cases of tokenization: empty, punctuation only, shorter than an n-gram, non-ASCII letters, separators
# outside ASCII (dashes, curly quotes, ellipsis, ideographic punctuation, emoji, Ogham space mark).
ODD_TEXTS = ["", "!!! ...", "ab cd", "Ünïcødé — “quoted” text… 日本語のテキスト、です。 emoji 😀 ok",
             "a\u1680b c\u00a0d e_f g-h 42", "x" * 40]


def toolformer_texts() -> list[str]:
    frame = pl.read_ndjson(TOOLFORMER)
    return frame.select(document_text(["instruction", "input", "output"])).to_series().to_list()


def sample_texts() -> pl.Series:
    return pl.Series(toolformer_texts() + [t.lower() for t in ODD_TEXTS])


def test_xxh32_kernel_matches_xxhash() -> None:
    rng = np.random.default_rng(0)
    for length in [*range(40), 100, 1000]:
        data = rng.integers(0, 256, length, dtype=np.uint8)
        for seed in (0, 1, 2**32 - 1):
            assert kernels.xxh32(data, 0, length, seed) == xxhash.xxh32_intdigest(data.tobytes(), seed)


@pytest.mark.parametrize(("ngram", "shingle"), [(5, "word"), (1, "word"), (5, "char"), (9, "char")])
def test_shingle_hash_kernel_matches_python_reference(ngram: int, shingle: str) -> None:
    texts = sample_texts()
    hashes, offsets = shingle_hashes(texts, ngram, shingle)
    for doc, text in enumerate(texts.to_list()):
        expected = [shingle_hash(s, shingle) for s in shingles(text, ngram, shingle)]
        assert hashes[offsets[doc]:offsets[doc + 1]].tolist() == expected


def test_shingles_follow_the_documented_tokenization() -> None:
    assert shingles("hello, world! this is — a tést ok", 3) == [
        "hello world this", "world this is", "this is a", "is a tést", "a tést ok"]
    assert shingles("ab cd", 5) == ["ab cd"]  # too short: one shingle of the whole text
    assert shingles("!!!", 5) == [""]
    assert shingles("ab, cd", 3, "char") == ["ab ", "b c", " cd"]
    assert shingle_hash("") == shingle_hash(b"")


@pytest.mark.parametrize("scheme", ["affine32", "legacy"])
def test_signatures_match_datasketch_on_real_text(scheme: str) -> None:
    from datasketch import MinHash

    texts = sample_texts()
    finder = NearDuplicateFinder(MinHashConfig(scheme=scheme, num_perm=128, seed=7))
    signatures, _, _ = finder.signatures(pl.DataFrame({"text": texts}), pl.col("text"))
    for doc, text in enumerate(texts.to_list()):
        reference = MinHash(num_perm=128, seed=7, hashfunc=shingle_hash, scheme=scheme)
        reference.update_batch([s.encode() for s in shingles(text)])
        np.testing.assert_array_equal(signatures[doc], reference.hashvalues)


@pytest.mark.parametrize(("threshold", "num_perm", "weights"),
                         [(0.8, 128, (0.5, 0.5)), (0.8, 128, (0.05, 0.95)), (0.6, 64, (0.3, 0.7)),
                          (0.5, 32, (0.5, 0.5)), (0.95, 64, (0.9, 0.1))])
def test_band_shape_equals_datasketch_optimal_param(threshold: float, num_perm: int,
                                                    weights: tuple[float, float]) -> None:
    from datasketch.lsh import _optimal_param

    assert optimal_bands(threshold, num_perm, *weights) == _optimal_param(threshold, num_perm, *weights)


def test_default_band_shape_leans_to_recall_only_when_candidates_are_verified() -> None:
    assert MinHashConfig().band_shape() == optimal_bands(0.8, 128, 0.05, 0.95) == (16, 8)
    assert MinHashConfig(verify=False).band_shape() == (9, 13)  # datasketch's own choice
    assert MinHashConfig(bands=20, rows=6).band_shape() == (20, 6)


def brute_force_pairs(texts: list[str], threshold: float) -> set[tuple[int, int]]:
    sets = [set(shingles(t)) for t in texts]
    return {(i, j) for i, j in combinations(range(len(sets)), 2)
            if len(sets[i] & sets[j]) >= threshold * len(sets[i] | sets[j])}


def confirmed_pairs(texts: list[str], threshold: float) -> set[tuple[int, int]]:
    found = NearDuplicateFinder(MinHashConfig(threshold=threshold)).run(pl.DataFrame({"text": texts}), pl.col("text"))
    return set(zip(found.left.tolist(), found.right.tolist(), strict=True))


def test_confirmed_pairs_against_brute_force_exact_jaccard_on_real_text() -> None:
    texts = toolformer_texts()
    truth = brute_force_pairs(texts, 0.8)
    assert len(truth) == 19
    assert confirmed_pairs(texts, 0.8) == truth
    truth = brute_force_pairs(texts, 0.7)
    assert len(truth) == 56
    confirmed = confirmed_pairs(texts, 0.7)
    assert confirmed <= truth  # never a false pair
    # LSH (seeded, so always the same) misses three, whose Jaccard is 0.758, 0.7 and 0.7
    assert truth - confirmed == {(16, 170), (2, 123), (52, 123)}


def test_clusters_are_identical_across_runs() -> None:
    def run() -> pl.DataFrame:
        result = Pipeline([MinHashDedup(threshold=0.7)], kind="sft").run(str(TOOLFORMER))
        assert result.stats["rows_in"] == result.stats["kept"] + result.stats["rejected"] == 300
        rows = pl.concat([result.kept, result.rejected], how="diagonal_relaxed").sort("source_line")
        return rows.select("source_line", "cluster_id", "dup_of", "drop_reason")

    first = run()
    assert_frame_equal(first, run())
    # 29 clusters (plus null for singletons), as many as the brute-force pair graph has components of 2 or more
    assert first.get_column("cluster_id").n_unique() - 1 == 29


BASE = ("the quick brown fox jumps over the lazy dog while the farmer sleeps under the old oak tree near the river "
        "and the children play in the green field behind the red barn until the sun goes down")
HAND_MADE = [
    BASE,
    "a completely different sentence about cooking pasta with garlic olive oil and fresh basil from the garden",
    BASE + "!",  # same shingles: Jaccard 1
    BASE.replace("goes down", "goes low"),  # one shingle of 34 differs: Jaccard 33/35
    "stock markets fell sharply on monday as investors worried about rising interest rates and slowing growth",
    "Stock markets fell sharply on Monday, as investors worried about rising interest rates and slowing growth.",
    BASE.replace("lazy dog", "sleepy cat"),  # six shingles differ: Jaccard 28/40, below 0.8
]


def text_frame(texts: list[str], **columns: list) -> pl.DataFrame:
    return pl.DataFrame({"text": texts, **columns})


def test_hand_made_near_duplicates_cluster_and_distinct_texts_do_not() -> None:
    result = Pipeline([MinHashDedup()], kind="text").run(text_frame(HAND_MADE))
    kept, rejected = result.kept, result.rejected
    assert kept.get_column("source_line").to_list() == [1, 2, 5, 7]  # 7 is only 0.7 similar to 1: kept
    assert rejected.get_column("source_line").to_list() == [3, 4, 6]
    assert rejected.get_column("drop_reason").to_list() == ["minhash_dedup"] * 3
    ids = dict(zip(kept.get_column("source_line").to_list(), kept.get_column("id").to_list(), strict=True))
    assert rejected.get_column("dup_of").to_list() == [ids[1], ids[1], ids[5]]
    assert kept.get_column("cluster_id").to_list() == [0, None, 1, None]
    assert rejected.get_column("cluster_id").to_list() == [0, 0, 1]
    assert result.stats["rows_in"] == result.stats["kept"] + result.stats["rejected"] == 7
    details = result.stats["pass_details"]["minhash_dedup"]
    assert (details["clusters"], details["rows_in_clusters"], details["pairs_confirmed"]) == (2, 5, 4)
    assert details["size_histogram"] == {"2": 1, "3": 1, "4": 0, "5-9": 0, "10-99": 0, "100+": 0}


@pytest.mark.parametrize(("keep", "kept_line"), [("first", 1), ("longest", 3), ("highest_score", 2)])
def test_keep_policies(keep: str, kept_line: int) -> None:
    texts = [HAND_MADE[0], HAND_MADE[0] + " and more", HAND_MADE[0] + " and more words here", HAND_MADE[1]]
    options = {"keep": keep, "threshold": 0.6} | ({"score_column": "score"} if keep == "highest_score" else {})
    frame = text_frame(texts, score=[0.5, 0.9, None, 1.0])
    result = Pipeline([MinHashDedup(**options)], kind="text").run(frame)
    assert sorted(result.kept.get_column("source_line").to_list()) == sorted([kept_line, 4])
    kept_id = result.kept.filter(pl.col("source_line") == kept_line).get_column("id").item()
    assert result.rejected.get_column("dup_of").to_list() == [kept_id, kept_id]


def test_only_live_rows_count_and_exact_dedup_links_survive() -> None:
    texts = [HAND_MADE[0], HAND_MADE[0], HAND_MADE[2], HAND_MADE[1]]
    result = Pipeline([ExactDedup(), MinHashDedup()], kind="text").run(text_frame(texts))
    rows = pl.concat([result.kept, result.rejected], how="diagonal_relaxed").sort("source_line")
    first_id = rows.get_column("id")[0]
    assert rows.get_column("drop_reason").to_list() == [None, "exact_dedup", "minhash_dedup", None]
    assert rows.get_column("dup_of").to_list() == [None, first_id, first_id, None]
    assert rows.get_column("cluster_id").to_list() == [0, None, 0, None]


def test_sft_counts_instruction_input_and_output() -> None:
    output = "Paris is the capital of France and is famous for the Eiffel Tower and the Louvre museum"
    frame = pl.DataFrame({"instruction": ["Tell me about Paris."] * 3, "input": ["", "", ""],
                          "output": [output, output + ".", "Berlin is the capital of Germany and known for its wall"]})
    result = Pipeline([MinHashDedup()], kind="sft").run(frame)
    assert result.rejected.get_column("source_line").to_list() == [2]
    only_instruction = Pipeline([MinHashDedup(fields=["instruction"])], kind="sft").run(frame)
    assert only_instruction.rejected.get_column("source_line").to_list() == [2, 3]


def test_preference_ignores_rejected_answers_by_default() -> None:
    prompt = "\n\nHuman: How do I bake bread at home with simple flour water salt and yeast?\n\nAssistant:"
    chosen = "Mix flour, water, salt and yeast, knead for ten minutes, let it rise, then bake it for forty minutes."
    frame = pl.DataFrame({"prompt": [prompt, prompt], "chosen": [chosen, chosen + " Enjoy!"],
                          "rejected": ["I can't help with that request at all.", "Buy it at a shop instead."]})
    result = Pipeline([MinHashDedup(threshold=0.7)], kind="preference").run(frame)
    assert result.rejected.get_column("source_line").to_list() == [2]
    assert result.kept.get_column("cluster_id").to_list() == [0]


def test_empty_and_too_short_documents_are_one_shingle() -> None:
    texts = ["", "...", "Short one", "short ONE", "short two", HAND_MADE[1]]
    result = Pipeline([MinHashDedup()], kind="text").run(text_frame(texts))
    rows = pl.concat([result.kept, result.rejected], how="diagonal_relaxed").sort("source_line")
    assert rows.get_column("cluster_id").to_list() == [0, 0, 1, 1, None, None]


def test_char_shingles_and_unverified_candidates() -> None:
    texts = ["colour and flavour of the harbour", "color and flavor of the harbor", "an unrelated sentence"]
    verified = Pipeline([MinHashDedup(shingle="char", ngram=3, threshold=0.5)], kind="text").run(text_frame(texts))
    assert verified.rejected.get_column("source_line").to_list() == [2]
    unverified = MinHashDedup(shingle="char", ngram=3, threshold=0.5, verify=False, bands=32, rows=4)
    result = Pipeline([unverified], kind="text").run(text_frame(texts))
    details = result.stats["pass_details"]["minhash_dedup"]
    assert details["pairs_confirmed"] == details["candidate_pairs"]
    assert (details["pairs_checked"], details["bands"], details["rows"]) == (0, 32, 4)


def test_config_problems_are_reported_together() -> None:
    with pytest.raises(ConfigError) as error:
        build_passes([{"minhash_dedup": {"threshold": 1.5}}, {"minhash_dedup": {"shingle": "byte"}},
                      {"minhash_dedup": {"bands": 9}}, {"minhash_dedup": {"keep": "highest_score"}}])
    problems = error.value.problems
    assert [p.split(":")[0] for p in problems] == [
        "passes[0].minhash_dedup.threshold", "passes[1].minhash_dedup.shingle", "passes[2].minhash_dedup.",
        "passes[3].minhash_dedup."]
    assert "give both bands and rows" in problems[2] and "needs score_column" in problems[3]
    with pytest.raises(ConfigError, match="not text fields of kind=text"):
        Pipeline([MinHashDedup(fields=["output"])], kind="text").run(text_frame(["a"]))
    with pytest.raises(ConfigError, match="'score' is not a column"):
        Pipeline([MinHashDedup(keep="highest_score", score_column="score")], kind="text").run(text_frame(["a"]))


def test_report_shows_counts_histogram_and_example_clusters() -> None:
    dedup = MinHashDedup()
    Pipeline([dedup], kind="text").run(text_frame(HAND_MADE))
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(dedup.report())
    out = console.file.getvalue()
    assert "2 clusters, 5 rows in them, 3 dropped" in out
    assert "Example cluster 1" in out and "Example cluster 2" in out and "Example cluster 3" not in out
    # texts start shortly before members first differ: the long shared beginning of cluster 1 is cut
    assert "│ …e red barn until the sun goes │" in out and "the quick brown fox" not in out
    assert "Stock markets fell sharply on Monday, as" in out


def _rows(result: object) -> pl.DataFrame:
    rows = pl.concat([result.kept, result.rejected], how="diagonal_relaxed")  # type: ignore[attr-defined]
    return rows.sort("source_line").drop("source_line")


@pytest.mark.parametrize(("keep", "batch_rows", "read_hashes"),
                         [("first", 37, 500), ("longest", 100, 1 << 25), ("highest_score", 1000, 1)])
def test_scanned_batch_by_batch_equals_the_whole_table_in_memory(keep: str, batch_rows: int, read_hashes: int,
                                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    """The bounded-memory form (band keys and shingles spilled, texts read back from Parquet) keeps the same
    rows, clusters and dup_of as one pass over the whole frame, over many batches and with the exact check
    reading the shingle file back in small slices (`read_hashes`, down to one row per slice) and checking the
    candidate pairs a few at a time."""
    from gristmill.curate import Normalize, Quality, minhash, minhash_scan
    frame = pl.read_ndjson(TOOLFORMER)
    frame = frame.with_columns(score=(pl.col("output").str.len_chars() % 7).cast(pl.Float64))
    options = {"keep": keep, "threshold": 0.7} | ({"score_column": "score"} if keep == "highest_score" else {})

    def run(spill: bool) -> tuple[object, MinHashDedup]:
        dedup = MinHashDedup(**options)
        passes = [Normalize(), ExactDedup(), dedup, MinHashDedup(threshold=0.6), Quality()]
        pipeline = Pipeline(passes, kind="sft", batch_rows=batch_rows, spill=spill, spill_dir=tmp_path)
        return pipeline.run(frame), dedup

    in_memory, whole = run(False)
    monkeypatch.setattr(minhash_scan, "READ_HASHES", read_hashes)
    monkeypatch.setattr(minhash, "VERIFY_PAIRS", 7)
    scanned, batched = run(True)
    assert_frame_equal(_rows(scanned), _rows(in_memory))
    counts = [{k: v for k, v in p.items() if k != "seconds"} for p in scanned.stats["passes"]]
    assert counts == [{k: v for k, v in p.items() if k != "seconds"} for p in in_memory.stats["passes"]]
    assert [p["dropped"] > 0 for p in counts[2:4]] == [True, True]  # both minhash passes dropped rows
    untimed = [{k: v for k, v in d.items() if k != "seconds"} for d in (whole.details, batched.details)]
    assert untimed[0] == untimed[1]
    for a, b in zip(whole.examples, batched.examples, strict=True):
        assert_frame_equal(a, b)
    assert len(batched.examples) == 3
    assert list(tmp_path.iterdir()) == []  # the spill is gone

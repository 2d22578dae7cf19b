"""minhash_dedup's persistent index: a batch deduped against the rows of earlier runs, on a real redis-server
(Debian's package) and in a local directory."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from gristmill.curate import MinHashDedup, Pipeline
from gristmill.curate.dedup_index import open_index

TOOLFORMER = Path(__file__).parents[1] / "data" / "toolformer_similarity_sample.jsonl"  # 30 near-dup families
OPTIONS = {"threshold": 0.7}


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A redis-server of its own on a free loopback port, stopped after the module's tests."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import redis

        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(params=["redis", "directory"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty index location of each kind."""
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        open_index(url, "test").drop()
        yield url
        open_index(url, "test").drop()
    else:
        yield str(tmp_path / "index")


def batches() -> tuple[pl.DataFrame, pl.DataFrame]:
    """The sample's rows split in two interleaved halves, so near-duplicate families span both."""
    frame = pl.read_ndjson(TOOLFORMER)
    return frame.gather_every(2), frame.gather_every(2, offset=1)


def outcome(result: object) -> pl.DataFrame:
    rows = pl.concat([result.kept, result.rejected], how="diagonal_relaxed")  # type: ignore[attr-defined]
    return rows.sort("source_line").select("id", "drop_reason", "dup_of")


def curate(frame: pl.DataFrame, index: str | None, output: Path | None = None) -> pl.DataFrame:
    dedup = MinHashDedup(**OPTIONS, **({"index": index, "index_name": "test"} if index else {}))
    return outcome(Pipeline([dedup], kind="sft", batch_rows=64).run(frame, output=output))


def test_a_batch_against_the_index_rejects_what_one_combined_run_rejects(index: str) -> None:
    """The second half's rows get the drop reasons and dup_of they get in one run over both halves. (Rows of
    the first half may fare differently there: a later row can join two of their clusters into one.)"""
    first, second = batches()
    combined = curate(pl.concat([first, second]), None)
    earlier = curate(first, index).get_column("id")
    incremental = curate(second, index)
    expected = combined.tail(second.height)
    assert incremental.equals(expected)
    # the second half does drop rows for earlier ones, and the index now holds every row both runs saw
    assert incremental.filter(pl.col("dup_of").is_in(earlier.implode())).height > 10
    assert open_index(index, "test").stats()["rows"] == combined.get_column("id").n_unique()


def test_datasketch_queries_the_redis_index(redis_url: str) -> None:
    """A datasketch user opens the same index (its MinHashLSH on the same Redis keys) and finds our row ids."""
    from urllib.parse import urlparse

    from datasketch import MinHash, MinHashLSH

    from gristmill.curate.minhash import document_text, shingle_hash, shingles

    open_index(redis_url, "test").drop()
    first, _ = batches()
    rows = curate(first, redis_url)
    bands, band_rows = MinHashDedup(**OPTIONS).cfg.band_shape()
    lsh = MinHashLSH(threshold=0.7, num_perm=128, params=(bands, band_rows),
                     storage_config={"type": "redis", "basename": b"test",
                                     "redis": {"host": "127.0.0.1", "port": urlparse(redis_url).port}})
    texts = first.select(document_text(["instruction", "input", "output"])).to_series().to_list()
    found = 0
    for text, row_id in zip(texts, rows.get_column("id").to_list(), strict=True):
        minhash = MinHash(num_perm=128, seed=1, hashfunc=shingle_hash)
        minhash.update_batch([s.encode() for s in shingles(text)])
        assert row_id in lsh.query(minhash)
        found += 1
    assert found == first.height == 150
    open_index(redis_url, "test").drop()


KILLER = """
import os, signal, sys
import polars as pl
from gristmill.curate import MinHashDedup, Pipeline
import gristmill.curate.dedup_index as dedup_index

where = sys.argv[2]
if where == "commit":  # die inside the commit, before the transaction (Redis) or index.json (directory) goes out
    import redis.client
    redis.client.Pipeline.execute = lambda self, *a, **k: os.kill(os.getpid(), signal.SIGKILL)
    import gristmill.files
    gristmill.files.write_json = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
else:  # die while the run looks the batch up
    dedup_index.DirectoryIndex.fetch = dedup_index.RedisIndex.fetch = (
        lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL))
frame = pl.read_ndjson(sys.argv[1]).gather_every(2, offset=1)
Pipeline([MinHashDedup(threshold=0.7, index=sys.argv[3], index_name="test")], kind="sft",
         batch_rows=64).run(frame, output=sys.argv[4])
"""


@pytest.mark.parametrize("where", ["commit", "lookup"])
def test_a_killed_run_leaves_the_index_as_it_was(index: str, where: str, tmp_path: Path) -> None:
    first, second = batches()
    curate(first, index)
    before = open_index(index, "test").stats()
    killed = subprocess.run([sys.executable, "-c", KILLER, str(TOOLFORMER), where, index, str(tmp_path / "run")],
                            capture_output=True, text=True)
    assert killed.returncode == -9, killed.stderr
    assert open_index(index, "test").stats() == before
    combined = curate(pl.concat([first, second]), None)
    assert curate(second, index).equals(combined.tail(second.height))  # as if the killed run never happened


def test_an_index_built_with_other_settings_is_refused(tmp_path: Path) -> None:
    from gristmill.errors import ConfigError

    first, _ = batches()
    curate(first, str(tmp_path / "index"))
    other = MinHashDedup(threshold=0.7, ngram=3, index=str(tmp_path / "index"))
    with pytest.raises(ConfigError, match=r"ngram=5 \(this run: 3\)"):
        Pipeline([other], kind="sft").run(first)


def test_index_stats_and_drop_from_the_cli(index: str, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from cli_helpers import run_cli

    first, _ = batches()
    curate(first, index)
    code, out, _ = run_cli(["index", "stats", index, "--name", "test", "--json"], capsys)
    figures = json.loads(out)
    assert (code, figures["rows"], figures["bands"], figures["settings"]["ngram"]) == (0, 150, 21, 5)  # t=0.7
    code, out, _ = run_cli(["index", "drop", index, "--name", "test", "--yes"], capsys)
    assert code == 0 and "150 rows" in out
    assert open_index(index, "test").stats()["rows"] == 0
    assert curate(first, index).get_column("drop_reason").null_count() == curate(first, None).get_column(
        "drop_reason").null_count()  # a dropped index holds nothing to match

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from fake_openai import FakeOpenAI, client_options

from gristmill.config import CurateConfig
from gristmill.curate import ExactDedup, Normalize, Pipeline
from gristmill.synth.config import SynthConfig, load_synth_config
from gristmill.synth.stage import curate_with_human, run_synth

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"
HUMAN = [{"path": str(EXAMPLES / "gpteacher_codegen_sample.jsonl"), "license": "MIT"},
         {"path": str(EXAMPLES / "gpteacher_roleplay_sample.jsonl"), "license": "MIT"}]


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """A run whose curate stage is done: the curated human rows the synth stage starts from."""
    Pipeline([Normalize(), ExactDedup()]).run(HUMAN, output=tmp_path / "run" / "curate")
    return tmp_path / "run"


def synth_config(url: str, **sections: object) -> SynthConfig:
    data = {"client": client_options(url), "self_instruct": {"num_instructions": 20, "prompts_per_round": 4},
            "back_translation": {"limit": 12, "pivots": ["French", "German"]}, **sections}
    return SynthConfig.model_validate(data)


CURATE = CurateConfig(inputs=HUMAN, passes=[{"normalize": {}}, {"exact_dedup": {}}])


def test_synth_stage_writes_rows_curates_them_with_the_human_data_and_reruns_for_free(api_key: str,
                                                                                       run_dir: Path) -> None:
    with FakeOpenAI(faults=lambda key, attempt: "500" if attempt == 0 and key[0] in "01" else None) as server:
        result = run_synth(synth_config(server.url), run_dir, curate=CURATE)
        sent = server.requests
        again = run_synth(synth_config(server.url), run_dir, curate=CURATE, force=True)
        assert server.requests == sent
    rows = pl.read_parquet(run_dir / "synth" / "rows.parquet")
    assert rows.equals(result.rows) and again.rows.equals(rows)
    assert rows["id"].n_unique() == rows.height
    assert rows.group_by("origin").len().sort("origin").rows() == [
        ("back_translation", result.methods["back_translation"]["rows"]), ("self_instruct", 20)]
    human_ids = set(pl.read_parquet(run_dir / "curate" / "kept.parquet")["id"])
    bt = rows.filter(pl.col("origin") == "back_translation")
    assert bt.height > 0 and set(bt["parent_id"]) <= human_ids and set(bt["license"]) == {"MIT"}
    assert set(rows["generator"]) == {"fake-model"}
    assert result.stats.errors == 0 and result.stats.retries > 0 and again.stats.cache_hits > 0
    curated = result.curated
    assert curated is not None and curated["accounted"]
    assert curated["rows_in"] == 400 + rows.height
    kept = pl.read_parquet(run_dir / "synth" / "curated" / "kept.parquet")
    assert set(kept["origin"]) == {"human", "self_instruct", "back_translation"}
    assert set(kept.filter(pl.col("origin") == "self_instruct")["source"]) == {"self_instruct"}


def test_the_api_key_is_written_nowhere(api_key: str, run_dir: Path) -> None:
    with FakeOpenAI() as server:
        run_synth(synth_config(server.url, back_translation=None), run_dir, curate=CURATE)
    for path in run_dir.rglob("*"):
        if path.is_file():
            assert api_key.encode() not in path.read_bytes(), path


def test_synthetic_copies_of_human_rows_are_dropped_by_curation(tmp_path: Path) -> None:
    human = pl.read_ndjson(EXAMPLES / "gpteacher_roleplay_sample.jsonl").head(3)
    synthetic = human.head(2).select("instruction", "input", "output").with_columns(
        id=pl.lit("x"), source=pl.lit("self_instruct"), license=pl.lit("NOASSERTION"),
        origin=pl.lit("self_instruct"), parent_id=pl.lit(None, pl.String), generator=pl.lit("m"))
    synthetic = pl.concat([synthetic, synthetic.head(1).with_columns(instruction=pl.lit("A new task here."))])
    curate = CurateConfig(inputs=[HUMAN[1]], passes=[{"exact_dedup": {}}])
    stats = curate_with_human(synthetic, curate, tmp_path)
    rejected = pl.read_parquet(tmp_path / "curated" / "rejected.parquet")
    assert stats["accounted"] and stats["rows_in"] == 163
    assert rejected.filter(pl.col("origin") == "self_instruct").height == 2
    kept = pl.read_parquet(tmp_path / "curated" / "kept.parquet")
    assert kept.filter(pl.col("origin") == "self_instruct")["instruction"].to_list() == ["A new task here."]


def test_synthetic_rows_join_a_chat_run_as_conversations(tmp_path: Path) -> None:
    synthetic = pl.DataFrame({"instruction": ["Name a colour."], "input": ["Not blue."], "output": ["Red."],
                              "id": ["x"], "source": ["self_instruct"], "license": ["NOASSERTION"],
                              "origin": ["self_instruct"], "parent_id": [None], "generator": ["m"]})
    chats = Path(__file__).resolve().parents[1] / "data" / "hh_rlhf_chat_sample.jsonl"
    curate = CurateConfig(kind="chat", inputs=[{"path": str(chats), "license": "MIT"}], passes=[{"normalize": {}}])
    stats = curate_with_human(synthetic, curate, tmp_path)
    kept = pl.read_parquet(tmp_path / "curated" / "kept.parquet")
    assert stats["kind"] == "chat" and kept.height == 41
    assert kept.filter(pl.col("origin") == "self_instruct")["messages"].to_list() == [[
        {"role": "user", "content": "Name a colour.\n\nNot blue."}, {"role": "assistant", "content": "Red."}]]


def test_targeted_self_instruct_seeds_from_one_slice(api_key: str, run_dir: Path) -> None:
    target = {"column": "orig_source", "value": "gpteacher-roleplay", "limit": 30}  # a user column
    slice_rows = pl.read_parquet(run_dir / "curate" / "kept.parquet").filter(
        pl.col("orig_source") == "gpteacher-roleplay").head(30)
    with FakeOpenAI() as server:
        cfg = synth_config(server.url, back_translation=None,
                           self_instruct={"num_instructions": 10, "prompts_per_round": 2, "target": target})
        result = run_synth(cfg, run_dir)
        prompts = server.prompts
    listed = {line.split(". ", 1)[1] for p in prompts if p.startswith("Come up with a series")
              for line in p.splitlines()[1:-1]}
    generated = set(result.rows["instruction"])
    slice_instructions = {" ".join(i.split()).rstrip(":") for i in slice_rows["instruction"]}
    assert listed <= slice_instructions | generated and listed & slice_instructions
    assert result.rows.height == 10
    assert set(result.rows["orig_source"]) == {"gpteacher-roleplay"}  # the rows join the slice they fill
    assert set(result.rows["origin"]) == set(result.rows["source"]) == {"self_instruct"}


def test_config_file_with_a_synth_section_and_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "seeds.jsonl").write_text('{"instruction": "Add two numbers.", "instances": []}\n')
    (tmp_path / "run.yaml").write_text(
        "output: runs/x\ninputs: [{path: data.jsonl}]\n"
        "synth:\n  client: {backend: local, batch_size: 4}\n  self_instruct: {seed_tasks: seeds.jsonl}\n")
    cfg = load_synth_config(tmp_path / "run.yaml")
    assert cfg.output == "runs/x" and cfg.client.backend == "local"
    assert cfg.self_instruct is not None and cfg.self_instruct.seed_tasks == str(tmp_path / "seeds.jsonl")


def test_config_problems_are_reported_together_with_their_keys(tmp_path: Path) -> None:
    from gristmill.errors import ConfigError

    (tmp_path / "bad.yaml").write_text(
        "synth:\n  client: {backend: openai, concurency: 3}\n  back_translation: {min_similarity: 2}\n")
    with pytest.raises(ConfigError) as caught:
        load_synth_config(tmp_path / "bad.yaml")
    problems = "\n".join(caught.value.problems)
    assert "synth.client.concurency: unknown key" in problems
    assert "synth.back_translation.min_similarity" in problems


def test_synth_command_shows_the_report_and_writes_the_stage(api_key: str, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    from gristmill.cli import main

    with FakeOpenAI() as server:
        config = {"output": str(tmp_path / "run"), "inputs": [HUMAN[1]], "passes": [{"exact_dedup": {}}],
                  "synth": {"client": client_options(server.url),
                            "self_instruct": {"num_instructions": 8, "prompts_per_round": 2}}}
        (tmp_path / "c.yaml").write_text(yaml.safe_dump(config))
        with pytest.raises(SystemExit) as info:
            main(["synth", str(tmp_path / "c.yaml")])
            raise SystemExit(0)
    out = capsys.readouterr().out
    assert info.value.code == 0
    assert "self_instruct" in out and "cache hits" in out and "curated with the human data" in out
    assert pl.read_parquet(tmp_path / "run" / "synth" / "rows.parquet").height == 8
    assert (tmp_path / "run" / "synth" / ".done.json").exists()


def test_the_example_config_is_valid() -> None:
    from gristmill.curate.stage import load_curate_config

    example = EXAMPLES.parent / "synth.yaml"
    cfg = load_synth_config(example)
    assert cfg.client.backend == "local" and cfg.self_instruct is not None and cfg.back_translation is not None
    assert cfg.self_instruct.target is not None and cfg.self_instruct.target.value == "roleplay"
    assert [i.name for i in load_curate_config(example).inputs] == ["codegen", "roleplay"]


def test_a_stage_whose_requests_failed_is_not_done_and_a_rerun_retries_them(api_key: str, run_dir: Path) -> None:
    broken = {"on": True}
    with FakeOpenAI(faults=lambda key, attempt: "500" if broken["on"] else None) as server:
        cfg = SynthConfig.model_validate({"client": client_options(server.url, max_retries=0),
                                          "back_translation": {"limit": 3, "pivots": ["French"]}})
        failed = run_synth(cfg, run_dir)
        assert failed.incomplete and failed.rows.height == 0 and len(failed.failures) == 3
        assert not (run_dir / "synth" / ".done.json").exists()
        broken["on"] = False
        before = server.requests
        retried = run_synth(cfg, run_dir)  # the same config: not "already done"
        assert not retried.skipped and not retried.incomplete and server.requests > before
    assert retried.rows.height > 0 and (run_dir / "synth" / ".done.json").exists()


def test_an_endpoint_that_echoes_the_key_gets_it_written_nowhere(api_key: str, run_dir: Path) -> None:
    from gristmill.llm.backend import SynthError

    with FakeOpenAI(faults=lambda key, attempt: "echo_key_500") as server:
        cfg = SynthConfig.model_validate({"client": client_options(server.url, max_retries=1),
                                          "back_translation": {"limit": 2, "pivots": ["French"]}})
        failed = run_synth(cfg, run_dir)
    assert failed.incomplete and "rejected Bearer <redacted>" in failed.failures[0]["error"]
    with FakeOpenAI(faults=lambda key, attempt: "echo_key_401") as server:
        cfg = SynthConfig.model_validate({"client": client_options(server.url),
                                          "back_translation": {"limit": 2, "pivots": ["French"]}})
        with pytest.raises(SynthError) as refused:
            run_synth(cfg, run_dir)
    assert "HTTP 401" in str(refused.value) and api_key not in str(refused.value)
    for path in run_dir.rglob("*"):
        if path.is_file():
            assert api_key.encode() not in path.read_bytes(), path


def test_gristmill_synth_on_an_encrypted_run_seals_rows_and_cached_answers(api_key: str, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The synth command on an encrypted run: the sealed curated rows are read in memory, every answer in the
    response cache and every table is sealed; without the key the command is refused."""
    import base64
    import sqlite3

    import yaml
    from cli_helpers import run_cli

    from gristmill import crypto
    from gristmill.crypto import FileKey
    from gristmill.curate.stage import run_curate
    from gristmill.rundir import RunDir

    key_file = tmp_path / "keys" / "master"
    key_file.parent.mkdir()
    key_file.write_text(base64.b64encode(bytes(range(32))).decode())
    key_file.chmod(0o600)
    run = tmp_path / "run"
    run_curate(CURATE.model_copy(update={"output": str(run)}), RunDir(run), key=FileKey(key_file))
    with FakeOpenAI() as server:
        config = tmp_path / "synth.yaml"
        config.write_text(yaml.safe_dump({"output": str(run), "synth": {
            "client": client_options(server.url), "self_instruct": {"num_instructions": 6, "prompts_per_round": 2},
            "back_translation": {"limit": 4, "pivots": ["French"]}}}))
        code, _, err = run_cli(["synth", str(config)], capsys)
        assert code == 1 and "is encrypted (.keys.json)" in err
        code, _, err = run_cli(["synth", str(config), "--key-file", str(key_file)], capsys)
        assert code == 0, err
    stage = run / "synth"
    assert {"rows.parquet.enc", "filtered.parquet.enc", "rows.jsonl.enc", "errors.jsonl.enc"} <= {
        p.name for p in stage.iterdir()}
    assert not [p for p in stage.rglob("*") if p.is_file() and b"PAR1" in p.read_bytes()]
    with sqlite3.connect(stage / "cache.sqlite") as db:
        values = [v for (v,) in db.execute("SELECT value FROM answers")]
    assert values and all(v.startswith("sealed:") for v in values)
    with crypto.sealing(crypto.open_run(run, FileKey(key_file))):
        rows = crypto.load_parquet(stage / "rows.parquet")
        again = run_synth(SynthConfig.model_validate({"client": client_options("http://127.0.0.1:9/v1"),
                                                      "self_instruct": {"num_instructions": 6, "prompts_per_round": 2},
                                                      "back_translation": {"limit": 4, "pivots": ["French"]}}),
                          run, force=True)  # every answer from the sealed cache: the server is gone
    assert again.stats.cache_hits > 0 and again.rows.equals(rows)

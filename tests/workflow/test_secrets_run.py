"""Secrets (issue 21): `gristmill run --encrypt` with an API key, a PII corpus, synthesis against a loopback
OpenAI-compatible server that quotes the key back in some error bodies, training and evaluation on a tiny model.
Afterwards no file of the run and nothing the command printed holds the API key, a gold PII value, a row of the
curated or synthetic tables, a Parquet file or a safetensors header; every weight, checkpoint, cache answer and
per-example result is sealed, and reads back with the key."""

from __future__ import annotations

import importlib.util
import json
import shlex
import sys
from pathlib import Path

import polars as pl
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "synth"))  # the loopback OpenAI server of the synthesis tests
sys.path.insert(0, str(ROOT / "tests"))
from cli_helpers import run_cli  # noqa: E402
from fake_openai import TEST_KEY_ENV, FakeOpenAI, client_options  # noqa: E402

from gristmill import crypto  # noqa: E402

API_KEY = "sk-live-7Qx2-secret-api-key-9f3b"
MASTER = bytes(range(7, 39))
PEOPLE = [("Jane Roe", "jane.roe@gmail.com", "415-555-2671", "742 Evergreen Terrace"),
          ("Arvid Lindqvist", "arvid.l@outlook.com", "+46 8 123 456 78", "Storgatan 12"),
          ("Maria Gonzalez", "maria.gonzalez@yahoo.com", "(212) 555-0187", "1600 Amphitheatre Parkway")]
SAFETENSORS_HEADER = (b'"data_offsets"', b'"__metadata__"')  # keys every safetensors header has
pytestmark = pytest.mark.slow  # about 50 s on the shared 2-core machine: presidio, synthesis, training, eval


def _tiny_model(folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("tiny_builder", ROOT / "tests" / "train" / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_tiny_model(folder)


def pii_corpus(path: Path) -> None:
    """Contact-update requests full of gold PII (each twice: the copy is rejected before the pii pass), plus
    ordinary instructions so that training and evaluation have rows."""
    rows = []
    for name, email, phone, street in PEOPLE:
        record = {"instruction": f"Update the contact details for customer number {len(rows) + 1}.",
                  "output": f"Done. The customer is {name}, email {email}, phone {phone}, address {street}."}
        rows += [record, record]
    with open(ROOT / "examples" / "data" / "gpteacher_codegen_sample.jsonl", encoding="utf-8") as sample:
        rows += [json.loads(line) for line in sample.readlines()[:40]]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def pipeline_config(folder: Path, model: Path, url: str) -> Path:
    config = {
        "kind": "sft",
        "inputs": [{"path": str(folder / "people.jsonl"), "license": "MIT", "name": "people"}],
        "passes": [{"normalize": {}}, {"exact_dedup": {}}, {"pii": {"action": "redact"}}],
        "output": str(folder / "run"),
        "synth": {"client": client_options(url),
                  "self_instruct": {"num_instructions": 6, "prompts_per_round": 2},
                  "back_translation": {"limit": 4, "pivots": ["French"]}},
        "train": {"model": {"name": str(model)},
                  "data": {"seq_len": 128, "max_examples": 48, "val_fraction": 0.2, "batch_size": 4},
                  "loop": {"max_steps": 4, "eval_every": 2, "save_every": 2, "keep_checkpoints": 4,
                           "early_stop_patience": None},
                  "optim": {"lr": 0.001, "warmup_steps": 1}},
        "eval": {"data": {"max_examples": 4}, "generation": {"max_new_tokens": 4, "batch_size": 4},
                 "slices": {"min_support": 2}},
    }
    path = folder / "pipeline.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def table_texts(frame: pl.DataFrame) -> set[bytes]:
    """Distinctive text values of a table (long enough not to occur by chance in a binary file)."""
    columns = [c for c in ("instruction", "output") if c in frame.columns]
    return {v.encode() for c in columns for v in frame.get_column(c).drop_nulls().to_list() if len(v) >= 24}


def test_an_encrypted_run_leaves_no_secret_and_no_plaintext(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    model = _tiny_model(tmp_path / "tiny")
    pii_corpus(tmp_path / "people.jsonl")
    monkeypatch.setenv(TEST_KEY_ENV, API_KEY)
    monkeypatch.delenv(crypto.ENV_VAR, raising=False)
    key_command = f"{shlex.quote(sys.executable)} -c 'print(\"{MASTER.hex()}\")'"  # a KMS CLI in production
    echo_once = {"n": 0}

    def faults(key: str, attempt: int) -> str | None:  # the first two requests get the key quoted back at them
        echo_once["n"] += 1
        return "echo_key_500" if echo_once["n"] <= 2 else None

    with FakeOpenAI(faults=faults) as server:
        config = pipeline_config(tmp_path, model, server.url)
        code, out, err = run_cli(["run", str(config), "--encrypt", "--key-command", key_command], capsys)
    assert code in (0, 3), err  # 3: an eval gate failed, which this test does not care about
    run = tmp_path / "run"

    sealer = crypto.open_run(run, crypto.CommandKey(key_command))
    assert sealer is not None
    with crypto.sealing(sealer):  # everything reads back with the key
        kept = crypto.load_parquet(run / "curate" / "kept.parquet")
        synthetic = crypto.load_parquet(run / "synth" / "rows.parquet")
        curated = crypto.load_parquet(run / "synth" / "curated" / "kept.parquet")
        per_example = crypto.load_parquet(run / "eval" / "per_example.parquet")
        config_json = json.loads(crypto.load_bytes(run / "train" / "adapter" / "adapter_config.json"))
    assert kept.height > 40 and synthetic.height > 0 and per_example.height == 4
    assert set(curated.get_column("origin")) >= {"human", "self_instruct"}
    assert config_json["peft_type"] == "LORA"

    outputs = [out, err]
    for command in (["export", str(run)], ["eval", str(run)]):  # without the key: refused in one line
        code, out, err = run_cli(command, capsys)
        assert code == 1 and "is encrypted (.keys.json)" in err, (command, err)
    for command in (["export", str(run)], ["eval", str(run)]):  # with it: sealed exports; eval reads back
        code, out, err = run_cli([*command, "--key-command", key_command], capsys)
        assert code in (0, 3), err
        outputs += [out, err]
    with crypto.sealing(sealer):
        exported = json.loads(crypto.load_bytes(run / "export" / "adapter" / "adapter_config.json"))
    assert exported["target_modules"] == config_json["target_modules"]
    assert sorted(p.name for p in (run / "export" / "adapter").iterdir()) == [
        "adapter_config.json.enc", "adapter_model.safetensors.enc"]
    assert "model.safetensors.enc" in {p.name for p in (run / "export" / "merged").iterdir()}  # merged, sealed

    files = [p for p in run.rglob("*") if p.is_file()]
    sealed = {str(p.relative_to(run)) for p in files if p.read_bytes().startswith(crypto.MAGIC)}
    for expected in ("curate/kept.parquet.enc", "curate/rejected.parquet.enc", "curate/quarantine.jsonl.enc",
                     "lineage.parquet.enc", "synth/rows.parquet.enc", "synth/filtered.parquet.enc",
                     "synth/rows.jsonl.enc", "synth/errors.jsonl.enc", "synth/curated/kept.parquet.enc",
                     "train/adapter/adapter_model.safetensors.enc", "train/adapter/adapter_config.json.enc",
                     "train/checkpoints/step-000002/trainable.safetensors.enc",
                     "train/checkpoints/step-000002/optimizer_rng.pt.enc", "eval/per_example.parquet.enc"):
        assert expected in sealed, expected
    secrets = {API_KEY.encode(): "the API key"}
    secrets.update({value.encode(): "a gold PII value" for person in PEOPLE for value in person})
    secrets.update({text: "a row of a sealed table" for frame in (kept, synthetic, curated)
                    for text in table_texts(frame)})
    secrets.update({marker: "a safetensors header" for marker in SAFETENSORS_HEADER})
    secrets[b"PAR1"] = "a Parquet file"
    secrets[MASTER.hex().encode()] = "the master key"
    for path in files:
        content = path.read_bytes()
        found = [what for value, what in secrets.items() if value in content]
        assert not found, f"{path.relative_to(run)} holds {found[0]}"
    printed = "".join(outputs).encode()
    assert not [what for value, what in secrets.items() if value in printed and what != "a Parquet file"]
    code, _, err = run_cli(["run", str(config)], capsys)  # without the key the run is refused, not overwritten
    assert code == 1 and "is encrypted (.keys.json)" in err

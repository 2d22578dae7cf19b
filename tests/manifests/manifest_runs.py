"""Shared pieces of the manifests tests: a curate run over real samples, and running the CLI."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cli_helpers import run_cli  # noqa: F401  (the manifest tests import it from here)

from gristmill.config import CurateConfig, validate

TEST_DATA = Path(__file__).resolve().parents[1] / "data"
PASSES = [{"normalize": {}}, {"exact_dedup": {}}, {"quality": {"min_output_words": 30}}]


@dataclass
class SftRun:
    """A curate run over copies of two real GPTeacher samples plus a file of duplicates and broken lines."""

    root: Path
    codegen: Path
    roleplay: Path
    extras: Path
    config: CurateConfig


def write_extras(codegen: Path, roleplay: Path, path: Path) -> Path:
    code, role = codegen.read_text().splitlines(), roleplay.read_text().splitlines()
    lines = [
        code[3],  # exact copy of codegen line 4 (kept there)
        code[2],  # exact copy of codegen line 3 (18-word answer: rejected there by quality)
        '{"instruction": "broken',  # not JSON
        json.dumps({"instruction": "Add two numbers.", "input": "", "output": 5}),  # output is not text
        role[0],  # exact copy of roleplay line 1
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def sft_config(data: Path, output: Path, **licenses: object) -> CurateConfig:
    inputs = [
        {"path": str(data / "gpteacher_codegen_sample.jsonl"), "license": "MIT", "name": "codegen",
         "url": "https://github.com/teknium1/GPTeacher"},
        {"path": str(data / "gpteacher_roleplay_sample.jsonl"), "license": "MIT", "name": "roleplay"},
        {"path": str(data / "extras.jsonl"), "license": "MIT", "name": "extras"},
    ]
    return validate(CurateConfig, {"inputs": inputs, "passes": PASSES, "output": str(output),
                                   "licenses": licenses})


def text_config(output: Path, **licenses: object) -> CurateConfig:
    """Real text rows under two licenses: Wikipedia talk comments (CC-BY-SA-3.0) and MRPC (no SPDX id)."""
    inputs = [
        {"path": str(TEST_DATA / "wikipedia_talk_sample.jsonl"), "license": "CC-BY-SA-3.0", "name": "wikipedia_talk",
         "url": "https://github.com/conversationai/unintended-ml-bias-analysis"},
        {"path": str(TEST_DATA / "mrpc_pairs_sample.jsonl"), "license": "LicenseRef-MSR-Paraphrase-Corpus",
         "name": "mrpc", "fields": {"text": "text1"}},
    ]
    return validate(CurateConfig, {"kind": "text", "inputs": inputs, "passes": [{"normalize": {}}, {"exact_dedup": {}}],
                                   "output": str(output), "licenses": licenses})

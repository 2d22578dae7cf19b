from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "data"

# Presidio's email recognizer must not try to fetch the public suffix list (DESIGN §10).
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Where there is no GPU, Triton kernels run in Triton's interpreter, on CPU tensors (tests/train/test_kernels.py).
# Triton reads the variable when a kernel is defined, tl.rand's at `import triton`, and peft and transformers import
# Triton while tests are collected: so it is set here, before any test module is imported.
if not glob.glob("/dev/nvidia[0-9]*"):
    os.environ.setdefault("TRITON_INTERPRET", "1")


@pytest.fixture(scope="session")
def codegen_path() -> Path:
    return EXAMPLES / "gpteacher_codegen_sample.jsonl"


@pytest.fixture(scope="session")
def roleplay_path() -> Path:
    return EXAMPLES / "gpteacher_roleplay_sample.jsonl"


@pytest.fixture
def hh_path() -> Path:
    return EXAMPLES / "hh_rlhf_harmless_sample.jsonl"

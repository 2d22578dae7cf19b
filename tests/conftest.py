from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "data"

# Presidio's email recognizer must not try to fetch the public suffix list (DESIGN §10).
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def codegen_path() -> Path:
    return EXAMPLES / "gpteacher_codegen_sample.jsonl"


@pytest.fixture(scope="session")
def roleplay_path() -> Path:
    return EXAMPLES / "gpteacher_roleplay_sample.jsonl"


@pytest.fixture
def hh_path() -> Path:
    return EXAMPLES / "hh_rlhf_harmless_sample.jsonl"

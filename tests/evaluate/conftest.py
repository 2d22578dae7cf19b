"""Fixtures of the evaluation tests: the tiny word-level model (see planted_data.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # planted_data, for the tests of this folder
from planted_data import build_word_model


@pytest.fixture(scope="session")
def word_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_word_model(tmp_path_factory.mktemp("word_llama"))

"""`gristmill serve` argument handling (the server itself is tested in test_server.py), and the tenants file."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_cli


def test_adapter_option_needs_name_equals_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["serve", "--adapter", "just-a-path"], capsys)
    assert code == 1
    assert "--adapter 'just-a-path': expected NAME=PATH" in err


def test_engine_vllm_without_vllm_prints_the_command_and_how_to_go_on(tiny_run: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["serve", str(tiny_run), "--engine", "vllm", "--port", "9000"], capsys)
    assert code == 1
    flat = " ".join(err.split())
    assert "VLLM_ALLOW_RUNTIME_LORA_UPDATING=True vllm serve" in flat and "--enable-lora" in flat
    assert "--port 9001" in flat and "--upstream" in flat


def test_tenants_file_problems_are_reported_together(tmp_path: Path) -> None:
    from gristmill.errors import ConfigError
    from gristmill.serve.tenants import Tenants, key_hash

    path = tmp_path / "tenants.yaml"
    path.write_text(f"""tenants:
  - {{name: acme, key_sha256: not-a-hash, adapters: [a]}}
  - {{name: beta, key_sha256: {key_hash('k')}, adapter: [b]}}
""")
    with pytest.raises(ConfigError) as info:
        Tenants.load(path)
    assert len(info.value.problems) == 2
    assert "key_sha256" in str(info.value) and "adapter" in str(info.value)


def test_a_tenant_key_is_recognized_by_its_hash_only(tmp_path: Path) -> None:
    from gristmill.serve.tenants import Tenants, key_hash

    path = tmp_path / "tenants.yaml"
    path.write_text(f"tenants: [{{name: acme, key_sha256: {key_hash('sk-1')}, adapters: [a], base: false}}]\n")
    tenants = Tenants.load(path)
    caller = tenants.caller("Bearer sk-1")
    assert caller is not None and caller.name == "acme" and not caller.admin
    assert (caller.may_use("a"), caller.may_use("b"), caller.may_use(None)) == (True, False, False)
    assert tenants.caller("Bearer sk-2") is None and tenants.caller(None) is None
    assert tenants.caller(f"Bearer {key_hash('sk-1')}") is None  # the stored hash is not a key

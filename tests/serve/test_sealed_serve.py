"""Serving an encrypted run: its sealed adapter is opened in memory with the run's data key (unwrapped by the
master key given to the server) and answers exactly as the same adapter served in plaintext, on both engines."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import openai
import pytest

from gristmill import crypto
from gristmill.crypto import EncryptionError, FileKey


def sealed_copy(run: Path, target: Path, key: FileKey) -> Path:
    """`run` as an encrypted run: the same train.json, the adapter's weights and config sealed with a new data key."""
    (target / "train" / "adapter").mkdir(parents=True)
    shutil.copy(run / "train" / "train.json", target / "train" / "train.json")
    sealer = crypto.Sealer(crypto.run_data_key(target, key))
    for name in ("adapter_model.safetensors", "adapter_config.json"):
        sealer.write_bytes((run / "train" / "adapter" / name).read_bytes(), target / "train" / "adapter" / name)
    return target


@pytest.mark.parametrize("engine", ["packed", "peft"])
def test_a_sealed_adapter_answers_as_its_plaintext_twin(tiny_base: Path, tiny_run: Path, tmp_path: Path,
                                                        engine: str) -> None:
    from gristmill.serve import BackgroundServer, ServeSpec

    key_file = tmp_path / "keys" / "master"
    key_file.parent.mkdir()
    key_file.write_text(base64.b64encode(bytes(range(32))).decode())
    key_file.chmod(0o600)
    sealed = sealed_copy(tiny_run, tmp_path / "sealed-run", FileKey(key_file))
    assert sorted(p.name for p in (sealed / "train" / "adapter").iterdir()) == [
        "adapter_config.json.enc", "adapter_model.safetensors.enc"]
    adapters = {"plain": str(tiny_run), "sealed": str(sealed)}
    with pytest.raises(EncryptionError, match=r"sealed-run is encrypted \(\.keys\.json\)"), \
            BackgroundServer(ServeSpec(base=str(tiny_base), adapters=adapters, lora_engine=engine)):
        pass
    spec = ServeSpec(base=str(tiny_base), adapters=adapters, lora_engine=engine, key=FileKey(key_file))
    with BackgroundServer(spec) as server:
        client = openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0)
        answers = {name: client.completions.create(model=name, prompt="def add(a, b):", max_tokens=10,
                                                   temperature=0).choices[0].text for name in adapters}
        base = client.completions.create(model=spec.base_name(), prompt="def add(a, b):", max_tokens=10,
                                         temperature=0).choices[0].text
    assert answers["sealed"] == answers["plain"]
    assert answers["sealed"] != base  # the adapter is applied, not skipped

"""What sealing an adapter costs: gristmill's sealed save/load (state dict serialized in memory, AES-256-GCM with
the run's data key, `set_peft_model_state_dict` from the decrypted bytes) against peft's own plain
`save_pretrained` / `PeftModel.from_pretrained`, which is what a user writes otherwise.

The base is a randomly initialized Llama of SmolLM2-135M's shape (no download); the adapter is LoRA r=16 on
every linear layer of the decoder (4.9M parameters, 19.5 MB in fp32). Save and load alternate between the two
ways, `--rounds` times each, and the medians are printed; the loaded adapters are checked to equal the trained one.

    python benchmarks/sealed_adapter.py --rounds 5 --json benchmarks/results/sealed_adapter.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def base_model() -> Any:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=49152, hidden_size=576, intermediate_size=1536, num_hidden_layers=30,
                         num_attention_heads=9, num_key_value_heads=3, max_position_embeddings=2048,
                         tie_word_embeddings=True)
    return LlamaForCausalLM(config).eval()


def lora(model: Any) -> Any:
    import torch
    from peft import LoraConfig, get_peft_model

    peft_model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, target_modules="all-linear"))
    with torch.no_grad():
        for name, param in peft_model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.02)
    return peft_model


def adapter_state(model: Any) -> dict[str, Any]:
    from peft import get_peft_model_state_dict

    return {k: v.detach().clone() for k, v in get_peft_model_state_dict(model).items()}


def timed(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> None:
    import torch
    from peft import PeftModel

    from gristmill import crypto
    from gristmill.trained import load_adapter, save_sealed_adapter

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    trained = lora(base_model())
    expected = adapter_state(trained)
    params = sum(v.numel() for v in expected.values())
    sealer = crypto.Sealer(crypto.os.urandom(32), "benchmark key")
    times: dict[str, list[float]] = {"plain_save": [], "sealed_save": [], "plain_load": [], "sealed_load": []}
    with tempfile.TemporaryDirectory() as scratch:
        for round_ in range(args.rounds):
            plain, sealed = Path(scratch) / f"plain{round_}", Path(scratch) / f"sealed{round_}"
            times["plain_save"].append(timed(lambda p=plain: trained.save_pretrained(str(p)))[0])
            with crypto.sealing(sealer):
                times["sealed_save"].append(timed(lambda s=sealed: save_sealed_adapter(trained, s))[0])
            fresh = base_model()  # outside the timing: both loads start from a loaded base
            seconds, loaded = timed(lambda p=plain, b=fresh: PeftModel.from_pretrained(b, str(p)))
            times["plain_load"].append(seconds)
            plain_equal = all(torch.equal(v, adapter_state(loaded)[k]) for k, v in expected.items())
            del loaded, fresh
            fresh = base_model()
            with crypto.sealing(sealer):
                seconds, loaded = timed(lambda s=sealed, b=fresh: load_adapter(b, s))
            times["sealed_load"].append(seconds)
            sealed_equal = all(torch.equal(v, adapter_state(loaded)[k]) for k, v in expected.items())
            del loaded, fresh
            assert plain_equal and sealed_equal, "a loaded adapter differs from the trained one"
        sizes = {"plain_bytes": sum(p.stat().st_size for p in (Path(scratch) / "plain0").iterdir()),
                 "sealed_bytes": sum(p.stat().st_size for p in (Path(scratch) / "sealed0").iterdir())}
    from safetensors.torch import save

    blob = save(expected)  # the cipher alone, on the adapter's bytes: seal to a file and open it in memory
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.rounds):
            times.setdefault("seal_only", []).append(timed(lambda: sealer.write_bytes(blob, Path(scratch) / "a"))[0])
            seconds, opened = timed(lambda: sealer.read_bytes(Path(scratch) / "a"))
            times.setdefault("open_only", []).append(seconds)
            assert opened == blob
    medians = {k: statistics.median(v) for k, v in times.items()}
    result = {"adapter_params": params, **sizes, "rounds": args.rounds,
              "median_s": {k: round(v, 4) for k, v in medians.items()},
              "all_s": {k: [round(x, 4) for x in v] for k, v in times.items()},
              "save_ratio_sealed_over_plain": round(medians["sealed_save"] / medians["plain_save"], 3),
              "load_ratio_sealed_over_plain": round(medians["sealed_load"] / medians["plain_load"], 3),
              "cipher_mb_per_s": {k: round(len(blob) / 1e6 / medians[k], 1) for k in ("seal_only", "open_only")},
              "loaded_adapters_equal": True}
    print(json.dumps(result, indent=2))
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

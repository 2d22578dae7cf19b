"""Base vs tuned from a saved LoRA adapter: the base side is the same weights with the adapter disabled."""

from __future__ import annotations

from pathlib import Path

from planted_data import curate_run

from gristmill.chat import render_prompts
from gristmill.evaluate.config import GenerationSection
from gristmill.evaluate.generate import Generator
from gristmill.evaluate.pair import ModelPair


def test_lora_pair_base_is_the_untouched_model_and_tuned_differs(word_model: Path, tmp_path: Path) -> None:
    import torch

    from gristmill.models import load_model
    from gristmill.train.config import TrainConfig
    from gristmill.train.sft import run_sft

    run = curate_run(tmp_path / "run", n=30, seed=0)
    cfg = TrainConfig.model_validate({
        "model": {"name": str(word_model)}, "adapter": {"method": "lora", "r": 8},
        "data": {"path": str(run), "seq_len": 64, "packing": False, "batch_size": 32},
        "optim": {"lr": 1e-2, "warmup_steps": 0}, "loop": {"max_steps": 10, "save_every": 100}})
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        run_sft(cfg)
        pair = ModelPair(str(word_model), run / "train" / "adapter")
        assert pair.is_adapter
        tokenizer = pair.load_tokenizer()
        prompts = render_prompts(tokenizer, [{"instruction": "what color is the apple", "input": "", "output": "red"},
                                             {"instruction": "name the sound of a dog", "input": "", "output": "woof"}],
                                 "sft", None)
        settings = GenerationSection(max_new_tokens=5)
        generated = {}
        for which in ("base", "tuned", "base"):
            with pair.use(which) as model:
                generated.setdefault(which, []).append(Generator(model, tokenizer, settings, 64)(prompts).texts)
        plain, _ = load_model(str(word_model), device="cpu")
        untouched = Generator(plain, tokenizer, settings, 64)(prompts).texts
    finally:
        torch.set_num_threads(threads)
    assert generated["base"] == [untouched, untouched]  # before and after the tuned pass: adapter really off
    assert generated["tuned"][0] != untouched

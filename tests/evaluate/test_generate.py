from __future__ import annotations

import math
from pathlib import Path

import pytest

from gristmill.chat import render_prompts
from gristmill.evaluate.config import GenerationSection
from gristmill.evaluate.generate import Generator, perplexity
from gristmill.evaluate.pair import ModelPair

ROWS = [{"instruction": "what color is the apple", "input": "", "output": "red"},
        {"instruction": "name the sound of a dog", "input": "", "output": "woof"},
        {"instruction": "the capital of peru is which city", "input": "", "output": "lima"},
        {"instruction": "what is the opposite of hot", "input": "be brief", "output": "cold"},
        {"instruction": "name the color of a kiwi", "input": "", "output": "brown"}]


@pytest.fixture(scope="module")
def loaded(word_model: Path) -> tuple[object, object]:
    from gristmill.models import load_model

    pair = ModelPair(str(word_model), word_model)  # the tuned folder only has to exist here
    tokenizer = pair.load_tokenizer()
    model, _ = load_model(str(word_model), device="cpu")
    return model, tokenizer


def test_prompts_are_the_prompt_tokens_training_used(loaded: tuple[object, object]) -> None:
    from gristmill.train.data import sft_examples

    _, tokenizer = loaded
    prompts = render_prompts(tokenizer, ROWS, "sft", system="be short")
    examples = sft_examples(ROWS, tokenizer, max_len=64, system="be short")
    ids = tokenizer(prompts, add_special_tokens=False)["input_ids"]
    assert ids == [e.ids[:e.n_prompt] for e in examples]


def test_left_padded_batches_generate_what_each_prompt_generates_alone(loaded: tuple[object, object]) -> None:
    model, tokenizer = loaded
    prompts = render_prompts(tokenizer, ROWS, "sft", None)
    batched = Generator(model, tokenizer, GenerationSection(max_new_tokens=6, batch_size=5), 64)(prompts)
    alone = Generator(model, tokenizer, GenerationSection(max_new_tokens=6, batch_size=1), 64)(prompts)
    assert batched.texts == alone.texts
    assert batched.new_tokens == alone.new_tokens
    assert batched.prompt_tokens == [len(r) for r in tokenizer(prompts, add_special_tokens=False)["input_ids"]]
    assert all(0 < n <= 6 for n in batched.new_tokens)
    rates = batched.throughput()
    assert rates["prompt_tokens_per_s"] > 0 and rates["generated_tokens_per_s"] > 0


def test_long_prompts_keep_their_end(loaded: tuple[object, object]) -> None:
    model, tokenizer = loaded
    generator = Generator(model, tokenizer, GenerationSection(max_new_tokens=2), max_prompt_tokens=8)
    result = generator(render_prompts(tokenizer, ROWS[:2], "sft", None), on_batch=lambda done, total: None)
    assert result.prompt_tokens == [8, 8]


def test_perplexity_is_exp_of_the_mean_next_token_loss(loaded: tuple[object, object]) -> None:
    """Two windows of 5 tokens and one of 2 (12 tokens): 4 + 4 + 1 predicted tokens, computed one by one."""
    import torch

    model, tokenizer = loaded
    text = "red yellow green purple crimson gold violet brown orange white black maroon"
    result = perplexity(model, tokenizer, text, window=5, max_tokens=None)
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    total, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, 12, 5):
            window = ids[start:start + 5]
            logits = model(input_ids=torch.tensor([window])).logits[0]
            for position in range(len(window) - 1):
                total -= float(torch.log_softmax(logits[position], -1)[window[position + 1]])
                count += 1
    assert (result["tokens"], count) == (9, 9)
    assert result["perplexity"] == pytest.approx(math.exp(total / count), rel=1e-5)


def test_preference_prompts_are_the_dialogue_dpo_trained_on(loaded: tuple[object, object]) -> None:
    from gristmill.chat import dialogue_messages, render

    _, tokenizer = loaded
    row = {"prompt": "\n\nHuman: hi\n\nAssistant: hello\n\nHuman: what color is the apple\n\nAssistant:",
           "chosen": "red", "rejected": "blue"}
    (prompt,) = render_prompts(tokenizer, [row], "preference", None)
    assert prompt == render(tokenizer, dialogue_messages(row["prompt"]), "red")[0]
    assert prompt == ("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nhello<|im_end|>\n"
                      "<|im_start|>user\nwhat color is the apple<|im_end|>\n<|im_start|>assistant\n")

"""Labels, packing layout, batch plans, truncation and chat templates."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from gristmill.chat import dialogue_messages, render
from gristmill.train.data import (
    IGNORE,
    Example,
    best_fit_decreasing,
    fit,
    pack,
    pad,
    plan_batches,
    sft_examples,
    shifted_labels,
)


def test_labels_are_shifted_and_cover_only_the_completion() -> None:
    """ids 5 6 | 7 8 (prompt of 2): position 1 predicts 7, position 2 predicts 8, the rest carry no loss."""
    assert shifted_labels(Example([5, 6, 7, 8], n_prompt=2)).tolist() == [IGNORE, 7, 8, IGNORE]


def test_pack_restarts_positions_and_marks_boundaries() -> None:
    batch = pack([Example([1, 2, 3], 1), Example([4, 5], 1)])
    assert batch.input_ids.tolist() == [[1, 2, 3, 4, 5]]
    assert batch.position_ids.tolist() == [[0, 1, 2, 0, 1]]
    assert batch.labels.tolist() == [[2, 3, IGNORE, 5, IGNORE]]  # no label crosses from 3 to 4
    assert batch.cu_seqlens.tolist() == [0, 3, 5]
    assert batch.seq_of_target.tolist() == [0, 0, 1]
    assert (batch.n_seqs, batch.max_len, batch.n_targets, batch.n_tokens) == (2, 3, 3, 5)


def test_pad_right_pads_with_a_mask() -> None:
    batch = pad([Example([1, 2, 3], 1), Example([4, 5], 1)], pad_id=0)
    assert batch.input_ids.tolist() == [[1, 2, 3], [4, 5, 0]]
    assert batch.attention_mask.tolist() == [[1, 1, 1], [1, 1, 0]]
    assert batch.labels.tolist() == [[2, 3, IGNORE], [5, IGNORE, IGNORE]]
    assert batch.seq_of_target.tolist() == [0, 0, 1]
    assert batch.n_tokens == 5


def test_packing_plan_fills_the_token_budget_and_is_seeded() -> None:
    lengths = [5, 5, 5, 5, 9]
    plan = plan_batches(lengths, packing=True, batch_tokens=10, batch_size=1, bucket=False, seed=3)
    assert sorted(i for batch in plan for i in batch) == [0, 1, 2, 3, 4]
    assert all(sum(lengths[i] for i in batch) <= 10 for batch in plan)
    assert plan == plan_batches(lengths, packing=True, batch_tokens=10, batch_size=1, bucket=False, seed=3)
    assert plan != plan_batches(lengths, packing=True, batch_tokens=10, batch_size=1, bucket=False, seed=4)


def test_best_fit_decreasing_by_hand() -> None:
    """Capacity 10, lengths 6 5 4 3 2: 6 opens a bin (4 left); 5 does not fit it and opens another (5 left);
    4 goes to the fullest bin it fits, the first (0 left); 3 and 2 fill the second. Two full bins, where
    filling bins in the given order makes three ([6], [5 4], [3 2])."""
    assert best_fit_decreasing([6, 5, 4, 3, 2], [0, 1, 2, 3, 4], 10) == [[0, 2], [1, 3, 4]]
    assert best_fit_decreasing([12, 3], [0, 1], 10) == [[0], [1]]  # an over-long example gets its own bin


def test_packing_plans_are_nearly_full_on_real_lengths() -> None:
    rng = np.random.default_rng(0)
    lengths = np.clip(rng.lognormal(5.0, 0.6, 4000), 8, 1024).astype(int).tolist()  # SFT-like: mean ~180
    plan = plan_batches(lengths, packing=True, batch_tokens=2048, batch_size=1, bucket=False, seed=0)
    assert sorted(i for batch in plan for i in batch) == list(range(4000))
    assert all(sum(lengths[i] for i in batch) <= 2048 for batch in plan)
    lower_bound = -(-sum(lengths) // 2048)
    assert len(plan) <= lower_bound + 1  # every bin but the last is full to within one short example


def test_bucketing_groups_similar_lengths() -> None:
    lengths = [1, 100, 2, 99, 3, 98, 4, 97]
    plan = plan_batches(lengths, packing=False, batch_tokens=0, batch_size=2, bucket=True, seed=0)
    spreads = sorted(max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in plan)
    assert spreads == [1, 1, 1, 1]


def test_fit_keeps_the_prompt_end_and_the_completion_start() -> None:
    """10 + 10 tokens into 12: the completion keeps up to half (6), the prompt its last 6 tokens."""
    example = fit(list(range(10)), list(range(100, 110)), max_len=12)
    assert example.ids == [4, 5, 6, 7, 8, 9, 100, 101, 102, 103, 104, 105]
    assert example.n_prompt == 6


def test_chatml_render_splits_prompt_and_completion(tiny_model: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    prompt, completion = render(tokenizer, [{"role": "user", "content": "Hi"}], "Hello")
    assert prompt == "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
    assert completion == "Hello<|im_end|>\n"


def test_sft_examples_put_loss_on_the_answer_only(tiny_model: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    [example] = sft_examples([{"instruction": "Add", "input": "1 2", "output": "3"}], tokenizer, max_len=64)
    completion = tokenizer.decode(example.ids[example.n_prompt:])
    assert completion == "3<|im_end|>\n"
    assert tokenizer.decode(example.ids[: example.n_prompt]).endswith("<|im_start|>assistant\n")


def test_dialogue_messages_parses_hh_rlhf_turns() -> None:
    text = "\n\nHuman: Hi there\n\nAssistant: Hello!\n\nHuman: How are you?\n\nAssistant:"
    assert dialogue_messages(text) == [{"role": "user", "content": "Hi there"},
                                       {"role": "assistant", "content": "Hello!"},
                                       {"role": "user", "content": "How are you?"}]

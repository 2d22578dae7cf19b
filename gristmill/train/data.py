"""Examples → token ids → batches: completion-only labels, packing and length buckets (chat rendering is
`gristmill.chat`, shared with evaluation).

A packed batch is one row of several whole examples back to back. Positions restart at 0 for each example
and `cu_seqlens` marks where each starts, so attention stays inside each example (the varlen kernel, or a
block-diagonal mask) and a packed batch gives the same loss as the same examples padded (a test proves it).
Labels are shifted here (label[t] = token[t+1]), so the loss never shifts across an example boundary.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gristmill.chat import conversation, render, render_conversation, user_messages

IGNORE = -100

@dataclass
class Example:
    """One tokenized sequence; tokens from `n_prompt` on are the completion (the only ones with loss), or,
    where `targets` is given (a conversation), the tokens it marks 1 (every assistant turn)."""

    ids: list[int]
    n_prompt: int
    targets: list[int] | None = None

    def __len__(self) -> int:
        return len(self.ids)


# --------------------------------------------------------------------------------------------- tokens


def fit(prompt: list[int], completion: list[int], max_len: int, max_prompt: int | None = None) -> Example:
    """Truncate to `max_len`: the prompt keeps its end (left-truncated), the completion its start."""
    budget_prompt = max_len - min(len(completion), max_len // 2)
    keep = min(len(prompt), budget_prompt, max_prompt or len(prompt))
    prompt = prompt[len(prompt) - keep:]
    completion = completion[: max_len - len(prompt)]
    return Example(prompt + completion, len(prompt))


def tokenize_pairs(tokenizer: Any, prompts: Sequence[str], completions: Sequence[str], max_len: int,
                   completion_only: bool = True, max_prompt: int | None = None) -> list[Example]:
    """Tokenize prompt and completion texts separately (no merge across the seam) and fit each pair."""
    p_ids = tokenizer(list(prompts), add_special_tokens=False)["input_ids"]
    c_ids = tokenizer(list(completions), add_special_tokens=False)["input_ids"]
    examples = [fit(p, c, max_len, max_prompt) for p, c in zip(p_ids, c_ids, strict=True)]
    if not completion_only:
        examples = [Example(e.ids, 1) for e in examples]  # every token after the first carries loss
    return examples


def sft_examples(records: Sequence[dict[str, Any]], tokenizer: Any, max_len: int, completion_only: bool = True,
                 system: str | None = None) -> list[Example]:
    """Rows with instruction/input/output → tokenized examples (loss on the answer turn only by default)."""
    texts = [render(tokenizer, user_messages(r["instruction"], r.get("input") or "", system), r["output"])
             for r in records]
    return tokenize_pairs(tokenizer, [p for p, _ in texts], [c for _, c in texts], max_len, completion_only)


def chat_examples(records: Sequence[dict[str, Any]], tokenizer: Any, max_len: int, completion_only: bool = True,
                  system: str | None = None) -> list[Example]:
    """Rows with a conversation (`messages`) → tokenized examples with loss on every assistant turn (on every
    token when not `completion_only`). A conversation longer than `max_len` keeps its start."""
    examples = []
    for record in records:
        ids, mask = render_conversation(tokenizer, conversation(record["messages"], system))
        ids, mask = ids[:max_len], mask[:max_len]
        examples.append(Example(ids, 0, mask if completion_only else [1] * len(ids)))
    return examples


# --------------------------------------------------------------------------------------------- batches


@dataclass
class Batch:
    """Model inputs for one micro-batch, in one of two layouts.

    packed: input_ids [1, T] holding several examples, `cu_seqlens` [n+1] where each starts, positions reset.
    padded: input_ids [B, L] right-padded, `attention_mask` [B, L].
    `seq_of_target` [n_targets] says which sequence each loss token belongs to (DPO sums per sequence).
    """

    input_ids: Any
    position_ids: Any
    labels: Any
    seq_of_target: Any
    n_seqs: int
    cu_seqlens: Any = None
    max_len: int = 0
    attention_mask: Any = None
    pair_index: Any = None  # DPO: which preference pairs this batch holds (for the reference cache)
    # a packed row whose attention runs over other sequences than its examples (`pack_pairs`): the row's tokens
    # gathered into those sequences (`cu_seqlens` then marks them), and the gathered row each token's output is
    # taken from
    gather: Any = None
    restore: Any = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def n_targets(self) -> int:
        return int(self.seq_of_target.numel())

    @property
    def n_tokens(self) -> int:
        return int(self.attention_mask.sum()) if self.attention_mask is not None else int(self.input_ids.numel())

    def to(self, device: Any) -> Batch:
        moved = {k: (v.to(device, non_blocking=True) if hasattr(v, "to") else v) for k, v in self.__dict__.items()}
        return Batch(**moved)


def shifted_labels(example: Example) -> np.ndarray:
    """label[t] = ids[t+1] where token t+1 is a completion token, else IGNORE; the last position is IGNORE."""
    ids = np.asarray(example.ids, dtype=np.int64)
    labels = np.full(len(ids), IGNORE, dtype=np.int64)
    if example.targets is not None:
        learned = np.asarray(example.targets[1:], dtype=bool)
        labels[:-1] = np.where(learned, ids[1:], IGNORE)
        return labels
    start = max(example.n_prompt, 1)
    labels[start - 1: len(ids) - 1] = ids[start:]
    return labels


def pack(examples: Sequence[Example]) -> Batch:
    """Several examples in one row, positions restarting at each, boundaries in `cu_seqlens`."""
    import torch

    lengths = np.array([len(e) for e in examples], dtype=np.int64)
    ids = np.concatenate([np.asarray(e.ids, dtype=np.int64) for e in examples])
    labels = np.concatenate([shifted_labels(e) for e in examples])
    starts = np.concatenate([[0], np.cumsum(lengths)])
    positions = np.arange(len(ids)) - np.repeat(starts[:-1], lengths)
    seq = np.repeat(np.arange(len(examples)), lengths)
    return Batch(input_ids=torch.from_numpy(ids)[None], position_ids=torch.from_numpy(positions)[None],
                 labels=torch.from_numpy(labels)[None], seq_of_target=torch.from_numpy(seq[labels != IGNORE]),
                 n_seqs=len(examples), cu_seqlens=torch.from_numpy(starts.astype(np.int32)),
                 max_len=int(lengths.max()))


def shares_prompt(chosen: Example, rejected: Example) -> bool:
    """Whether both sides of a preference pair start with the same prompt tokens (each side is truncated on its
    own, so a long pair's may differ)."""
    n = chosen.n_prompt
    return (n >= 1 and n == rejected.n_prompt and chosen.targets is None and rejected.targets is None
            and chosen.ids[:n] == rejected.ids[:n])


def pair_length(chosen: Example, rejected: Example) -> int:
    """Tokens a pair takes in a `pack_pairs` row."""
    if shares_prompt(chosen, rejected):
        return len(chosen) + 1 + len(rejected) - rejected.n_prompt
    return len(chosen) + len(rejected)


def pack_pairs(pairs: Sequence[tuple[Example, Example]]) -> Batch:
    """Preference pairs in one packed row, each shared prompt computed once.

    A pair whose sides share their prompt P is laid out P, C, p, R: the chosen completion C after the prompt,
    then the prompt's last token p again and the rejected completion R, at the positions they have after P.
    Attention runs over gathered sequences: (P, C) as one sequence, and (P without p, the second p, R) as
    another whose first tokens are only keys. The second p sees what the first sees, so it carries the same
    hidden state, and its logits score R's first token. Each token's output comes from the one sequence it is
    a query of. The log-probs are those of the pair's two sequences scored apart (to rounding; a test compares
    them), and the prompt runs through every linear layer once instead of twice. A pair whose prompts differ is
    packed as its two sequences. Sequence 2i is pair i's chosen side, 2i+1 its rejected side.
    """
    import torch

    ids: list[np.ndarray] = []
    positions: list[np.ndarray] = []
    labels: list[np.ndarray] = []
    seqs: list[np.ndarray] = []
    gather: list[np.ndarray] = []  # the row's token indices, sequence after sequence
    queries: list[np.ndarray] = []  # per gathered token: whether its output is kept

    def add(tokens: Sequence[int], at: np.ndarray, targets: np.ndarray, seq: int, rows: np.ndarray,
            kept: np.ndarray) -> None:
        """Append tokens to the row (their positions and labels, all of sequence `seq`) and one gathered
        sequence: the row indices `rows`, whose outputs are kept where `kept`."""
        ids.append(np.asarray(tokens, dtype=np.int64))
        positions.append(at)
        labels.append(targets)
        seqs.append(np.full(len(at), seq))
        gather.append(rows)
        queries.append(kept)

    start = 0
    for i, (chosen, rejected) in enumerate(pairs):
        if shares_prompt(chosen, rejected):
            n, c, r = chosen.n_prompt, len(chosen), len(rejected) - chosen.n_prompt
            add(chosen.ids, np.arange(c), shifted_labels(chosen), 2 * i, start + np.arange(c), np.ones(c, dtype=bool))
            add(rejected.ids[n - 1:], np.arange(n - 1, n + r), shifted_labels(rejected)[n - 1:], 2 * i + 1,
                start + np.concatenate([np.arange(n - 1), c + np.arange(r + 1)]), np.arange(n + r) >= n - 1)
            start += c + r + 1
            continue
        for side, example in enumerate((chosen, rejected)):
            length = len(example)
            add(example.ids, np.arange(length), shifted_labels(example), 2 * i + side, start + np.arange(length),
                np.ones(length, dtype=bool))
            start += length
    row_labels, order, kept = np.concatenate(labels), np.concatenate(gather), np.concatenate(queries)
    lengths = np.array([len(g) for g in gather], dtype=np.int64)
    restore = np.empty(start, dtype=np.int64)
    restore[order[kept]] = np.flatnonzero(kept)
    cu = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    return Batch(input_ids=torch.from_numpy(np.concatenate(ids))[None],
                 position_ids=torch.from_numpy(np.concatenate(positions))[None],
                 labels=torch.from_numpy(row_labels)[None],
                 seq_of_target=torch.from_numpy(np.concatenate(seqs)[row_labels != IGNORE]), n_seqs=2 * len(pairs),
                 cu_seqlens=torch.from_numpy(cu), max_len=int(lengths.max()), gather=torch.from_numpy(order),
                 restore=torch.from_numpy(restore))


def pad(examples: Sequence[Example], pad_id: int) -> Batch:
    """Examples right-padded to the longest, with an attention mask (the layout without packing)."""
    import torch

    width = max(len(e) for e in examples)
    ids = np.full((len(examples), width), pad_id, dtype=np.int64)
    labels = np.full((len(examples), width), IGNORE, dtype=np.int64)
    mask = np.zeros((len(examples), width), dtype=np.int64)
    for row, example in enumerate(examples):
        ids[row, : len(example)] = example.ids
        labels[row, : len(example)] = shifted_labels(example)
        mask[row, : len(example)] = 1
    seq = np.broadcast_to(np.arange(len(examples))[:, None], ids.shape)[labels != IGNORE]
    positions = np.broadcast_to(np.arange(width), ids.shape).copy()
    return Batch(input_ids=torch.from_numpy(ids), position_ids=torch.from_numpy(positions),
                 labels=torch.from_numpy(labels), seq_of_target=torch.from_numpy(np.ascontiguousarray(seq)),
                 n_seqs=len(examples), attention_mask=torch.from_numpy(mask), max_len=width)


def best_fit_decreasing(lengths: Sequence[int], order: Sequence[int], capacity: int) -> list[list[int]]:
    """Bins of example indices of at most `capacity` tokens: the longest example first, each into the fullest
    bin it still fits (Best-Fit Decreasing; trl's `bfd` strategy); an over-long example gets a bin of its own.
    Equal lengths keep their place in `order`, so a seeded order gives other bins at each epoch."""
    bins: list[list[int]] = []
    space: list[tuple[int, int]] = []  # (free tokens, bin) of the bins that still have room, sorted
    for index in sorted(order, key=lambda i: -lengths[i]):  # stable sort: ties stay in `order`
        need = lengths[index]
        fit = bisect.bisect_left(space, (need, -1))  # the bin with the least room that still fits
        if fit < len(space):
            free, target = space.pop(fit)
        else:
            free, target = capacity, len(bins)
            bins.append([])
        bins[target].append(index)
        if free - need > 0:
            bisect.insort(space, (free - need, target))
    return bins


def plan_batches(lengths: Sequence[int], *, packing: bool, batch_tokens: int, batch_size: int,
                 bucket: bool, seed: int) -> list[list[int]]:
    """Example indices per micro-batch for one epoch; a pure function of the lengths and the seed.

    Packing fills micro-batches of up to `batch_tokens` best-fit decreasing (nearly full steps, so the step's
    fixed cost is spread over more tokens), then shuffles them. Without packing, `bucket` sorts windows of 64
    batches by length before cutting, so each batch pads little, then shuffles the batches.
    """
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(lengths))
    if packing:
        bins = best_fit_decreasing(lengths, order.tolist(), batch_tokens)
        return [bins[i] for i in rng.permutation(len(bins))]
    if bucket:
        window = batch_size * 64
        order = np.concatenate([sorted(order[i: i + window], key=lambda k: lengths[k])
                                for i in range(0, len(order), window)]).astype(np.int64)
    batches = [order[i: i + batch_size].tolist() for i in range(0, len(order), batch_size)]
    return [batches[i] for i in rng.permutation(len(batches))] if bucket else batches

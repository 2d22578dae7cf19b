"""Planted-experiment data: key → answer tasks from four sources, a tiny word-level Llama, curated runs.

Each source is a small lookup task (the colour of a fruit, the sound of an animal, ...) asked in three
phrasings, so a 2-layer model learns every clean source to near-perfect exact match in a few hundred CPU
steps. Corrupting a source shuffles its outputs between its own rows: the questions and the set of answers
stay, the mapping between them is gone.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from tiny_llama import SPECIALS, save_tiny_llama


def _pairs(keys: str, answers: str) -> dict[str, str]:
    return dict(zip(keys.split(), answers.split(), strict=True))


TASKS: dict[str, tuple[list[str], dict[str, str]]] = {
    "colors": (["what color is the {}", "name the color of a {}", "the {} has which color"],
               _pairs("apple banana lime plum cherry lemon grape kiwi peach coconut olive fig",
                      "red yellow green purple crimson gold violet brown orange white black maroon")),
    "sounds": (["what sound does a {} make", "name the sound of a {}", "the {} makes which sound"],
               _pairs("dog cat cow duck horse sheep pig owl lion snake bee frog",
                      "woof meow moo quack neigh baa oink hoot roar hiss buzz croak")),
    "capitals": (["what is the capital of {}", "name the capital of {}", "the capital of {} is which city"],
                 _pairs("france spain italy japan egypt peru kenya chile norway greece cuba nepal",
                        "paris madrid rome tokyo cairo lima nairobi santiago oslo athens havana kathmandu")),
    "opposites": (["what is the opposite of {}", "name the opposite of {}", "the opposite of {} is which word"],
                  _pairs("hot tall fast early happy light open full strong rich loud wet",
                         "cold short slow late sad dark closed empty weak poor quiet dry")),
}


def task_rows(source: str, n: int, seed: int, corrupt: bool = False) -> list[dict[str, str]]:
    """`n` rows of one source (keys and phrasings drawn at random); corrupt shuffles outputs among them."""
    rng = random.Random(f"{source}-{seed}")
    templates, answers = TASKS[source]
    keys = sorted(answers)
    rows = []
    for _ in range(n):
        key = rng.choice(keys)
        rows.append({"instruction": rng.choice(templates).format(key), "input": "", "output": answers[key]})
    if corrupt:
        outputs = [r["output"] for r in rows]
        rng.shuffle(outputs)
        rows = [{**r, "output": o} for r, o in zip(rows, outputs, strict=True)]
    return rows


def write_sources(folder: Path, n: int, seed: int, corrupt: str | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for source in TASKS:
        path = folder / f"{source}.jsonl"
        rows = task_rows(source, n, seed, corrupt=source == corrupt)
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        paths.append(path)
    return paths


def curate_run(folder: Path, n: int, seed: int, corrupt: str | None = None) -> Path:
    """A run directory with curate/kept.parquet of the four sources (the real pipeline, no passes)."""
    from gristmill.curate import Pipeline

    paths = write_sources(folder / "raw", n, seed, corrupt)
    inputs = [{"path": str(p), "name": p.stem, "license": "CC0-1.0"} for p in paths]
    Pipeline([], kind="sft").run(inputs, output=folder / "curate")
    return folder


def vocabulary() -> list[str]:
    words = {"the", "of", "a", "user", "assistant", "system"}
    for templates, answers in TASKS.values():
        for template in templates:
            words.update(template.format("").split())
        words.update(answers)
        words.update(answers.values())
    return sorted(words)


def build_word_model(folder: Path) -> Path:
    """A word-level tokenizer over the task vocabulary and a 2-layer, 64-wide Llama, saved with from_pretrained."""
    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = {token: i for i, token in enumerate(SPECIALS + vocabulary())}
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.add_special_tokens(SPECIALS)  # chat markers stay whole tokens
    return save_tiny_llama(tokenizer, folder, max_positions=256)

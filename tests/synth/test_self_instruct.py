from __future__ import annotations

import itertools

import pytest
from fake_openai import FakeOpenAI, client_options

from gristmill.config import validate
from gristmill.errors import InputError
from gristmill.llm.cache import ResponseCache
from gristmill.llm.client import ClientConfig, SynthClient
from gristmill.rouge import rouge_l
from gristmill.synth.config import SelfInstructConfig
from gristmill.synth.self_instruct import (
    SelfInstruct,
    encode_prompt,
    keyword_pattern,
    load_seed_tasks,
    parse_instances,
    parse_instructions,
    screen,
)


def test_bundled_seed_tasks_are_the_175_of_the_paper() -> None:
    seeds = load_seed_tasks()
    assert len(seeds) == 175
    assert sum(t.is_classification for t in seeds) == 26
    assert seeds[1].instruction == "What is the relation between the given pairs?"
    assert seeds[1].instances == [("Night : Day :: Right : Left",
                                   "The relation between the given pairs is that they are opposites.")]


def test_a_broken_seed_file_names_the_line(tmp_path) -> None:
    path = tmp_path / "seeds.jsonl"
    path.write_text('{"instruction": "a", "instances": []}\n{"name": "no instruction"}\n')
    with pytest.raises(InputError, match=r"seeds.jsonl:2: not a seed task"):
        load_seed_tasks(path)


def test_encode_prompt_is_the_papers_numbered_list() -> None:
    assert encode_prompt(["Write a  poem\nabout cats:", "Add two numbers."]) == (
        "Come up with a series of tasks:\n1. Write a poem about cats\n2. Add two numbers.\n3.")


def test_parse_instructions_continues_the_list_and_drops_a_truncated_tail() -> None:
    text = " Name three rivers in Europe.\n10. Explain how a bill becomes a law.\n11) Translate this"
    assert parse_instructions(text, truncated=False) == [
        "Name three rivers in Europe.", "Explain how a bill becomes a law.", "Translate this"]
    assert parse_instructions(text, truncated=True) == ["Name three rivers in Europe.",
                                                        "Explain how a bill becomes a law."]
    assert parse_instructions("Sure! Here are more tasks:\n9. Sort the list of numbers.", False) == [
        "Sort the list of numbers."]
    assert parse_instructions("1. 1. Name a fruit in 2 words.\n2. 2. Name a tree.", False) == [
        "Name a fruit in 2 words.", "Name a tree."]


@pytest.mark.parametrize(("instruction", "reason"), [
    ("Be brief now.", "too_short"),
    ("word " * 151, "too_long"),
    ("Draw a cat using ASCII characters.", "blocked_keyword"),
    ("Summarize the following video transcript.", "blocked_keyword"),
    ("Describe how to go to the station.", "blocked_keyword"),
    ("Write a program that sorts numbers.", "write_a_program"),
    ("- Give me three fruit names.", "starts_with_punctuation"),
    ("Écris un poème sur la mer.", "starts_non_ascii"),
    ("Describe the mapping between keys and values.", None),  # "map" only as a whole word
    ("Give me three fruit names.", None),
])
def test_screen_applies_the_papers_heuristics(instruction: str, reason: str | None) -> None:
    cfg = SelfInstructConfig()
    assert screen(instruction, cfg, keyword_pattern(cfg.blocked_keywords)) == reason


def test_parse_instances_input_first_and_output_first() -> None:
    answer = "Example 1\nInput: 2, 3\nOutput: 5\nExample 2\nInput: 1, 1\nOutput: 2"
    assert parse_instances(answer, output_first=False) == [("2, 3", "5"), ("1, 1", "2")]
    assert parse_instances("Output: Paris is the capital.", output_first=False) == [("", "Paris is the capital.")]
    assert parse_instances("Paris is the capital.", output_first=False) == [("", "Paris is the capital.")]
    labelled = "Class label: Positive\nInput: I love it.\nClass label: Negative\nInput: I hate it."
    assert parse_instances(labelled, output_first=True) == [("I love it.", "Positive"), ("I hate it.", "Negative")]
    assert parse_instances("Input: same\nOutput: same", output_first=False) == []
    assert parse_instances("Input: a\nOutput: b\nInput: a\nOutput: b", output_first=False) == [("a", "b")]


def _run(url: str, num: int, cache: ResponseCache) -> SelfInstruct:
    client = SynthClient(validate(ClientConfig, client_options(url)), cache=cache)
    cfg = SelfInstructConfig(num_instructions=num, prompts_per_round=4, seed=3)
    method = SelfInstruct(client, cfg, load_seed_tasks())
    method.records = method.run()  # type: ignore[attr-defined]
    return method


def test_self_instruct_keeps_novel_instructions_and_records_every_filtered_one(api_key: str) -> None:
    with FakeOpenAI() as server:
        method = _run(server.url, 40, ResponseCache(None))
    kept = [c.instruction for c in method.kept]
    seeds = [t.instruction for t in load_seed_tasks()]
    assert len(kept) == 40 == len(set(kept))
    worst = max(rouge_l(a, b) for a, b in itertools.chain(itertools.combinations(kept, 2),
                                                          itertools.product(kept, seeds)))
    assert worst < 0.7
    reasons = {c.reason for c in method.filtered}
    assert {"blocked_keyword", "too_short", "rouge_similar"} <= reasons
    # every parsed line (7 per answer of the fake server) is either kept or filtered with a reason
    screened = [c for c in method.filtered if c.reason != "no_instance"]
    assert len(method.kept) + len(screened) == 7 * 4 * method.rounds
    rows = method.records  # type: ignore[attr-defined]
    assert len(rows) == 40 and {r["instruction"] for r in rows} == set(kept)
    assert all(r["output"] for r in rows)
    assert {r["is_classification"] for r in rows} == {True, False}


def test_self_instruct_is_deterministic_and_replays_from_the_cache(api_key: str, tmp_path) -> None:
    with FakeOpenAI() as server:
        first = _run(server.url, 15, ResponseCache(tmp_path / "a.sqlite"))
        sent = server.requests
        again = _run(server.url, 15, ResponseCache(tmp_path / "a.sqlite"))
        assert server.requests == sent
        fresh = _run(server.url, 15, ResponseCache(tmp_path / "b.sqlite"))
    assert again.records == first.records == fresh.records  # type: ignore[attr-defined]

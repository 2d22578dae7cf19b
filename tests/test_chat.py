"""Dialogue strings parse the same way wherever they come from (raw hh-rlhf, or after `normalize`)."""

from __future__ import annotations

import polars as pl
import pytest

from gristmill.chat import dialogue_messages
from gristmill.records import empty_dialogue

USER = {"role": "user", "content": "What's your pet peeve?"}


@pytest.mark.parametrize("prompt", [
    "\n\nHuman: What's your pet peeve?\n\nAssistant:",  # as hh-rlhf ships it
    "Human: What's your pet peeve?\n\nAssistant:",  # after normalize stripped the leading blank lines
    "  Human: What's your pet peeve?\n\nAssistant: ",
])
def test_a_one_turn_prompt_is_one_user_turn(prompt: str) -> None:
    assert dialogue_messages(prompt) == [USER]


def test_turns_in_order_with_a_system_prompt() -> None:
    prompt = "Human: hi\n\nAssistant: hello\n\nHuman: What's your pet peeve?\n\nAssistant:"
    assert dialogue_messages(prompt, "be brief") == [
        {"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"}, USER]


CASES = ["\n\nHuman: hi\n\nAssistant:", "Human: hi\n\nAssistant:", "\n\nHuman:\n\nAssistant:",
         "\n\nHuman:   \n\nAssistant: ok\n\nHuman: q\n\nAssistant:", "plain question", "\n\nAssistant: only",
         "Human:\nmulti\nline\n\nAssistant:", "Human:\n\nHuman: second\n\nAssistant:", "\n\nHuman: \n\nAssistant:"]


def test_curation_and_training_agree_on_which_dialogues_are_empty() -> None:
    flagged = pl.DataFrame({"prompt": CASES}).select(empty_dialogue("prompt")).to_series().to_list()
    no_user_turn = [not any(m["role"] == "user" for m in dialogue_messages(p)) for p in CASES]
    assert flagged == no_user_turn == [False, False, True, False, False, True, False, False, True]

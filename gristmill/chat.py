"""Conversations: chat templates, rendering a conversation into prompt and completion text, dialogue parsing.

Training and evaluation both render through here, so the model sees at evaluation the very text it was trained
on up to the answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from gristmill.errors import ConfigError

TEMPLATES: dict[str, str] = {
    "chatml": ("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
               "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"),
    "llama3": ("{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m['role'] }}<|end_header_id|>\n\n"
               "{{ m['content'] }}<|eot_id|>{% endfor %}"
               "{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}"),
    "alpaca": ("{% for m in messages %}{% if m['role'] == 'system' %}{{ m['content'] }}\n\n"
               "{% elif m['role'] == 'user' %}### Instruction:\n{{ m['content'] }}\n\n"
               "{% else %}### Response:\n{{ m['content'] }}{{ eos_token }}\n\n{% endif %}{% endfor %}"
               "{% if add_generation_prompt %}### Response:\n{% endif %}"),
    "plain": ("{% for m in messages %}{% if m['role'] == 'assistant' %}{{ m['content'] }}{{ eos_token }}"
              "{% else %}{{ m['content'] }}\n{% endif %}{% endfor %}"),
}


def set_chat_template(tokenizer: Any, template: str | None) -> None:
    """Use a named template, a Jinja string, or the model's own; chatml when the model has none."""
    if template is not None:
        tokenizer.chat_template = TEMPLATES.get(template, template)
    elif not getattr(tokenizer, "chat_template", None):
        tokenizer.chat_template = TEMPLATES["chatml"]


def user_messages(instruction: str, context: str, system: str | None = None) -> list[dict[str, str]]:
    content = f"{instruction}\n\n{context}" if context else instruction
    head = [{"role": "system", "content": system}] if system else []
    return [*head, {"role": "user", "content": content}]


# A turn marker starts the text or follows a blank line (`normalize` strips the leading blank lines).
HH_TURN = re.compile(r"(?:^|\n\n)(Human|Assistant):[ ]?")


def dialogue_messages(prompt: str, system: str | None = None) -> list[dict[str, str]]:
    """hh-rlhf style `Human: … \\n\\nAssistant:` text → chat messages (plain text → one user message).

    The first turn counts with or without the blank line before it (curation's `normalize` strips it); text
    before the first turn marker belongs to the first user turn; empty turns are dropped.
    """
    parts = HH_TURN.split(prompt.strip())
    if len(parts) < 3:
        return user_messages(prompt.strip(), "", system)
    messages = [{"role": "system", "content": system}] if system else []
    turns = list(zip(parts[1::2], parts[2::2], strict=True))
    if parts[0].strip():
        turns.insert(0, ("Human", parts[0]))
    for role, text in turns:
        if text.strip():
            messages.append({"role": "user" if role == "Human" else "assistant", "content": text.strip()})
    return messages


def render(tokenizer: Any, messages: list[dict[str, str]], answer: str) -> tuple[str, str]:
    """(prompt text, completion text): the completion is whatever the template adds for the answer turn."""
    prompt = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    full = tokenizer.apply_chat_template([*messages, {"role": "assistant", "content": answer}], tokenize=False)
    if not full.startswith(prompt):
        raise ConfigError([f"chat template: the rendered conversation does not start with the rendered prompt "
                           f"({prompt[-40:]!r}); use a template with add_generation_prompt"])
    completion = full[len(prompt):]
    eos = tokenizer.eos_token or ""
    if eos and eos not in completion:
        completion += eos  # the model must learn to stop
    return prompt, completion


def conversation(turns: Sequence[dict[str, Any]], system: str | None = None) -> list[dict[str, Any]]:
    """A conversation as chat templates take it: each turn's keys without the empty ones (a table gives every
    turn every key any turn has), and `system` first unless the conversation has its own system turn."""
    messages = [{k: v for k, v in turn.items() if v is not None} for turn in turns]
    if system and not (messages and messages[0].get("role") == "system"):
        messages.insert(0, {"role": "system", "content": system})
    return messages


def prompt_messages(row: dict[str, Any], kind: str, system: str | None) -> list[dict[str, str]]:
    """The chat messages of a row up to its answer: instruction (+ input) for sft, the dialogue for preference,
    every turn before the last answer for chat."""
    if kind == "preference":
        return dialogue_messages(row["prompt"], system)
    if kind == "chat":
        return conversation(row["messages"][:-1], system)
    return user_messages(row["instruction"], row.get("input") or "", system)


def answer_of(row: dict[str, Any], kind: str) -> str:
    """The answer a row teaches: output, the chosen answer, or a conversation's last (assistant) turn."""
    if kind == "chat":
        return str(row["messages"][-1].get("content") or "")
    return row.get("chosen" if kind == "preference" else "output") or ""


def render_prompts(tokenizer: Any, rows: Sequence[dict[str, Any]], kind: str, system: str | None) -> list[str]:
    """Prompt texts as training rendered them (the part before the answer)."""
    return [render(tokenizer, prompt_messages(r, kind, system), answer_of(r, kind))[0] for r in rows]


def has_generation_marks(tokenizer: Any) -> bool:
    """Whether the template marks assistant text with `{% generation %}` (so transformers can mask it)."""
    return bool(re.search(r"{%-?\s*generation\s*-?%}", getattr(tokenizer, "chat_template", None) or ""))


def render_conversation(tokenizer: Any, messages: list[dict[str, Any]]) -> tuple[list[int], list[int]]:
    """(token ids, assistant mask) of a whole conversation: the ids are `apply_chat_template`'s, and the mask is
    1 on every token of every assistant turn (what the model learns; trl's `assistant_only_loss`).

    With `{% generation %}` marks the mask is transformers' own (`return_assistant_tokens_mask`). Without them,
    each assistant turn's text is found by rendering the conversation up to it twice (with the generation
    prompt, and with the turn): the turn is what the second adds to the first, its end marker included.
    """
    if has_generation_marks(tokenizer):
        out = tokenizer.apply_chat_template(messages, tokenize=True, return_dict=True,
                                            return_assistant_tokens_mask=True)
        return list(out["input_ids"]), list(out["assistant_masks"])
    text = tokenizer.apply_chat_template(messages, tokenize=False)
    spans = []
    for index, turn in enumerate(messages):
        if turn.get("role") != "assistant":
            continue
        before = tokenizer.apply_chat_template(messages[:index], tokenize=False, add_generation_prompt=True)
        upto = tokenizer.apply_chat_template(messages[: index + 1], tokenize=False)
        if not (upto.startswith(before) and text.startswith(upto)):
            raise ConfigError([f"chat template: turn {index + 1} of a conversation renders differently once later "
                               "turns follow, so its tokens cannot be found; use a template with "
                               "{% generation %} marks (model.chat_template)"])
        spans.append((len(before), len(upto)))
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    mask = [int(any(start <= first < end for start, end in spans)) for first, _ in encoded["offset_mapping"]]
    return list(encoded["input_ids"]), mask

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


def prompt_messages(row: dict[str, Any], kind: str, system: str | None) -> list[dict[str, str]]:
    """The chat messages of a row up to its answer: instruction (+ input) for sft, the dialogue for preference."""
    if kind == "preference":
        return dialogue_messages(row["prompt"], system)
    return user_messages(row["instruction"], row.get("input") or "", system)


def render_prompts(tokenizer: Any, rows: Sequence[dict[str, Any]], kind: str, system: str | None) -> list[str]:
    """Prompt texts as training rendered them (the part before the answer)."""
    answer = "chosen" if kind == "preference" else "output"
    return [render(tokenizer, prompt_messages(r, kind, system), r.get(answer) or "")[0] for r in rows]

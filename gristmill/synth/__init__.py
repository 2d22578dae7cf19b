"""Synthesis: Self-Instruct and back-translation through an OpenAI-compatible endpoint or a local model.

    from gristmill.synth import SynthConfig, run_synth
    result = run_synth(SynthConfig.model_validate({...}), "runs/demo")
    result.rows, result.filtered, result.stats

Generated rows carry `origin`, `parent_id` and `generator`, and are curated together with the human data.
The client (`gristmill.llm`) and ROUGE-L (`gristmill.rouge`) are core modules shared with evaluation; heavy
modules (openai, transformers) load only when a backend is built.
"""

from __future__ import annotations

from gristmill.llm.cache import ResponseCache
from gristmill.llm.client import ClientConfig, Completion, Request, SynthClient, SynthError, UsageStats
from gristmill.rouge import RougeIndex, rouge_l
from gristmill.synth.config import BackTranslationConfig, SelfInstructConfig, SynthConfig, load_synth_config
from gristmill.synth.stage import SynthResult, run_synth

__all__ = ["BackTranslationConfig", "ClientConfig", "Completion", "Request", "ResponseCache", "RougeIndex",
           "SelfInstructConfig", "SynthClient", "SynthConfig", "SynthError", "SynthResult", "UsageStats",
           "load_synth_config", "rouge_l", "run_synth"]

"""Per-example metrics of generated answers against references, and their corpus-level summary.

- exact match and token F1 with SQuAD's answer normalization (lowercase, ASCII punctuation removed, articles
  a/an/the removed, whitespace collapsed), computed on whole columns with Polars expressions. When either side
  has no tokens, F1 is 1 if both are empty and 0 otherwise (the SQuAD 2.0 script's rule).
- ROUGE-L F-measure equal to `rouge_score`'s `rougeL` (default tokenizer, no stemming), via the synthesis
  module's numba LCS.
- JSON validity (the generation parses, after removing one surrounding ``` fence) and schema compliance
  (it also validates with `jsonschema`), counted only on rows whose reference is a JSON object or array; the
  schema comes from the config or is inferred from those references.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Sequence
from typing import Any

import polars as pl

from gristmill.errors import ConfigError

PUNCTUATION = "[" + re.escape(string.punctuation) + "]"
ARTICLES = r"\b(a|an|the)\b"
FENCE = re.compile(r"^\s*```[A-Za-z0-9_-]*\s*\n?(.*?)\n?\s*```\s*$", re.DOTALL)


# ------------------------------------------------------------------------------------------- SQuAD EM / F1


def normalize_answer(text: str) -> str:
    """SQuAD's normalize_answer: lower, drop punctuation, drop articles, collapse whitespace."""
    text = re.sub(PUNCTUATION, "", text.lower())
    return " ".join(re.sub(ARTICLES, " ", text).split())


def normalized_tokens(column: str | pl.Expr) -> pl.Expr:
    """The same normalization as an expression: a list of tokens per row."""
    expr = pl.col(column) if isinstance(column, str) else column
    return (expr.fill_null("").str.to_lowercase().str.replace_all(PUNCTUATION, "")
            .str.replace_all(ARTICLES, " ").str.extract_all(r"\S+"))


def exact_match(prediction: str, reference: str) -> float:
    return float(normalize_answer(prediction) == normalize_answer(reference))


def token_f1(prediction: str, reference: str) -> float:
    """Token F1 of one pair (the scalar twin of `squad_scores`)."""
    return squad_scores([prediction], [reference])["token_f1"][0]


def squad_scores(predictions: Sequence[str], references: Sequence[str]) -> pl.DataFrame:
    """`exact_match` and `token_f1` per pair, as whole-column Polars work (token counts joined, not looped)."""
    tokens = pl.DataFrame({"prediction": list(predictions), "reference": list(references)},
                          schema={"prediction": pl.String, "reference": pl.String}).select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
        normalized_tokens("prediction").alias("p"), normalized_tokens("reference").alias("r"))
    counts = {side: tokens.select("row", side).explode(side).drop_nulls().group_by("row", side).len(name=f"n_{side}")
              for side in ("p", "r")}
    common = (counts["p"].join(counts["r"], left_on=["row", "p"], right_on=["row", "r"])
              .group_by("row").agg(pl.min_horizontal("n_p", "n_r").sum().alias("common")))
    scored = tokens.join(common, on="row", how="left").sort("row").with_columns(
        pl.col("common").fill_null(0), n_p=pl.col("p").list.len(), n_r=pl.col("r").list.len())
    precision = pl.col("common") / pl.col("n_p")
    recall = pl.col("common") / pl.col("n_r")
    f1 = (pl.when((pl.col("n_p") == 0) | (pl.col("n_r") == 0)).then((pl.col("n_p") == pl.col("n_r")).cast(pl.Float64))
          .when(pl.col("common") == 0).then(0.0)
          .otherwise(2 * precision * recall / (precision + recall)))
    return scored.select(exact_match=(pl.col("p").list.join(" ") == pl.col("r").list.join(" ")).cast(pl.Float64),
                         token_f1=f1)


# ------------------------------------------------------------------------------------------------ ROUGE-L


def rouge_l_scores(predictions: Sequence[str], references: Sequence[str]) -> pl.Series:
    """ROUGE-L F per pair, equal to rouge_score's rougeL fmeasure (LCS in a numba kernel)."""
    from gristmill.rouge import rouge_l

    return pl.Series("rouge_l", [rouge_l(r, p) for p, r in zip(predictions, references, strict=True)],
                     dtype=pl.Float64)


# --------------------------------------------------------------------------------------------------- JSON


def parse_json(text: str) -> tuple[bool, Any]:
    """(parsed?, value) of a generation; one surrounding markdown fence (```json ... ```) is removed first."""
    fenced = FENCE.match(text or "")
    body = fenced.group(1) if fenced else (text or "")
    try:
        return True, json.loads(body)
    except ValueError:
        return False, None


def is_json_task(reference: str) -> bool:
    """A reference that is a JSON object or array makes its row a JSON task (a bare number or word does not)."""
    ok, value = parse_json(reference)
    return ok and isinstance(value, dict | list)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def infer_schema(values: Sequence[Any]) -> dict[str, Any]:
    """The narrowest schema every value satisfies: types merged, object keys required when always present.

    Objects keep `properties` (merged recursively) and `required` (the keys of every object); arrays keep
    `items` (merged over all elements); an integer and a number merge to `number`.
    """
    types = {_json_type(v) for v in values}
    if {"integer", "number"} <= types:
        types.discard("integer")
    schema: dict[str, Any] = {"type": sorted(types)[0] if len(types) == 1 else sorted(types)}
    objects = [v for v in values if isinstance(v, dict)]
    if objects:
        keys = sorted({k for o in objects for k in o})
        schema["properties"] = {k: infer_schema([o[k] for o in objects if k in o]) for k in keys}
        schema["required"] = [k for k in keys if all(k in o for o in objects)]
    items = [item for v in values if isinstance(v, list) for item in v]
    if items:
        schema["items"] = infer_schema(items)
    return schema


def json_validator(schema: dict[str, Any]) -> Any:
    """A jsonschema validator for `schema` (a bad schema is a ConfigError naming what is wrong)."""
    import jsonschema

    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise ConfigError([f"eval.json.schema: not a valid JSON schema ({exc.message})"]) from None
    return cls(schema)


def json_scores(predictions: Sequence[str], references: Sequence[str], schema: dict[str, Any] | None
                ) -> tuple[pl.DataFrame, dict[str, Any] | None]:
    """(`json_valid`, `json_schema_ok` per row, null where the reference is not JSON; the schema used)."""
    parsed_refs = [parse_json(r) for r in references]
    task = [ok and isinstance(v, dict | list) for ok, v in parsed_refs]
    if schema is None and any(task):
        schema = infer_schema([v for (_, v), t in zip(parsed_refs, task, strict=True) if t])
    validator = json_validator(schema) if schema is not None else None
    valid: list[float | None] = []
    compliant: list[float | None] = []
    for prediction, is_task in zip(predictions, task, strict=True):
        if not is_task:
            valid.append(None)
            compliant.append(None)
            continue
        ok, value = parse_json(prediction)
        valid.append(float(ok))
        compliant.append(float(ok and validator is not None and validator.is_valid(value)))
    frame = pl.DataFrame({"json_valid": valid, "json_schema_ok": compliant},
                         schema={"json_valid": pl.Float64, "json_schema_ok": pl.Float64})
    return frame, schema


# ---------------------------------------------------------------------------------------------- per example


def score_generations(predictions: Sequence[str], references: Sequence[str],
                      schema: dict[str, Any] | None = None) -> tuple[pl.DataFrame, dict[str, Any] | None]:
    """Every text metric per example (columns exact_match, token_f1, rouge_l, json_valid, json_schema_ok,
    length_words), and the JSON schema used (None when no reference is JSON)."""
    squad = squad_scores(predictions, references)
    json_frame, used = json_scores(predictions, references, schema)
    words = pl.Series("p", list(predictions), dtype=pl.String).str.extract_all(r"\S+").list.len()
    frame = pl.concat([squad, rouge_l_scores(predictions, references).to_frame(), json_frame,
                       words.alias("length_words").cast(pl.Int64).to_frame()], how="horizontal")
    return frame, used


def summarize(frame: pl.DataFrame, prefix: str = "") -> dict[str, float | None]:
    """Corpus-level figures of one model's per-example columns (named `prefix + metric`)."""
    def mean(name: str) -> float | None:
        column = prefix + name
        if column not in frame.columns or frame.get_column(column).drop_nulls().len() == 0:
            return None
        return float(frame.get_column(column).drop_nulls().mean())  # type: ignore[arg-type]

    return {"exact_match": mean("exact_match"), "token_f1": mean("token_f1"), "rouge_l": mean("rouge_l"),
            "json_parse_rate": mean("json_valid"), "json_schema_rate": mean("json_schema_ok"),
            "toxicity_rate": mean("toxic"), "mean_toxicity": mean("toxicity"),
            "mean_length_tokens": mean("length_tokens"), "mean_length_words": mean("length_words")}

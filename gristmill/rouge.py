"""ROUGE-L F-measure against a whole pool of texts, fast enough for Self-Instruct's novelty filter.

Scores equal `rouge_score.rouge_scorer.RougeScorer(["rougeL"]).score(a, b)["rougeL"].fmeasure` exactly (its
default tokenizer without stemming, the setting Self-Instruct used): lowercase, runs of `[a-z0-9]` as tokens,
longest common subsequence over tokens, F = 2PR / (P + R). Tokens are mapped to integer ids once, the pool is
kept as one flat array, and the LCS runs in a numba kernel that skips pool texts whose length alone bounds
their score below the best found so far, so the maximum stays exact.
"""

from __future__ import annotations

import re

import numba
import numpy as np

TOKEN = re.compile(r"[a-z0-9]+")


def tokenize(text: str) -> list[str]:
    """rouge_score's default tokens (no stemming): non-alphanumerics split, everything lowercased."""
    return TOKEN.findall(text.lower())


@numba.njit(cache=True, nogil=True)
def _lcs(a: np.ndarray, b: np.ndarray, prev: np.ndarray, cur: np.ndarray) -> int:
    """Length of the longest common subsequence of two id arrays (two rolling DP rows of len(a) + 1)."""
    n = a.shape[0]
    for j in range(n + 1):
        prev[j] = 0
    for i in range(b.shape[0]):
        cur[0] = 0
        bi = b[i]
        for j in range(n):
            if a[j] == bi:
                cur[j + 1] = prev[j] + 1
            else:
                cur[j + 1] = max(cur[j], prev[j + 1])
        for j in range(n + 1):
            prev[j] = cur[j]
    return int(prev[n])


@numba.njit(cache=True, nogil=True)
def _fmeasure(lcs: int, n_target: int, n_prediction: int) -> float:
    precision = lcs / n_prediction
    recall = lcs / n_target
    if precision + recall > 0:
        return 2 * precision * recall / (precision + recall)
    return 0.0


@numba.njit(cache=True, nogil=True)
def _best_match(cand: np.ndarray, tokens: np.ndarray, starts: np.ndarray, count: int) -> tuple[float, int]:
    """Highest ROUGE-L F of `cand` against the first `count` pool texts, and the index of that text."""
    n = cand.shape[0]
    best, best_index = 0.0, -1
    if n == 0:
        return best, best_index
    prev = np.zeros(n + 1, np.int32)
    cur = np.zeros(n + 1, np.int32)
    for i in range(count):
        m = starts[i + 1] - starts[i]
        if m == 0:
            continue
        if 2.0 * min(n, m) / (n + m) + 1e-12 < best:  # even a full match could not beat `best`
            continue
        lcs = _lcs(cand, tokens[starts[i]:starts[i + 1]], prev, cur)
        score = _fmeasure(lcs, n, m)
        if score > best:
            best, best_index = score, i
    return best, best_index


class Vocabulary:
    """Token string -> int32 id, grown as texts arrive."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def encode(self, text: str) -> np.ndarray:
        ids = self.ids
        return np.array([ids.setdefault(t, len(ids)) for t in tokenize(text)], dtype=np.int32)


def rouge_l(target: str, prediction: str) -> float:
    """ROUGE-L F-measure of two texts (symmetric)."""
    vocab = Vocabulary()
    a, b = vocab.encode(target), vocab.encode(prediction)
    if a.size == 0 or b.size == 0:
        return 0.0
    n = a.size
    lcs = _lcs(a, b, np.zeros(n + 1, np.int32), np.zeros(n + 1, np.int32))
    return float(_fmeasure(lcs, n, b.size))


class RougeIndex:
    """A growing pool of texts; `best(text)` is the highest ROUGE-L F against every text in the pool."""

    def __init__(self, texts: list[str] | tuple[str, ...] = ()) -> None:
        self.vocab = Vocabulary()
        self.texts: list[str] = []
        self._tokens = np.zeros(1024, dtype=np.int32)
        self._starts = np.zeros(64, dtype=np.int64)  # _starts[i]..._starts[i+1] are text i's tokens
        for text in texts:
            self.add(text)

    def __len__(self) -> int:
        return len(self.texts)

    def add(self, text: str) -> None:
        ids = self.vocab.encode(text)
        count, end = len(self.texts), int(self._starts[len(self.texts)])
        if end + ids.size > self._tokens.size:
            self._tokens = np.resize(self._tokens, max(2 * self._tokens.size, end + ids.size))
        if count + 2 > self._starts.size:
            self._starts = np.resize(self._starts, 2 * self._starts.size)
        self._tokens[end:end + ids.size] = ids
        self._starts[count + 1] = end + ids.size
        self.texts.append(text)

    def best(self, text: str) -> tuple[float, int]:
        """(score, index of the most similar pool text); (0.0, -1) for an empty pool or a text without tokens."""
        score, index = _best_match(self.vocab.encode(text), self._tokens, self._starts, len(self.texts))
        return float(score), int(index)

"""Compiled kernels for minhash_dedup: shingle hashing, MinHash signatures, LSH bands, Jaccard checks, clusters.

Everything here works on flat arrays (an Arrow string buffer with offsets, shingle hashes with per-document
offsets, a signature matrix), so one call covers a whole batch and no Python runs per row or per shingle.
Kernels are single-threaded and compiled once (`cache=True` keeps the machine code between runs).

The spec (`minhash.shingles` and `minhash.shingle_hash` restate it in plain Python; tests hold them equal):
- Tokens: the caller lowercases the text; a token is a maximal run of word characters, where a character is a
  word character unless it is ASCII and not `[0-9A-Za-z_]`, or lies in one of `SEPARATOR_RANGES` (Latin-1
  punctuation, general punctuation, symbols, arrows, CJK and full-width punctuation, emoji).
- Units: in word mode, the xxHash32 (seed 0) of each token's UTF-8 bytes; in char mode, the code points of the
  tokens joined by single spaces.
- Shingles: `ngram` consecutive units; a document with fewer units is one shingle of all of them. A shingle's
  hash is a polynomial of its units (`_doc_shingles`), rolled along the text: each token is hashed once, not
  once per shingle it is part of, and each shingle costs two multiplications and a final mix.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# Inclusive code point ranges (above ASCII) that separate tokens, like ASCII punctuation and whitespace do.
SEPARATOR_RANGES = np.array([
    (0x0080, 0x00BF),  # C1 controls, no-break space, Latin-1 punctuation and symbols
    (0x00D7, 0x00D7), (0x00F7, 0x00F7),  # multiplication and division signs
    (0x1680, 0x1680),  # Ogham space mark (the one Unicode space outside these blocks)
    (0x2000, 0x2BFF),  # general punctuation, super/subscripts, currency, arrows, math, box drawing, symbols
    (0x2E00, 0x2E7F),  # supplemental punctuation
    (0x3000, 0x303F),  # CJK symbols and punctuation (ideographic space, 、 。)
    (0xFE10, 0xFE1F), (0xFE30, 0xFE6F),  # vertical, CJK compatibility and small punctuation forms
    (0xFEFF, 0xFEFF),  # byte order mark
    (0xFF00, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65),  # full-width punctuation
    (0x1F000, 0x1FAFF),  # emoji, playing cards, pictographs
], dtype=np.int64)

SEPARATOR, WORD, MULTIBYTE = 0, 1, 2
BYTE_CLASS = np.full(256, MULTIBYTE, dtype=np.uint8)  # bytes >= 0x80 start (or continue) a multibyte character
BYTE_CLASS[:128] = SEPARATOR
for _c in b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_":
    BYTE_CLASS[_c] = WORD

MASK32 = np.uint64(0xFFFFFFFF)
_P1, _P2, _P3, _P4, _P5 = (np.uint64(0x9E3779B1), np.uint64(0x85EBCA77), np.uint64(0xC2B2AE3D),
                           np.uint64(0x27D4EB2F), np.uint64(0x165667B1))
MERSENNE_61 = np.uint64((1 << 61) - 1)
GOLDEN_64 = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it is a bijection on 64-bit words


# ------------------------------------------------------------------------------------------ xxHash32


@njit(cache=True, inline="always")
def _rotl32(x: np.uint64, r: int) -> np.uint64:
    return ((x << np.uint64(r)) | (x >> np.uint64(32 - r))) & MASK32


@njit(cache=True, inline="always")
def _read32(buf: np.ndarray, i: int) -> np.uint64:
    return (np.uint64(buf[i]) | (np.uint64(buf[i + 1]) << np.uint64(8)) | (np.uint64(buf[i + 2]) << np.uint64(16))
            | (np.uint64(buf[i + 3]) << np.uint64(24)))


@njit(cache=True, inline="always")
def _round32(acc: np.uint64, lane: np.uint64) -> np.uint64:
    acc = (acc + lane * _P2) & MASK32
    return (_rotl32(acc, 13) * _P1) & MASK32


@njit(cache=True, inline="always")
def xxh32(buf: np.ndarray, start: int, end: int, seed: int) -> np.uint32:
    """xxHash32 (specification v0.8) of `buf[start:end]`, equal to `xxhash.xxh32_intdigest(bytes, seed)`."""
    length = end - start
    s = np.uint64(seed) & MASK32
    i = start
    if length >= 16:
        v1, v2 = (s + _P1 + _P2) & MASK32, (s + _P2) & MASK32
        v3, v4 = s, (s - _P1) & MASK32
        while i + 16 <= end:
            v1, v2 = _round32(v1, _read32(buf, i)), _round32(v2, _read32(buf, i + 4))
            v3, v4 = _round32(v3, _read32(buf, i + 8)), _round32(v4, _read32(buf, i + 12))
            i += 16
        h = (_rotl32(v1, 1) + _rotl32(v2, 7) + _rotl32(v3, 12) + _rotl32(v4, 18)) & MASK32
    else:
        h = (s + _P5) & MASK32
    h = (h + np.uint64(length)) & MASK32
    while i + 4 <= end:
        h = (_rotl32((h + _read32(buf, i) * _P3) & MASK32, 17) * _P4) & MASK32
        i += 4
    while i < end:
        h = (_rotl32((h + np.uint64(buf[i]) * _P5) & MASK32, 11) * _P1) & MASK32
        i += 1
    h ^= h >> np.uint64(15)
    h = (h * _P2) & MASK32
    h ^= h >> np.uint64(13)
    h = (h * _P3) & MASK32
    h ^= h >> np.uint64(16)
    return np.uint32(h)


# ------------------------------------------------------------------------------------------ shingles


@njit(cache=True)
def _is_separator(cp: int) -> bool:
    for k in range(SEPARATOR_RANGES.shape[0]):  # noqa: SIM110 - a plain loop compiles to tight code in numba
        if SEPARATOR_RANGES[k, 0] <= cp <= SEPARATOR_RANGES[k, 1]:
            return True
    return False


@njit(cache=True)
def _decode(data: np.ndarray, i: int, end: int) -> tuple[int, int]:
    """(code point, byte length) of the UTF-8 character at `data[i]` (Arrow strings are valid UTF-8)."""
    lead = int(data[i])
    if lead < 0x80:
        return lead, 1
    if lead < 0xE0:
        size, cp = 2, lead & 0x1F
    elif lead < 0xF0:
        size, cp = 3, lead & 0x0F
    else:
        size, cp = 4, lead & 0x07
    size = min(size, end - i)
    for k in range(1, size):
        cp = (cp << 6) | (int(data[i + k]) & 0x3F)
    return cp, size


@njit(cache=True)
def _multibyte(data: np.ndarray, i: int, end: int) -> int:
    """The byte length of the non-ASCII character at `data[i]`: positive for a word character, else negative.

    Kept out of line, and the byte tables are globals (compile-time constants), so the ASCII loops stay tight.
    """
    cp, size = _decode(data, i, end)
    return -size if _is_separator(cp) else size


@njit(cache=True, inline="always")
def _word_end(data: np.ndarray, i: int, end: int) -> int:
    """The end of the token running through `i`: the next separator, or `end`."""
    while i < end:
        kind = BYTE_CLASS[data[i]]
        if kind == WORD:  # the common case
            i += 1
        elif kind == SEPARATOR:
            return i
        else:
            size = _multibyte(data, i, end)
            if size < 0:
                return i
            i += size
    return end


@njit(cache=True)
def _code_points(data: np.ndarray, start: int, end: int, units: np.ndarray, n: int) -> int:
    """Append the code points of `data[start:end]` to `units[n:]`; return the new count."""
    i = start
    while i < end:
        cp, size = _decode(data, i, end)
        units[n] = cp
        n += 1
        i += size
    return n


@njit(cache=True)
def document_units(data: np.ndarray, start: int, end: int, char_mode: bool, units: np.ndarray) -> int:
    """The units of one document into `units`: xxh32 of each token, or (char_mode) the code points of its
    tokens joined by single spaces. Returns how many."""
    n, i = 0, start
    while i < end:
        kind, size = BYTE_CLASS[data[i]], 1
        if kind == MULTIBYTE:
            size = _multibyte(data, i, end)
            kind, size = (SEPARATOR, -size) if size < 0 else (WORD, size)
        if kind == SEPARATOR:
            i += size
            continue
        stop = _word_end(data, i + size, end)
        if char_mode:
            if n > 0:
                units[n] = 32  # one space between tokens
                n += 1
            n = _code_points(data, i, stop, units, n)
        else:
            units[n] = xxh32(data, i, stop, 0)
            n += 1
        i = stop
    return n


@njit(cache=True, inline="always")
def _finish(h: np.uint64) -> np.uint32:
    """murmur3's fmix64 of a shingle's polynomial hash, low 32 bits."""
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    h ^= h >> np.uint64(33)
    return np.uint32(h & MASK32)


@njit(cache=True)
def _doc_shingles(units: np.ndarray, n: int, ngram: int, out: np.ndarray, pos: int) -> int:
    """Hash each window of `ngram` units (or all `n` when fewer) into `out[pos:]`; return the new position.

    A window's hash is `fmix64(sum(u[k] * G^(m-1-k)) mod 2^64)`, rolled from one window to the next.
    """
    h = np.uint64(0)
    for k in range(min(n, ngram)):
        h = h * GOLDEN_64 + np.uint64(units[k])
    out[pos] = _finish(h)
    pos += 1
    top = np.uint64(1)  # G^(ngram-1): the weight of the unit that leaves the window
    for _ in range(ngram - 1):
        top *= GOLDEN_64
    for k in range(ngram, n):
        h = (h - np.uint64(units[k - ngram]) * top) * GOLDEN_64 + np.uint64(units[k])
        out[pos] = _finish(h)
        pos += 1
    return pos


@njit(cache=True)
def shingle_hashes(data: np.ndarray, offsets: np.ndarray, ngram: int, char_mode: bool
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The hash of every shingle (`ngram` consecutive units) of every document of an Arrow string buffer.

    Returns (hashes, doc_offsets): document d's shingle hashes are `hashes[doc_offsets[d]:doc_offsets[d+1]]`,
    in text order, repeats included (a MinHash of a multiset equals the MinHash of its set). A document with
    fewer than `ngram` units is one shingle of all of them (none, for an empty one).
    """
    n_docs = offsets.shape[0] - 1
    longest = 0
    for d in range(n_docs):
        longest = max(longest, offsets[d + 1] - offsets[d])
    units = np.empty(longest + 1, dtype=np.uint32)
    out = np.empty(offsets[n_docs] - offsets[0] + n_docs, dtype=np.uint32)  # units <= bytes, + 1 per doc
    doc_offsets = np.empty(n_docs + 1, dtype=np.int64)
    pos = 0
    for d in range(n_docs):
        doc_offsets[d] = pos
        n = document_units(data, offsets[d], offsets[d + 1], char_mode, units)
        pos = _doc_shingles(units, n, ngram, out, pos)
    doc_offsets[n_docs] = pos
    return out[:pos].copy(), doc_offsets


# ------------------------------------------------------------------------------------------ signatures


@njit(cache=True, inline="always")
def _fmix32(h: np.uint32) -> np.uint32:
    """MurmurHash3's 32-bit finalizer, which datasketch's "affine32" applies to each input hash first."""
    h = np.uint32(h)
    h ^= h >> np.uint32(16)
    h = np.uint32(h * np.uint32(0x85EBCA6B))
    h ^= h >> np.uint32(13)
    h = np.uint32(h * np.uint32(0xC2B2AE35))
    h ^= h >> np.uint32(16)
    return h


@njit(cache=True)
def signatures_affine32(hashes: np.ndarray, doc_offsets: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """datasketch's "affine32" MinHash: min over shingles of `a*fmix32(h) + b mod 2^32`, per permutation.

    Four shingles per pass over the permutations, so each signature slot is loaded and stored a quarter as often.
    """
    n_docs, n_perm = doc_offsets.shape[0] - 1, a.shape[0]
    sig = np.empty((n_docs, n_perm), dtype=np.uint32)
    row = np.empty(n_perm, dtype=np.uint32)
    for d in range(n_docs):
        for k in range(n_perm):
            row[k] = np.uint32(0xFFFFFFFF)
        s, end = doc_offsets[d], doc_offsets[d + 1]
        while s + 4 <= end:
            h1, h2 = _fmix32(hashes[s]), _fmix32(hashes[s + 1])
            h3, h4 = _fmix32(hashes[s + 2]), _fmix32(hashes[s + 3])
            for k in range(n_perm):
                ak, bk = a[k], b[k]
                low = min(min(np.uint32(ak * h1 + bk), np.uint32(ak * h2 + bk)),
                          min(np.uint32(ak * h3 + bk), np.uint32(ak * h4 + bk)))
                row[k] = min(row[k], low)
            s += 4
        for t in range(s, end):
            h = _fmix32(hashes[t])
            for k in range(n_perm):
                row[k] = min(row[k], np.uint32(a[k] * h + b[k]))
        for k in range(n_perm):  # element by element: a row assignment compiles shape checks and their messages
            sig[d, k] = row[k]
    return sig


@njit(cache=True)
def signatures_legacy(hashes: np.ndarray, doc_offsets: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """datasketch's "legacy" MinHash: `((a*h + b) mod 2^64) mod (2^61 - 1)`, low 32 bits, min per permutation."""
    n_docs, n_perm = doc_offsets.shape[0] - 1, a.shape[0]
    sig = np.full((n_docs, n_perm), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    tmp = np.empty(n_perm, dtype=np.uint64)
    for d in range(n_docs):
        tmp[:] = MASK32
        for s in range(doc_offsets[d], doc_offsets[d + 1]):
            h = np.uint64(hashes[s])
            for k in range(n_perm):
                x = a[k] * h + b[k]  # wraps modulo 2^64, as numpy's uint64 arithmetic does
                x = (x & MERSENNE_61) + (x >> np.uint64(61))  # x mod (2^61 - 1), then one correction
                x = x - MERSENNE_61 if x >= MERSENNE_61 else x
                tmp[k] = min(tmp[k], x & MASK32)
        for k in range(n_perm):
            sig[d, k] = np.uint32(tmp[k])
    return sig


# ------------------------------------------------------------------------------------------ LSH


@njit(cache=True)
def band_keys(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """A 64-bit key per (band, document): equal bands give equal keys; different ones collide ~2^-64."""
    n_docs = sig.shape[0]
    keys = np.empty((bands, n_docs), dtype=np.uint64)
    for d in range(n_docs):
        for band in range(bands):
            h = np.uint64(0x9E3779B97F4A7C15) * np.uint64(band + 1)
            for k in range(band * rows, (band + 1) * rows):
                h = (h ^ np.uint64(sig[d, k])) * np.uint64(0x100000001B3)
                h ^= h >> np.uint64(29)
            h ^= h >> np.uint64(33)  # murmur3 fmix64 finalizer
            h *= np.uint64(0xFF51AFD7ED558CCD)
            h ^= h >> np.uint64(33)
            h *= np.uint64(0xC4CEB9FE1A85EC53)
            h ^= h >> np.uint64(33)
            keys[band, d] = h
    return keys


@njit(cache=True)
def _bucket_pairs(members: np.ndarray, full_limit: int, left: np.ndarray, right: np.ndarray, pos: int) -> int:
    """Pairs of one bucket (members ascending): all of them up to `full_limit` members, else a star and a chain."""
    m = members.shape[0]
    if m <= full_limit:
        for x in range(m):
            for y in range(x + 1, m):
                left[pos], right[pos] = members[x], members[y]
                pos += 1
    else:
        for y in range(1, m):
            left[pos], right[pos] = members[0], members[y]
            pos += 1
        for y in range(2, m):
            left[pos], right[pos] = members[y - 1], members[y]
            pos += 1
    return pos


@njit(cache=True)
def _ascending(members: np.ndarray) -> np.ndarray:
    """A sorted copy of a bucket's members (an insertion sort: buckets hold a few members, and numba's np.sort
    alone took a third of a first run's compile time)."""
    out = members.copy()
    for i in range(1, out.shape[0]):
        value, j = out[i], i - 1
        while j >= 0 and out[j] > value:
            out[j + 1] = out[j]
            j -= 1
        out[j + 1] = value
    return out


@njit(cache=True)
def _bucket_pair_count(m: int, full_limit: int) -> int:
    return m * (m - 1) // 2 if m <= full_limit else 2 * m - 3


@njit(cache=True)
def candidate_pairs(keys: np.ndarray, orders: np.ndarray, full_limit: int) -> tuple[np.ndarray, np.ndarray]:
    """(left, right) document pairs, left < right, sharing a band key; may repeat across bands.

    `orders[band]` sorts `keys[band]` (numpy's argsort; ties in any order, since members are sorted here).
    """
    bands, n_docs = keys.shape
    total = 0
    for band in range(bands):
        order, start = orders[band], 0
        for i in range(1, n_docs + 1):
            if i == n_docs or keys[band, order[i]] != keys[band, order[start]]:
                total += _bucket_pair_count(i - start, full_limit)
                start = i
    left = np.empty(total, dtype=np.int64)
    right = np.empty(total, dtype=np.int64)
    pos = 0
    for band in range(bands):
        order, start = orders[band], 0
        for i in range(1, n_docs + 1):
            if i == n_docs or keys[band, order[i]] != keys[band, order[start]]:
                if i - start > 1:
                    pos = _bucket_pairs(_ascending(order[start:i]), full_limit, left, right, pos)
                start = i
    return left, right


# ------------------------------------------------------------------------------------------ verification


@njit(cache=True)
def pack_sets(hashes: np.ndarray, doc_offsets: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The shingle hashes of `docs` as `rank << 32 | hash` (rank: position in `docs`), and their offsets.

    One np.sort of the result sorts every document's hashes at once, each staying within its own offsets.
    """
    offsets = np.empty(docs.shape[0] + 1, dtype=np.int64)
    offsets[0] = 0
    for r in range(docs.shape[0]):
        offsets[r + 1] = offsets[r] + doc_offsets[docs[r] + 1] - doc_offsets[docs[r]]
    packed = np.empty(offsets[-1], dtype=np.uint64)
    for r in range(docs.shape[0]):
        base, start = offsets[r] - doc_offsets[docs[r]], np.uint64(r) << np.uint64(32)
        for i in range(doc_offsets[docs[r]], doc_offsets[docs[r] + 1]):
            packed[base + i] = start | np.uint64(hashes[i])
    return packed, offsets


@njit(cache=True)
def unique_sets(packed: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """From sorted `pack_sets` output: each set's distinct hashes, from its offset on, and the set sizes."""
    values = np.empty(packed.shape[0], dtype=np.uint32)
    sizes = np.zeros(offsets.shape[0] - 1, dtype=np.int64)
    for r in range(offsets.shape[0] - 1):
        size = 0
        for i in range(offsets[r], offsets[r + 1]):
            value = np.uint32(packed[i] & MASK32)
            if size == 0 or value != values[offsets[r] + size - 1]:
                values[offsets[r] + size] = value
                size += 1
        sizes[r] = size
    return values, sizes


@njit(cache=True)
def _intersection(x: np.ndarray, y: np.ndarray) -> int:
    i = j = common = 0
    while i < x.shape[0] and j < y.shape[0]:
        if x[i] == y[j]:
            common += 1
            i += 1
            j += 1
        elif x[i] < y[j]:
            i += 1
        else:
            j += 1
    return common


@njit(cache=True)
def pair_jaccard(values: np.ndarray, offsets: np.ndarray, sizes: np.ndarray, left: np.ndarray,
                 right: np.ndarray, threshold: float) -> tuple[np.ndarray, int]:
    """Exact Jaccard of the sets (`unique_sets`) of each pair, and how many pairs needed their sets compared.

    A pair whose sizes alone bound the Jaccard below `threshold` gets that bound (min/max) without a compare.
    """
    out = np.empty(left.shape[0], dtype=np.float64)
    compared = 0
    for p in range(left.shape[0]):
        i, j = left[p], right[p]
        small, large = min(sizes[i], sizes[j]), max(sizes[i], sizes[j])
        if small < threshold * large:
            out[p] = small / large
            continue
        common = _intersection(values[offsets[i]:offsets[i] + sizes[i]], values[offsets[j]:offsets[j] + sizes[j]])
        out[p] = common / (sizes[i] + sizes[j] - common)
        compared += 1
    return out, compared


# ------------------------------------------------------------------------------------------ clusters


@njit(cache=True)
def _find(parent: np.ndarray, x: int) -> int:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:  # path compression
        parent[x], x = root, parent[x]
    return root


@njit(cache=True)
def union_find(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected components of the pair graph; each document's root is the smallest index in its component."""
    parent = np.arange(n)
    for p in range(left.shape[0]):
        a, b = _find(parent, left[p]), _find(parent, right[p])
        if a < b:
            parent[b] = a
        elif b < a:
            parent[a] = b
    for x in range(n):
        parent[x] = _find(parent, x)
    return parent

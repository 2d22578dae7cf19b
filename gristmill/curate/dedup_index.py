"""A persistent near-duplicate index: the rows earlier runs saw, so a new batch is deduped against them without
re-reading old data (`minhash_dedup: {index: redis://host:6379/0}` or `{index: path/to/dir}`).

Redis holds the bands in datasketch's `MinHashLSH` layout (datasketch.storage's Redis backend), so a datasketch
user queries the same index with `MinHashLSH(threshold, num_perm, params=(bands, rows), storage_config={"type":
"redis", "basename": b"<basename>", "redis": {...}})` and `MinHash(num_perm, seed, hashfunc=shingle_hash)`; the
keys it returns are gristmill row ids. Under the basename `B`:

- `B_keys`: hash, pickled key -> `B_keys<pickled key>`, a list of the key's band values (datasketch's keys);
- `B_bucket_<band as 2 big-endian bytes>`: hash, band value -> `B_bucket_<band><value>`, a set of pickled keys;
- a band value is the band's slice of the signature as big-endian integers (`hashvalues[start:end].byteswap()`),
  and keys are pickled as datasketch pickles them (`prepickle`, on by default for Redis).

gristmill adds three hashes datasketch never reads: `B_gristmill_meta` (what the signatures depend on, checked
on every use, and the row count), `B_gristmill_rows` (pickled key -> insertion number and the row's shingle-hash
set, for the exact check) and `B_gristmill_parent` (pickled key -> an earlier row of its cluster), so clusters
that span runs keep the row that came first, as one run over all the data would.

A run's rows go in only after its outputs are written (`commit`), in one MULTI/EXEC transaction: a run killed
before or during it leaves the index as it was. The local directory store does the same with Parquet files and
an `index.json` that names the committed ones, written last and atomically.
"""

from __future__ import annotations

import json
import pickle
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import polars as pl

from gristmill.errors import ConfigError, require

LOOKUP_CHUNK = 20_000  # band values looked up per round trip
COMMIT_CHUNK = 2_000  # rows per script call inside the commit's one transaction

# Server-side loops (a Lua script runs atomically and costs one command), so Python does not build one Redis
# command per band and row. LOOKUP: the members of each bucket set named in KEYS.
LOOKUP = "local out = {} for i = 1, #KEYS do out[i] = redis.call('SMEMBERS', KEYS[i]) end return out"
# INSERT: datasketch's MinHashLSH._insert (keys hash and list, then each band's hash and set) for each row, and
# gristmill's row record. ARGV: keys hash, rows hash, bands, the bands' hash names, then per row: pickled key,
# record, band values.
INSERT = """
local keys_name, rows_name, nb = ARGV[1], ARGV[2], tonumber(ARGV[3])
local i = 4 + nb
while i <= #ARGV do
  local key = ARGV[i]
  redis.call('HSET', keys_name, key, keys_name .. key)
  local values = {}
  for b = 1, nb do
    local value, bucket = ARGV[i + 1 + b], ARGV[3 + b]
    values[b] = value
    redis.call('HSET', bucket, value, bucket .. value)
    redis.call('SADD', bucket .. value, key)
  end
  redis.call('RPUSH', keys_name .. key, unpack(values))
  redis.call('HSET', rows_name, key, ARGV[i + 1])
  i = i + 2 + nb
end
return 0
"""


@dataclass
class Hits:
    """Index rows that share a band with rows of a batch: `rows[k]` (batch row) and `keys[k]` (index row id)."""

    rows: np.ndarray
    keys: list[str]


@dataclass
class IndexRows:
    """What the index holds of some of its rows: insertion number, shingle-hash set, cluster parent (or None)."""

    seq: np.ndarray
    shingles: list[np.ndarray]
    parents: list[str | None]


@dataclass
class NewRows:
    """A run's rows for the index: ids, band values [n, bands, rows] and shingle sets, in table order, and
    the parent (an earlier row of the cluster) of those that have one, including older rows whose cluster a new
    row joined to an earlier one."""

    keys: list[str]
    bands: np.ndarray
    shingles: list[np.ndarray]
    parents: dict[str, str]


class DedupIndex(Protocol):
    def meta(self) -> dict[str, Any] | None: ...
    def lookup(self, bands: np.ndarray) -> Hits: ...
    def fetch(self, keys: list[str]) -> IndexRows: ...
    def commit(self, meta: dict[str, Any], rows: NewRows) -> None: ...
    def stats(self) -> dict[str, Any]: ...
    def drop(self) -> int: ...


def open_index(location: str, basename: str = "gristmill") -> DedupIndex:
    """`redis://host:port/db` (datasketch's layout under `basename`), or a local directory."""
    if location.startswith(("redis://", "rediss://", "unix://")):
        return RedisIndex(location, basename)
    return DirectoryIndex(Path(location))


def check_meta(index: DedupIndex, expected: dict[str, Any], where: str) -> int:
    """Refuse an index built with other signature settings; return how many rows it holds."""
    found = index.meta()
    if found is None:
        return 0
    differ = {k: (found.get(k), v) for k, v in expected.items() if found.get(k) != v}
    if differ:
        raise ConfigError([f"{where}: the index was built with other settings: "
                           + ", ".join(f"{k}={a!r} (this run: {b!r})" for k, (a, b) in differ.items())
                           + "; use the same settings, or another index"])
    return int(found.get("rows", 0))


def band_values(sig: np.ndarray, bands: int, rows: int, legacy: bool) -> np.ndarray:
    """[n, bands] byte strings as datasketch's `MinHashLSH._H` makes them from each band's hash values."""
    dtype = ">u8" if legacy else ">u4"  # datasketch keeps legacy hash values as uint64, affine32 as uint32
    width = rows * np.dtype(dtype).itemsize
    raw = np.ascontiguousarray(sig[:, :bands * rows].astype(dtype)).view(f"S{width}").reshape(sig.shape[0], bands)
    return raw  # fixed-width bytes; numpy strips trailing zero bytes on access, so use `.tobytes()` per cell


def cell(values: np.ndarray, row: int, band: int) -> bytes:
    return values[row:row + 1, band].tobytes()


# ------------------------------------------------------------------------------------------ Redis


class RedisIndex:
    """The index on a Redis server, in datasketch's MinHashLSH layout (see the module's docstring)."""

    def __init__(self, url: str, basename: str) -> None:
        redis = require("redis", "redis", "A dedup index on Redis")
        # no read timeout by default: one commit runs a whole batch's inserts (a ?socket_timeout= in the URL wins)
        self.client = redis.Redis.from_url(url, socket_timeout=None)
        self.url, self.base = url, basename.encode()

    def _name(self, suffix: str) -> bytes:
        return self.base + suffix.encode()

    def _bucket(self, band: int) -> bytes:
        return self.base + b"_bucket_" + struct.pack(">H", band)

    def meta(self) -> dict[str, Any] | None:
        raw = self.client.hget(self._name("_gristmill_meta"), "meta")
        return json.loads(raw) if raw else None

    def lookup(self, bands: np.ndarray) -> Hits:
        n, b = bands.shape
        names = [self._bucket(band) + cell(bands, d, band) for d in range(n) for band in range(b)]
        rows, keys = [], []
        for start in range(0, len(names), LOOKUP_CHUNK):
            chunk = names[start:start + LOOKUP_CHUNK]
            for offset, members in enumerate(self.client.eval(LOOKUP, len(chunk), *chunk)):
                for member in members:
                    rows.append((start + offset) // b)
                    keys.append(pickle.loads(member))
        return Hits(np.array(rows, dtype=np.int64), keys)

    def fetch(self, keys: list[str]) -> IndexRows:
        if not keys:
            return IndexRows(np.empty(0, np.int64), [], [])
        packed = [pickle.dumps(k) for k in keys]
        pipe = self.client.pipeline(transaction=False)
        pipe.hmget(self._name("_gristmill_rows"), packed)
        pipe.hmget(self._name("_gristmill_parent"), packed)
        values, parents = pipe.execute()
        missing = [k for k, v in zip(keys, values, strict=True) if v is None]
        if missing:
            raise ConfigError([f"{self.url}: index rows {missing[:3]} have bands but no gristmill record (rows "
                               f"inserted by datasketch itself cannot be checked exactly)"])
        seq = np.array([struct.unpack("<q", v[:8])[0] for v in values], dtype=np.int64)
        return IndexRows(seq, [np.frombuffer(v[8:], dtype=np.uint32) for v in values],
                         [pickle.loads(p) if p else None for p in parents])

    def commit(self, meta: dict[str, Any], rows: NewRows) -> None:
        """Insert the rows (and parent updates) in one MULTI/EXEC transaction: all of it or nothing."""
        first = int((self.meta() or {}).get("rows", 0))
        bands = rows.bands.shape[1]
        head = [self._name("_keys"), self._name("_gristmill_rows"), bands, *(self._bucket(b) for b in range(bands))]
        pipe = self.client.pipeline(transaction=True)
        for start in range(0, len(rows.keys), COMMIT_CHUNK):
            args: list[Any] = list(head)
            for number in range(start, min(start + COMMIT_CHUNK, len(rows.keys))):
                args.append(pickle.dumps(rows.keys[number]))
                args.append(struct.pack("<q", first + number) + rows.shingles[number].astype(np.uint32).tobytes())
                args.extend(cell(rows.bands, number, band) for band in range(bands))
            pipe.eval(INSERT, 0, *args)
        if rows.parents:
            pipe.hset(self._name("_gristmill_parent"), mapping={pickle.dumps(child): pickle.dumps(parent)
                                                                 for child, parent in rows.parents.items()})
        pipe.hset(self._name("_gristmill_meta"), "meta", json.dumps({**meta, "rows": first + len(rows.keys)}))
        pipe.execute()

    def stats(self) -> dict[str, Any]:
        meta = self.meta() or {}
        return {"location": self.url, "basename": self.base.decode(), "rows": int(meta.get("rows", 0)),
                "keys": int(self.client.hlen(self._name("_keys"))),
                "bands": meta.get("bands"), "band_rows": meta.get("band_rows"),
                "settings": {k: v for k, v in meta.items() if k not in ("rows",)}}

    def drop(self) -> int:
        """Delete every key of this index (datasketch's and gristmill's); returns how many."""
        names = list(self.client.scan_iter(match=self.base + b"_*", count=10_000))
        for start in range(0, len(names), 10_000):
            self.client.delete(*names[start:start + 10_000])
        return len(names)


# ------------------------------------------------------------------------------------------ local directory


class DirectoryIndex:
    """The index as Parquet files in a directory; `index.json` (written last, atomically) names the committed
    ones, so files of a run killed before it are never read."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _state(self) -> dict[str, Any]:
        path = self.root / "index.json"
        return json.loads(path.read_text()) if path.exists() else {"meta": None, "parts": []}

    def _scan(self, kind: str) -> pl.LazyFrame | None:
        files = [self.root / p[kind] for p in self._state()["parts"] if p.get(kind)]
        return pl.scan_parquet(files) if files else None

    def meta(self) -> dict[str, Any] | None:
        return self._state()["meta"]

    def lookup(self, bands: np.ndarray) -> Hits:
        rows = self._scan("rows")
        if rows is None:
            return Hits(np.empty(0, np.int64), [])
        parts = []
        for band in range(bands.shape[1]):
            query = pl.DataFrame({"_row": np.arange(bands.shape[0]),
                                  "value": [cell(bands, d, band) for d in range(bands.shape[0])]})
            parts.append(query.lazy().join(rows.select("key", value=pl.col(f"band_{band}")), on="value"))
        found = pl.concat(parts).select("_row", "key").unique(maintain_order=True).collect()
        return Hits(found.get_column("_row").to_numpy().astype(np.int64), found.get_column("key").to_list())

    def fetch(self, keys: list[str]) -> IndexRows:
        rows, parents = self._scan("rows"), self._scan("parents")
        if rows is None or not keys:
            return IndexRows(np.empty(0, np.int64), [], [])
        wanted = pl.DataFrame({"key": keys})
        found = wanted.join(rows.select("key", "seq", "shingles").collect(), on="key", how="left",
                            maintain_order="left")
        parent = (parents.group_by("key").agg(pl.col("parent").last()).collect() if parents is not None
                  else pl.DataFrame({"key": [], "parent": []}, schema={"key": pl.String, "parent": pl.String}))
        found = found.join(parent, on="key", how="left", maintain_order="left")
        return IndexRows(found.get_column("seq").to_numpy().astype(np.int64),
                         [np.frombuffer(v, dtype=np.uint32) for v in found.get_column("shingles").to_list()],
                         found.get_column("parent").to_list())

    def commit(self, meta: dict[str, Any], rows: NewRows) -> None:
        from gristmill.files import write_json

        self.root.mkdir(parents=True, exist_ok=True)
        state = self._state()
        first = int((state["meta"] or {}).get("rows", 0))
        number = len(state["parts"])
        part: dict[str, str] = {"rows": f"rows-{number:06d}.parquet"}
        n = len(rows.keys)
        pl.DataFrame({"key": rows.keys, "seq": np.arange(first, first + n, dtype=np.int64),
                      **{f"band_{b}": [cell(rows.bands, d, b) for d in range(n)] for b in range(rows.bands.shape[1])},
                      "shingles": [s.astype(np.uint32).tobytes() for s in rows.shingles]},
                     schema_overrides={"shingles": pl.Binary}).write_parquet(self.root / part["rows"])
        if rows.parents:
            part["parents"] = f"parents-{number:06d}.parquet"
            pl.DataFrame({"key": list(rows.parents), "parent": list(rows.parents.values())}).write_parquet(
                self.root / part["parents"])
        state["parts"].append(part)
        state["meta"] = {**meta, "rows": first + n}
        write_json(state, self.root / "index.json")  # the commit: atomic rename, last

    def stats(self) -> dict[str, Any]:
        meta = self.meta() or {}
        return {"location": str(self.root), "rows": int(meta.get("rows", 0)), "parts": len(self._state()["parts"]),
                "bands": meta.get("bands"), "band_rows": meta.get("band_rows"),
                "settings": {k: v for k, v in meta.items() if k not in ("rows",)}}

    def drop(self) -> int:
        state = self._state()
        files = [self.root / name for p in state["parts"] for name in p.values()]
        index_file = self.root / "index.json"
        if index_file.exists():
            index_file.unlink()  # first: what is left is no longer an index
        for path in files:
            path.unlink(missing_ok=True)
        return len(files) + (1 if state["meta"] is not None else 0)

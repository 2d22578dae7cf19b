"""What minhash_dedup keeps of a table it sees batch by batch: band keys and shingle hashes, in files.

The bounded-memory form of the pass (issue 18): instead of holding every row (texts included) until the table is
complete, each batch is hashed as it goes by and only its LSH band keys (one 64-bit key per band and row) and,
for the exact check, its shingle hashes are appended to files under a spill directory. Grouping then reads one
band's keys at a time (8 bytes a row, plus its sort order), and the exact check reads back only the shingle
sets of rows that some band paired, a slice of the file at a time. What stays in memory for the whole table is
per-row offsets into the hash file (8 bytes a row) and whatever the caller keeps per row (ids, keep keys).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from gristmill.curate.base import PhaseFn

READ_HASHES = 1 << 25  # shingle hashes read back per slice in the exact check (128 MiB of uint32)


class BandSpill:
    """Band keys (one file per band) and shingle hashes (one file) of the rows added so far, in order."""

    def __init__(self, directory: Path, bands: int, verify: bool) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory, self.bands, self.verify = directory, bands, verify
        self.band_files = [open(directory / f"band-{b:03d}.u64", "wb") for b in range(bands)]  # noqa: SIM115
        self.hash_file = open(directory / "shingles.u32", "wb") if verify else None  # noqa: SIM115
        self.sizes: list[np.ndarray] = []  # shingles per row, per batch
        self.rows = 0

    def add(self, keys: np.ndarray, hashes: np.ndarray, offsets: np.ndarray) -> None:
        """Append a batch: `keys[band, row]` (uint64) and, when verifying, its shingle hashes with offsets."""
        for band, file in enumerate(self.band_files):
            file.write(np.ascontiguousarray(keys[band]).tobytes())
        if self.hash_file is not None:
            self.hash_file.write(np.ascontiguousarray(hashes[offsets[0]:offsets[-1]]).tobytes())
            self.sizes.append(np.diff(offsets).astype(np.int32))
        self.rows += keys.shape[1]

    def _flush(self) -> None:
        for file in [*self.band_files, *([self.hash_file] if self.hash_file is not None else [])]:
            if not file.closed:
                file.flush()

    def candidates(self, full_limit: int, progress: PhaseFn | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Distinct (left, right) row pairs, left < right, sharing a band key, sorted: the same pairs as
        `NearDuplicateFinder.candidates` over all rows at once, one band in memory at a time."""
        from gristmill.curate import _minhash_kernels as kernels

        self._flush()
        n, codes = self.rows, []
        for band in range(self.bands):
            keys = np.fromfile(self.directory / f"band-{band:03d}.u64", dtype=np.uint64)[None, :]
            left, right = kernels.candidate_pairs(keys, np.argsort(keys, axis=1), full_limit)
            codes.append(np.unique(left * np.int64(n) + right))
            del keys, left, right
            if progress is not None:
                progress("bands grouped", band + 1, self.bands)
        merged = np.unique(np.concatenate(codes)) if codes else np.empty(0, np.int64)
        return merged // max(n, 1), merged % max(n, 1)

    def packed_sets(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`_minhash_kernels.pack_sets` of the rows `docs` (ascending), read from the hash file a slice at a
        time: only the shingles of those rows are held."""
        from gristmill.curate import _minhash_kernels as kernels

        self._flush()
        sizes = np.concatenate(self.sizes) if self.sizes else np.zeros(0, np.int32)
        offsets = np.zeros(sizes.shape[0] + 1, np.int64)
        np.cumsum(sizes, out=offsets[1:])
        parts, set_offsets, rank = [], [np.zeros(1, np.int64)], 0
        with open(self.directory / "shingles.u32", "rb") as file:
            start = 0
            while start < docs.shape[0]:
                first = docs[start]  # a slice of rows whose hashes fit READ_HASHES (at least one row)
                stop = max(start + 1, int(np.searchsorted(docs, np.searchsorted(
                    offsets, offsets[first] + READ_HASHES, side="right") - 1, side="left")))
                chunk_docs = docs[start:stop]
                lo, hi = offsets[chunk_docs[0]], offsets[chunk_docs[-1] + 1]
                file.seek(int(lo) * 4)
                hashes = np.fromfile(file, dtype=np.uint32, count=int(hi - lo))
                packed, chunk_offsets = kernels.pack_sets(hashes, offsets[chunk_docs[0]:chunk_docs[-1] + 2] - lo,
                                                          chunk_docs - chunk_docs[0])
                parts.append(packed + (np.uint64(rank) << np.uint64(32)))
                set_offsets.append(chunk_offsets[1:] + set_offsets[-1][-1])
                rank += chunk_docs.shape[0]
                start = stop
        packed_all = np.concatenate(parts) if parts else np.empty(0, np.uint64)
        return packed_all, np.concatenate(set_offsets)

    def add_values(self, values: np.ndarray) -> None:
        """Append a batch's band values ([rows, bands] fixed-width bytes, `dedup_index.band_values`): what a
        persistent index stores, kept only when the pass has one."""
        with open(self.directory / "band-values.bin", "ab") as file:
            file.write(np.ascontiguousarray(values).tobytes())
        self.value_dtype = values.dtype

    def values(self, docs: np.ndarray) -> np.ndarray:
        """The band values of rows `docs`."""
        table = np.memmap(self.directory / "band-values.bin", dtype=self.value_dtype, mode="r")
        return np.array(table.reshape(-1, self.bands)[docs])

    def shingle_sets(self, docs: np.ndarray) -> list[np.ndarray]:
        """The distinct shingle hashes of each of rows `docs` (ascending), sorted."""
        from gristmill.curate import _minhash_kernels as kernels

        packed, offsets = self.packed_sets(docs)
        packed.sort()
        values, sizes = kernels.unique_sets(packed, offsets)
        return [values[offsets[r]:offsets[r] + sizes[r]] for r in range(docs.shape[0])]

    def close(self) -> None:
        for file in [*self.band_files, *([self.hash_file] if self.hash_file is not None else [])]:
            file.close()

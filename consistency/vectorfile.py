"""Claim vectors on disk, one float16 row per claim id: what an IVF-PQ search re-ranks by.

Derived data, like the FAISS file: every row is a copy of `claims.embedding`, written after the
claim's transaction commits (or from DuckDB when the index is built), and a row that is not
there reads as missing, so the caller falls back to DuckDB. Row `i` holds claim id `i` at byte
`i * 2 * dim`; ids never written are holes of zeros, and a row is taken only if it is a unit
vector (claim vectors are), so neither a hole nor a row torn by a crash is ever used.

Why a file of its own: a 40-claim check re-ranks ~5,000 candidates, and reading their vectors by
id from DuckDB at 10M claims cost seconds (the table's blocks, 1.5 KB a vector, scattered over
~19 GB); here each is one `pread` of 768 bytes, with the OS's page cache behind it and nothing
held in the process. The rows are asked for all at once first (`posix_fadvise`), so rows not in
the page cache are read from disk together: 4,000 of them in 0.04 s rather than 0.19 s one by
one. float16 halves the disk (7.7 GB at 10M): the similarities it gives are within ~0.001 of
float32's, far below any threshold's resolution.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

DTYPE = np.dtype("<f2")
NORM_SLACK = 0.01  # |norm^2 - 1| of a row read back: float16 rounding costs ~1e-3


class VectorFile:
    """Rows of float16 vectors addressed by claim id, read and written with pread / pwrite."""

    def __init__(self, path: Path, dim: int) -> None:
        self.path = path
        self.dim = dim
        self.row_bytes = dim * DTYPE.itemsize

    def exists(self) -> bool:
        return self.path.exists()

    def sibling(self, suffix: str) -> VectorFile:
        """A file of the same shape beside this one (a new file is written there, then `replace`d)."""
        return VectorFile(self.path.with_name(self.path.name + suffix), self.dim)

    def replace(self, other: VectorFile) -> None:
        """Put this file in `other`'s place, whole (or none: `other` is removed)."""
        if self.path.exists():
            os.replace(self.path, other.path)
        else:
            other.remove()

    def rows(self) -> int:
        """Rows the file spans (the highest id written + 1), 0 when there is no file."""
        try:
            return self.path.stat().st_size // self.row_bytes
        except FileNotFoundError:
            return 0

    def read(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(float32 vectors, found) for `ids`; a row not in the file is zeros with found False."""
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        found = np.zeros(len(ids), dtype=bool)
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return out, found
        try:
            size = os.fstat(fd).st_size
            buf = bytearray(len(ids) * self.row_bytes)
            view = memoryview(buf)
            wanted = np.asarray(ids, dtype=np.int64).tolist()
            if hasattr(os, "posix_fadvise"):  # ask for every row first: the disk reads them together
                for cid in wanted:
                    if 0 <= cid and (cid + 1) * self.row_bytes <= size:
                        os.posix_fadvise(fd, cid * self.row_bytes, self.row_bytes, os.POSIX_FADV_WILLNEED)
            for row, cid in enumerate(wanted):
                offset = cid * self.row_bytes
                if cid < 0 or offset + self.row_bytes > size:
                    continue
                part = view[row * self.row_bytes : (row + 1) * self.row_bytes]
                found[row] = os.preadv(fd, [part], offset) == self.row_bytes
        finally:
            os.close(fd)
        vectors = np.frombuffer(buf, dtype=DTYPE).reshape(-1, self.dim).astype(np.float32)
        found &= _unit(vectors)
        out[found] = vectors[found]
        return out, found

    def held(self, ids: np.ndarray, chunk: int = 65536) -> np.ndarray:
        """Whether each of `ids` has its row, read through the file in order (`doctor`: 10M rows
        one by one would be 10M reads)."""
        valid = np.zeros(self.rows(), dtype=bool)
        for start in range(0, len(valid), chunk):
            count = min(chunk, len(valid) - start)
            block = np.fromfile(self.path, dtype=DTYPE, count=count * self.dim, offset=start * self.row_bytes)
            block = block.reshape(-1, self.dim).astype(np.float32)
            valid[start : start + len(block)] = _unit(block)
        ids = np.asarray(ids, dtype=np.int64)
        inside = (ids >= 0) & (ids < len(valid))
        out = np.zeros(len(ids), dtype=bool)
        out[inside] = valid[ids[inside]]
        return out

    def write(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Write rows; a run of consecutive ids goes in one call (a build writes 65k at a time)."""
        ids = np.asarray(ids, dtype=np.int64)
        if not len(ids):
            return
        if ids.min() < 0:
            raise ValueError("claim ids are never negative")
        data = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim), dtype=DTYPE)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            if np.array_equal(ids, np.arange(ids[0], ids[0] + len(ids))):
                _pwrite_all(fd, data.tobytes(), int(ids[0]) * self.row_bytes)
                return
            for cid, row in zip(ids.tolist(), data, strict=True):
                _pwrite_all(fd, row.tobytes(), cid * self.row_bytes)
        finally:
            os.close(fd)

    def truncate(self, rows: int) -> None:
        """Drop rows from `rows` on (ids DuckDB no longer holds may be given to new claims)."""
        if self.rows() > rows:
            os.truncate(self.path, rows * self.row_bytes)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def _unit(vectors: np.ndarray) -> np.ndarray:
    """Rows that are unit vectors: claim vectors are, a hole (zeros) or a torn row is not."""
    return np.asarray(np.abs(np.einsum("ij,ij->i", vectors, vectors) - 1.0) < NORM_SLACK)


def _pwrite_all(fd: int, data: bytes, offset: int) -> None:
    """pwrite until every byte is down (a pwrite may write less, as on a full disk)."""
    view = memoryview(data)
    while view:
        done = os.pwrite(fd, view, offset)
        if done <= 0:
            raise OSError(f"could not write the vector file at byte {offset}")
        view, offset = view[done:], offset + done

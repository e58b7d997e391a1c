"""The FAISS index of claim vectors: derived data, ids equal to `claims.claim_id`.

Vectors are unit length, so inner product is cosine similarity. The file is written to a
temporary name and renamed, so a crash leaves the old file or the new one, never half of one;
`Store` checks it against DuckDB on open and rebuilds it from the stored vectors when it is
missing or out of step.
"""

from __future__ import annotations

import os
from pathlib import Path

import faiss
import numpy as np

from consistency.embeddings import DIM


class ClaimIndex:
    """Exact inner-product search over claim vectors, keyed by claim id."""

    def __init__(self, dim: int = DIM, index: faiss.Index | None = None) -> None:
        self.dim = dim
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self.dirty = False

    @property
    def ntotal(self) -> int:
        return int(self.index.ntotal)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        self.index.add_with_ids(vectors, np.ascontiguousarray(ids, dtype=np.int64))
        self.dirty = True

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(similarities, ids) of shape (n, k); missing neighbours have id -1."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if self.ntotal == 0 or len(vectors) == 0:
            n = len(vectors)
            return np.zeros((n, k), dtype=np.float32), np.full((n, k), -1, dtype=np.int64)
        sims, ids = self.index.search(vectors, min(k, self.ntotal))
        if ids.shape[1] < k:
            pad = k - ids.shape[1]
            sims = np.pad(sims, ((0, 0), (0, pad)))
            ids = np.pad(ids, ((0, 0), (0, pad)), constant_values=-1)
        return sims, ids

    def ids(self) -> np.ndarray:
        """Every id in the index (for the consistency check against DuckDB)."""
        return np.sort(faiss.vector_to_array(self.index.id_map).astype(np.int64))

    def save(self, path: Path) -> None:
        tmp = path.with_name(path.name + f".tmp{os.getpid()}")
        faiss.write_index(self.index, str(tmp))
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        self.dirty = False

    @classmethod
    def load(cls, path: Path) -> ClaimIndex:
        index = faiss.read_index(str(path))
        return cls(index.d, index)

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray, dim: int = DIM) -> ClaimIndex:
        built = cls(dim)
        built.add(ids, vectors)
        return built

"""The FAISS index of claim vectors: derived data, ids equal to `claims.claim_id`.

Vectors are unit length, so inner product is cosine similarity. The file is written to a
temporary name and renamed, so a crash leaves the old file or the new one, never half of one;
`Store` checks it against DuckDB on open and rebuilds it from the stored vectors when it is
missing or out of step.

Three index types:
  flat     exact search over float32 vectors (1,536 bytes a claim); used below
           `APPROX_THRESHOLD` claims, where a scan of every vector is still quick.
  ivf-sq8  an inverted file (`nlist` k-means cells, `nprobe` of them searched per query) over
           8-bit scalar-quantised vectors: 384 bytes of codes + 8 of id a claim, and a scan of
           a few per cent of the store per query. Trained on the stored vectors when built;
           later vectors are added to the trained cells, and the index is retrained when the
           store has grown enough that it wants twice as many cells (about 4x more claims).
  ivf-pq   the same cells over product-quantised codes (PQ_BYTES bytes + 8 of id a claim, ~106 B
           in RAM), for stores too big to keep 392 B a claim in RAM (`PQ_THRESHOLD`). Codes only
           rank roughly, so a search takes a few times more candidates and re-ranks them by
           their exact vectors (`ClaimIndex.exact`, set by the store: float16 copies in the
           vector file beside the index, see vectorfile.py, else DuckDB's): the similarities it
           returns are those of exact search, to within ~0.001.
The store's `index_type` setting ("auto", "flat", "ivf-sq8", "ivf-pq") forces one; "auto" picks by size.
The vectors themselves live in DuckDB (`claims.embedding`), so changing type never re-embeds.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import faiss
import numpy as np

from consistency.embeddings import DIM
from consistency.errors import StoreError

if TYPE_CHECKING:
    from consistency.store import Store

FLAT = "flat"
IVF_SQ8 = "ivf-sq8"
IVF_PQ = "ivf-pq"
AUTO = "auto"
INDEX_TYPES = (FLAT, IVF_SQ8, IVF_PQ)
# Claims above which "auto" picks ivf-sq8. A check scans once for its ~40 vectors (matches and
# copy detection share the result); flat, at 100k claims the scans cost 0.2-1.8 s a check on a
# busy two-core machine (measured when a check still searched twice) and 150 MB of RAM, growing
# linearly (benchmarks/README.md). CONSIST_APPROX_THRESHOLD overrides it.
APPROX_THRESHOLD = int(os.environ.get("CONSIST_APPROX_THRESHOLD", "100000"))
# Claims above which "auto" picks ivf-pq: ivf-sq8 holds ~395 B a claim in RAM (0.8 GB at 2M, 4 GB
# at 10M); ivf-pq ~106 B, at the cost of reading the candidates' exact vectors on every search
# (from the store's vector file, 768 B a claim on disk; benchmarks/README.md, scale).
# CONSIST_PQ_THRESHOLD overrides it.
PQ_THRESHOLD = int(os.environ.get("CONSIST_PQ_THRESHOLD", "2000000"))
PQ_BYTES = 96  # sub-quantisers of 8 bits (4 dimensions each): recall@10 0.97 after re-ranking 40
PQ_TRAIN = 65536  # training points at least: each sub-quantiser fits 256 centroids
# A PQ search takes k + max(k, REFINE_EXTRA) candidates and keeps the k best by exact vectors:
# codes misplace near ties, and the first few neighbours need the most room (recall@10 against
# exact search on synthetic claim vectors: 0.65 from codes alone, 0.97 re-ranking 40).
REFINE_EXTRA = 30
# ... and never fewer than REFINE_MIN: at 10M synthetic claims the true top 10 often lies beyond
# 40 candidates (recall@10 0.89). The pipeline's own searches (k = 64) re-rank 128 already, so a
# search for 10 now sees what the pipeline sees, at no cost to `check`.
REFINE_MIN = 128
RECENT_VECTORS = 65536  # vectors added lately, kept for re-ranking (they may not be in DuckDB yet)
MIN_NLIST = 64
MAX_NLIST = 16384
TRAIN_PER_CELL = 48  # k-means training points per cell (FAISS wants >= 39)
TRAIN_ITERATIONS = 10
# Cells searched per query, as a fraction of nlist: measured recall@10 >= 0.95 against exact
# search on synthetic claim vectors at 1M (benchmarks/README.md).
NPROBE_FRACTION = 1 / 64
MIN_NPROBE = 16
# IVF-PQ re-ranks REFINE_MIN candidates or more by their exact vectors, and then the cells are not
# what limits recall: at 10M claims nprobe 16 and 128 gave recall@10 0.986 and 0.989, for 104 and
# 457 ms a 40-claim article's search (benchmarks/README.md, session 13).
PQ_NPROBE = 16
# Writing the FAISS file costs time in proportion to the store (~0.4 GB at 1M claims), so a few
# new vectors are left for `Store.sync_index` to add back from DuckDB on the next open; the file
# is rewritten once the unsaved share passes this fraction, and always for small stores.
RESAVE_FRACTION = 0.01
ALWAYS_SAVE_BELOW = 20000
# Threads for a search. A check searches a few dozen vectors; FAISS's OpenMP team then spends
# more time waking and spinning than searching, and on a busy two-core machine (torch holds its
# own threads) a 1 ms search took 30 ms with two threads. Builds keep every thread.
SEARCH_THREADS = 1


def choose_index_type(n_claims: int, setting: str = AUTO) -> str:
    """The index type for a store of `n_claims` under the store's setting."""
    if setting in INDEX_TYPES:
        return setting
    if setting != AUTO:
        raise StoreError(f"unknown index type {setting!r}; expected one of {', '.join((AUTO, *INDEX_TYPES))}")
    if n_claims > PQ_THRESHOLD:
        return IVF_PQ
    return IVF_SQ8 if n_claims > APPROX_THRESHOLD else FLAT


def nlist_for(n_claims: int) -> int:
    """Cells for an IVF index over `n_claims`: the power of two nearest 2*sqrt(n)."""
    target = 2 * math.sqrt(max(1, n_claims))
    nlist = 2 ** round(math.log2(target))
    return int(min(MAX_NLIST, max(MIN_NLIST, nlist)))


def nprobe_for(nlist: int, pq: bool = False) -> int:
    if pq:
        return min(nlist, PQ_NPROBE)
    return int(min(nlist, max(MIN_NPROBE, round(nlist * NPROBE_FRACTION))))


Fetch = Callable[[np.ndarray], np.ndarray]


class ClaimIndex:
    """Inner-product search over claim vectors, keyed by claim id (exact, IVF-SQ8 or IVF-PQ)."""

    def __init__(self, dim: int = DIM, index: faiss.Index | None = None) -> None:
        self.dim = dim
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self.dirty = False
        self.unsaved = 0  # vectors added since the file was last written
        self._ivf = _ivf_of(self.index)
        self._pq = self._ivf is not None and isinstance(faiss.downcast_index(self._ivf), faiss.IndexIVFPQ)
        if self._ivf is not None:
            self._ivf.nprobe = nprobe_for(self._ivf.nlist, self._pq)
        # IVF-PQ re-ranks by exact vectors: `exact(ids)` reads them (the store's vector file, else
        # DuckDB); the ones added lately come from `_recent` (bounded), as they may still wait for
        # their transaction. Whatever the source, they are rounded to the file's float16.
        self.exact: Fetch | None = None
        self._recent: dict[int, np.ndarray] = {}
        self._last: dict[int, np.ndarray] = {}  # the last search's candidates, for `reconstruct`
        self.refined_reads = 0  # vectors read through `exact`, for the benchmark

    @property
    def kind(self) -> str:
        if self._ivf is None:
            return FLAT
        return IVF_PQ if self._pq else IVF_SQ8

    @property
    def nlist(self) -> int:
        return int(self._ivf.nlist) if self._ivf is not None else 0

    @property
    def nprobe(self) -> int:
        return int(self._ivf.nprobe) if self._ivf is not None else 0

    @nprobe.setter
    def nprobe(self, value: int) -> None:
        if self._ivf is not None:
            self._ivf.nprobe = int(value)

    @property
    def ntotal(self) -> int:
        return int(self.index.ntotal)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        self.index.add_with_ids(vectors, np.ascontiguousarray(ids, dtype=np.int64))
        self.dirty = True
        self.unsaved += len(ids)
        if self.kind == IVF_PQ and len(ids) <= RECENT_VECTORS:  # not a bulk build
            if len(self._recent) + len(ids) > RECENT_VECTORS:
                self._recent.clear()
            self._recent.update(zip((int(i) for i in ids), vectors.copy(), strict=True))

    def remove(self, ids: np.ndarray) -> None:
        """Take out vectors whose rows never reached DuckDB (a failed write)."""
        if len(ids) and self.ntotal:
            self.index.remove_ids(faiss.IDSelectorBatch(np.ascontiguousarray(ids, dtype=np.int64)))
            self.dirty = True
            for cid in ids.tolist():
                self._recent.pop(int(cid), None)
                self._last.pop(int(cid), None)

    def copy(self) -> ClaimIndex:
        """An independent copy that searches exactly as this one does (`add --ray`'s look-ahead)."""
        twin = ClaimIndex(self.dim, faiss.clone_index(self.index))
        twin.nprobe = self.nprobe
        return twin

    def worth_saving(self) -> bool:
        """Whether rewriting the file now pays off (see RESAVE_FRACTION)."""
        if not self.dirty:
            return False
        return self.ntotal < ALWAYS_SAVE_BELOW or self.unsaved >= RESAVE_FRACTION * self.ntotal

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(similarities, ids) of shape (n, k); missing neighbours have id -1."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if self.ntotal == 0 or len(vectors) == 0:
            n = len(vectors)
            return np.zeros((n, k), dtype=np.float32), np.full((n, k), -1, dtype=np.int64)
        refine = self.kind == IVF_PQ
        wanted = max(k + max(k, REFINE_EXTRA), REFINE_MIN) if refine else k
        previous = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(SEARCH_THREADS)
        try:
            sims, ids = self.index.search(vectors, min(wanted, self.ntotal))
        finally:
            faiss.omp_set_num_threads(previous)
        if refine and self.exact is not None:
            sims, ids = self._refine(vectors, ids, k)
        elif refine:
            sims, ids = sims[:, :k], ids[:, :k]
        if ids.shape[1] < k:
            pad = k - ids.shape[1]
            sims = np.pad(sims, ((0, 0), (0, pad)))
            ids = np.pad(ids, ((0, 0), (0, pad)), constant_values=-1)
        return sims, ids

    def _refine(self, queries: np.ndarray, ids: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best of each row's PQ candidates by exact inner product."""
        found = np.unique(ids[ids >= 0])
        if not len(found):
            return np.zeros((len(ids), 0), dtype=np.float32), ids[:, :0]
        vecs = self._exact_vectors(found)
        pos = np.searchsorted(found, np.maximum(ids, 0))
        exact = np.einsum("qd,qkd->qk", queries, vecs[pos])
        exact[ids < 0] = -np.inf
        order = np.argsort(-exact, axis=1, kind="stable")[:, :k]
        sims = np.take_along_axis(exact, order, axis=1).astype(np.float32)
        top = np.take_along_axis(ids, order, axis=1)
        sims[top < 0] = 0.0
        return sims, top

    def _exact_vectors(self, ids: np.ndarray) -> np.ndarray:
        """Exact vectors of sorted `ids`: lately added ones from memory, the rest through `exact`."""
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        missing = []
        for row, cid in enumerate(ids.tolist()):
            vec = self._recent.get(cid)
            if vec is None:
                missing.append(row)
            else:
                out[row] = vec
        if missing and self.exact is not None:
            out[missing] = self.exact(ids[missing])
            self.refined_reads += len(missing)
        # as the vector file holds them: a claim ranks the same whichever source gave its vector
        out = out.astype(np.float16).astype(np.float32)
        self._last = dict(zip(ids.tolist(), out, strict=True))
        return out

    def reconstruct(self, ids: np.ndarray) -> np.ndarray | None:
        """The vectors of `ids` from an exact index (bit for bit what was added), or None when the
        index is approximate (it keeps only codes) or lacks one of them. An IVF-PQ search has just
        read its candidates' vectors (to float16): those it hands back (the pipeline asks next)."""
        if self.kind == IVF_PQ and len(ids):
            last = self._last
            if all(int(i) in last for i in ids):
                return np.vstack([last[int(i)] for i in ids]).reshape(-1, self.dim)
            return None
        if self._ivf is not None or len(ids) == 0:
            return None
        try:
            found = self.index.reconstruct_batch(np.ascontiguousarray(ids, dtype=np.int64))
        except RuntimeError:  # an id FAISS does not hold
            return None
        return np.asarray(found, dtype=np.float32).reshape(-1, self.dim)

    def ids(self) -> np.ndarray:
        """Every id in the index, sorted (for the consistency check against DuckDB)."""
        if self._ivf is None:
            return np.sort(faiss.vector_to_array(self.index.id_map).astype(np.int64))  # type: ignore[attr-defined]
        lists = self._ivf.invlists
        assert lists is not None
        parts = []
        for cell in range(self._ivf.nlist):
            size = lists.list_size(cell)
            if size:
                parts.append(faiss.rev_swig_ptr(lists.get_ids(cell), size).copy())
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return np.sort(np.concatenate(parts).astype(np.int64))

    def id_summary(self) -> tuple[int, ...]:
        """(count, min, max, sum, sum of squares mod 2**64) of the ids: `Store.sync_index`'s quick
        test that FAISS holds DuckDB's claims, without sorting ten million ids on every open."""
        if self._ivf is None:
            parts = [faiss.vector_to_array(self.index.id_map)]  # type: ignore[attr-defined]
        else:
            lists = self._ivf.invlists
            assert lists is not None
            parts = [
                faiss.rev_swig_ptr(lists.get_ids(cell), lists.list_size(cell))
                for cell in range(self._ivf.nlist)
                if lists.list_size(cell)
            ]
        summary = [0, 0, 0, 0, 0]
        for ids in parts:
            if not len(ids):
                continue
            low, high = int(ids.min()), int(ids.max())
            summary[1] = low if not summary[0] else min(summary[1], low)
            summary[2] = max(summary[2], high)
            summary[3] += int(ids.sum())
            summary[4] = (summary[4] + int((ids.astype(np.uint64) ** 2).sum())) % 2**64
            summary[0] += len(ids)
        return tuple(summary)

    def memory_bytes(self) -> int:
        """Bytes the index holds (vectors, ids, cells): its serialised size, which mirrors RAM use."""
        return int(faiss.serialize_index(self.index).nbytes)

    def save(self, path: Path) -> None:
        tmp = path.with_name(path.name + f".tmp{os.getpid()}")
        faiss.write_index(self.index, str(tmp))
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        self.dirty = False
        self.unsaved = 0

    @classmethod
    def load(cls, path: Path) -> ClaimIndex:
        index = faiss.read_index(str(path))
        return cls(index.d, index)

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray, dim: int = DIM, kind: str = FLAT) -> ClaimIndex:
        """An index of `kind` over the given vectors (IVF trains on them)."""
        return cls.build_streaming(kind, len(ids), lambda _n: vectors, [(ids, vectors)], dim=dim)

    @classmethod
    def build_streaming(
        cls,
        kind: str,
        n_claims: int,
        sample: Callable[[int], np.ndarray],
        chunks: Iterable[tuple[np.ndarray, np.ndarray]],
        dim: int = DIM,
    ) -> ClaimIndex:
        """Build from (ids, vectors) chunks without holding every vector at once.

        `sample(n)` returns up to n stored vectors to train IVF cells on; flat needs none.
        """
        if kind == FLAT:
            built = cls(dim)
        elif kind in (IVF_SQ8, IVF_PQ):
            nlist = nlist_for(n_claims)
            want = nlist * TRAIN_PER_CELL if kind == IVF_SQ8 else max(nlist * TRAIN_PER_CELL, PQ_TRAIN)
            train = np.ascontiguousarray(sample(want), dtype=np.float32).reshape(-1, dim)
            nlist = min(nlist, max(1, len(train) // 39))  # a small store cannot fill many cells
            built = cls(dim, _ivf_sq8(dim, nlist, train) if kind == IVF_SQ8 else _ivf_pq(dim, nlist, train))
        else:
            raise StoreError(f"unknown index type {kind!r}; expected one of {', '.join(INDEX_TYPES)}")
        for ids, vectors in chunks:
            built.add(ids, vectors)
        built._recent.clear()  # all of them are in DuckDB already
        built.dirty = True
        built.unsaved = built.ntotal
        return built

    def wants_rebuild(self, n_claims: int, setting: str = AUTO) -> bool:
        """True when the setting or the store's size calls for another type, or IVF outgrew its cells."""
        wanted = choose_index_type(n_claims, setting)
        if wanted != self.kind:
            return True
        return wanted in (IVF_SQ8, IVF_PQ) and nlist_for(n_claims) >= 2 * self.nlist


def _ivf_sq8(dim: int, nlist: int, train: np.ndarray) -> faiss.Index:
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFScalarQuantizer(quantizer, dim, nlist, faiss.ScalarQuantizer.QT_8bit,
                                          faiss.METRIC_INNER_PRODUCT)  # fmt: skip
    return _trained(index, quantizer, train)


def _ivf_pq(dim: int, nlist: int, train: np.ndarray) -> faiss.Index:
    """IVF over PQ codes of the residuals (each vector less its cell's centre)."""
    quantizer = faiss.IndexFlatIP(dim)
    m = PQ_BYTES if dim % PQ_BYTES == 0 else next(m for m in range(min(PQ_BYTES, dim), 0, -1) if dim % m == 0)
    bits = max(1, min(8, int(math.log2(max(2, len(train))))))  # a sub-quantiser needs 2**bits points
    index = faiss.IndexIVFPQ(quantizer, dim, nlist, m, bits, faiss.METRIC_INNER_PRODUCT)
    return _trained(index, quantizer, train)


def _trained(index: faiss.IndexIVF, quantizer: faiss.Index, train: np.ndarray) -> faiss.IndexIVF:
    """An IVF index that owns its quantizer, its cells trained on `train` (a sample of the store)."""
    index.own_fields = True
    quantizer.this.disown()  # type: ignore[attr-defined]
    index.cp.niter = TRAIN_ITERATIONS
    index.cp.max_points_per_centroid = TRAIN_PER_CELL
    # a small store is sampled whole: FAISS would print a warning per sub-quantiser (96 lines at
    # 96 claims, `doctor --repair --index-type ivf-pq`) that asks for points the store lacks
    index.cp.min_points_per_centroid = 1
    if isinstance(index, faiss.IndexIVFPQ):
        index.pq.cp.min_points_per_centroid = 1
    index.train(train)
    return index


def _ivf_of(index: faiss.Index) -> faiss.IndexIVF | None:
    try:
        return faiss.extract_index_ivf(index)
    except RuntimeError:
        return None


def rebuild_index(store: Store, index_type: str | None = None) -> str:
    """Rebuild the store's FAISS index from its stored vectors, optionally setting its type.

    `index_type` is "auto", "flat", "ivf-sq8" or "ivf-pq"; it is remembered in the store, so later opens
    keep it. Nothing is re-embedded. Returns what was done (for `consist doctor`).
    """
    if index_type is not None:
        store.set_index_type(index_type)
    return store.rebuild_index()

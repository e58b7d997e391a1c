"""The FAISS index against a brute-force numpy oracle, and its rebuild from DuckDB's vectors."""

from __future__ import annotations

import os
from pathlib import Path

import faiss
import numpy as np
import pytest

from consistency import index as index_mod
from consistency.embeddings import DIM, Embedder
from consistency.errors import StoreError
from consistency.index import FLAT, IVF_PQ, IVF_SQ8, ClaimIndex, choose_index_type, rebuild_index
from consistency.models import Article, Claim
from consistency.store import INDEX_NAME, VECTORS_NAME, Store
from consistency.vectorfile import VectorFile


def clustered(n: int, seed: int) -> np.ndarray:
    """Unit vectors in topic clusters, the way claim embeddings fall (not uniform noise)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((40, DIM)).astype(np.float32)
    v = centres[rng.integers(0, 40, n)] + rng.standard_normal((n, DIM)).astype(np.float32) * 0.08
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def oracle(vectors: np.ndarray, ids: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    scores = queries @ vectors.T
    return ids[np.argsort(-scores, axis=1)[:, :k]]


def test_flat_search_equals_numpy_cosine() -> None:
    vectors = clustered(3000, seed=1)
    ids = np.arange(100, 3100, dtype=np.int64)
    queries = clustered(50, seed=2)
    index = ClaimIndex.build(ids, vectors, kind=FLAT)
    sims, found = index.search(queries, 10)
    np.testing.assert_array_equal(found, oracle(vectors, ids, queries, 10))
    np.testing.assert_allclose(sims[:, 0], (queries @ vectors.T).max(axis=1), rtol=1e-5)


def test_ivf_sq8_keeps_recall_and_memory_promises() -> None:
    vectors = clustered(20000, seed=3)
    ids = np.arange(1, 20001, dtype=np.int64)
    queries = clustered(200, seed=4)
    index = ClaimIndex.build(ids, vectors, kind=IVF_SQ8)
    assert index.kind == IVF_SQ8 and index.ntotal == 20000
    _, found = index.search(queries, 10)
    truth = oracle(vectors, ids, queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth, strict=True)])
    assert recall >= 0.95
    # 384 bytes of codes + 8 of id; the cells' centres are shared by all claims
    assert index.memory_bytes() / index.ntotal <= 512
    np.testing.assert_array_equal(index.ids(), ids)


def test_ivf_pq_reranks_its_candidates_by_exact_vectors() -> None:
    """Codes alone rank roughly; re-ranked by the exact vectors (to float16, as the store's vector
    file holds them), the top 10 and their similarities are those of exact search, and RAM stays
    at codes + id (<= 128 B a claim)."""
    vectors = clustered(20000, seed=3)
    ids = np.arange(1, 20001, dtype=np.int64)
    queries = clustered(200, seed=4)
    index = ClaimIndex.build(ids, vectors, kind=IVF_PQ)
    assert index.kind == IVF_PQ
    index.exact = lambda wanted: vectors[wanted - 1]
    sims, found = index.search(queries, 10)
    truth = oracle(vectors, ids, queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth, strict=True)])
    assert recall >= 0.95
    np.testing.assert_allclose(sims, np.einsum("qd,qkd->qk", queries, vectors[found - 1]), atol=1e-3)
    assert faiss.downcast_index(index._ivf).code_size + 8 <= 128  # codes + id; centres are shared
    # vectors added lately are re-ranked from memory: their rows may still wait for DuckDB
    new = clustered(5, seed=9)
    index.add(np.arange(30001, 30006, dtype=np.int64), new)

    def stored_only(wanted: np.ndarray) -> np.ndarray:
        assert wanted.max() <= 20000, "a new vector was read from the store"
        return vectors[wanted - 1]

    index.exact = stored_only
    sims, found = index.search(new, 1)
    np.testing.assert_array_equal(found[:, 0], np.arange(30001, 30006))
    np.testing.assert_allclose(sims[:, 0], 1.0, atol=1e-3)


def test_a_store_on_ivf_pq_finds_its_claims_with_exact_similarities(corpus_store_dir: Path) -> None:
    with Store.open(corpus_store_dir) as store:
        ids = store.claim_ids()
        query = store.vectors(ids[:5])
        exact_sims, exact_ids = store.index.search(query, 3)
        rebuild_index(store, IVF_PQ)
        assert store.index.kind == IVF_PQ
    with Store.open(corpus_store_dir) as store:  # remembered; re-ranks by the stored vectors
        assert store.index.kind == IVF_PQ
        sims, found = store.index.search(query, 3)
        np.testing.assert_array_equal(found[:, 0], ids[:5])
        np.testing.assert_allclose(sims[:, 0], exact_sims[:, 0], atol=2e-3)  # float16 copies
        assert store.index.refined_reads > 0


def test_ivf_pq_re_ranks_from_its_vector_file_not_duckdb(
    corpus_store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big store's check re-ranks thousands of candidates: their vectors come from the file
    beside FAISS, and DuckDB is read only for rows the file lacks. The file follows the store:
    new claims land in it, a lost file is written again, another index type drops it."""
    with Store.open(corpus_store_dir) as store:
        ids = store.claim_ids()
        exact = store.vectors(ids)
        rebuild_index(store, IVF_PQ)
    path = corpus_store_dir / VECTORS_NAME
    assert path.stat().st_size == (int(ids.max()) + 1) * DIM * 2  # float16 rows by claim id
    with Store.open(corpus_store_dir, read_only=True) as store:

        def no_duckdb(wanted: np.ndarray, **_: object) -> np.ndarray:
            raise AssertionError(f"read {len(wanted)} vectors from DuckDB")

        monkeypatch.setattr(store, "vectors", no_duckdb)
        sims, found = store.index.search(exact[:20], 5)
        order = np.searchsorted(ids, found)
        np.testing.assert_array_equal(exact[order[:, 0]], exact[:20])  # itself, or a copy of it
        np.testing.assert_allclose(sims, np.einsum("qd,qkd->qk", exact[:20], exact[order]), atol=2e-3)
        monkeypatch.undo()
    with Store.open(corpus_store_dir, read_only=True) as store:  # a new process, the file gone:
        hidden = corpus_store_dir / "hidden.vectors"
        os.replace(corpus_store_dir / VECTORS_NAME, hidden)
        try:  # DuckDB's float32 vectors rank and score exactly as the file's float16 copies
            again = store.index.search(exact[:20], 5)
        finally:
            os.replace(hidden, corpus_store_dir / VECTORS_NAME)
        np.testing.assert_array_equal(again[1], found)
        np.testing.assert_array_equal(again[0], sims)
    # a claim added later is in the file once its transaction commits
    fresh = clustered(1, seed=11)
    with Store.open(corpus_store_dir) as store:
        body = "Something happened today."
        article = Article(outlet="Late Wire", title="A later story", body=body, content_hash="later")
        claim = Claim(text="Something happened today.", start_char=0, end_char=25, proposition="Something happened")
        store.add_article(article, [claim], fresh, [[]], [], None)
        new_id = int(claim.claim_id)  # type: ignore[arg-type]
    got, there = VectorFile(path, DIM).read(np.array([new_id, int(ids[0])]))
    assert there.all()
    np.testing.assert_allclose(got, np.vstack([fresh, exact[:1]]), atol=1e-3)
    # lost: a reader falls back to DuckDB's vectors; the next writer writes the file again
    path.unlink()
    with Store.open(corpus_store_dir, read_only=True) as store:
        _, found = store.index.search(exact[:3], 1)
        np.testing.assert_array_equal(found[:, 0], ids[:3])
    assert not path.exists()
    with Store.open(corpus_store_dir):
        pass
    got, there = VectorFile(path, DIM).read(np.array([new_id]))
    assert there.all()
    with Store.open(corpus_store_dir) as store:
        rebuild_index(store, FLAT)
    assert not path.exists()


def test_vector_file_rows_are_addressed_by_id_and_holes_read_missing(tmp_path: Path) -> None:
    vectors = clustered(6, seed=12)
    file = VectorFile(tmp_path / "v", DIM)
    assert file.rows() == 0 and not file.read(np.array([1]))[1].any()  # no file yet
    file.write(np.array([3, 4, 5]), vectors[:3])  # a run: one write
    file.write(np.array([9, 7]), vectors[3:5])  # scattered, out of order
    got, there = file.read(np.array([9, 3, 6, 7, 0, 12, 5]))
    np.testing.assert_array_equal(there, [True, True, False, True, False, False, True])
    np.testing.assert_allclose(got[there], vectors[[3, 0, 4, 2]], atol=1e-3)
    assert not got[~there].any()
    file.truncate(8)  # ids from 8 on are gone
    assert file.rows() == 8
    np.testing.assert_array_equal(file.read(np.array([9, 7]))[1], [False, True])
    with open(file.path, "r+b") as handle:  # a crash mid-write: the second half of row 4 never landed
        handle.seek(4 * file.row_bytes + file.row_bytes // 2)
        handle.write(bytes(file.row_bytes // 2))
    np.testing.assert_array_equal(file.read(np.array([3, 4, 5]))[1], [True, False, True])


def test_index_type_is_chosen_by_size_and_can_be_forced() -> None:
    assert choose_index_type(1000) == FLAT
    assert choose_index_type(index_mod.APPROX_THRESHOLD + 1) == IVF_SQ8
    assert choose_index_type(index_mod.PQ_THRESHOLD + 1) == IVF_PQ
    assert choose_index_type(10, IVF_SQ8) == IVF_SQ8
    assert choose_index_type(10**7, FLAT) == FLAT
    with pytest.raises(StoreError):
        choose_index_type(10, "hnsw-magic")


def test_deleted_faiss_file_is_rebuilt_with_the_same_answers(corpus_store_dir: Path) -> None:
    with Store.open(corpus_store_dir) as store:
        ids = store.claim_ids()
        query = store.vectors(ids[:5])
        before = store.index.search(query, 5)[1]
    (corpus_store_dir / INDEX_NAME).unlink()
    with Store.open(corpus_store_dir) as store:
        np.testing.assert_array_equal(store.index.ids(), ids)
        np.testing.assert_array_equal(store.index.search(query, 5)[1], before)
    assert (corpus_store_dir / INDEX_NAME).exists()


def test_an_index_out_of_step_is_repaired_on_open(corpus_store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a store's FAISS file can lack or hold when it is opened, and what opening does."""

    def saved_without(store: Store, ids: np.ndarray) -> None:
        store.index.remove(ids)
        store.index.save(corpus_store_dir / INDEX_NAME)

    with Store.open(corpus_store_dir) as store:
        ids = store.claim_ids()
        query = store.vectors(ids[-3:])
        saved_without(store, ids[-3:])  # a big store's last claims wait for a later file write
    every_id = Store.claim_ids

    def tail_only(self: Store, after: int = -1) -> np.ndarray:
        assert after >= 0, "compared every id where the tail was enough"
        return every_id(self, after)

    monkeypatch.setattr(Store, "claim_ids", tail_only)
    with Store.open(corpus_store_dir) as store:
        monkeypatch.undo()
        np.testing.assert_array_equal(store.index.ids(), ids)
        np.testing.assert_array_equal(store.index.search(query, 1)[1][:, 0], ids[-3:])
        assert store.sync_index() == "in step"
        saved_without(store, ids[5:7])  # a hole in the middle: found by comparing every id
    with Store.open(corpus_store_dir) as store:
        np.testing.assert_array_equal(store.index.ids(), ids)
        store.index.add(np.array([ids[-1] + 100]), query[:1])  # a claim DuckDB never got
        store.index.remove(ids[:1])  # ... with one less, so the count is the same
        rebuilt: list[bool] = []
        real_rebuild = Store.rebuild_index
        monkeypatch.setattr(Store, "rebuild_index", lambda self: rebuilt.append(True) or real_rebuild(self))
        assert "rebuilt" in store.sync_index() and rebuilt
        np.testing.assert_array_equal(store.index.ids(), ids)
        # same count, ends and sum, other ids: two claims lost, two others held twice (5+8 = 6+7)
        a, b, c, d = (int(ids[i]) for i in (4, 7, 5, 6))
        assert a + b == c + d
        store.index.remove(np.array([a, b]))
        store.index.add(np.array([c, d]), store.vectors(np.array([c, d])))
        assert store.sync_index() != "in step"
        assert store.index.ntotal == len(ids) and set(store.index.ids()) == set(ids)


def test_switching_index_type_rebuilds_from_duckdb_without_embedding(
    corpus_store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_embedding(self: Embedder, texts: list[str], batch_size: int = 64) -> np.ndarray:
        raise AssertionError("a rebuild must not re-embed")

    monkeypatch.setattr(Embedder, "encode", no_embedding)
    with Store.open(corpus_store_dir) as store:
        ids = store.claim_ids()
        query = store.vectors(ids[:3])
        assert store.index.kind == FLAT
        message = rebuild_index(store, IVF_SQ8)
        assert IVF_SQ8 in message
        assert store.index.kind == IVF_SQ8
        np.testing.assert_array_equal(store.index.ids(), ids)
        # every stored claim still finds itself first
        np.testing.assert_array_equal(store.index.search(query, 1)[1][:, 0], ids[:3])
    with Store.open(corpus_store_dir) as store:  # the choice is remembered in DuckDB (store_meta)
        assert store.index_type() == IVF_SQ8
        assert store.index.kind == IVF_SQ8
        rebuild_index(store, "auto")
        assert store.index.kind == FLAT
    with Store.open(corpus_store_dir, read_only=True) as store:
        assert store.index_type() == "auto" and store.index.kind == FLAT


def test_store_switches_to_approximate_above_threshold(corpus_store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(corpus_store_dir) as store:
        n = store.counts()["claims"]
    monkeypatch.setattr(index_mod, "APPROX_THRESHOLD", n - 1)
    with Store.open(corpus_store_dir) as store:
        assert store.index.kind == IVF_SQ8
    monkeypatch.setattr(index_mod, "APPROX_THRESHOLD", n + 1)
    with Store.open(corpus_store_dir) as store:
        assert store.index.kind == FLAT


def test_few_new_vectors_wait_for_a_bigger_file_write(tmp_path: Path) -> None:
    vectors = clustered(30000, seed=5)
    ids = np.arange(1, 30001, dtype=np.int64)
    index = ClaimIndex.build(ids[:-10], vectors[:-10])
    path = tmp_path / INDEX_NAME
    index.save(path)
    index.add(ids[-10:], vectors[-10:])
    assert index.dirty and not index.worth_saving()  # 10 of 30,000: left for sync_index
    index.add(np.arange(40000, 40400), clustered(400, seed=6))
    assert index.worth_saving()


def test_a_small_store_builds_ivf_pq_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    # FAISS printed one "WARNING clustering 96 points to 64 centroids" per sub-quantiser
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(96, DIM)).astype("float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    built = ClaimIndex.build(np.arange(96, dtype=np.int64), vectors, kind=IVF_PQ)
    assert built.ntotal == 96
    sims, ids = built.search(vectors[:1], 1)
    assert ids[0][0] >= 0
    assert "WARNING" not in capfd.readouterr().err

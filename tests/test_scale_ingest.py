"""What the speed work must not change: `add` with embedding overlapped, id lookups, the close of a big store."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from consistency import pipeline
from consistency import store as store_module
from consistency.index import FLAT, IVF_SQ8, rebuild_index
from consistency.store import DB_NAME, Store
from tests.conftest import CORPUS

RECORD = {
    "articles": "SELECT article_id, outlet, title, content_hash FROM articles ORDER BY article_id",
    "claims": "SELECT claim_id, article_id, seq, text, proposition, hedge, polarity, data FROM claims ORDER BY 1",
    "relations": "SELECT claim_id, other_claim_id, relation, round(score, 3), reasons FROM relations ORDER BY 1, 2",
    "credits": "SELECT article_id, claim_id, credited_outlet, kind, is_first FROM credits ORDER BY credit_id",
    "copies": "SELECT * FROM copies ORDER BY article_id",
}


def _add(paths: list[Path], directory: Path) -> list[pipeline.AddEvent]:
    with Store.open(directory) as store:
        return list(pipeline.add_paths(paths, store))


def _record(directory: Path) -> dict[str, list[tuple[object, ...]]]:
    with Store.open(directory, read_only=True) as store:
        return {name: store.rows(sql) for name, sql in RECORD.items()}


def test_batches_in_flight_record_what_one_batch_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two-article batches (one embedding while the other is judged) against the corpus in one batch."""
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 1000)
    _add([CORPUS], tmp_path / "one")
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 2)
    _add([CORPUS], tmp_path / "two")
    one, two = _record(tmp_path / "one"), _record(tmp_path / "two")
    assert one["claims"] and one["relations"]
    for name in RECORD:
        assert one[name] == two[name], name


def test_a_text_in_the_batch_before_is_already_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The next batch is read before the one before it is recorded: its copies must still count as stored."""
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 2)
    folder = tmp_path / "in"
    folder.mkdir()
    originals = sorted(CORPUS.glob("*.txt"))[:3]
    for i, path in enumerate(originals):
        shutil.copy(path, folder / f"{i}0-{path.name}")
    shutil.copy(originals[1], folder / "21-again.txt")  # read in the batch after its original
    (folder / "22-bad.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    events = _add([folder], tmp_path / "store")
    names = [Path(e.path).name for e in events]
    assert sorted(names) == sorted(p.name for p in folder.iterdir())
    assert names[:2] == sorted(names)[:2] and names[-1] == "22-bad.txt"  # batch by batch, in reading order
    by_name = {Path(e.path).name: e for e in events}
    assert by_name["22-bad.txt"].error is not None
    again = by_name["21-again.txt"].result
    assert again is not None and again.already_stored
    fresh = [e for e in events if e.result is not None and not e.result.already_stored]
    assert len(fresh) == 3
    with Store.open(tmp_path / "store", read_only=True) as store:
        assert store.counts()["articles"] == 3
        assert store.index.ntotal == store.counts()["claims"]


@pytest.mark.parametrize("in_list_above", [0, 10**9])
def test_id_lookups_agree_in_every_size(
    corpus_store: Store, monkeypatch: pytest.MonkeyPatch, in_list_above: int
) -> None:
    ids = [int(i) for i in corpus_store.claim_ids()]
    expected = corpus_store.claim_outlet_keys(ids)
    claims = corpus_store.stored_claims(ids)
    monkeypatch.setattr(store_module, "IN_LIST_ABOVE", in_list_above)  # bound lists, or the join
    monkeypatch.setattr(store_module, "MAX_IN_LIST", 3)  # chunks of 3, and the join beyond 24 ids
    monkeypatch.setattr(store_module, "ROW_CACHE", 5)  # remembered rows, dropped when full
    corpus_store._owners.clear()
    corpus_store._rows.clear()
    for some in (ids[:2], ids[:7], ids[:3], ids):
        assert corpus_store.claim_outlet_keys(some) == {i: expected[i] for i in some}
        assert {i: c.claim.text for i, c in corpus_store.stored_claims(some).items()} == {
            i: claims[i].claim.text for i in some
        }
        vecs = corpus_store.vectors(np.array(some[::-1], dtype=np.int64))
        assert vecs.shape == (len(some), 384)
    assert corpus_store.claim_outlet_keys([]) == {} and corpus_store.stored_claims([]) == {}


def test_vectors_from_an_exact_index_are_the_stored_ones(corpus_store_dir: Path) -> None:
    with Store.open(corpus_store_dir) as store:
        ids = store.claim_ids()[::3][::-1]
        stored = store.vectors(ids)
        assert store.index.kind == FLAT
        assert np.array_equal(store.vectors(ids, from_index=True), stored)
        missing = np.array([int(ids.max()) + 1000], dtype=np.int64)
        assert store.index.reconstruct(missing) is None
        rebuild_index(store, IVF_SQ8)
        assert store.index.reconstruct(ids) is None  # 8-bit codes: read DuckDB instead
        assert np.array_equal(store.vectors(ids, from_index=True), stored)


def test_a_big_store_closes_without_folding_its_log_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "CHECKPOINT_ON_CLOSE_BELOW", 1)
    directory = tmp_path / "store"
    files = sorted(CORPUS.glob("*.txt"))
    _add(files[:2], directory)
    _add(files[2:4], directory)
    assert (directory / f"{DB_NAME}.wal").exists()  # the log stays; DuckDB folds it in at 16 MB
    with Store.open(directory, read_only=True) as store:
        counts = store.counts()
        assert counts["articles"] == 4 and store.index.ntotal == counts["claims"]
    monkeypatch.setattr(store_module, "CHECKPOINT_ON_CLOSE_BELOW", 10**9)  # a small store folds it in on close
    _add(files[4:5], directory)
    assert not (directory / f"{DB_NAME}.wal").exists()
    with Store.open(directory, read_only=True) as store:
        assert store.counts()["articles"] == 5 and store.counts()["claims"] >= counts["claims"]

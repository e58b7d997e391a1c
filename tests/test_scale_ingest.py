"""What the speed work must not change: `add` with embedding overlapped, id lookups, the close of a big store."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from consistency import pipeline
from consistency import store as store_module
from consistency.articles import read_article
from consistency.doctor import check_store
from consistency.index import FLAT, IVF_SQ8, rebuild_index
from consistency.store import DB_NAME, Store
from tests.conftest import CORPUS

RECORD = {
    "articles": "SELECT article_id, outlet, title, content_hash FROM articles ORDER BY article_id",
    "claims": "SELECT claim_id, article_id, seq, text, proposition, hedge, polarity, data FROM claims ORDER BY 1",
    "relations": "SELECT claim_id, other_claim_id, relation, round(score, 3), reasons FROM relations ORDER BY 1, 2",
    "credits": "SELECT article_id, claim_id, credited_outlet, kind, is_first FROM credits ORDER BY credit_id",
    "copies": "SELECT * FROM copies ORDER BY article_id",
    "claim_terms": "SELECT * FROM claim_terms ORDER BY claim_id, term_id",
    "term_stats": "SELECT * FROM term_stats ORDER BY term_id",
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


def test_parsing_in_a_process_records_what_parsing_here_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long `add` parses in a process of its own; the record must not show it."""
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 2)
    monkeypatch.setattr(pipeline, "PARSE_PROCESS_AFTER", 10**9)
    _add([CORPUS], tmp_path / "here")
    monkeypatch.setattr(pipeline, "PARSE_PROCESS_AFTER", 1)  # from the second batch on
    started: list[object] = []
    real = pipeline._Parser.submit

    def watching(self: pipeline._Parser, articles: list[object]) -> pipeline._Parsed:
        parsed = real(self, articles)  # type: ignore[arg-type]
        started.append(parsed.future)
        return parsed

    monkeypatch.setattr(pipeline._Parser, "submit", watching)
    _add([CORPUS], tmp_path / "process")
    assert any(f is not None for f in started), "the process parsed some batches"
    here, process = _record(tmp_path / "here"), _record(tmp_path / "process")
    assert here["claims"]
    for name in RECORD:
        assert here[name] == process[name], name


def test_a_failing_parsing_process_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from consistency import claims as claims_module

    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 2)
    _add([CORPUS], tmp_path / "here")
    monkeypatch.setattr(pipeline, "PARSE_PROCESS_AFTER", 1)
    # a lambda cannot be sent to the process: each batch's parse fails there (the main thread keeps
    # its own reference to the real extractor)
    monkeypatch.setattr(claims_module, "extract_claims_many", lambda items: [])
    events = _add([CORPUS], tmp_path / "fallback")
    assert "parsing process failed" in caplog.text  # it did fail, and the main thread parsed instead
    assert all(e.error is None for e in events)
    assert _record(tmp_path / "here") == _record(tmp_path / "fallback")


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


def test_what_a_store_remembers_of_its_own_writes_is_what_it_reads_back(tmp_path: Path) -> None:
    """`add` serves the next articles' lookups from rows it kept at write time: they must equal the file's."""
    directory = tmp_path / "store"
    with Store.open(directory) as writer:
        list(pipeline.add_paths([CORPUS], writer))
        ids = [int(i) for i in writer.claim_ids()]
        articles = [int(r[0]) for r in writer.rows("SELECT article_id FROM articles")]
        kept_claims = writer.stored_claims(ids)  # every one from memory: written in this session
        kept_origins = writer.article_origin_rows(articles)
        kept_texts = writer.article_texts(articles)
        assert len(writer._rows) == len(ids)
    with Store.open(directory, read_only=True) as reader:
        read = reader.stored_claims(ids)
        assert kept_claims == read
        assert kept_origins == reader.article_origin_rows(articles)
        assert kept_texts == reader.article_texts(articles)
    assert any(row[3] is not None for row in kept_origins.values())  # the corpus has copies: links kept too


def test_a_failed_write_leaves_the_next_ids_right(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(CORPUS.glob("*.txt"))
    directory = tmp_path / "store"
    _add(files[:2], directory)
    real = Store._insert
    failed: list[str] = []

    def failing(self: Store, table: str, rows: list[list[object]]) -> None:
        if table == "claims" and not failed:
            failed.append(table)
            raise OSError("disk full")
        real(self, table, rows)

    monkeypatch.setattr(Store, "_insert", failing)
    with Store.open(directory) as store:
        with pytest.raises(OSError, match="disk full"):
            list(pipeline.add_paths(files[2:3], store))
        assert failed
        list(pipeline.add_paths(files[2:4], store))  # the same store: the failed article again, and one more
    with Store.open(directory, read_only=True) as store:
        counts = store.counts()
        assert counts["articles"] == 4 and store.index.ntotal == counts["claims"]
        article_ids = [r[0] for r in store.rows("SELECT article_id FROM articles ORDER BY 1")]
        claim_ids = [r[0] for r in store.rows("SELECT claim_id FROM claims ORDER BY 1")]
    assert article_ids == [1, 2, 3, 4]
    assert claim_ids == list(range(1, len(claim_ids) + 1))  # nothing skipped, nothing reused


def test_a_failed_batch_write_takes_the_whole_batch_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch goes to DuckDB in one transaction: when it fails, nothing of it is in the file, in
    FAISS or in what the store remembers, and the same store adds it again whole."""
    files = sorted(CORPUS.glob("*.txt"))
    directory = tmp_path / "store"
    _add(files[:2], directory)
    before = _record(directory)
    real = Store._insert
    failed: list[str] = []

    def failing(self: Store, table: str, rows: list[list[object]]) -> None:
        if table == "relations" and not failed:  # the claims of the batch are already in by then
            failed.append(table)
            raise OSError("disk full")
        real(self, table, rows)

    monkeypatch.setattr(Store, "_insert", failing)
    with Store.open(directory) as store:
        staged_ids = store.claim_ids().max() + 1
        with pytest.raises(OSError, match="disk full"):
            list(pipeline.add_paths(files[2:6], store))
        assert failed
        assert store.counts() == {name: len(before[name]) for name in store.counts()}
        assert store.rows("SELECT count(*) FROM claim_terms") == [(len(before["claim_terms"]),)]
        assert store.rows("SELECT * FROM term_stats ORDER BY term_id") == before["term_stats"]
        assert store.index.ntotal == store.counts()["claims"]
        assert staged_ids not in store._rows and staged_ids not in store._owners
        events = list(pipeline.add_paths(files[2:6], store))
        assert all(e.result is not None and not e.result.already_stored for e in events)
    after = _record(directory)
    assert after["articles"][:2] == before["articles"] and len(after["articles"]) == 6
    assert [r[0] for r in after["claims"]] == list(range(1, len(after["claims"]) + 1))
    assert check_store(directory).ok


def test_an_interrupted_batch_keeps_the_articles_it_finished(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C in the middle of a batch: the articles done before it are written, whole."""
    files = sorted(CORPUS.glob("*.txt"))
    real = pipeline._process
    calls = [0]

    def interrupted(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_process", interrupted)
    directory = tmp_path / "store"
    told: list[pipeline.AddEvent] = []
    with Store.open(directory) as store, pytest.raises(KeyboardInterrupt):
        for event in pipeline.add_paths(files, store):
            told.append(event)
    record = _record(directory)
    assert len(record["articles"]) == 2 and record["claims"]
    assert [e.path for e in told] == [str(f) for f in files[:2]]  # the user is told which files went in
    assert check_store(directory).ok
    monkeypatch.setattr(pipeline, "_process", real)
    _add(files, directory)  # the rest goes in; the two are not added twice
    assert len(_record(directory)["articles"]) == len({read_article(f).content_hash for f in files})


def test_an_article_interrupted_while_staged_is_taken_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while an article's rows are being staged: none of its rows reach DuckDB (an article
    without its claims would count as stored and never be added again), the ones before it do."""
    files = sorted(CORPUS.glob("*.txt"))[:4]
    real_stage, real_remember = Store._stage, store_module.remember
    state = {"stages": 0, "remembers": 0}

    def stage(self: Store, *args: object) -> int:
        state["stages"] += 1
        state["remembers"] = 0
        return real_stage(self, *args)  # type: ignore[arg-type]

    def remember(memory: dict[object, object], items: dict[object, object], cap: int) -> None:
        state["remembers"] += 1
        if state["stages"] == 3 and state["remembers"] == 2:  # the article's rows are staged by now
            raise KeyboardInterrupt
        real_remember(memory, items, cap)

    monkeypatch.setattr(Store, "_stage", stage)
    monkeypatch.setattr(store_module, "remember", remember)
    directory = tmp_path / "store"
    with Store.open(directory) as store, pytest.raises(KeyboardInterrupt):
        list(pipeline.add_paths(files, store))
    with Store.open(directory) as store:
        assert store.counts()["articles"] == 2 and store.index.ntotal == store.counts()["claims"]
    assert check_store(directory).ok
    monkeypatch.setattr(store_module, "remember", real_remember)
    _add(files, directory)
    with Store.open(directory, read_only=True) as store:
        per_article = store.rows("SELECT a.article_id, count(c.claim_id) FROM articles a "
                                 "LEFT JOIN claims c USING (article_id) GROUP BY 1 ORDER BY 1")  # fmt: skip
    assert len(per_article) == 4 and all(n > 0 for _, n in per_article)


def test_reads_inside_a_batch_see_its_articles(tmp_path: Path) -> None:
    """Rows staged for the batch's transaction are written before any query that could miss them."""
    files = sorted(CORPUS.glob("*.txt"))
    with Store.open(tmp_path / "store") as store, store.deferred():
        first = pipeline.check_file(files[0], store)
        assert first.article_id is not None and store._pending_ids[0]
        assert store.article_id_by_hash(first.article.content_hash) == first.article_id
        assert not store._pending_ids[0]
        second = pipeline.check_file(files[1], store)
        n_claims = len(first.claims) + len(second.claims)
        assert store.rows("SELECT count(*) FROM claims") == [(n_claims,)]
        assert store.index.ntotal == n_claims


def test_a_repeated_text_is_embedded_once_and_gets_the_same_vector(monkeypatch: pytest.MonkeyPatch) -> None:
    from consistency import embeddings

    model = embeddings._sentence_model()
    seen: list[str] = []

    class Counting:
        def encode(self, texts: list[str], **kwargs: object) -> np.ndarray:
            seen.extend(texts)
            return model.encode(texts, **kwargs)

    monkeypatch.setattr(embeddings, "_sentence_model", lambda: Counting())
    embedder = embeddings.Embedder(cache_size=3)
    texts = ["The port closed on Monday.", "Two ships were turned away.", "The port closed on Monday."]
    first = embedder.encode(texts)
    assert seen == texts[:2]  # the repeat inside one call is embedded once
    assert np.array_equal(first[0], first[2])
    again = embedder.encode(["Two ships were turned away.", "Fishermen protested."])
    assert seen == [*texts[:2], "Fishermen protested."]  # remembered across calls too
    assert np.allclose(again[0], first[1], atol=1e-6)
    fresh = model.encode(texts[:2], normalize_embeddings=True)
    assert np.allclose(first[:2], fresh, atol=1e-5)  # what the model itself gives
    embedder.encode(["A", "B"])  # past its size the memory starts again: bounded
    assert len(embedder._cache) <= 3


def test_a_repeated_line_is_parsed_once_and_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from consistency import claims as claims_module

    line = "The regional council said on Tuesday that it had ordered 40 electric buses."
    one = f"Officials met in Norvale.\n{line}\nThe first buses arrive in May."
    two = f"(Valley Post) - {line}\nCritics called the order too small."
    monkeypatch.setattr(claims_module, "_parsed", {})
    parsed: list[str] = []
    nlp = claims_module.nlp()

    class Counting:
        def pipe(self, texts: list[str], **kwargs: object) -> object:
            parsed.extend(texts)
            return nlp.pipe(texts, **kwargs)

    monkeypatch.setattr(claims_module, "nlp", lambda: Counting())
    warm = claims_module.extract_claims_many([(one, None), (two, None)])
    assert parsed.count(line) == 1
    claims_module._parsed.clear()
    cold = claims_module.extract_claims_many([(two, None)])[0]
    assert [c.text for c in warm[1]] == [c.text for c in cold] and line in [c.text for c in cold]
    assert warm[1] == cold  # offsets, speaker, entities: all read alike from the shared parse


def test_reading_older_claims_inside_a_batch_keeps_the_batch_together(tmp_path: Path) -> None:
    """Claims stored before the batch are read without writing the batch early (which would split
    its transaction in two); a claim of the batch itself is read from memory."""
    files = sorted(CORPUS.glob("*.txt"))
    directory = tmp_path / "store"
    _add(files[:2], directory)
    with Store.open(directory) as store:  # a fresh process's store: nothing in memory yet
        older = [int(i) for i in store.claim_ids()]
        with store.deferred():
            new = pipeline.check_file(files[2], store)
            assert store._pending_ids[0]
            assert set(store.stored_claims(older)) == set(older)
            assert store.article_texts([1, 2]) and len(store.vectors(np.array(older))) == len(older)
            assert store._pending_ids[0], "the batch was written early"
            mine = [int(r.claim.claim_id) for r in new.claims[:1] if r.claim.claim_id is not None]
            assert mine
            assert set(store.stored_claims(mine)) == set(mine)
        assert not store._pending_ids[0]
    assert len(_record(directory)["articles"]) == 3

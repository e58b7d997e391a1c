"""`consist doctor` finds what is wrong with a store and `--repair` rebuilds what is derived;
an older schema is migrated on open after a backup copy."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from consistency import migrations
from consistency.cli import app
from consistency.doctor import check_store, repair_store
from consistency.embeddings import DIM
from consistency.index import IVF_PQ, rebuild_index
from consistency.store import DB_NAME, INDEX_NAME, VECTORS_NAME, Store
from consistency.vectorfile import VectorFile


def test_healthy_store(corpus_store_dir: Path, runner) -> None:
    result = runner.invoke(app, ["doctor", "--index-dir", str(corpus_store_dir)])
    assert result.exit_code == 0, result.output
    assert "healthy" in result.stdout and "FAISS ids match DuckDB" in result.stdout
    data = json.loads(runner.invoke(app, ["doctor", "--index-dir", str(corpus_store_dir), "--json"]).stdout)
    assert data["ok"] is True and data["counts"]["articles"] == 9 and data["faiss_vectors"] == data["counts"]["claims"]


def test_missing_and_stale_faiss_are_found_and_rebuilt(corpus_store_dir: Path, runner) -> None:
    faiss_file = corpus_store_dir / INDEX_NAME
    stale = faiss_file.read_bytes()
    faiss_file.unlink()
    result = runner.invoke(app, ["doctor", "--index-dir", str(corpus_store_dir)])
    assert result.exit_code == 1 and "no FAISS file" in result.stdout and "--repair" in result.stdout
    result = runner.invoke(app, ["doctor", "--index-dir", str(corpus_store_dir), "--repair"])
    assert result.exit_code == 0, result.output
    assert "rebuilt" in result.stdout and "healthy" in result.stdout
    # a FAISS file from before the last claims were added (a crash between commit and save)
    con = duckdb.connect(str(corpus_store_dir / DB_NAME))
    con.execute("DELETE FROM relations WHERE claim_id = (SELECT max(claim_id) FROM claims)")
    con.execute("DELETE FROM credits WHERE claim_id = (SELECT max(claim_id) FROM claims)")
    con.execute("DELETE FROM claim_terms WHERE claim_id = (SELECT max(claim_id) FROM claims)")
    con.execute("DELETE FROM claims WHERE claim_id = (SELECT max(claim_id) FROM claims)")
    con.close()
    faiss_file.write_bytes(stale)
    report = check_store(corpus_store_dir)
    assert not report.ok and "1 FAISS id(s) with no claim" in report.problems[0].message
    fixed = repair_store(corpus_store_dir)
    assert fixed.ok, fixed.problems


def test_a_faiss_file_behind_by_its_latest_claims_is_healthy(corpus_store_dir: Path) -> None:
    """A big store rewrites its FAISS file only as it grows by 1 %; each open adds the latest
    claims back from DuckDB. That is no fault to report (a hole in the middle still is)."""
    with Store.open(corpus_store_dir) as store:
        ids = store.claim_ids()
        store.index.remove(ids[-2:])
        store.index.save(corpus_store_dir / INDEX_NAME)
    report = check_store(corpus_store_dir)
    faiss = next(f for f in report.findings if f.check == "faiss")
    assert report.ok and "2 claim(s) behind DuckDB" in faiss.message
    with Store.open(corpus_store_dir) as store:
        store.index.remove(ids[3:4])
        store.index.save(corpus_store_dir / INDEX_NAME)
    report = check_store(corpus_store_dir)
    assert not report.ok and "1 claim(s) missing from FAISS" in report.problems[0].message


def test_the_vector_file_of_an_ivf_pq_store_is_reported(corpus_store_dir: Path) -> None:
    with Store.open(corpus_store_dir) as store:
        rebuild_index(store, IVF_PQ)
        ids = store.claim_ids()

    def vector_finding() -> str:
        report = check_store(corpus_store_dir)
        assert report.ok, report.problems
        return next(f.message for f in report.findings if f.check == "vector file")

    assert "holds every claim's vector" in vector_finding()
    VectorFile(corpus_store_dir / VECTORS_NAME, DIM).truncate(int(ids[-3]))  # the last three rows lost
    assert "lacks 3 claim(s)" in vector_finding()
    (corpus_store_dir / VECTORS_NAME).unlink()
    assert "next open for writing writes it" in vector_finding()
    with Store.open(corpus_store_dir):
        pass
    assert "holds every claim's vector" in vector_finding()


def test_orphan_rows_are_found_and_removed_after_a_backup(corpus_store_dir: Path) -> None:
    con = duckdb.connect(str(corpus_store_dir / DB_NAME))
    con.execute("INSERT INTO relations VALUES (999999, 1, 'agrees', 0.9, ['test'], 0.9, '{}')")
    con.execute(
        "INSERT INTO credits VALUES (999999, 424242, NULL, 'Nobody', 'explicit', 'x', false, NULL, false, false)"
    )
    con.close()
    report = check_store(corpus_store_dir)
    orphans = next(f for f in report.findings if f.check == "orphans")
    assert not orphans.ok and "1 relations to a missing claim" in orphans.message and "1 credits" in orphans.message
    fixed = repair_store(corpus_store_dir)
    assert fixed.ok, fixed.problems
    assert any(step.startswith("backup copy") for step in fixed.repaired)
    backups = list(corpus_store_dir.glob(f"{DB_NAME}.doctor-*.bak"))
    assert len(backups) == 1
    con = duckdb.connect(str(backups[0]), read_only=True)
    assert con.execute("SELECT count(*) FROM relations WHERE claim_id = 999999").fetchone() == (1,)
    con.close()


def test_claims_without_vectors_are_found_and_re_embedded(corpus_store_dir: Path) -> None:
    con = duckdb.connect(str(corpus_store_dir / DB_NAME))
    con.execute("UPDATE claims SET embedding = '\\x00'::BLOB WHERE claim_id = (SELECT min(claim_id) FROM claims)")
    con.close()
    vectors = next(f for f in check_store(corpus_store_dir).findings if f.check == "vectors")
    assert not vectors.ok and vectors.message.startswith("1 claim(s) without")
    fixed = repair_store(corpus_store_dir)
    assert fixed.ok, fixed.problems
    assert any("re-embedded 1" in step for step in fixed.repaired)


def test_not_a_store(tmp_path: Path, runner) -> None:
    result = runner.invoke(app, ["doctor", "--index-dir", str(tmp_path / "none")])
    assert result.exit_code == 4 and "no store here" in result.stderr
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / DB_NAME).write_bytes(b"this is not a database" * 100)
    result = runner.invoke(app, ["doctor", "--index-dir", str(tmp_path / "junk")])
    assert result.exit_code == 4 and result.stderr.startswith("consist: error:")
    result = runner.invoke(app, ["check", "--index-dir", str(tmp_path / "junk"), "--dry-run", __file__])
    assert result.exit_code == 4 and len(result.stderr.strip().splitlines()) == 1


def _v1_store(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store as the first release wrote it: only migration 1, one article row."""
    directory.mkdir(parents=True)
    con = duckdb.connect(str(directory / DB_NAME))
    with monkeypatch.context() as m:
        m.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        migrations.apply(con)
    con.execute(
        "INSERT INTO articles (article_id, outlet, content_hash, added_at, outlet_key, body) "
        "VALUES (1, 'Old Outlet', 'h1', now(), 'old outlet', 'An article from long ago.')"
    )
    con.close()


def test_older_schema_is_migrated_on_open_after_a_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = tmp_path / "old"
    _v1_store(directory, monkeypatch)
    assert check_store(directory).schema_version == 1
    with pytest.raises(Exception, match="older"):
        Store.open(directory, read_only=True)  # a reader never migrates
    with Store.open(directory) as store:
        assert migrations.current_version(store.con) == migrations.LATEST
        assert store.rows("SELECT outlet FROM articles") == [("Old Outlet",)]
    backup = directory / f"{DB_NAME}.v1.bak"
    con = duckdb.connect(str(backup), read_only=True)
    assert migrations.current_version(con) == 1
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    con.close()
    assert check_store(directory).ok


def test_a_future_migration_runs_once_with_a_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The mechanism itself, with a temporary migration appended after the real ones."""
    directory = tmp_path / "store"
    with Store.open(directory):
        pass
    calls = []

    def m999_add_column(con: duckdb.DuckDBPyConnection) -> None:
        calls.append(1)
        con.execute("ALTER TABLE articles ADD COLUMN test_extra VARCHAR")

    version = migrations.LATEST + 1
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (version, "test_extra", m999_add_column)])
    monkeypatch.setattr(migrations, "LATEST", version)
    with Store.open(directory) as store:
        assert migrations.current_version(store.con) == version
        assert "test_extra" in {r[0] for r in store.rows("SELECT column_name FROM information_schema.columns")}
    with Store.open(directory):
        pass
    assert calls == [1]
    assert (directory / f"{DB_NAME}.v{version - 1}.bak").exists()


def test_a_failing_migration_leaves_the_store_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = tmp_path / "store"
    with Store.open(directory):
        pass

    def broken(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("ALTER TABLE articles ADD COLUMN half_done VARCHAR")
        raise RuntimeError("migration bug")

    version = migrations.LATEST + 1
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (version, "broken", broken)])
    monkeypatch.setattr(migrations, "LATEST", version)
    with pytest.raises(RuntimeError):
        Store.open(directory)
    monkeypatch.undo()
    with Store.open(directory, read_only=True) as store:
        assert migrations.current_version(store.con) == migrations.LATEST
        columns = {r[0] for r in store.rows("SELECT column_name FROM information_schema.columns")}
        assert "half_done" not in columns


def test_repair_switches_index_type_without_losing_search(corpus_store_dir: Path, runner) -> None:
    with Store.open(corpus_store_dir) as store:
        ids = store.claim_ids()
        query = store.vectors(ids[:3])
    result = runner.invoke(app, ["doctor", "--index-dir", str(corpus_store_dir), "--repair", "--index-type", "ivf-sq8"])
    assert result.exit_code == 0, result.output
    assert "ivf-sq8" in result.stdout
    with Store.open(corpus_store_dir) as store:
        assert store.index_type() == "ivf-sq8"
        assert store.index.ntotal == len(ids)
        top = store.index.search(query, 1)[1][:, 0]
        assert list(top) == list(ids[:3])  # each stored vector still finds itself
    bad = runner.invoke(app, ["doctor", "--index-dir", str(corpus_store_dir), "--repair", "--index-type", "hnsw"])
    assert bad.exit_code != 0 and "unknown index type" in bad.stderr

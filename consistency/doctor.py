"""Checking a store, and repairing what can be rebuilt: `consist doctor [--repair]`.

DuckDB is the record; the FAISS file is derived from it. `check_store` only reads (a read-only
connection, so it runs beside other readers and never changes what it examines): schema version,
row counts, FAISS ids against DuckDB's claim ids, claims without a usable vector, and rows that
point at an article or claim that is not there. `repair_store` opens the store for writing (which
migrates an old schema after a backup copy), removes rows that point nowhere (after a backup copy),
and rebuilds the FAISS file from the stored vectors.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np

from consistency import locks, migrations
from consistency.embeddings import DIM
from consistency.errors import StoreError, StoreMissingError
from consistency.index import IVF_PQ, ClaimIndex
from consistency.store import (
    DB_NAME,
    INDEX_NAME,
    READERS_BUSY,
    VECTORS_NAME,
    Store,
    _connect,
    _connect_reader,
    lock_timeout_s,
)
from consistency.vectorfile import VectorFile

TABLES = ("articles", "claims", "relations", "credits", "copies")

# Rows whose reference points nowhere: (table, what, SQL counting them, SQL deleting them).
# Fixed text only; nothing from articles is ever formatted into these.
_ORPHANS = (
    (
        "claims",
        "claims of a missing article",
        "SELECT count(*) FROM claims WHERE article_id NOT IN (SELECT article_id FROM articles)",
        "DELETE FROM claims WHERE article_id NOT IN (SELECT article_id FROM articles)",
    ),
    (
        "relations",
        "relations to a missing claim",
        "SELECT count(*) FROM relations WHERE claim_id NOT IN (SELECT claim_id FROM claims) "
        "OR other_claim_id NOT IN (SELECT claim_id FROM claims)",
        "DELETE FROM relations WHERE claim_id NOT IN (SELECT claim_id FROM claims) "
        "OR other_claim_id NOT IN (SELECT claim_id FROM claims)",
    ),
    (
        "credits",
        "credits of a missing article or claim",
        "SELECT count(*) FROM credits WHERE article_id NOT IN (SELECT article_id FROM articles) "
        "OR (claim_id IS NOT NULL AND claim_id NOT IN (SELECT claim_id FROM claims))",
        "DELETE FROM credits WHERE article_id NOT IN (SELECT article_id FROM articles) "
        "OR (claim_id IS NOT NULL AND claim_id NOT IN (SELECT claim_id FROM claims))",
    ),
    (
        "claim_terms",
        "terms of a missing claim",
        "SELECT count(*) FROM claim_terms WHERE claim_id NOT IN (SELECT claim_id FROM claims)",
        "DELETE FROM claim_terms WHERE claim_id NOT IN (SELECT claim_id FROM claims)",
    ),
    (
        "copies",
        "copy links of a missing article",
        "SELECT count(*) FROM copies WHERE article_id NOT IN (SELECT article_id FROM articles) "
        "OR (original_article_id IS NOT NULL AND original_article_id NOT IN (SELECT article_id FROM articles))",
        "DELETE FROM copies WHERE article_id NOT IN (SELECT article_id FROM articles) "
        "OR (original_article_id IS NOT NULL AND original_article_id NOT IN (SELECT article_id FROM articles))",
    ),
)


def _orphan_checks(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str]]:
    """The orphan checks whose table the store has (an older schema lacks the newer tables; its
    first write adds them)."""
    tables = {str(r[0]) for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return [check for check in _ORPHANS if check[0] in tables]


@dataclass
class Finding:
    """One check: what was looked at, whether it is healthy, and whether `--repair` can fix it."""

    check: str  # schema | counts | faiss | vector file | vectors | orphans | duplicates
    ok: bool
    message: str
    repairable: bool = False


@dataclass
class DoctorReport:
    store: str
    schema_version: int
    latest_version: int
    counts: dict[str, int] = field(default_factory=dict)
    faiss_vectors: int | None = None  # None: no FAISS file (or unreadable)
    index_type: str | None = None  # flat, ivf-sq8 or ivf-pq: the FAISS file's (None without one)
    findings: list[Finding] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok]


def check_store(directory: Path | str) -> DoctorReport:
    """Examine the store without changing it. Raises StoreError when there is no store to examine."""
    directory = Path(directory)
    db_path = directory / DB_NAME
    if not db_path.exists():
        raise StoreMissingError(directory)
    con = _connect_reader(db_path, lock_timeout_s())
    try:
        return _examine(con, directory)
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"{db_path}: store is damaged or not a consist store ({first})") from None
    finally:
        con.close()


def _examine(con: duckdb.DuckDBPyConnection, directory: Path) -> DoctorReport:
    version = migrations.current_version(con)
    report = DoctorReport(str(directory), version, migrations.LATEST)
    if version > migrations.LATEST:
        report.findings.append(
            Finding("schema", False, f"schema {version} is newer than this consist ({migrations.LATEST}); upgrade")
        )
        return report
    if version < migrations.LATEST:
        report.findings.append(
            Finding("schema", False, f"schema {version} is older than {migrations.LATEST}", repairable=True)
        )
    else:
        report.findings.append(Finding("schema", True, f"schema {version} (current)"))
    if version == 0:
        return report
    for table in TABLES:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 (fixed names)
        report.counts[table] = int(row[0]) if row else 0
    report.findings.append(Finding("counts", True, ", ".join(f"{n} {t}" for t, n in report.counts.items())))

    dup = con.execute(
        "SELECT count(*) FROM (SELECT content_hash FROM articles GROUP BY content_hash HAVING count(*) > 1)"
    ).fetchone()
    n_dup = int(dup[0]) if dup else 0
    report.findings.append(
        Finding("duplicates", n_dup == 0, f"{n_dup} article(s) stored twice" if n_dup else "no article stored twice")
    )

    bad = con.execute(
        "SELECT count(*) FROM claims WHERE embedding IS NULL OR octet_length(embedding) <> ?", [DIM * 4]
    ).fetchone()
    n_bad = int(bad[0]) if bad else 0
    report.findings.append(
        Finding(
            "vectors",
            n_bad == 0,
            f"{n_bad} claim(s) without a {DIM}-d vector" if n_bad else "every claim has a vector",
            repairable=n_bad > 0,
        )
    )

    orphan_notes = []
    for _table, what, count_sql, _delete_sql in _orphan_checks(con):
        row = con.execute(count_sql).fetchone()
        if row and row[0]:
            orphan_notes.append(f"{int(row[0])} {what}")
    report.findings.append(
        Finding(
            "orphans",
            not orphan_notes,
            "; ".join(orphan_notes) if orphan_notes else "no rows point at a missing article or claim",
            repairable=bool(orphan_notes),
        )
    )
    report.findings.extend(_faiss_findings(con, directory, report))
    return report


def _vector_file_finding(directory: Path, db_ids: np.ndarray) -> Finding:
    """The IVF-PQ index's vector file (vectorfile.py): what re-ranking reads, else DuckDB (slowly)."""
    file = VectorFile(directory / VECTORS_NAME, DIM)
    if not len(db_ids):
        return Finding("vector file", True, "no claims")
    if not file.exists():
        return Finding("vector file", True, f"no {VECTORS_NAME} yet: the next open for writing writes it "
                                            "(until then a search re-ranks from DuckDB, slowly)")  # fmt: skip
    lacking = int((~file.held(db_ids)).sum())
    if not lacking:
        return Finding("vector file", True, f"{VECTORS_NAME} holds every claim's vector")
    return Finding("vector file", True, f"{VECTORS_NAME} lacks {lacking} claim(s), read from DuckDB instead "
                                        "(--repair writes them)")  # fmt: skip


def _faiss_findings(con: duckdb.DuckDBPyConnection, directory: Path, report: DoctorReport) -> list[Finding]:
    """The FAISS file against DuckDB's claims; for an IVF-PQ index, its vector file too."""
    rows = con.execute("SELECT claim_id FROM claims ORDER BY claim_id").fetchall()
    db_ids = np.array([r[0] for r in rows], dtype=np.int64)
    faiss = _faiss_finding(db_ids, directory, report)
    if report.index_type != IVF_PQ:
        return [faiss]
    return [faiss, _vector_file_finding(directory, db_ids)]


def _faiss_finding(db_ids: np.ndarray, directory: Path, report: DoctorReport) -> Finding:
    """DuckDB's claim ids (sorted) against the FAISS file's."""
    path = directory / INDEX_NAME
    # `consist add` writes the FAISS file every few hundred articles and when it ends; meanwhile
    # the file lacks its latest claims, which every Store adds back from DuckDB when it opens
    adding = locks.writer_elsewhere(directory)
    if not path.exists():
        if len(db_ids) == 0:
            return Finding("faiss", True, "no FAISS file and no claims")
        if adding:
            return Finding("faiss", True, f"no FAISS file yet for {len(db_ids)} claims: an add in progress writes it")
        return Finding("faiss", False, f"no FAISS file for {len(db_ids)} claims", repairable=True)
    try:
        index = ClaimIndex.load(path)
    except Exception as exc:  # any damage to a derived file is reported, then rebuilt by --repair
        return Finding("faiss", False, f"FAISS file unreadable ({type(exc).__name__})", repairable=True)
    faiss_ids = index.ids()
    report.faiss_vectors = len(faiss_ids)
    if index.dim != DIM:
        return Finding("faiss", False, f"FAISS file has {index.dim}-d vectors, expected {DIM}", repairable=True)
    report.index_type = index.kind
    if np.array_equal(faiss_ids, db_ids):
        return Finding("faiss", True, f"FAISS ids match DuckDB ({len(db_ids)} claims)")
    missing = len(np.setdiff1d(db_ids, faiss_ids))
    extra = len(np.setdiff1d(faiss_ids, db_ids))
    duplicated = len(faiss_ids) - len(np.unique(faiss_ids))
    if adding and not extra and not duplicated:
        return Finding("faiss", True, f"FAISS file {missing} claim(s) behind DuckDB: an add in progress writes it")
    if not extra and not duplicated and len(faiss_ids) and np.array_equal(db_ids[: len(faiss_ids)], faiss_ids):
        # a big store rewrites its FAISS file only as it grows by RESAVE_FRACTION (index.py): every
        # open adds the latest claims back from DuckDB, so this is how a healthy big store looks
        return Finding("faiss", True, f"FAISS file {missing} claim(s) behind DuckDB: each open adds them back")
    parts = [f"{missing} claim(s) missing from FAISS"] if missing else []
    parts += [f"{extra} FAISS id(s) with no claim"] if extra else []
    parts += [f"{duplicated} FAISS id(s) stored twice"] if duplicated else []
    return Finding("faiss", False, "FAISS out of step with DuckDB: " + "; ".join(parts), repairable=True)


def repair_store(directory: Path | str, index_type: str | None = None) -> DoctorReport:
    """Fix what can be fixed, then check again; the returned report lists what was done in `repaired`.

    `index_type` ("auto", "flat", "ivf-sq8", "ivf-pq") switches the FAISS index type, rebuilt from DuckDB.
    A repair is a writer: it waits for one in progress (`consist add`), and readers wait for it."""
    directory = Path(directory)
    if not (directory / DB_NAME).exists():
        raise StoreMissingError(directory)
    with locks.writer(directory, lock_timeout_s()):
        return _repair(directory, index_type)


def _repair(directory: Path, index_type: str | None) -> DoctorReport:
    before = check_store(directory)
    done: list[str] = []
    if before.schema_version > before.latest_version:
        before.repaired = done
        return before
    broken = {f.check for f in before.problems}
    if broken & {"orphans", "vectors"} and before.schema_version == before.latest_version:
        # The record itself is touched: a backup copy first, then one transaction.
        with locks.committing(directory, lock_timeout_s()):
            con = _connect(directory / DB_NAME, False, lock_timeout_s(), busy=READERS_BUSY)
        try:
            con.execute("CHECKPOINT")
            backup = directory / f"{DB_NAME}.doctor-{time.strftime('%Y%m%d-%H%M%S')}.bak"
            shutil.copy2(directory / DB_NAME, backup)
            done.append(f"backup copy {backup.name}")
            con.execute("BEGIN TRANSACTION")
            try:
                for _table, what, count_sql, delete_sql in _orphan_checks(con):
                    row = con.execute(count_sql).fetchone()
                    if row and row[0]:
                        con.execute(delete_sql)
                        done.append(f"removed {int(row[0])} {what}")
                if "vectors" in broken:
                    done.append(_reembed(con))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        finally:
            con.close()
    with Store.open(directory) as store:  # migrates an older schema, after a backup copy
        if before.schema_version < before.latest_version:
            done.append(f"migrated schema {before.schema_version} -> {before.latest_version} (backup kept)")
        if index_type is not None:
            from consistency.index import rebuild_index

            done.append("FAISS: " + rebuild_index(store, index_type))
        else:
            done.append("FAISS: " + store.rebuild_index())
    after = check_store(directory)
    after.repaired = done
    return after


def _reembed(con: duckdb.DuckDBPyConnection) -> str:
    """Claims whose stored vector is missing or the wrong size get one again from their proposition."""
    from consistency.embeddings import default_embedder

    rows = con.execute(
        "SELECT claim_id, proposition FROM claims WHERE embedding IS NULL OR octet_length(embedding) <> ?", [DIM * 4]
    ).fetchall()
    vectors = default_embedder().encode([str(r[1]) for r in rows])
    con.executemany(
        "UPDATE claims SET embedding = ? WHERE claim_id = ?",
        [[np.asarray(v, dtype=np.float32).tobytes(), int(r[0])] for r, v in zip(rows, vectors, strict=True)],
    )
    return f"re-embedded {len(rows)} claim(s) from their text"

"""The store: one DuckDB file (the record) and one FAISS file (derived, rebuilt from DuckDB).

Files in the store folder (documented in indexes/README.md):
  consist.duckdb   articles, claims (with their vectors), relations, credits, copies
  claims.faiss     FAISS index of claim vectors, ids = claims.claim_id
  claims.vectors   float16 copies of the vectors, by claim id, for an IVF-PQ index (derived too)

Each article is written in one DuckDB transaction with its claims, relations and credits (inside
`Store.deferred()`, a batch of articles in one); the FAISS file follows, written to a temporary
file and renamed. On open the FAISS ids are compared with DuckDB's and the index is repaired from
the stored vectors if they differ.

One writer at a time (`locks.writer`); a writer opened with `share=True` (`consist add`) holds
the DuckDB file for writing only while it commits, so readers open it between commits and see
the store as of the last one (see locks.py).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import numpy as np

from consistency import locks, migrations, terms
from consistency.embeddings import DIM
from consistency.errors import StoreBusyError, StoreError, StoreMissingError
from consistency.index import AUTO, INDEX_TYPES, IVF_PQ, ClaimIndex, choose_index_type
from consistency.memory import remember
from consistency.models import Article, Claim, CopyLink, Credit, Match, StoredClaim, claim_from_dict
from consistency.outlets import outlet_key
from consistency.terms import TermHit
from consistency.vectorfile import VectorFile

T = TypeVar("T")
DB_NAME = "consist.duckdb"
INDEX_NAME = "claims.faiss"
VECTORS_NAME = "claims.vectors"  # float16 copies of the vectors an IVF-PQ index re-ranks by (vectorfile.py)
LOCK_TIMEOUT_S = float(os.environ.get("CONSIST_LOCK_TIMEOUT", "30"))
MAX_IN_LIST = 1024  # ids bound into one `IN (?, ...)` lookup (see `Store._by_ids`)
IN_LIST_ABOVE = 100_000  # claims in the store above which id lookups bind a list instead of a join
OWNER_CACHE = 200_000  # claims whose (outlet key, article id) a Store remembers (see `claim_outlet_keys`)
ROW_CACHE = 20_000  # stored claims (rows, ~1 KB each) a Store remembers (see `stored_claims`)
DECODED_CACHE = 5_000  # stored claims a Store keeps decoded (see `stored_claims`)
ARTICLE_CACHE = 2_000  # stored articles whose origin row and text a Store remembers (see `article_texts`)
UNNEST_FROM = 4  # rows from which `_insert` binds columns rather than a VALUES list
CACHED_TEXT_MAX = 50_000  # characters: longer texts are read again when asked for
# DuckDB's cache of file blocks kept from one recorded article to the next (see `_trim_buffers`).
BUFFER_KEEP = "64MB"
# DuckDB folds its write-ahead log into the main file (a checkpoint) when a connection closes.
# That rewrites the tables' indexes and costs time in proportion to the store (0.5 s at 1M
# claims, more than a whole `check` adds), so above this many claims the log is left for DuckDB
# to fold in once it passes its own size threshold (16 MB); replaying it on open is quick
# (0.07 s for 8 MB). The log (`consist.duckdb.wal`) is then part of the record.
CHECKPOINT_ON_CLOSE_BELOW = 100_000
READERS_BUSY = "other consist processes kept reading this store (check --dry-run, report, credits, doctor)"


# (outlet, published_at, added_at, original article id, original outlet, copy reason)
OriginRow = tuple[str, datetime | None, datetime | None, int | None, str | None, str | None]
TextRow = tuple[str, datetime | None, datetime | None]  # (body, published_at, added_at)


def lock_timeout_s() -> float:
    """Seconds to wait for another process's write lock: CONSIST_LOCK_TIMEOUT, read at each open."""
    try:
        return max(0.0, float(os.environ.get("CONSIST_LOCK_TIMEOUT", LOCK_TIMEOUT_S)))
    except ValueError:
        return LOCK_TIMEOUT_S


class Store:
    """Open with `Store.open(dir)`; use as a context manager so the FAISS file is saved on exit."""

    def __init__(self, directory: Path, con: duckdb.DuckDBPyConnection, read_only: bool) -> None:
        self.directory = directory
        self.con = con
        self.read_only = read_only
        # A sharing writer's connection is read-only between commits (see `_writable`); it holds
        # the writer lock (`_writer`) until it closes, so no other process writes meanwhile.
        self.share = False
        self._writes = not read_only  # whether `con` may write now
        self._writer: ExitStack | None = None
        self._lock_timeout = LOCK_TIMEOUT_S
        self._index = ClaimIndex(DIM)
        self._index.exact = self.exact_vectors
        self.vector_file = VectorFile(directory / VECTORS_NAME, DIM)
        self._outlet_keys: set[str] | None = None  # every outlet in the store, kept current by add_article
        # (outlet key, article id) of claims met lately: a stored claim never changes owner, and
        # an `add` looks up the same recent neighbours article after article.
        self._owners: dict[int, tuple[str, int]] = {}
        self._rows: dict[int, tuple[Any, ...]] = {}  # stored_claims' rows, for the same reason
        # and the claims made of them: reading a claim's JSON costs more than the lookup. Stored
        # claims are never changed by their readers, so one object serves every pair it is in.
        self._decoded: dict[int, StoredClaim] = {}
        # The next article, claim and credit ids. Only this Store writes (it holds the writer
        # lock), so they are read once and then counted; any failed write forgets them.
        self._next: tuple[int, int, int] | None = None
        self._types: dict[str, list[str]] = {}  # column types per table, for `_insert`
        self._origins: dict[int, OriginRow] = {}  # article_origin_rows', for the same reason as _owners
        self._texts: dict[int, TextRow] = {}  # article_texts'
        # Rows `add_article` has made but DuckDB has not yet got (see `deferred`), per table in
        # the order they go in, with the ids they hold, so a failed write can forget them.
        self._pending: dict[str, list[list[Any]]] = {}
        self._pending_ids: tuple[list[int], list[int]] = ([], [])  # (article ids, claim ids)
        self._deferring = 0
        self._index_loaded = True  # False: opened without FAISS (`load_index`); never saved

    @property
    def index(self) -> ClaimIndex:
        return self._index

    @index.setter
    def index(self, index: ClaimIndex) -> None:
        """An IVF-PQ index re-ranks its candidates by their exact vectors (`exact_vectors`)."""
        index.exact = self.exact_vectors
        self._index = index

    # ---- opening -------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        directory: Path | str,
        *,
        read_only: bool = False,
        create: bool = True,
        lock_timeout: float | None = None,
        share: bool = False,
        load_index: bool = True,
    ) -> Store:
        """Open the store in `directory`. Only a writer with `create` (what `consist add` does) makes a
        new one; a reader, or `create=False`, raises StoreMissingError when there is none, so a
        mistyped folder is an error rather than an empty store.

        A writer waits up to `lock_timeout` s (CONSIST_LOCK_TIMEOUT) for another to finish. With
        `share` it lets readers in between its commits, at the cost of reopening the file for
        each commit (worth it for a long `add`, not for one article). Without `load_index` the
        FAISS file is neither read nor written: for a writer of small rows (a reviewer's verdict)
        that never searches."""
        directory = Path(directory)
        db_path = directory / DB_NAME
        if (read_only or not create) and not db_path.exists():
            raise StoreMissingError(directory)
        timeout = lock_timeout_s() if lock_timeout is None else lock_timeout
        writer = ExitStack()
        if not read_only:
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create store folder {directory}: {exc.strerror or exc}") from None
            writer.enter_context(locks.writer(directory, timeout))
        try:
            if read_only:
                con = _connect_reader(db_path, timeout)
            else:
                with locks.committing(directory, timeout):
                    con = _connect(db_path, False, timeout, busy=READERS_BUSY)
        except BaseException:
            writer.close()
            raise
        store = cls(directory, con, read_only)
        store._lock_timeout = timeout
        store._writer = None if read_only else writer
        try:
            store._migrate(db_path)
            if load_index:
                store._load_index()
            else:
                store._index_loaded = False
            if share and not read_only:
                store.share = True
                store._read_only_between_commits()
        except BaseException as exc:
            store.con.close()
            writer.close()
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"{db_path}: store is damaged or not a consist store ({_first_line(exc)})") from None
            raise
        return store

    def _migrate(self, db_path: Path) -> None:
        version = migrations.current_version(self.con)
        if version > migrations.LATEST:
            raise StoreError(f"{db_path}: written by a newer consist (schema {version} > {migrations.LATEST})")
        if version == migrations.LATEST:
            return
        if self.read_only:
            pending = [v for v, _, _ in migrations.MIGRATIONS if v > version]
            if version > 0 and all(v in migrations.READ_ONLY_STANDINS for v in pending):
                for v in pending:  # the next write migrates it for good
                    migrations.READ_ONLY_STANDINS[v](self.con)
                return
            raise StoreError(f"{db_path}: schema {version} is older than {migrations.LATEST}; open it for writing once")
        if version > 0:
            self.con.execute("CHECKPOINT")
            backup = db_path.with_name(f"{db_path.name}.v{version}.bak")
            shutil.copy2(db_path, backup)
        migrations.apply(self.con)

    def _load_index(self) -> None:
        path = self.directory / INDEX_NAME
        if path.exists():
            try:
                self.index = ClaimIndex.load(path)
            except Exception:  # a damaged derived file is rebuilt, never trusted
                self.index = ClaimIndex(DIM)
        self.sync_index()

    def sync_index(self) -> str:
        """Make FAISS hold exactly DuckDB's claims; returns what was done (for `doctor`).

        The same count, smallest, largest, sum and sum of squares of ids on both sides means in
        step (see `ClaimIndex.id_summary`): ids only ever leave DuckDB through `doctor --repair`
        (which rebuilds the index) and only leave FAISS with a failed write (which leaves DuckDB
        as it was), so a change shows in the count or the largest id. Sorting and comparing every
        id took 2.7 s at 10M claims, and 17 s when FAISS was a few claims behind; `doctor` still
        compares them one by one."""
        summary = self._id_summary()
        held = self.index.id_summary()
        if summary == held:
            if not self.read_only and self.index.wants_rebuild(summary[0], self.index_type()):
                return self.rebuild_index()
            return self._sync_vector_file(summary[2], "in step")
        if held[0] and self._id_summary(up_to=held[2]) == held:
            # FAISS holds DuckDB's claims up to its last id: the usual case, as a big store's
            # file is rewritten only every RESAVE_FRACTION (index.py); the rest come from DuckDB
            missing = self.claim_ids(after=held[2])
        else:
            db_ids, faiss_ids = self.claim_ids(), self.index.ids()
            held_once = len(np.unique(faiss_ids)) == len(faiss_ids)
            if not (self.index.ntotal and held_once and np.isin(faiss_ids, db_ids).all()):
                return self.rebuild_index()
            missing = np.setdiff1d(db_ids, faiss_ids)
        self.index.add(missing, self.vectors(missing))
        if not self.read_only:
            self.save_index()
        return self._sync_vector_file(summary[2], f"added {len(missing)} missing vectors")

    def _id_summary(self, up_to: int | None = None) -> tuple[int, ...]:
        """(count, min, max, sum, sum of squares mod 2**64) of DuckDB's claim ids (up to `up_to`):
        see `ClaimIndex.id_summary`."""
        limit = np.iinfo(np.int64).max if up_to is None else int(up_to)
        row = (
            self._sql()
            .execute(
                "SELECT count(*), coalesce(min(claim_id), 0), coalesce(max(claim_id), 0), coalesce(sum(claim_id), 0), "
                "coalesce(sum(claim_id::HUGEINT * claim_id) % 18446744073709551616, 0) FROM claims WHERE claim_id <= ?",
                [limit],
            )
            .fetchone()
        )
        return tuple(int(v) for v in row) if row else (0, 0, 0, 0, 0)

    def _sync_vector_file(self, last: int, action: str) -> str:
        """Bring the vector file up to DuckDB's last claim (an IVF-PQ index re-ranks by it).

        Rows past DuckDB's last id go first: their ids will be given to new claims. Rows a
        crash left unwritten in the middle read as missing, and come from DuckDB instead."""
        if self.read_only:
            return action
        if self.index.kind != IVF_PQ:
            self.vector_file.remove()
            return action
        self.vector_file.truncate(last + 1)
        written = self.vector_file.rows()
        if written > last:
            return action
        # a lost file is written beside and put in place whole; a short one gets its tail, rows
        # no reader asks for yet (a reader knows the claims committed before it opened)
        target = self.vector_file if written else self.vector_file.sibling(".new")
        count = sum(len(ids) for ids, _ in _written(self.iter_vectors(from_id=written), target))
        if not written:
            target.replace(self.vector_file)
        return f"{action}; wrote {count} vectors to {VECTORS_NAME}"

    def index_type(self) -> str:
        """The `index_type` setting: "auto" (by size, see index.py) or a forced type."""
        row = self.con.execute("SELECT value FROM store_meta WHERE key = 'index_type'").fetchone()
        return str(row[0]) if row else AUTO

    def set_index_type(self, index_type: str) -> None:
        if index_type not in (AUTO, *INDEX_TYPES):
            raise StoreError(f"unknown index type {index_type!r}; expected one of {', '.join((AUTO, *INDEX_TYPES))}")
        if self.read_only:
            raise StoreError("store opened read-only")
        with self._writable() as con:
            con.execute("INSERT OR REPLACE INTO store_meta VALUES ('index_type', ?)", [index_type])

    def meta(self, key: str) -> str | None:
        """A store setting from `store_meta`, None when unset (never waits for a batch in progress)."""
        row = self.con.execute("SELECT value FROM store_meta WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        """Set (or, with None, remove) a store setting, in one transaction."""
        with self.transaction() as con:
            con.execute("DELETE FROM store_meta WHERE key = ?", [key])
            if value is not None:
                con.execute("INSERT INTO store_meta VALUES (?, ?)", [key, value])

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection inside one write transaction, for a caller's own small rows (a verdict, a
        setting): committed when the block ends, rolled back if it raises."""
        self.flush()
        with self._writable() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    def rebuild_index(self) -> str:
        """Build the FAISS index afresh from DuckDB's vectors (never re-embeds), of the type the setting picks."""
        n = self.counts()["claims"]
        kind = choose_index_type(n, self.index_type())
        chunks = self.iter_vectors()
        fresh = self.vector_file.sibling(".new")  # in place at the end: a reader never meets half a file
        if not self.read_only and kind == IVF_PQ:
            fresh.remove()
            chunks = _written(chunks, fresh)
        self.index = ClaimIndex.build_streaming(kind, n, self.sample_vectors, chunks)
        if not self.read_only:
            if kind == IVF_PQ:
                fresh.replace(self.vector_file)
            else:
                self.vector_file.remove()
            self.index.save(self.directory / INDEX_NAME)
        return f"rebuilt {kind} index from {n} stored vectors"

    def save_index(self, force: bool = False) -> None:
        """Write the FAISS file when worth it (index.py: RESAVE_FRACTION) or forced; first rebuild it
        if the store outgrew its index type. Vectors left unsaved are re-added from DuckDB on open."""
        if self.read_only:
            return
        self.flush()  # the FAISS file never holds a claim DuckDB lacks
        if self.index.wants_rebuild(self.index.ntotal, self.index_type()):
            self.rebuild_index()
            return
        if force or self.index.worth_saving():
            self.index.save(self.directory / INDEX_NAME)

    def close(self) -> None:
        try:
            self.flush()
            if self.index.dirty and not self.read_only and self._index_loaded:
                self.save_index()
        finally:
            try:
                self._close_con()
            finally:
                if self._writer is not None:
                    self._writer.close()
                    self._writer = None

    def _close_con(self) -> None:
        """Close the connection; a writing one folds DuckDB's log into the file first in a small
        store only (see CHECKPOINT_ON_CLOSE_BELOW)."""
        try:
            if self._writes and self.index.ntotal >= CHECKPOINT_ON_CLOSE_BELOW:
                self.con.execute("PRAGMA disable_checkpoint_on_shutdown")
        finally:
            self._writes = False
            self.con.close()

    def _read_only_between_commits(self) -> None:
        """A sharing writer lets go of the file for writing: from now on it reads like a reader.
        It still holds the writer lock, so what it remembers (next ids, rows) stays true."""
        self._close_con()
        self.con = _connect(self.directory / DB_NAME, True, self._lock_timeout)

    @contextmanager
    def _writable(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection, able to write, for the block. A sharing writer takes the file for
        writing here: it waits for the readers that have it open to finish (new ones wait for
        this block), writes, and gives the file back, read-only again, when the block ends."""
        if self.read_only:
            raise StoreError("store opened read-only")
        if self._writes:
            yield self.con
            return
        self.con.close()
        try:
            with locks.committing(self.directory, self._lock_timeout):
                self.con = _connect(self.directory / DB_NAME, False, self._lock_timeout, busy=READERS_BUSY)
                self._writes = True
                try:
                    yield self.con
                finally:
                    self._close_con()
        finally:
            self.con = _connect(self.directory / DB_NAME, True, self._lock_timeout)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading -------------------------------------------------------------------------
    def _sql(self) -> duckdb.DuckDBPyConnection:
        """The connection, once any staged rows are in: a read must see every article added."""
        if self._pending_ids[0]:
            self.flush()
        return self.con

    def claim_ids(self, after: int = -1) -> np.ndarray:
        """Stored claim ids above `after`, sorted."""
        sql = "SELECT claim_id FROM claims WHERE claim_id > ? ORDER BY claim_id"
        column = self._sql().execute(sql, [after]).fetchnumpy()["claim_id"]
        return np.asarray(column, dtype=np.int64)

    def vectors(self, ids: np.ndarray, *, from_index: bool = False) -> np.ndarray:
        """Stored vectors for `ids`, in that order.

        `from_index` reads them from an exact (flat) FAISS index when it holds them all: the same
        float32 values as DuckDB's, without a query. An IVF-PQ index hands back the float16
        copies its last search re-ranked by, when that search read them all; else DuckDB is read."""
        if len(ids) == 0:
            return np.zeros((0, DIM), dtype=np.float32)
        if from_index:
            found = self.index.reconstruct(np.asarray(ids, dtype=np.int64))
            if found is not None:
                return found
        select = "SELECT claim_id, embedding FROM claims WHERE claim_id"
        rows = self._by_ids(select, ids.tolist(), self._first_staged(1))
        by_id = {int(cid): blob for cid, blob in rows}
        return np.frombuffer(b"".join(by_id[int(i)] for i in ids), dtype=np.float32).reshape(-1, DIM)

    def exact_vectors(self, ids: np.ndarray) -> np.ndarray:
        """Vectors of `ids` for re-ranking: from the vector file, the rows it lacks from DuckDB."""
        vectors, found = self.vector_file.read(ids)
        if not found.all():
            vectors[~found] = self.vectors(np.asarray(ids, dtype=np.int64)[~found])
        return vectors

    def iter_vectors(self, chunk: int = 65536, from_id: int = 0) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(ids, vectors) of every stored claim (from id `from_id` on), `chunk` rows at a time
        (memory stays flat)."""
        cursor = self._sql().cursor()
        try:
            cursor.execute("SELECT claim_id, embedding FROM claims WHERE claim_id >= ?", [from_id])
            while rows := cursor.fetchmany(chunk):
                ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
                yield ids, np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(-1, DIM)
        finally:
            cursor.close()

    def sample_vectors(self, n: int) -> np.ndarray:
        """Up to `n` stored vectors drawn at random (repeatably): training points for IVF cells."""
        rows = (
            self._sql()
            .execute(
                f"SELECT embedding FROM claims USING SAMPLE reservoir({int(n)} ROWS) REPEATABLE (7)"  # noqa: S608 (int)
            )
            .fetchall()
        )
        return np.frombuffer(b"".join(r[0] for r in rows), dtype=np.float32).reshape(-1, DIM)

    def _by_ids(self, select: str, ids: Sequence[int], staged_from: int | None = None) -> list[tuple[Any, ...]]:
        """Rows of `select` (ending in the id column to filter on) for the given ids.

        `staged_from`: the first id of that kind `add_article` has staged; ids below it are in
        DuckDB already, so asking for them does not write the staged rows first (see `deferred`).

        In a big store a list of bound placeholders lets DuckDB look the ids up (zone maps, the
        primary key) and read only the row groups that hold them: `IN (SELECT unnest(?))` is a
        hash join that scans the whole column, 0.1-0.4 s for a check's few hundred ids at 1M
        claims (and the 1.5 KB vectors with it). In a small store the scan is cheap and binding
        hundreds of placeholders costs more (2x at 10k claims), so it keeps the join, as do very
        long lists (a report over the whole store). Lists go in chunks of MAX_IN_LIST.
        """
        values = [int(i) for i in ids]
        older = staged_from is not None and bool(values) and max(values) < staged_from
        con = self.con if older else self._sql()
        if len(values) > MAX_IN_LIST * 8 or self.index.ntotal <= IN_LIST_ABOVE:
            return con.execute(f"{select} IN (SELECT unnest(?::BIGINT[]))", [values]).fetchall()  # noqa: S608 (fixed SQL)
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(values), MAX_IN_LIST):
            part = values[start : start + MAX_IN_LIST]
            marks = ", ".join("?" * len(part))
            rows.extend(con.execute(f"{select} IN ({marks})", part).fetchall())  # noqa: S608 (placeholders)
        return rows

    def _first_staged(self, kind: int) -> int | None:
        """The first staged article (kind 0) or claim (kind 1) id; None when nothing is staged."""
        staged = self._pending_ids[kind]
        return staged[0] if staged else None

    def article_id_by_hash(self, content_hash: str) -> int | None:
        row = self._sql().execute("SELECT article_id FROM articles WHERE content_hash = ?", [content_hash]).fetchone()
        return int(row[0]) if row else None

    def stored_claims(self, ids: Sequence[int]) -> dict[int, StoredClaim]:
        if not ids:
            return {}
        out: dict[int, StoredClaim] = {}
        for i in ids:
            if (kept := self._decoded.get(int(i))) is not None:
                out[int(i)] = kept
        rows = self._remembered(
            self._rows,
            ROW_CACHE,
            lambda wanted: self._with_articles(
                ["data"], ["outlet", "title", "published_at", "added_at", "source_path", "url"], wanted
            ),
            [i for i in ids if int(i) not in out],
            tuple,
        )
        decoded: dict[int, StoredClaim] = {}
        for cid, data, aid, outlet, title, published, added, source, url in rows.values():
            claim = claim_from_dict(json.loads(data))
            claim.claim_id, claim.article_id = int(cid), int(aid)
            decoded[int(cid)] = StoredClaim(claim, outlet, title, published, added, int(aid), source, url)
        remember(self._decoded, decoded, DECODED_CACHE)
        out.update(decoded)
        return out

    def claim_outlet_keys(self, ids: Sequence[int]) -> dict[int, tuple[str, int]]:
        """(outlet key, article id) per claim id: the cheap filter before loading whole claims."""
        return self._remembered(
            self._owners,
            OWNER_CACHE,
            lambda wanted: self._with_articles([], ["outlet_key"], wanted),
            ids,
            lambda r: (str(r[2]), int(r[1])),
        )

    def _with_articles(
        self, claim_columns: list[str], article_columns: list[str], ids: list[int]
    ) -> list[tuple[Any, ...]]:
        """(claim_id, *claim_columns, article_id, *article_columns) for the claim ids: the claims
        by key, then their articles by key. One join read every article's columns: 2.0-2.3 s for
        1,024 claims in a fresh process at 1.25M articles, against 0.3 s for the two lookups."""
        columns = ", ".join(["claim_id", *claim_columns, "article_id"])
        claims = self._by_ids(f"SELECT {columns} FROM claims WHERE claim_id", ids, self._first_staged(1))  # noqa: S608 (names from code)
        select = f"SELECT article_id, {', '.join(article_columns)} FROM articles WHERE article_id"  # noqa: S608 (names from code)
        wanted = sorted({int(r[-1]) for r in claims})
        if not wanted:  # (asking for none would still write a batch in progress)
            return []
        articles = {int(r[0]): r[1:] for r in self._by_ids(select, wanted, self._first_staged(0))}
        return [(*r, *articles[int(r[-1])]) for r in claims if int(r[-1]) in articles]

    def term_hits(
        self,
        queries: list[list[str]],
        own_outlet: str,
        exclude_article: int | None = None,
        *,
        ahead: Sequence[Sequence[int]] = (),
        total: int | None = None,
        next_claim: int | None = None,
        shares: Sequence[float] | None = None,
    ) -> list[list[TermHit]]:
        """Per query (a claim's terms), the earlier claims of other outlets, among the store's
        latest terms.WINDOW, that share the most informative of them (see terms.py), best
        first. `shares`: per query, the share of its weight a hit must carry (terms.MIN_SHARE
        unless given).

        Document frequencies count the rows a batch has staged as well as DuckDB's, and the
        staged rows are searched here in memory, so the answer is the same wherever a batch
        boundary falls and nothing staged is written early. `ahead` (rows as `claim_terms` holds
        them), `total` (claims in all) and `next_claim` (the id the next claim gets) are `add
        --ray`'s look-ahead: articles not yet recorded."""
        out: list[list[TermHit]] = [[] for _ in queries]
        ids = [[terms.term_id(t) for t in q] for q in queries]
        wanted = sorted({t for q in ids for t in q})
        n = self.index.ntotal if total is None else total
        if not wanted or n == 0:
            return out
        staged = [*self._pending.get("claim_terms", []), *ahead]
        df: Counter[int] = Counter(int(r[0]) for r in staged)
        for tid, count in self.con.execute(
            "SELECT term_id, df FROM term_stats WHERE term_id IN (SELECT unnest(?::BIGINT[]))", [wanted]
        ).fetchall():
            df[int(tid)] += int(count)
        cap = terms.max_df(n)
        weight = {t: terms.idf(df[t], n) for t in wanted}
        looked = {t for t in wanted if 0 < df[t] <= cap}
        asked = [(qi, t) for qi, q in enumerate(ids) for t in q if t in looked]
        if not asked:
            return out
        own, other_article = terms.term_id(own_outlet), -1 if exclude_article is None else exclude_article
        # claim_terms is written in claim order, so DuckDB skips the row groups before the window
        since = (self.next_ids()[1] if next_claim is None else next_claim) - terms.WINDOW
        hits: list[dict[int, TermHit]] = [{} for _ in queries]
        rows = self.con.execute(
            """
            WITH q AS (SELECT unnest(?::INTEGER[]) AS qi, unnest(?::BIGINT[]) AS term_id, unnest(?::DOUBLE[]) AS w)
            SELECT q.qi, t.claim_id, sum(q.w) AS score, count(*) AS shared
            FROM q JOIN claim_terms t USING (term_id)
            WHERE t.outlet_id <> ? AND t.article_id <> ? AND t.claim_id >= ?
            GROUP BY q.qi, t.claim_id
            HAVING count(*) >= ?
            QUALIFY row_number() OVER (PARTITION BY q.qi ORDER BY round(sum(q.w), 6) DESC, t.claim_id) <= ?
            """,
            [[qi for qi, _ in asked], [t for _, t in asked], [weight[t] for _, t in asked], own, other_article,
             since, terms.MIN_SHARED, terms.TERM_MATCHES],
        ).fetchall()  # fmt: skip
        for qi, cid, score, shared in rows:
            hits[int(qi)][int(cid)] = TermHit(int(cid), float(score), int(shared))
        if staged:
            postings: dict[int, list[int]] = {}
            for tid, cid, outlet, aid in staged:
                if tid in looked and outlet != own and aid != other_article and cid >= since:
                    postings.setdefault(int(tid), []).append(int(cid))
            for qi, tid in asked:
                for cid in postings.get(tid, ()):
                    hit = hits[qi].setdefault(cid, TermHit(cid, 0.0, 0))
                    hit.score += weight[tid]
                    hit.shared += 1
        for qi, q in enumerate(ids):
            share = terms.MIN_SHARE if shares is None else shares[qi]
            out[qi] = terms.pick(hits[qi].values(), sum(weight[t] for t in q), share)
        return out

    def article_origin_rows(self, ids: Sequence[int]) -> dict[int, OriginRow]:
        """(outlet, published_at, added_at, original article id, original outlet, copy reason) per article."""
        return self._remembered(
            self._origins,
            ARTICLE_CACHE,
            "SELECT a.article_id, a.outlet, a.published_at, a.added_at, c.original_article_id, c.original_outlet, "
            "c.reason FROM articles a LEFT JOIN copies c USING (article_id) WHERE a.article_id",
            ids,
            lambda r: (r[1], r[2], r[3], r[4], r[5], r[6]),
            staged_from=self._first_staged(0),
        )

    def article_texts(self, ids: Sequence[int]) -> dict[int, TextRow]:
        """(body, published_at, added_at) per article: what near-duplicate detection compares."""
        return self._remembered(
            self._texts,
            ARTICLE_CACHE,
            "SELECT article_id, body, published_at, added_at FROM articles WHERE article_id",
            ids,
            lambda r: (r[1], r[2], r[3]),
            keep=lambda row: len(row[0]) <= CACHED_TEXT_MAX,
            staged_from=self._first_staged(0),
        )

    def _remembered(
        self,
        memory: dict[int, T],
        cap: int,
        select: str | Callable[[list[int]], list[tuple[Any, ...]]],
        ids: Sequence[int],
        value: Callable[[tuple[Any, ...]], T],
        keep: Callable[[T], bool] = lambda _: True,
        staged_from: int | None = None,
    ) -> dict[int, T]:
        """Per id: what `memory` holds, the rest read with `select` (see `_by_ids`; or a function
        of the ids that reads their rows) and remembered.

        Stored rows never change, and an `add` looks up the same recent neighbours article after
        article; `add_article` fills these memories with what it writes."""
        wanted = list(dict.fromkeys(int(i) for i in ids))
        out = {i: memory[i] for i in wanted if i in memory}
        missing = [i for i in wanted if i not in out]
        if missing:
            rows = select(missing) if callable(select) else self._by_ids(select, missing, staged_from)
            found = {int(r[0]): value(r) for r in rows}
            out.update(found)
            remember(memory, {k: v for k, v in found.items() if keep(v)}, cap)
        return out

    def outlet_keys(self) -> set[str]:
        """Folded names of every outlet in the store (read once per open, not once per article)."""
        if self._outlet_keys is None:
            self._outlet_keys = {str(r[0]) for r in self.rows("SELECT DISTINCT outlet_key FROM articles")}
        return self._outlet_keys

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "claims", "relations", "credits", "copies"):
            row = self._sql().execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 (fixed names)
            out[table] = int(row[0]) if row else 0
        return out

    def find_articles_by_outlet(self, outlet: str) -> list[tuple[int, str]]:
        rows = (
            self._sql()
            .execute(
                "SELECT article_id, body FROM articles WHERE outlet_key = ? ORDER BY article_id", [outlet_key(outlet)]
            )
            .fetchall()
        )
        return [(int(a), b) for a, b in rows]

    # ---- writing -------------------------------------------------------------------------
    def next_ids(self) -> tuple[int, int]:
        """The ids the next article and its first claim will get (`add --ray` looks ahead with them)."""
        if self._next is None:
            self.flush()
            self._next = _next_ids(self.con)
        return self._next[0], self._next[1]

    def add_article(
        self,
        article: Article,
        claims: list[Claim],
        vectors: np.ndarray,
        matches: list[list[Match]],
        credits: list[Credit],
        copy_of: CopyLink | None,
        *,
        known_new: bool = False,
    ) -> int:
        """Record one article and everything found for it; returns its id.

        Sets `claim_id`/`article_id` on the claims and credits. The rows go to DuckDB in one
        transaction, at once or, inside `deferred()`, with the rest of the batch; FAISS gets the
        vectors at once, so the next article matches them. A failed write takes them out again,
        and a crash before the FAISS file is written is repaired by `sync_index` on the next open.
        `known_new`: the caller (add's batches) has just looked the text up, and this connection
        is the store's only writer.
        """
        if self.read_only:
            raise StoreError("store opened read-only")
        if not known_new:
            existing = self.article_id_by_hash(article.content_hash)
            if existing is not None:
                return existing
        tables = {t: len(rows) for t, rows in self._pending.items()}
        articles, claims_before = len(self._pending_ids[0]), len(self._pending_ids[1])
        try:
            article_id = self._stage(article, claims, vectors, matches, credits, copy_of)
        except BaseException:  # half staged (Ctrl-C in the middle): take back what this article staged
            for table, rows in self._pending.items():
                del rows[tables.get(table, 0) :]
            staged = self._pending_ids[0][articles:], self._pending_ids[1][claims_before:]
            del self._pending_ids[0][articles:], self._pending_ids[1][claims_before:]
            self._forget(*staged)  # also forgets the next ids: read again rather than trust a half-made update
            for claim in claims:
                claim.claim_id = claim.article_id = None
            raise
        if not self._deferring:
            try:
                self.flush()
            except BaseException:
                for claim in claims:
                    claim.claim_id = claim.article_id = None
                raise
        self._trim_buffers()
        return article_id

    def _trim_buffers(self) -> None:
        """Let DuckDB drop the file blocks it cached while this article was matched (all but BUFFER_KEEP).

        DuckDB keeps every block a query reads until its memory_limit (80 % of RAM by default),
        and looking up a few hundred scattered claims reads a 256 KB block for each 1.5 KB
        vector: a writer's memory grew with every article, toward the whole file (at 1M claims
        2.45 GB after 16 articles and 3.05 GB after 64; 1.55 and 1.61 GB trimmed). Lowering the
        limit for a moment evicts the blocks no query holds, and RESET gives back the default
        (the store sets no limit of its own); the next article reads what it needs again from
        the OS's page cache. A sharing writer (`consist add`) reopens the file at each commit,
        which drops the cache as well."""
        try:
            self.con.execute(f"SET memory_limit = '{BUFFER_KEEP}'")  # noqa: S608 (a constant from code)
        except duckdb.Error:  # more is pinned (indexes): what could go has gone
            pass
        finally:
            self.con.execute("RESET memory_limit")

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Articles added inside go to DuckDB together, in one transaction, when the block ends.

        A statement costs DuckDB 1-2 ms however few its rows, and a commit as much again: five
        statements an article were a quarter of `add`'s main thread. Reads see the batch as
        usual: the memories hold its rows, and a read that needs DuckDB writes it first. On the
        way out (an error or Ctrl-C included) the articles finished so far are written."""
        self._deferring += 1
        try:
            yield
        finally:
            self._deferring -= 1
            if not self._deferring:
                self.flush()

    def flush(self) -> None:
        """Write the rows `add_article` has staged, in one transaction; on failure forget them."""
        if not self._pending_ids[0]:  # every staged article has its id here
            self._pending = {}
            return
        pending, (article_ids, claim_ids) = self._pending, self._pending_ids
        self._pending, self._pending_ids = {}, ([], [])
        committed = False
        try:
            with self._writable() as con:
                try:
                    con.execute("BEGIN TRANSACTION")
                    for table in ("articles", "claims", "relations", "credits", "copies", "claim_terms"):
                        if pending.get(table):
                            self._insert(table, pending[table])
                    if pending.get("claim_terms"):
                        self._count_terms([int(r[0]) for r in pending["claim_terms"]])
                    con.execute("COMMIT")
                    committed = True
                    self._copy_vectors(pending.get("claims", []))
                finally:
                    if not committed:
                        try:
                            con.execute("ROLLBACK")
                        except duckdb.Error:  # the transaction never began or already ended
                            pass
        finally:
            if not committed:  # (also when the file could not be had for writing)
                self._forget(article_ids, claim_ids)

    def _copy_vectors(self, claim_rows: list[list[Any]]) -> None:
        """Committed claims' vectors into the vector file, when the index re-ranks by it. A
        failed write only leaves rows missing (read from DuckDB), so it is not an error."""
        if not claim_rows or self.index.kind != IVF_PQ:
            return
        ids = np.array([int(r[0]) for r in claim_rows], dtype=np.int64)
        vectors = np.frombuffer(b"".join(r[-1] for r in claim_rows), dtype=np.float32).reshape(-1, DIM)
        try:
            self.vector_file.write(ids, vectors)
        except (OSError, ValueError):
            pass

    def _forget(self, article_ids: list[int], claim_ids: list[int]) -> None:
        """Take back what staging told the memories and FAISS about rows DuckDB never got."""
        self._next = None
        self._outlet_keys = None
        for cid in claim_ids:
            self._owners.pop(cid, None)
            self._rows.pop(cid, None)
            self._decoded.pop(cid, None)
        for aid in article_ids:
            self._origins.pop(aid, None)
            self._texts.pop(aid, None)
        self.index.remove(np.array(claim_ids, dtype=np.int64))

    def _stage(
        self,
        article: Article,
        claims: list[Claim],
        vectors: np.ndarray,
        matches: list[list[Match]],
        credits: list[Credit],
        copy_of: CopyLink | None,
    ) -> int:
        """The article's rows into `_pending`, its vectors into FAISS, its rows into the memories."""
        if self._next is None:
            self.flush()
            self._next = _next_ids(self.con)
        article_id, first_claim, credit_id = self._next
        added_at = datetime.now()  # what DuckDB's now()::TIMESTAMP gives, known here for the row cache
        article_row = [
            article_id, article.outlet, article.title, article.published_at, article.url,
            article.source_path, article.content_hash, added_at, outlet_key(article.outlet),
            article.outlet_source, article.author, article.body, article.language, article.republished_from,
            article.wire, json.dumps(article.metadata), json.dumps(article.notes),
        ]  # fmt: skip
        claim_rows = []
        for seq, claim in enumerate(claims):
            claim.claim_id, claim.article_id = first_claim + seq, article_id
            claim_rows.append(
                [
                    claim.claim_id, article_id, seq, claim.text, claim.start_char, claim.end_char,
                    claim.speaker, claim.speaker_kind, claim.hedge, claim.polarity, claim.proposition,
                    json.dumps(asdict(claim)), vectors[seq].astype(np.float32).tobytes(),
                ]
            )  # fmt: skip
        relations: dict[tuple[int, int], list[Any]] = {}  # one row per pair (the table's key)
        for claim, found in zip(claims, matches, strict=True):
            for m in found:
                key = (int(claim.claim_id), int(m.other.claim.claim_id))  # type: ignore[arg-type]
                relations.setdefault(key, [*key, m.relation, float(m.score), m.reasons, float(m.similarity),
                                           json.dumps(m.evidence, default=str)])  # fmt: skip
        credit_rows = []
        for offset, credit in enumerate(credits):
            credit.article_id = article_id
            if credit.claim_index is not None and credit.claim_index < len(claims):
                credit.claim_id = claims[credit.claim_index].claim_id
            credit_rows.append(
                [credit_id + offset, article_id, credit.claim_id, credit.credited_outlet, credit.kind,
                 credit.evidence, credit.first, credit.scope, credit.tie, credit.undated]
            )  # fmt: skip
        copy_rows = []
        if copy_of is not None:
            copy_rows.append([article_id, copy_of.original_article_id, copy_of.original_outlet, copy_of.reason,
                              copy_of.similarity])  # fmt: skip
        claim_ids = [int(r[0]) for r in claim_rows]
        term_rows = term_rows_of(article, claims, article_id)
        staged = {"articles": [article_row], "claims": claim_rows, "relations": list(relations.values()),
                  "credits": credit_rows, "copies": copy_rows, "claim_terms": term_rows}  # fmt: skip
        for table, rows in staged.items():
            self._pending.setdefault(table, []).extend(rows)
        self._pending_ids[0].append(article_id)
        self._pending_ids[1].extend(claim_ids)
        self._next = (article_id + 1, first_claim + len(claims), credit_id + len(credits))
        if self._outlet_keys is not None:
            self._outlet_keys.add(outlet_key(article.outlet))
        own = (outlet_key(article.outlet), article_id)
        remember(self._owners, dict.fromkeys(claim_ids, own), OWNER_CACHE)
        # the next articles of an `add` match these claims first: keep their rows at hand
        head = (article_id, article.outlet, article.title, article.published_at, added_at, article.source_path,
                article.url)  # fmt: skip
        remember(self._rows, {int(r[0]): (r[0], r[11], *head) for r in claim_rows}, ROW_CACHE)
        link = (copy_of.original_article_id, copy_of.original_outlet, copy_of.reason) if copy_of else (None,) * 3
        origin = (article.outlet, article.published_at, added_at, *link)
        remember(self._origins, {article_id: origin}, ARTICLE_CACHE)
        if len(article.body) <= CACHED_TEXT_MAX:
            text: TextRow = (article.body, article.published_at, added_at)
            remember(self._texts, {article_id: text}, ARTICLE_CACHE)
        if claims:
            self.index.add(np.array(claim_ids, dtype=np.int64), vectors)
        return article_id

    def _count_terms(self, ids: list[int]) -> None:
        """Add the batch's terms to their document frequencies (inside flush's transaction)."""
        self.con.execute(
            "INSERT INTO term_stats SELECT t, count(*) FROM (SELECT unnest(?::BIGINT[]) AS t) GROUP BY t "
            "ON CONFLICT (term_id) DO UPDATE SET df = df + excluded.df",
            [ids],
        )

    def _insert(self, table: str, rows: list[list[Any]]) -> None:
        """Rows in as one list per column, unnested in one statement.

        DuckDB binds a few lists far faster than a VALUES list of hundreds of placeholders (2 ms
        against 5 ms for an article's 40 relations) or `executemany`, which runs a statement a row."""
        if len(rows) < UNNEST_FROM:
            group = "(" + ", ".join("?" * len(rows[0])) + ")"
            values = ", ".join([group] * len(rows))
            self.con.execute(f"INSERT INTO {table} VALUES {values}", [v for row in rows for v in row])  # noqa: S608 (fixed names, placeholders)
            return
        if table not in self._types:
            self._types[table] = [str(r[1]) for r in self.con.execute(f"DESCRIBE {table}").fetchall()]  # noqa: S608 (fixed names)
        columns = ", ".join(f"unnest(?::{t}[])" for t in self._types[table])
        self.con.execute(f"INSERT INTO {table} SELECT {columns}", [list(c) for c in zip(*rows, strict=True)])  # noqa: S608 (fixed names, placeholders)

    def rows(self, sql: str, params: list[Any] | None = None, *, staged: bool = True) -> list[tuple[Any, ...]]:
        """Read-only query helper for reports (parameters bound, never formatted into SQL).

        `staged=False`: the query reads no table `add_article` stages rows for (verdicts,
        store_meta), so it does not write a batch in progress first (see `deferred`)."""
        con = self._sql() if staged else self.con
        return con.execute(sql, params or []).fetchall()


def _written(
    chunks: Iterator[tuple[np.ndarray, np.ndarray]], file: VectorFile
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The chunks, each also written to `file` on its way."""
    for ids, vectors in chunks:
        file.write(ids, vectors)
        yield ids, vectors


def term_rows_of(article: Article, claims: list[Claim], article_id: int) -> list[list[int]]:
    """The `claim_terms` rows of an article's claims (their `claim_id` set)."""
    return terms.term_rows(outlet_key(article.outlet), article_id, [(int(c.claim_id or 0), c) for c in claims])


def _next_ids(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int]:
    """The next article, claim and credit ids, in one query."""
    row = con.execute(
        "SELECT (SELECT coalesce(max(article_id), 0) + 1 FROM articles), "
        "(SELECT coalesce(max(claim_id), 0) + 1 FROM claims), (SELECT coalesce(max(credit_id), 0) + 1 FROM credits)"
    ).fetchone()
    return (int(row[0]), int(row[1]), int(row[2])) if row else (1, 1, 1)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _connect_reader(db_path: Path, timeout: float) -> duckdb.DuckDBPyConnection:
    """A reader's connection, opened between a sharing writer's commits (see locks.py)."""
    with locks.reader_entry(db_path.parent, timeout):
        return _connect(db_path, True, timeout)


def _connect(
    db_path: Path, read_only: bool, timeout: float, *, busy: str = locks.WRITER_BUSY
) -> duckdb.DuckDBPyConnection:
    """Connect, waiting up to `timeout` seconds while another process holds the file (a writer
    that does not share it, or, for a writer, readers); then StoreBusyError saying `busy`."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=read_only)
        except duckdb.IOException as exc:
            message = str(exc)
            if "lock" not in message.lower():
                raise StoreError(f"{db_path}: cannot open store ({_first_line(exc)})") from None
            if time.monotonic() >= deadline:
                raise StoreBusyError(f"{db_path}: {busy}; gave up after {timeout:g} s") from None
            time.sleep(delay)
            delay = min(delay * 2, 0.25)  # a commit takes milliseconds: look again soon
        except duckdb.ConnectionException as exc:
            if "different configuration" not in str(exc):
                raise StoreError(f"{db_path}: cannot open store ({_first_line(exc)})") from None
            # one process, a reader and a writer of one store at once: DuckDB opens a file one way per process
            other = "writing" if read_only else "reading"
            raise StoreError(f"{db_path}: already open in this process for {other}; close that Store first") from None
        except duckdb.Error as exc:
            raise StoreError(f"{db_path}: store is damaged or not a consist store ({_first_line(exc)})") from None

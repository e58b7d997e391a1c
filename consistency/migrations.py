"""The DuckDB schema as numbered migrations, applied in order when the store opens.

Each migration runs in its own transaction and is recorded in `schema_migrations`; a store
written by an older version is brought forward on open (after a backup copy, see store.py).
Never edit a released migration: add a new one.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import duckdb

from consistency.models import claim_from_dict
from consistency.terms import term_rows

Migration = Callable[[duckdb.DuckDBPyConnection], None]


def m001_create_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE articles (
            article_id     BIGINT PRIMARY KEY,
            outlet         VARCHAR NOT NULL,
            title          VARCHAR,
            published_at   TIMESTAMP,
            url            VARCHAR,
            source_path    VARCHAR,
            content_hash   VARCHAR NOT NULL UNIQUE,
            added_at       TIMESTAMP NOT NULL,
            outlet_key     VARCHAR NOT NULL,
            outlet_source  VARCHAR,
            author         VARCHAR,
            body           VARCHAR NOT NULL,
            language       VARCHAR,
            republished_from VARCHAR,
            wire           VARCHAR,
            metadata       JSON,
            notes          JSON
        )
        """
    )
    con.execute(
        """
        CREATE TABLE claims (
            claim_id     BIGINT PRIMARY KEY,
            article_id   BIGINT NOT NULL,
            seq          INTEGER NOT NULL,
            text         VARCHAR NOT NULL,
            start_char   INTEGER NOT NULL,
            end_char     INTEGER NOT NULL,
            speaker      VARCHAR,
            speaker_kind VARCHAR,
            hedge        VARCHAR NOT NULL,
            polarity     VARCHAR NOT NULL,
            proposition  VARCHAR NOT NULL,
            data         JSON NOT NULL,
            embedding    BLOB NOT NULL
        )
        """
    )
    con.execute("CREATE INDEX claims_article ON claims(article_id)")
    con.execute(
        """
        CREATE TABLE relations (
            claim_id       BIGINT NOT NULL,
            other_claim_id BIGINT NOT NULL,
            relation       VARCHAR NOT NULL,
            score          DOUBLE NOT NULL,
            reasons        VARCHAR[] NOT NULL,
            similarity     DOUBLE,
            evidence       JSON,
            PRIMARY KEY (claim_id, other_claim_id)
        )
        """
    )
    con.execute(
        """
        CREATE TABLE credits (
            credit_id       BIGINT PRIMARY KEY,
            article_id      BIGINT NOT NULL,
            claim_id        BIGINT,
            credited_outlet VARCHAR NOT NULL,
            kind            VARCHAR NOT NULL,
            evidence        VARCHAR NOT NULL,
            is_first        BOOLEAN NOT NULL DEFAULT FALSE,
            scope           VARCHAR,
            tie             BOOLEAN NOT NULL DEFAULT FALSE,
            undated         BOOLEAN NOT NULL DEFAULT FALSE
        )
        """
    )
    con.execute(
        """
        CREATE TABLE copies (
            article_id          BIGINT PRIMARY KEY,
            original_article_id BIGINT,
            original_outlet     VARCHAR,
            reason              VARCHAR NOT NULL,
            similarity          DOUBLE
        )
        """
    )


def m002_store_meta(con: duckdb.DuckDBPyConnection) -> None:
    """Settings of this store (e.g. `index_type`), kept with the record so every process agrees."""
    con.execute("CREATE TABLE store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")


_VERDICTS = """
    CREATE {temp}TABLE verdicts (
        claim_id           BIGINT NOT NULL,
        other_claim_id     BIGINT NOT NULL,
        relation           VARCHAR NOT NULL,
        verdict            VARCHAR NOT NULL,
        corrected_relation VARCHAR,
        note               VARCHAR,
        reviewer           VARCHAR,
        "at"               TIMESTAMP NOT NULL,
        score              DOUBLE,
        PRIMARY KEY (claim_id, other_claim_id)
    )
"""


def m003_verdicts(con: duckdb.DuckDBPyConnection) -> None:
    """A reviewer's verdict on a finding, keyed by the pair of claim ids (stable: ids are never
    reused), so it outlives re-judging, `doctor --repair` and FAISS rebuilds. `relation` and
    `score` are the judge's finding as the reviewer saw it; `verdict` is right | wrong | unsure.
    (`at` is a keyword in DuckDB's SQL: write it "at".)"""
    con.execute(_VERDICTS.format(temp=""))


def s003_verdicts(con: duckdb.DuckDBPyConnection) -> None:
    """For a reader of an older store: no verdicts yet, as an empty table of this connection."""
    con.execute(_VERDICTS.format(temp="TEMP "))


_CLAIM_TERMS = """
    CREATE {temp}TABLE claim_terms (
        term_id     BIGINT NOT NULL,
        claim_id    BIGINT NOT NULL,
        outlet_id   BIGINT NOT NULL,
        article_id  BIGINT NOT NULL
    )
"""
_TERM_STATS = "CREATE {temp}TABLE term_stats (term_id BIGINT PRIMARY KEY, df BIGINT NOT NULL)"
BACKFILL_CHUNK = 20_000


def m004_claim_terms(con: duckdb.DuckDBPyConnection) -> None:
    """Each claim's key terms and each term's document frequency (see terms.py): candidates that
    share rare words and names with a claim, which nearest neighbours miss. Derived from
    `claims.data`, so an older store's rows are filled in here."""
    con.execute(_CLAIM_TERMS.format(temp=""))
    con.execute(_TERM_STATS.format(temp=""))
    fill_claim_terms(con)


def fill_claim_terms(con: duckdb.DuckDBPyConnection) -> None:
    """Terms and document frequencies of every claim in the (empty) term tables: the backfill of
    an older store, and of the benchmark's bulk-written ones."""
    cursor = con.cursor()
    try:
        cursor.execute(
            "SELECT c.claim_id, a.outlet_key, c.article_id, c.data FROM claims c JOIN articles a USING (article_id) "
            "ORDER BY c.claim_id"
        )
        while chunk := cursor.fetchmany(BACKFILL_CHUNK):
            rows = [
                row
                for cid, key, aid, data in chunk
                for row in term_rows(str(key), int(aid), [(int(cid), claim_from_dict(json.loads(data)))])
            ]
            if rows:
                con.execute(
                    "INSERT INTO claim_terms SELECT unnest(?::BIGINT[]), unnest(?::BIGINT[]), "
                    "unnest(?::BIGINT[]), unnest(?::BIGINT[])",
                    [list(column) for column in zip(*rows, strict=True)],
                )
    finally:
        cursor.close()
    con.execute("INSERT INTO term_stats SELECT term_id, count(*) FROM claim_terms GROUP BY term_id")


def s004_claim_terms(con: duckdb.DuckDBPyConnection) -> None:
    """For a reader of an older store: no terms, so only FAISS proposes candidates."""
    con.execute(_CLAIM_TERMS.format(temp="TEMP "))
    con.execute(_TERM_STATS.format(temp="TEMP "))


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "create_tables", m001_create_tables),
    (2, "store_meta", m002_store_meta),
    (3, "verdicts", m003_verdicts),
    (4, "claim_terms", m004_claim_terms),
]

LATEST = MIGRATIONS[-1][0]
# Migrations that only add an empty table: a reader (a read-only connection, which cannot migrate)
# of a store that lacks them reads it with an empty stand-in instead of refusing it, so `report`
# and `check --dry-run` work on a store written by the previous release until its next write.
READ_ONLY_STANDINS: dict[int, Migration] = {3: s003_verdicts, 4: s004_claim_terms}


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def apply(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply pending migrations, each in one transaction; returns the versions applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
    )
    done = current_version(con)
    applied = []
    for version, name, migrate in MIGRATIONS:
        if version <= done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            migrate(con)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied

"""Candidates by shared key terms: the pairs nearest-neighbour search misses reach the judge."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from consistency import migrations, pipeline, terms
from consistency.claims import extract_claims
from consistency.models import Judgement
from consistency.store import DB_NAME, Store


class Recorder:
    """Stands in for the judge: which (earlier, new) claim texts were put before it."""

    def __init__(self) -> None:
        self.pairs: set[tuple[str, str]] = set()

    def judge_pairs(self, pairs: list[pipeline.Pair]) -> list[Judgement]:
        self.pairs |= {(p.old.text, p.new.text) for p in pairs}
        return [Judgement("unrelated", 0.0) for _ in pairs]


FERRY = "The Orlen ferry Mistral Queen ran aground near Tarsk with 312 passengers aboard."
RESCUE = "Coast guard boats took everyone off the Mistral Queen by nightfall."


def _article(folder: Path, name: str, outlet: str, day: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"Title: {name}\nOutlet: {outlet}\nDate: {day}\n\n{body}\n", encoding="utf-8")
    return path


def _proposed(tmp_path: Path, second_outlet: str) -> set[tuple[str, str]]:
    folder = tmp_path / second_outlet.replace(" ", "_")
    folder.mkdir()
    first = _article(folder, "a.txt", "Harbor Ledger", "2026-03-02", FERRY)
    second = _article(folder, "b.txt", second_outlet, "2026-03-03", RESCUE)
    recorder = Recorder()
    with Store.open(folder / "store") as store:
        list(pipeline.add_paths([first, second], store, engine=pipeline.Engine(judge=recorder)))  # type: ignore[arg-type]
    return recorder.pairs


def test_claims_sharing_rare_names_are_judged_though_their_vectors_are_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rescue and the grounding are one story told apart (cosine about 0.47, under the floor)."""
    assert (FERRY, RESCUE) in _proposed(tmp_path, "Valley Courier")
    assert not {p for p in _proposed(tmp_path, "Harbor Ledger") if FERRY in p}  # never an outlet against itself
    monkeypatch.setattr(terms, "TERM_MATCHES", 0)
    assert (FERRY, RESCUE) not in _proposed(tmp_path, "Coast Times")  # the vectors alone do not pair them


def test_terms_fold_aliases_and_leave_out_reporting_words() -> None:
    claim = extract_claims("Officials said on Monday that a Kremlin drone had damaged the Arvena pipeline.")[0]
    found = terms.claim_terms(claim)
    assert {"russia", "arvena", "pipeline"} <= set(found)
    assert not {"say", "monday", "kremlin"} & set(found)


def test_an_older_store_gets_its_terms_on_open(tmp_path: Path) -> None:
    """Migration 4 fills the terms of claims written before it, the same terms `add` writes."""
    body = f"{FERRY}\n\nThe operator said the Mistral Queen's captain had been suspended."
    path = _article(tmp_path, "a.txt", "Harbor Ledger", "2026-03-02", body)
    with Store.open(tmp_path / "old") as store:
        list(pipeline.add_paths([path], store))
        written = store.rows("SELECT * FROM claim_terms ORDER BY claim_id, term_id")
        stats = store.rows("SELECT * FROM term_stats ORDER BY term_id")
    assert written and stats
    con = duckdb.connect(str(tmp_path / "old" / DB_NAME))  # as the release before this one left it
    con.execute("DROP TABLE claim_terms; DROP TABLE term_stats; DELETE FROM schema_migrations WHERE version = 4")
    assert migrations.current_version(con) == 3
    con.close()
    with Store.open(tmp_path / "old", read_only=True) as store:  # a reader sees no terms yet, and works
        assert store.rows("SELECT count(*) FROM claim_terms") == [(0,)]
    with Store.open(tmp_path / "old") as store:
        assert store.rows("SELECT * FROM claim_terms ORDER BY claim_id, term_id") == written
        assert store.rows("SELECT * FROM term_stats ORDER BY term_id") == stats

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


def _pairs(tmp_path: Path, first: str, second: str, second_outlet: str = "Valley Courier") -> set[tuple[str, str]]:
    """The claim pairs `add` puts before the judge when Harbor Ledger's `first` article is
    followed by `second_outlet`'s `second`."""
    folder = tmp_path / f"run{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    a = _article(folder, "a.txt", "Harbor Ledger", "2026-03-02", first)
    b = _article(folder, "b.txt", second_outlet, "2026-03-03", second)
    recorder = Recorder()
    with Store.open(folder / "store") as store:
        list(pipeline.add_paths([a, b], store, engine=pipeline.Engine(judge=recorder)))  # type: ignore[arg-type]
    return recorder.pairs


def _proposed(tmp_path: Path, second_outlet: str) -> set[tuple[str, str]]:
    return _pairs(tmp_path, FERRY, RESCUE, second_outlet)


def test_claims_sharing_rare_names_are_judged_though_their_vectors_are_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rescue and the grounding are one story told apart (cosine about 0.47, under the floor)."""
    assert (FERRY, RESCUE) in _proposed(tmp_path, "Valley Courier")
    assert not {p for p in _proposed(tmp_path, "Harbor Ledger") if FERRY in p}  # never an outlet against itself
    monkeypatch.setattr(terms, "TERM_MATCHES", 0)
    assert (FERRY, RESCUE) not in _proposed(tmp_path, "Coast Times")  # the vectors alone do not pair them


def test_term_candidates_come_from_the_latest_window_of_claims(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a big store only the latest terms.WINDOW claims are searched by terms (the FAISS
    neighbours still come from everywhere): an old grounding is not put against today's rescue."""
    folder = tmp_path / "texts"
    folder.mkdir()
    ferry = _article(folder, "a.txt", "Harbor Ledger", "2026-03-02", FERRY)
    filler = _article(folder, "f.txt", "Coast Times", "2026-03-03", "The city council approved a new budget for parks.")
    rescue = _article(folder, "b.txt", "Valley Courier", "2026-03-04", RESCUE)

    def proposed(window: int) -> set[tuple[str, str]]:
        monkeypatch.setattr(terms, "WINDOW", window)
        store_dir = tmp_path / f"store{window}"
        for path in (ferry, filler):  # each in its own run: recorded in DuckDB, not staged
            with Store.open(store_dir) as store:
                list(pipeline.add_paths([path], store, engine=pipeline.Engine(judge=Recorder())))  # type: ignore[arg-type]
        recorder = Recorder()
        with Store.open(store_dir) as store:
            list(pipeline.add_paths([rescue], store, engine=pipeline.Engine(judge=recorder)))  # type: ignore[arg-type]
        return recorder.pairs

    assert (FERRY, RESCUE) in proposed(2)  # the grounding is among the last two claims
    assert (FERRY, RESCUE) not in proposed(1)


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


# a claim that names its subject only by a pronoun or a definite phrase leans on its article
PUMPS = "Inspectors found that the Mistral Queen's ballast pumps were switched off before it ran aground near Tarsk."
ACCUSATION = "The Tarsk port authority said the Mistral Queen's crew had switched off the ballast pumps."
DENIAL = 'A spokeswoman for the Orlen ferry line said: "This is utterly false and complete fiction."'
ASHORE = "Port officials said the captain of the Mistral Queen walked off the ferry at Tarsk after it grounded."
ABOARD = "Captain Ilse Varga stayed aboard the Mistral Queen after it grounded near Tarsk."
NEVER = "Her first officer said she never came ashore."


def test_a_denial_by_reference_is_judged_against_what_it_denies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "This is utterly false" names nothing it denies; the sentence before it in its own article
    does, and another outlet's claim of the same thing is put before the judge with it."""
    second = f"{ACCUSATION}\n\n{DENIAL}"
    assert (PUMPS, DENIAL) in _pairs(tmp_path, PUMPS, second)
    monkeypatch.setattr(terms, "CONTEXT_MATCHES", 0)
    assert (PUMPS, DENIAL) not in _pairs(tmp_path, PUMPS, second)  # its own words and vector do not pair them


def test_a_pronoun_led_claim_is_judged_against_its_subjects_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "she never came ashore" disputes "the captain walked off the ferry": the captain is named
    only in the sentence before it."""
    second = f"{ABOARD}\n\n{NEVER}"
    assert (ASHORE, NEVER) in _pairs(tmp_path, ASHORE, second)
    monkeypatch.setattr(terms, "CONTEXT_MATCHES", 0)
    assert (ASHORE, NEVER) not in _pairs(tmp_path, ASHORE, second)


def test_context_terms_come_from_the_sentence_leaned_on() -> None:
    claims = extract_claims(
        "The Kestrel Herald reported that the mayor of Tarsk had sold the harbour land to his brother.\n\n"
        "Mayor Anton Reska opened a new school on Tuesday.\n\n"
        "The mayor's office called the Kestrel Herald report a fabrication.\n\n"
        f"{ABOARD}\n\n{NEVER}"
    )
    by_text = {c.text: c for c in claims}
    school = by_text["Mayor Anton Reska opened a new school on Tuesday."]
    assert school.context_terms == []  # it names its own subject
    # a denial naming the report it answers leans on the sentence that reported it, not the one before
    fabrication = terms.context_query(by_text["The mayor's office called the Kestrel Herald report a fabrication."])
    assert {"harbour", "land", "brother"} <= set(fabrication) and "school" not in fabrication
    never = terms.context_query(by_text[NEVER])
    assert {"ilse varga", "tarsk"} <= set(never)
    # what is stored per claim stays its own terms: the context never enters `claim_terms`
    assert not set(never) & set(terms.claim_terms(by_text[NEVER]))


def test_a_clause_the_proposition_leaves_out_still_finds_candidates() -> None:
    """ "denied any part in the spill, saying its tankers pumped no fuel": the proposition keeps
    what is denied, the search also the words of the reason given; a speaker and a day are no such words."""
    denial, plain = extract_claims(
        "The Orlen ferry line denied any part in the spill at Tarsk, saying its tankers had pumped no fuel "
        "near the harbour.\n\nThe Orlen ferry line said on Monday that the Mistral Queen was refloated."
    )
    assert {"tanker", "pump", "fuel", "harbour"} <= set(terms.context_query(denial))
    assert not {"tanker", "fuel"} & set(terms.claim_terms(denial))
    assert plain.context_terms == []

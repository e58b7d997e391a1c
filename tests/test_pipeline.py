"""End to end: the example corpus in a real store, then `check` of the new article."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from consistency.cli import app
from consistency.models import CheckResult
from consistency.store import INDEX_NAME, Store
from tests.conftest import CORPUS, NEW_ARTICLE


def _check_json(runner: CliRunner, store_dir: Path, *extra: str) -> dict:
    result = runner.invoke(app, ["--index-dir", str(store_dir), "check", str(NEW_ARTICLE), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_claims_are_stored_with_offsets_into_the_body(corpus_store: Store) -> None:
    rows = corpus_store.rows(
        "SELECT a.body, c.text, c.start_char, c.end_char FROM claims c JOIN articles a USING (article_id)"
    )
    assert len(rows) > 30
    for body, text, start, end in rows:
        assert body[start:end] == text


def test_readding_the_corpus_changes_nothing(corpus_store_dir: Path, runner: CliRunner) -> None:
    with Store.open(corpus_store_dir) as store:
        before = store.counts()
    result = runner.invoke(app, ["--index-dir", str(corpus_store_dir), "add", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert "0 added" in result.stdout
    with Store.open(corpus_store_dir) as store:
        assert store.counts() == before
        assert store.index.ntotal == before["claims"]


def test_check_reports_agreement_and_contradiction_from_other_outlets(
    corpus_store_dir: Path, runner: CliRunner
) -> None:
    report = _check_json(runner, corpus_store_dir, "--dry-run")
    assert report["article"]["outlet"] == "The Continental Observer"
    matches = [m for claim in report["claims"] for m in claim["matches"]]
    relations = {m["relation"] for m in matches}
    assert {"agrees", "contradicts"} <= relations
    assert all(m["other"]["outlet"] != "The Continental Observer" for m in matches)
    for m in matches:
        assert set(m) >= {"relation", "score", "reasons", "other"}
        assert set(m["other"]) >= {"text", "outlet", "article_title", "published_at"}
        assert 0.0 <= m["score"] <= 1.0
    # the delivery claim is disputed by the government's denial
    delivered = next(c for c in report["claims"] if "already supplied" in c["text"])
    assert any(m["relation"] == "contradicts" and "not supplied" in m["other"]["text"] for m in delivered["matches"])
    assert set(report["summary"]) >= {"claims", "agreements", "contradictions"}
    assert report["summary"]["contradictions"] >= 1 and report["summary"]["agreements"] >= 1


def test_dry_run_records_nothing_and_check_records_everything(corpus_store_dir: Path, runner: CliRunner) -> None:
    with Store.open(corpus_store_dir) as store:
        before = store.counts()
    _check_json(runner, corpus_store_dir, "--dry-run")
    with Store.open(corpus_store_dir) as store:
        assert store.counts() == before
    report = _check_json(runner, corpus_store_dir)
    with Store.open(corpus_store_dir) as store:
        after = store.counts()
        assert after["articles"] == before["articles"] + 1
        assert after["claims"] == before["claims"] + report["summary"]["claims"]
        found = report["summary"]["agreements"] + report["summary"]["contradictions"]
        assert after["relations"] >= before["relations"] + found
        reasons = store.rows("SELECT reasons FROM relations WHERE relation = 'contradicts'")
        assert reasons and all(isinstance(r[0], list) and r[0] for r in reasons)
    # checking the same article again is recognised, and adds nothing
    again = _check_json(runner, corpus_store_dir)
    assert again["already_stored"] is True
    with Store.open(corpus_store_dir) as store:
        assert store.counts() == after


def test_faiss_index_is_rebuilt_from_duckdb_when_its_file_is_lost(corpus_store_dir: Path) -> None:
    with Store.open(corpus_store_dir) as store:
        ids = store.claim_ids()
        query = store.vectors(ids[:5])
        expected = store.index.search(query, 5)[1]
    (corpus_store_dir / INDEX_NAME).unlink()
    with Store.open(corpus_store_dir) as store:
        assert store.index.ntotal == len(ids)
        np.testing.assert_array_equal(store.index.ids(), ids)
        got = store.index.search(query, 5)[1]
        np.testing.assert_array_equal(got[:, 0], expected[:, 0])
    assert (corpus_store_dir / INDEX_NAME).exists()


def test_bad_files_give_one_line_and_leave_the_store_alone(
    corpus_store_dir: Path, runner: CliRunner, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with Store.open(corpus_store_dir) as store:
        before = store.counts()
    for bad in (tmp_path / "missing.txt", empty, binary):
        result = runner.invoke(app, ["--index-dir", str(corpus_store_dir), "check", str(bad)])
        assert result.exit_code != 0
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("consist: error:") and bad.name in lines[0]
    with Store.open(corpus_store_dir) as store:
        assert store.counts() == before


def _check_after(tmp_path: Path, earlier: str, new: str) -> CheckResult:
    """Add one article, then check another against it (dry run): the pipeline as `check` runs it."""
    from consistency.pipeline import add_paths, check_file

    (tmp_path / "earlier.txt").write_text(earlier, encoding="utf-8")
    (tmp_path / "new.txt").write_text(new, encoding="utf-8")
    with Store.open(tmp_path / "store") as store:
        assert all(e.error is None for e in add_paths([tmp_path / "earlier.txt"], store))
        return check_file(tmp_path / "new.txt", store, dry_run=True)


def test_a_count_of_the_same_thing_is_judged_below_the_similarity_floor(tmp_path: Path) -> None:
    """A later sentence leans on the article's first one ("the blast"), so its vector drifts from
    the claim it disputes; a count of one specific thing (the dead) is still compared."""
    from consistency.judge import SIMILARITY_FLOOR

    result = _check_after(
        tmp_path,
        "Title: Plant blast\nOutlet: Valdoria Wire\nDate: 2026-10-13T10:15\n\n"
        "An explosion at the Corvane Chemicals plant in Harwick on Sunday night killed five people and injured 12, "
        "authorities said.\n",
        "Title: Families demand answers\nOutlet: The Kessel Tribune\nDate: 2026-10-14T09:00\n\n"
        "Families of the workers killed in the Corvane Chemicals explosion in Harwick demanded an inquiry.\n\n"
        "Four people died in the blast on Sunday night, the county fire service said.\n",
    )
    found = [(c.claim.text, m) for c in result.claims for m in c.matches if m.relation == "contradicts"]
    assert [text for text, _ in found] == [
        "Four people died in the blast on Sunday night, the county fire service said."
    ]
    match = found[0][1]
    assert match.similarity < SIMILARITY_FLOOR
    assert any("five people (dead) vs Four people (dead)" in r for r in match.reasons)


def test_a_denial_of_the_reports_is_judged_below_the_similarity_floor(tmp_path: Path) -> None:
    """ "The reports ... have no factual basis" names its target only as reports: its vector sits far
    from the claim it denies, yet a fact-checker wants the dispute shown."""
    from consistency.judge import SIMILARITY_FLOOR

    result = _check_after(
        tmp_path,
        "Title: Test ahead\nOutlet: Metro News Network\nDate: 2026-09-14T12:00\n\n"
        "Three sources told Metro News Network that US intelligence believes Harnland is preparing to test a new "
        "long-range missile within weeks.\n",
        "Title: Ministry: reports are lies\nOutlet: Harnland State Radio\nDate: 2026-09-15T08:00\n\n"
        "The Foreign Ministry of Harnland has declared that the Western media reports about the so-called "
        "preparation of missile test have no factual basis.\n",
    )
    found = [m for c in result.claims for m in c.matches if m.relation == "contradicts"]
    assert [m.other.outlet for m in found] == ["Metro News Network"], [c.matches for c in result.claims]
    assert any(r.startswith("denial: 'no factual basis'") for r in found[0].reasons)
    assert found[0].similarity < SIMILARITY_FLOOR


def test_check_reads_each_articles_date_later_news_is_no_dispute(tmp_path: Path) -> None:
    """Thursday's "shares fell 4%" and Monday's "shares rose 2% on Monday" are two days of one story."""
    result = _check_after(
        tmp_path,
        "Title: Calder confirms recall\nOutlet: The Harbor Ledger\nDate: 2026-11-19T16:45\n\n"
        "Shares of Calder Motors fell 4 percent in New York trading after the carmaker confirmed the recall.\n",
        "Title: Calder rebounds\nOutlet: Pacific Business Journal\nDate: 2026-11-23T11:00\n\n"
        "Calder Motors shares rose 2 percent on Monday after the carmaker confirmed the recall.\n",
    )
    matches = [m for c in result.claims for m in c.matches]
    assert matches and not [m for m in matches if m.relation == "contradicts"], [m.reasons for m in matches]
    assert any(r.startswith("later event: on Monday (2026-11-23)") for m in matches for r in m.reasons)


def test_one_persons_words_told_twice_are_compared_below_the_floor(tmp_path: Path) -> None:
    """ "Lukas is not for sale," Rieke said / Rieke insisted the player was not for sale: one
    statement, though the names make the sentences read apart."""
    from consistency.judge import SIMILARITY_FLOOR

    result = _check_after(
        tmp_path,
        "Title: Kestrel deny Varga deal\nOutlet: Northern Football Weekly\nDate: 2026-07-04T09:00\n\n"
        '"Lukas is not for sale," Kestrel manager Tomas Rieke told reporters on Thursday.\n',
        "Title: Varga completes move\nOutlet: Daily Express Sport\nDate: 2026-07-10T20:30\n\n"
        "Kestrel manager Tomas Rieke had insisted last week that the player was not for sale.\n",
    )
    matches = [m for c in result.claims for m in c.matches]
    assert [m.relation for m in matches] == ["agrees"], [(m.relation, m.reasons) for m in matches]
    assert matches[0].similarity < SIMILARITY_FLOOR


def test_a_denial_that_points_back_meets_the_claim_in_another_outlet(tmp_path: Path) -> None:
    """ "The economy ministry has denied this." denies the sentence before it; checked against an
    outlet that reports that sentence's claim, it shows as a dispute from the ministry."""
    result = _check_after(
        tmp_path,
        "Title: Scoop\nOutlet: Dziennik Biznesu\nDate: 2026-10-05T08:00\n\n"
        "The Polish government had known about the closure of the Gdynia plant since the summer, three officials "
        "told Dziennik Biznesu.\n",
        "Title: Vesta closes factory\nOutlet: Wirtschaftskurier\nDate: 2026-10-06T08:00\n\n"
        "According to the business newspaper Dziennik Biznesu, the Polish government had known about the plans "
        "since the summer. The economy ministry has denied this.\n",
    )
    rejection = next(c for c in result.claims if c.claim.text == "The economy ministry has denied this.")
    assert rejection.claim.speaker == "The economy ministry" and rejection.claim.polarity == "negated"
    assert [m.relation for m in rejection.matches] == ["contradicts"], rejection.matches
    assert [m.other.outlet for m in rejection.matches] == ["Dziennik Biznesu"]

"""Copies are not confirmations: wire copies, republished articles and near-duplicate text.

Uses the made-up rail story in examples/credits/ (see tests/test_credit.py for what each file shows).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from consistency.articles import article_from_text, content_hash
from consistency.copies import containment, shingles
from consistency.models import CheckResult, CopyLink
from consistency.pipeline import add_paths, check_article, check_file
from consistency.store import Store
from tests.conftest import EXAMPLES

CREDITS = EXAMPLES / "credits"
ORIGINAL = CREDITS / "01-harbour-gazette-2026-05-04.txt"
SAME_DAY = CREDITS / "02-lanterna-2026-05-04.txt"
AFP = CREDITS / "03-coastline-times-afp-2026-05-06.txt"
AFP_AGAIN = CREDITS / "04-morning-ledger-afp-undated.txt"
REPUBLISHED = CREDITS / "05-republished-harbour-gazette.txt"
AP_TAIL = CREDITS / "07-valley-courier-ap-2026-05-08.txt"


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, CheckResult]]:
    """Each file's result as `add` recorded it, in order, in one store."""
    directory = tmp_path_factory.mktemp("copies-store")
    out: dict[str, CheckResult] = {}
    with Store.open(directory) as store:
        for event in add_paths([ORIGINAL, SAME_DAY, AFP, AFP_AGAIN, REPUBLISHED, AP_TAIL], store):
            assert event.error is None and event.result is not None, event.error
            out[Path(event.path).name] = event.result
    return directory, out


def _link(added: tuple[Path, dict[str, CheckResult]], path: Path) -> CopyLink | None:
    return added[1][path.name].copy_of


def test_originals_are_not_copies(added: tuple[Path, dict[str, CheckResult]]) -> None:
    assert _link(added, ORIGINAL) is None
    assert _link(added, SAME_DAY) is None, "the same story in other words is a confirmation, not a copy"


def test_wire_tag_makes_a_wire_copy_of_the_agency(added: tuple[Path, dict[str, CheckResult]]) -> None:
    link = _link(added, AFP)
    assert link is not None
    assert (link.original_article_id, link.original_outlet, link.reason) == (None, "AFP", "wire")


def test_second_site_running_the_wire_story_copies_the_first(added: tuple[Path, dict[str, CheckResult]]) -> None:
    link = _link(added, AFP_AGAIN)
    assert link is not None
    assert link.reason == "wire" and link.original_outlet == "AFP"
    assert link.original_article_id == added[1][AFP.name].article_id
    assert link.similarity > 0.95


def test_republished_footer_links_the_copy_to_the_stored_original(added: tuple[Path, dict[str, CheckResult]]) -> None:
    link = _link(added, REPUBLISHED)
    assert link is not None
    assert (link.original_outlet, link.reason) == ("The Harbour Gazette", "footer")
    assert link.original_article_id == added[1][ORIGINAL.name].article_id


def test_trailing_ap_tag_is_a_wire_copy(added: tuple[Path, dict[str, CheckResult]]) -> None:
    link = _link(added, AP_TAIL)
    assert link is not None
    assert (link.original_outlet, link.reason) == ("AP", "wire")


def test_copy_links_are_recorded_in_the_store(added: tuple[Path, dict[str, CheckResult]]) -> None:
    with Store.open(added[0], read_only=True) as store:
        rows = store.rows("SELECT article_id, original_article_id, original_outlet, reason FROM copies")
    by_id = {r[0]: r[1:] for r in rows}
    results = added[1]
    assert by_id[results[REPUBLISHED.name].article_id] == (
        results[ORIGINAL.name].article_id, "The Harbour Gazette", "footer")  # fmt: skip
    assert results[ORIGINAL.name].article_id not in by_id


def test_unmarked_near_duplicate_is_found_by_its_text(added: tuple[Path, dict[str, CheckResult]]) -> None:
    text = ORIGINAL.read_text(encoding="utf-8").replace("Outlet: The Harbour Gazette", "Outlet: Sallmo Digest")
    text = text.replace("Date: 2026-05-04", "Date: 2026-05-05")
    article = article_from_text(text, "sallmo-digest.txt")
    with Store.open(added[0], read_only=True) as store:
        result = check_article(article, store, dry_run=True)
    assert result.copy_of is not None
    assert result.copy_of.reason == "near_duplicate"
    assert result.copy_of.original_article_id == added[1][ORIGINAL.name].article_id
    assert result.copy_of.original_outlet == "The Harbour Gazette"
    earliest = {c.credited_outlet for c in result.credits if c.kind == "earliest"}
    assert "Sallmo Digest" not in earliest, "a copy never earns credit"


def test_outlets_own_feed_footer_is_not_a_copy(store_dir: Path) -> None:
    body = (
        "The harbour authority will dredge the eastern channel this summer to let larger ferries dock at "
        "Marrowby, the authority said on Tuesday, after two ferries ran aground there last winter.\n\n"
        "The post Marrowby channel to be dredged appeared first on Portside Herald."
    )
    article = article_from_text(f"Outlet: Portside Herald\n\n{body}", "feed.txt")
    with Store.open(store_dir) as store:
        assert check_article(article, store, dry_run=True).copy_of is None


def test_matches_with_copies_point_at_their_original(added: tuple[Path, dict[str, CheckResult]]) -> None:
    with Store.open(added[0], read_only=True) as store:
        result = check_file(CREDITS / "06-fjord-observer-2026-05-07.txt", store, dry_run=True)
    ids = {name: r.article_id for name, r in added[1].items()}
    marked = {(m.other.article_id, m.copy_of_article_id) for r in result.claims for m in r.matches}
    for copy, original in ((REPUBLISHED, ORIGINAL), (AFP_AGAIN, AFP)):
        for article_id, copy_of in marked:
            if article_id == ids[copy.name]:
                assert copy_of == ids[original.name]
    assert all(copy_of is None for article_id, copy_of in marked if article_id in (ids[ORIGINAL.name], ids[AFP.name]))
    assert any(copy_of is not None for _, copy_of in marked), "the story's copies are among the matches"
    earliest = {c.credited_outlet for c in result.credits if c.kind == "earliest"}
    assert earliest and not earliest & {"Coastline Times", "Morning Ledger"}, "sites running a wire never earn credit"


def test_shingle_containment_sees_a_copy_with_a_footer_and_ignores_short_texts() -> None:
    body = ORIGINAL.read_text(encoding="utf-8").split("\n\n", 1)[1]
    copy = shingles(body + "\n\nThe post appeared first on The Harbour Gazette.")
    assert containment(shingles(body), copy) == 1.0
    assert containment(shingles(body), shingles(SAME_DAY.read_text(encoding="utf-8"))) < 0.3
    assert containment(shingles("Short wire brief."), shingles("Short wire brief.")) == 0.0
    assert content_hash(body, "A") != content_hash(body, "B"), "the same text on two sites is two articles"


def test_a_copy_does_not_dispute_the_story_it_republishes(tmp_path: Path) -> None:
    """The original reports a claim and its denial; its copy repeats both. Each copy sentence meets
    the other in the original, but an article does not dispute itself: no finding between the two
    (the check says what the copy republishes). An outlet that reports the claim in its own words
    is still disputed by the denial."""
    story = (
        "The Orlen shipyard will close its Varna dock in June, two managers told the Harbour Gazette.\n\n"
        "The shipyard's owner, Kestrel Holdings, denied that the Varna dock would close, calling the report "
        "groundless.\n\n"
        "About 400 people work at the dock.\n"
    )
    original = tmp_path / "gazette.txt"
    original.write_text(f"Title: Varna dock to close\nOutlet: Harbour Gazette\nDate: 2026-05-04\n\n{story}")
    copy = tmp_path / "digest.txt"
    copy.write_text(
        f"Title: Varna dock to close\nOutlet: Quayside Digest\nDate: 2026-05-05\n\n{story}\n"
        "The post Varna dock to close appeared first on Harbour Gazette.\n"
    )
    own_words = tmp_path / "ledger.txt"
    own_words.write_text(
        "Title: Dock closure\nOutlet: Morning Ledger\nDate: 2026-05-06\n\n"
        "Orlen will shut the Varna dock in June, according to people at the shipyard.\n"
    )
    with Store.open(tmp_path / "store") as store:
        events = {Path(e.path).name: e.result for e in add_paths([original, copy, own_words], store)}
        copied = events["digest.txt"]
        assert copied is not None and copied.copy_of is not None
        assert copied.copy_of.original_article_id == events["gazette.txt"].article_id  # type: ignore[union-attr]
        disputes = [m for r in copied.claims for m in r.matches if m.relation == "contradicts"]
        assert disputes == [], [(m.other.outlet, m.other.claim.text) for m in disputes]
        # nor does it confirm it: the original is no independent voice on the copy's claims
        assert not any(m.other.outlet == "Harbour Gazette" for r in copied.claims for m in r.matches)
        ledger = events["ledger.txt"]
        assert ledger is not None
        disputed_by = {m.other.outlet for r in ledger.claims for m in r.matches if m.relation == "contradicts"}
        assert disputed_by, "the owner's denial still disputes another outlet's report"

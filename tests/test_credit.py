"""Who reported it first: explicit credit phrases, earliest reporter, disputes, `consist credits`.

examples/credits/ is a made-up rail story in our own prose:
  01 The Harbour Gazette and 02 Lanterna Weekly break it the same day (a tie);
  03 Coastline Times runs the AFP story, which credits The Harbour Gazette as first, and
  06 Fjord Observer credits Lanterna Weekly as first (a credit dispute);
  04 Morning Ledger runs the same AFP text undated, 05 republishes 01 ("appeared first on"),
  07 ends with "— AP", 08 Quayside Radio is an undated original;
  phrases/ holds every credit phrase, and sources that are not outlets.
examples/credits/chain/ follows a story down a chain of credits: Kestrel News credits the weekly
Der Tagesblick, a Reuters wire credits Kestrel News, and Quayside Digest republishes Der
Tagesblick's text ("This article first appeared on Der Tagesblick.") dated before both.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from consistency.articles import read_article
from consistency.claims import extract_claims
from consistency.cli import app
from consistency.copies import Origin
from consistency.credit import Attributed, explicit_credits, follow_chain, rank
from consistency.models import Article, Credit
from consistency.outlets import canonical_outlet, outlet_key
from consistency.pipeline import add_paths, check_file
from consistency.store import Store
from tests.conftest import EXAMPLES, NEW_ARTICLE

CREDITS = EXAMPLES / "credits"
STORY = sorted(CREDITS.glob("0*.txt"))
PHRASES = CREDITS / "phrases" / "evening-lantern-credit-phrases.txt"
CHAIN = sorted((CREDITS / "chain").glob("*.txt"))


def _add(directory: Path, paths: list[Path]) -> None:
    with Store.open(directory) as store:
        for event in add_paths(paths, store):
            assert event.error is None, event.error


@pytest.fixture(scope="session")
def story_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rail story added once; tests only read it."""
    directory = tmp_path_factory.mktemp("credits-story")
    _add(directory, STORY)
    return directory


@pytest.fixture(scope="module")
def phrase_credits() -> Iterator[tuple[list[str], list[Credit]]]:
    article = read_article(PHRASES)
    claims = extract_claims(article.body, article.published_at)
    yield [c.text for c in claims], explicit_credits(article, claims)


def _credit_for(phrase_credits: tuple[list[str], list[Credit]], start: str) -> list[Credit]:
    texts, credits = phrase_credits
    return [c for c in credits if c.claim_index is not None and start in texts[c.claim_index]]


@pytest.mark.parametrize(
    ("sentence_start", "outlet", "first", "scope_has"),
    [
        ("German magazine Der Spiegel was the first", "Der Spiegel", True, "ordered a review"),
        ("The Wall Street Journal first reported", "The Wall Street Journal", True, "talks between"),
        ("The review will cover all regional night trains, as first reported by WSJ", "The Wall Street Journal",
         True, "cover all regional night trains"),
        ("The Kessel Tribune reported on Thursday", "The Kessel Tribune", False, "six months"),
        ("The review team will be led", "Reuters", False, "former state auditor"),
        ("Der Tagesblick, citing two officials", "Der Tagesblick", False, "start in July"),
        ('"We want every line to pay its way," the transport minister told CNN', "CNN", False, "pay its way"),
        ("The Baltic Chronicle said in its report", "The Baltic Chronicle", False, "three other routes"),
        ("The Lindmoor Post broke the story", "The Lindmoor Post", True, "planned cuts"),
        ("Halvik Radio, which first reported the leak", "Halvik Radio", True, "the leak"),
        ("Nordwacht was first to report", "Nordwacht", True, "two depots"),
        ("The list of routes was first published by", "Le Courrier de Kessel", True, "list of routes"),
        ("Kessel Today reported first", "Kessel Today", True, "night train to Ostrand"),
        ("According to a report first published in", "Il Corriere di Ostrand", True, "ignored two warnings"),
        ("Valdorian daily Gazzetta della Sera", "Gazzetta della Sera", True, "depot in Tolva"),
        ("The Halvik Courier had the scoop", "The Halvik Courier", True, "sleeping cars"),
        ("It was Nordwacht that first reported", "Nordwacht", True, "Tolva depot"),
        ("The sale of the sleeping cars was scooped by", "Halvik Radio", True, "sale of the sleeping cars"),
        ("The timetable for the winter months was first carried", "The Lindmoor Post", True, "winter months"),
        ("The Kessel Tribune reported Tuesday", "The Kessel Tribune", False, "list in June"),
        ("In an interview with The Halvik Courier", "The Halvik Courier", False, "night trains were safe"),
        ("The list is complete, according to a report in", "The Kessel Tribune", False, "list is complete"),
        ("Kessel Today, the city's oldest daily, was the first", "Kessel Today", True, "Ostrand depot"),
        ("According to information of the weekly", "Halvik Courier", False, "stop at Tolva"),  # a translation's
    ],
)  # fmt: skip
def test_each_credit_phrase_names_the_outlet_normalised(
    phrase_credits: tuple[list[str], list[Credit]], sentence_start: str, outlet: str, first: bool, scope_has: str
) -> None:
    found = _credit_for(phrase_credits, sentence_start)
    assert [(c.credited_outlet, c.kind, c.first) for c in found] == [(outlet, "explicit", first)]
    assert found[0].scope is not None and scope_has in found[0].scope
    assert sentence_start in found[0].evidence


@pytest.mark.parametrize(
    "sentence_start",
    [
        "The review was ordered after a sharp rise",  # according to the ministry
        "The review could lead to more closures",  # according to officials familiar with the plan
        "Fares will rise by 4 percent",  # according to a person
        '"The timetable is fixed until December,"',  # told The Evening Lantern, in The Evening Lantern
        "Vantor Aerospace reported a loss",  # a company reporting results
        "The Kessel rail union, citing its own survey",  # a union citing a survey
        "The Kessel Police Department broke the news",  # to the families: telling, not publishing
        "Kessel Radio first broke the news to the drivers",  # the same, with "first"
        "The timetable change was first reported in May",  # a month, not an outlet
        "Inspector Tomas Brandt, who first reported the fault",  # to the regulator
        "The Kessel Statistics Office reported",  # a public body publishing its figures
        "Vantor Aerospace first revealed the new engine",  # a company showing its product
        "Vantor Aerospace, citing weak demand",  # citing a reason, not a source
        "The National Rail Authority reported on Friday",  # a regulator, not a publication
        "A report by the ministry found",  # a body's own report
        "The depot manager, a former engineer, was the first",  # a person, not an outlet
        "The Kessel Fire Brigade, the first crew on the scene",  # an apposition that names no outlet
        "According to data from the Kessel Statistics Office",  # a body's figures
    ],
)
def test_sources_that_are_not_other_outlets_get_no_credit(
    phrase_credits: tuple[list[str], list[Credit]], sentence_start: str
) -> None:
    texts, _ = phrase_credits
    assert any(sentence_start in t for t in texts), "the sentence should still be a claim"
    assert _credit_for(phrase_credits, sentence_start) == []


def test_told_an_outlet_inside_that_outlets_own_article_is_its_own_reporting() -> None:
    body = "Two ministers told CNN that the border crossing would reopen on Friday after three weeks."
    claims = extract_claims(body)
    assert explicit_credits(Article(outlet="CNN", body=body), claims) == []
    credited = explicit_credits(Article(outlet="Kestrel News", body=body), claims)
    assert [c.credited_outlet for c in credited] == ["CNN"]


def test_a_wire_copy_does_not_credit_the_wire_for_its_own_interview() -> None:
    body = "HALVIK (Reuters) - The port will stay closed until Monday, the harbour master told Reuters on Friday."
    article = Article(outlet="Portside Herald", body=body, wire="Reuters")
    assert explicit_credits(article, extract_claims(body)) == []


def test_outlet_spellings_fold_to_one_name() -> None:
    assert canonical_outlet("WSJ") == canonical_outlet("Wall Street Journal") == "The Wall Street Journal"
    assert outlet_key("The Wall Street Journal") == outlet_key("WSJ")
    assert canonical_outlet("Spiegel") == "Der Spiegel"
    assert outlet_key("Portside Herald") != outlet_key("Portside Gazette")


def _origin(name: str, when: datetime | None, undated: bool = False, reason: str | None = None) -> Origin:
    return Origin(outlet_key(name), name, when, undated, None, reason)


def test_rank_orders_origins_marks_ties_and_counts_copies() -> None:
    monday = datetime(2026, 5, 4)
    ranked = rank(
        [
            (1, _origin("The Harbour Gazette", monday)),
            (2, _origin("Lanterna Weekly", monday)),
            (3, _origin("AFP", datetime(2026, 5, 6), reason="wire")),
            (4, _origin("AFP", datetime(2026, 5, 6), reason="wire")),
            (5, _origin("The Harbour Gazette", monday, reason="footer")),
            (6, _origin("Quayside Radio", datetime(2026, 11, 1), undated=True)),
        ]
    )
    assert [o.outlet for o in ranked.first] == ["Lanterna Weekly", "The Harbour Gazette"]
    assert [o.outlet for o in ranked.origins][2:] == ["AFP", "Quayside Radio"]
    assert ranked.origins[-1].undated
    assert ranked.copies == 2  # the second AFP site and the republished Gazette article


def test_undated_article_ranks_by_time_of_adding_and_is_marked(store_dir: Path) -> None:
    _add(store_dir, [CREDITS / "08-quayside-radio-undated.txt"])
    with Store.open(store_dir, read_only=True) as store:
        result = check_file(CREDITS / "04-morning-ledger-afp-undated.txt", store, dry_run=True)
    earliest = [c for c in result.credits if c.kind == "earliest"]
    assert earliest, "the petition claim is shared"
    assert {c.credited_outlet for c in earliest} == {"Quayside Radio"}
    assert all(c.undated for c in earliest)
    assert all("undated" in c.evidence for c in earliest)


def _groups(runner: CliRunner, directory: Path) -> list[dict]:
    result = runner.invoke(app, ["--index-dir", str(directory), "credits", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _story_group(groups: list[dict]) -> dict:
    return next(
        g for g in groups if "Norvik Rail will scrap its night train" in g["claim"] and "Harbour Gazette" in g["claim"]
    )


def test_credits_lists_the_tie_for_first_and_the_credit_dispute(runner: CliRunner, story_store_dir: Path) -> None:
    group = _story_group(_groups(runner, story_store_dir))
    assert [o["outlet"] for o in group["first"]] == ["Lanterna Weekly", "The Harbour Gazette"]
    assert group["tie"] is True
    assert group["disputed"] is True
    firsts = {(c["credited_by"], c["credited_outlet"]): c for c in group["explicit"] if c["first"]}
    assert set(firsts) == {("AFP", "The Harbour Gazette"), ("Fjord Observer", "Lanterna Weekly")}
    assert firsts[("AFP", "The Harbour Gazette")]["scope"] == "the plan"
    assert "Norvik Rail is ending its night train" in firsts[("Fjord Observer", "Lanterna Weekly")]["scope"]


def test_credits_counts_copies_once_under_the_outlet_they_copy(runner: CliRunner, story_store_dir: Path) -> None:
    group = _story_group(_groups(runner, story_store_dir))
    outlets = [o["outlet"] for o in group["independent"]]
    assert "AFP" in outlets
    assert not {"Coastline Times", "Morning Ledger"} & set(outlets), "sites running the wire are not voices"
    assert outlets.count("The Harbour Gazette") == 1
    assert group["copies"] >= 2  # Morning Ledger's AFP copy and the republished Gazette article


def test_credits_table_shows_dispute_and_copies(runner: CliRunner, story_store_dir: Path) -> None:
    result = runner.invoke(app, ["--index-dir", str(story_store_dir), "credits"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "DISPUTED" in result.stdout
    assert "(tie)" in result.stdout
    assert "outlets agree (2 more copies)" in result.stdout


def test_credits_on_an_empty_store_lists_nothing(runner: CliRunner, store_dir: Path) -> None:
    Store.open(store_dir).close()  # a store with no articles yet
    result = runner.invoke(app, ["--index-dir", str(store_dir), "credits", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    missing = runner.invoke(app, ["--index-dir", str(store_dir / "typo"), "credits"])
    assert missing.exit_code == 4 and not (store_dir / "typo").exists(), "a read-only command creates nothing"


def test_demo_check_credits_der_abendbote_as_first(runner: CliRunner, corpus_store_dir: Path) -> None:
    with Store.open(corpus_store_dir, read_only=True) as store:
        result = check_file(NEW_ARTICLE, store, dry_run=True)
    explicit = [c for c in result.credits if c.kind == "explicit"]
    assert [(c.credited_outlet, c.first) for c in explicit] == [("Der Abendbote", True)]
    earliest = {c.credited_outlet for c in result.credits if c.kind == "earliest"}
    assert "Der Abendbote" in earliest
    assert not earliest & {"Lakeshore Courier", "Portside Herald"}, "wire copies never earn credit"
    shown = runner.invoke(
        app, ["--index-dir", str(corpus_store_dir), "check", str(NEW_ARTICLE), "--dry-run"], env={"COLUMNS": "200"}
    )
    assert shown.exit_code == 0, shown.output
    assert "Der Abendbote" in shown.stdout and "CREDIT" in shown.stdout


def test_credits_on_the_corpus_shows_both_first_claims(runner: CliRunner, corpus_store_dir: Path) -> None:
    groups = _groups(runner, corpus_store_dir)
    disputed = [g for g in groups if g["disputed"]]
    assert disputed
    credited = {c["credited_outlet"] for g in disputed for c in g["explicit"] if c["first"]}
    assert credited == {"Der Abendbote", "The Meridian Post"}


@pytest.mark.parametrize(
    ("sentence", "outlet"),
    [
        ("On Tuesday, Der Spiegel reported that the minister had resigned after the vote.", "Der Spiegel"),
        ("In March Reuters reported that the talks on the pipeline had stalled.", "Reuters"),
        ("According to The Guardian, the vote on the budget will be delayed until June.", "The Guardian"),
        ("According to Defence Minister Petra Lind, the drones are ready to ship.", None),
    ],
)
def test_sentence_openings_do_not_hide_or_invent_an_outlet(sentence: str, outlet: str | None) -> None:
    credited = explicit_credits(Article(outlet="Kestrel News", body=sentence), extract_claims(sentence))
    assert [c.credited_outlet for c in credited] == ([outlet] if outlet else [])


# ---- the phrasings real reporting uses (issue 16): examples/credits/phrases/quayside-radio-... ----

MORE_PHRASES = CREDITS / "phrases" / "quayside-radio-more-credit-phrases.txt"


@pytest.fixture(scope="module")
def more_credits() -> tuple[str, list[Credit]]:
    article = read_article(MORE_PHRASES)
    return article.body, explicit_credits(article, extract_claims(article.body, article.published_at))


def _credited_in(more: tuple[str, list[Credit]], start: str) -> list[tuple[str, bool]]:
    return [(c.credited_outlet, c.first) for c in more[1] if c.evidence.startswith(start) or start in c.evidence]


@pytest.mark.parametrize(
    ("sentence_start", "outlets"),
    [
        ("HALVIK — The night ferry", ["AP"]),  # according to the Associated Press and other news outlets
        ("The fire started in the second engine room", ["AFP"]),  # talked on condition of anonymity with AFP
        ("Based on reports by AP", ["AP", "Reuters", "AFP", "dpa"]),  # a list, a lower-case wire
        ("The ferry had failed an inspection", ["Kanal Eins", "Radio Nord", "Die Brücke"]),  # plural description
        ("The operator had been warned twice", ["EFE"]),  # ", reports Efe news."
        ("The harbour master said the fire", ["TASS"]),  # "as reported by tass.ru": a domain
        ("The crew was praised", ["Valdor Press"]),  # "told the state news agency, Valdor Press"
        ("Two sources quoted by", ["The Halvik Courier"]),
        ("A Turkish official cited earlier by", ["Reuters"]),  # "the Reuters news agency"
        ("The footage of the fire, aired by", ["Kanal Eins"]),
        ("The Meridian Post, a pro-government", ["The Meridian Post"]),  # an apposition that says newspaper
        ("The Lindmoor Post later corroborated", ["The Lindmoor Post"]),
        ("CNN quoted a senior coastguard officer", ["CNN"]),
        ("His remarks followed a Bloomberg report", ["Bloomberg"]),
        ("The captain denied the Fjord Observer's report", ["Fjord Observer"]),
        ("Radio Halvik reports another version", ["Radio Halvik"]),
        ("As the Kessel Tribune writes", ["The Kessel Tribune"]),
        ("The minister, speaking to Fox News", ["Fox News"]),
        ("Passengers had complained", ["The Valdor Press"]),  # "according to the state-run Valdor Press"
        ("Halvik Weekly, the city's oldest weekly", ["Halvik Weekly"]),
    ],
)  # fmt: skip
def test_every_named_source_is_a_credit(more_credits: tuple[str, list[Credit]], sentence_start: str,
                                        outlets: list[str]) -> None:  # fmt: skip
    assert _credited_in(more_credits, sentence_start) == [(o, False) for o in outlets]


@pytest.mark.parametrize(
    ("sentence_start", "outlet"),
    [
        ("The first to report the suspension was", "The Ostrand Herald"),
        ("About the fire the first to report was", "Nordwacht"),  # a translation's word order
    ],
)
def test_the_first_to_report_was_x_is_a_first_credit(more_credits: tuple[str, list[Credit]], sentence_start: str,
                                                     outlet: str) -> None:  # fmt: skip
    assert _credited_in(more_credits, sentence_start) == [(outlet, True)]


@pytest.mark.parametrize(
    "sentence_start",
    [
        "Turkish daily reports say",  # an outlet, but not named
        "News reports have quoted",  # no outlet named
        "Aaron Lind, an associate fellow",  # an apposition that mentions "Radio", about a person
        "The Post Office said",  # a company with an outlet word in its name
        "The coastguard's report said",  # a body's own report
        "According to the American news website",  # a description, no name
    ],
)
def test_descriptions_and_bodies_are_not_credited(more_credits: tuple[str, list[Credit]], sentence_start: str) -> None:
    assert sentence_start in more_credits[0]
    assert _credited_in(more_credits, sentence_start) == []


def test_a_short_name_after_the_full_one_is_the_same_outlet() -> None:
    body = (
        "The CIA concluded that the crown prince ordered the killing, The Washington Post reported on Friday. "
        "The Post reported that officials were highly confident in the assessment."
    )
    credited = explicit_credits(Article(outlet="Kestrel News", body=body), extract_claims(body))
    assert {c.credited_outlet for c in credited} == {"The Washington Post"}
    own = explicit_credits(Article(outlet="The Washington Post", body=body), extract_claims(body))
    assert own == []


def test_a_credit_names_the_outlet_as_the_store_spells_it() -> None:
    body = "The missile was Russian-made, the Associated Press reported, citing a senior official."
    claims = extract_claims(body)
    assert [c.credited_outlet for c in explicit_credits(Article(outlet="Kestrel News", body=body), claims)] == ["AP"]
    spelled = explicit_credits(Article(outlet="Kestrel News", body=body), claims, {"ap"}, {"ap": "Associated Press"})
    assert [c.credited_outlet for c in spelled] == ["Associated Press"]


def test_an_embedded_post_signature_credits_its_outlet() -> None:
    body = "Officials say the balloon is being tracked.\n\n— Kestrel News (@KestrelNews) February 3, 2026\n"
    credited = explicit_credits(Article(outlet="Portside Herald", body=body), extract_claims(body))
    assert [c.credited_outlet for c in credited] == ["Kestrel News"]


# ---- the chain of attribution ---------------------------------------------------------------

KESTREL, WIRE, DIGEST = CHAIN  # 2026-06-03 Kestrel News, 2026-06-04 Reuters wire, 2026-06-02 a republished copy


def _drone_group(groups: list[dict]) -> dict:
    return next(g for g in groups if "200 Falke-7 drones" in g["claim"])


def test_first_reporter_follows_the_chain_to_an_outlet_not_in_the_store(runner: CliRunner, store_dir: Path) -> None:
    _add(store_dir, [KESTREL, WIRE])
    group = _drone_group(_groups(runner, store_dir))
    (first,) = group["first"]
    assert first["outlet"] == "Der Tagesblick" and first["stored"] is False and first["when"] is None
    assert first["credited_by"] == ["Kestrel News", "Reuters"]  # Reuters credits Kestrel, which credits the weekly
    shown = runner.invoke(app, ["--index-dir", str(store_dir), "credits"], env={"COLUMNS": "250"})
    assert shown.exit_code == 0, shown.output
    assert "Der Tagesblick (credited by Kestrel News and Reuters, not in the store)" in " ".join(shown.stdout.split())


def test_a_republished_copy_takes_no_credit_for_the_reporting_it_carries(runner: CliRunner, store_dir: Path) -> None:
    assert read_article(DIGEST).republished_from == "Der Tagesblick"
    _add(store_dir, CHAIN)
    group = _drone_group(_groups(runner, store_dir))
    (first,) = group["first"]
    assert (first["outlet"], first["stored"], first["when"][:10]) == ("Der Tagesblick", True, "2026-06-02")
    assert first["credited_by"] == ["Kestrel News", "Reuters"]
    assert "Quayside Digest" not in {o["outlet"] for o in group["independent"]}
    shown = runner.invoke(app, ["--index-dir", str(store_dir), "credits"], env={"COLUMNS": "250"})
    assert "Der Tagesblick (2026-06-02); Kestrel News and Reuters credit it" in " ".join(shown.stdout.split())


def test_check_names_the_outlet_a_stored_article_credits_as_first_reporter(
    runner: CliRunner, store_dir: Path, tmp_path: Path
) -> None:
    _add(store_dir, [KESTREL, WIRE])
    new = tmp_path / "fjord.txt"
    new.write_text(
        "Title: Halvik confirms drone talks\nOutlet: Fjord Observer\nDate: 2026-06-05T10:00\n\n"
        "Vantor Aerospace is negotiating the sale of 200 Falke-7 drones to Korvenia, officials in Halvik "
        "confirmed on Friday.\n"
    )
    with Store.open(store_dir, read_only=True) as store:
        result = check_file(new, store, dry_run=True)
    earliest = [c for c in result.credits if c.kind == "earliest"]
    assert [(c.credited_outlet, c.stored) for c in earliest] == [("Der Tagesblick", False)]
    assert "Kestrel News" in earliest[0].credited_by and "Der Tagesblick reported" in earliest[0].evidence
    shown = runner.invoke(app, ["--index-dir", str(store_dir), "check", str(new), "--dry-run"], env={"COLUMNS": "250"})
    assert shown.exit_code == 0, shown.output
    assert "Der Tagesblick, first reporter (credited by Kestrel News" in shown.stdout
    assert "Fjord Observer, earliest" not in shown.stdout and "Kestrel News, earliest" not in shown.stdout


def _at(name: str, day: int | None) -> Origin:
    when = datetime(2026, 6, day) if day else datetime(2026, 12, 1)
    return Origin(outlet_key(name), name, when, day is None, None)


def _says(by: str, outlet: str, first: bool = False) -> Attributed:
    return Attributed(outlet_key(by), outlet, first, f"..., {outlet} reported.")


@pytest.mark.parametrize(
    ("origins", "credits", "elsewhere", "expected"),
    [
        # the crediting article is earliest in the store, and still not first
        ([_at("Kestrel News", 3)], [_says("Kestrel News", "Der Tagesblick")], [], [("Der Tagesblick", False, 3)]),
        # a stored outlet dated after the article that credits it reported by that article's date
        ([_at("AP", 5), _at("Reuters", 4)], [_says("Reuters", "AP")], [], [("AP", True, 4)]),
        # two articles crediting each other settle nothing: the dates decide
        ([_at("AP", 5), _at("Reuters", 4)], [_says("Reuters", "AP"), _says("AP", "Reuters")], [],
         [("Reuters", True, 4)]),
        # an outlet called first, not in the store, ranks with the earliest origin: a tie, not a win
        ([_at("Lanterna Weekly", 2), _at("Fjord Observer", 6)], [_says("Fjord Observer", "Der Tagesblick", True)], [],
         [("Der Tagesblick", False, 2), ("Lanterna Weekly", True, 2)]),
        # a credit elsewhere in the article breaks a same-day tie, only towards an outlet already on the claim
        ([_at("AP", 4), _at("Reuters", 4)], [], [_says("Reuters", "AP"), _says("AP", "Der Tagesblick")],
         [("AP", True, 4)]),
        # ... and never towards a stored report dated after the crediting article
        ([_at("AP", 6), _at("Reuters", 4)], [], [_says("Reuters", "AP")], [("Reuters", True, 4)]),
    ],
)  # fmt: skip
def test_follow_chain(
    origins: list[Origin], credits: list[Attributed], elsewhere: list[Attributed], expected: list[tuple]
) -> None:
    got = follow_chain(origins, credits, elsewhere)
    assert [(r.outlet, r.stored, r.by.day if r.by else None) for r in got] == expected


def test_an_undated_first_reporter_shows_no_date_of_adding_as_its_date() -> None:
    """An undated wire story credited by a dated article ranks by that article's date, and its
    own time of adding (today) is never shown as when it reported."""
    origins = [
        _origin("Kestrel Wire", datetime(2026, 12, 5), undated=True),
        _origin("Harbour Gazette", datetime(2026, 3, 2)),
    ]
    credits = [Attributed(outlet_key("Harbour Gazette"), "Kestrel Wire", False, "..., Kestrel Wire reported.")]
    (first,) = follow_chain(origins, credits)
    assert (first.outlet, first.stored, first.when, first.undated) == ("Kestrel Wire", True, None, False)
    assert first.by == datetime(2026, 3, 2)


@pytest.mark.parametrize(
    ("footer", "site"),
    [
        ("This article first appeared on Der Tagesblick.", "Der Tagesblick"),
        ("Originally published by The Harbour Gazette.", "The Harbour Gazette"),
        ("Republished with permission from Lanterna Weekly.", "Lanterna Weekly"),
        ("(via Kestrel News)", "Kestrel News"),
        ("The talks first appeared on the agenda in May.", None),
        ("Via the coast road, the trip takes two hours.", None),
    ],
)
def test_a_republishing_footer_names_where_the_text_comes_from(footer: str, site: str | None, tmp_path: Path) -> None:
    path = tmp_path / "digest.txt"
    path.write_text(f"Title: Night train\nOutlet: Quayside Digest\n\nThe night train will stop in June.\n\n{footer}\n")
    assert read_article(path).republished_from == site


def test_a_first_reporter_the_chain_reaches_is_credited_with_its_own_stored_report(
    runner: CliRunner, corpus_store_dir: Path
) -> None:
    """The example corpus holds Der Abendbote's own article, and the new article's sources credit
    it. Where its stored report agrees with a claim (the check lists it among the agreements), the
    credit names that report and its date; it never says "its own report not matched" of an
    outlet the same claim agrees with, nor "not in the store" of one the store holds."""
    base = ["check", str(NEW_ARTICLE), "--index-dir", str(corpus_store_dir), "--dry-run"]
    out = runner.invoke(app, [*base, "-f", "json"])
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    earliest = [c for c in report["credits"] if c["kind"] == "earliest"]
    with Store.open(corpus_store_dir, read_only=True) as store:
        held = {str(row[0]) for row in store.rows("SELECT DISTINCT outlet FROM articles")}
    unmatched = [c for c in earliest if not c["stored"]]
    assert all(c["outlet_in_store"] == (c["credited_outlet"] in held) for c in unmatched), unmatched
    abendbote = [c for c in earliest if c["credited_outlet"] == "Der Abendbote"]
    assert abendbote and all(c["stored"] for c in abendbote), abendbote
    assert all("(2026-03-02)" in c["evidence"] for c in abendbote), abendbote
    for index, claim in enumerate(report["claims"]):
        agreeing = {m["other"]["outlet"] for m in claim["matches"] if m["relation"] == "agrees"}
        assert not any(c["credited_outlet"] in agreeing for c in unmatched if c["claim_index"] == index)
    table = " ".join(runner.invoke(app, base).stdout.split())
    assert "Der Abendbote, earliest publisher; Reuters credits it" in table
    assert "Observer, not in the store" not in table


def _article(directory: Path, name: str, outlet: str, day: str, body: str) -> Path:
    path = directory / name
    path.write_text(f"Title: Arrest in Kestra\nOutlet: {outlet}\nDate: 2026-03-{day}\n\n{body}\n", encoding="utf-8")
    return path


LESS = "Police arrested a man in Kestra on Friday."
MORE = "Police arrested a 34-year-old man in Kestra on Friday on suspicion of arson after the warehouse fire."


@pytest.mark.parametrize(
    ("earlier", "later", "credited"),
    [
        (MORE, LESS, {"Harbour Ledger"}),  # the earlier report holds the later claim: first reporter
        (LESS, MORE, set()),  # it said less: it did not report the arson suspicion first
    ],
)
def test_earliest_credit_needs_the_earlier_claim_to_hold_the_new_one(
    tmp_path: Path, earlier: str, later: str, credited: set[str]
) -> None:
    store_dir = tmp_path / "store"
    _add(store_dir, [_article(tmp_path, "a.txt", "Harbour Ledger", "06", earlier)])
    new = _article(tmp_path, "b.txt", "Valley Courier", "07", later)
    with Store.open(store_dir, read_only=True) as store:
        result = check_file(new, store, dry_run=True)
    assert [m.relation for r in result.claims for m in r.matches] == ["agrees"]
    assert {c.credited_outlet for c in result.credits if c.kind == "earliest"} == credited


def test_claim_groups_are_stars_not_chains(tmp_path: Path) -> None:
    """B agrees with A and C with B, but C not with A: C's claim is not A's story (on real reporting
    such chains merged a day's separate claims into one group with one first reporter)."""
    from consistency.credit import claim_groups
    from consistency.models import Claim, Match, StoredClaim

    rng = np.random.default_rng(0)
    texts = {
        "Harbour Ledger": "The port of Kestra was closed on Monday after a fire.",
        "Valley Courier": "The port of Kestra was closed on Monday after a fire, and ferries were cancelled.",
        "Upland Star": "Ferries to Kestra were cancelled on Monday.",
    }
    stored: list[StoredClaim] = []
    with Store.open(tmp_path / "store") as store:
        for day, (outlet, text) in enumerate(texts.items(), start=1):
            article = Article(outlet, text, title="Kestra", published_at=datetime(2026, 3, day),
                              source_path=f"{day}.txt", content_hash=f"h{day}")  # fmt: skip
            claim = Claim(text, 0, len(text), text)
            vec = rng.normal(size=(1, 384)).astype("float32")
            vec /= np.linalg.norm(vec)
            earlier = stored[-1:]  # each claim is matched with the one before only
            matches = [[Match("agrees", 0.9, ["test"], 0.8, s) for s in earlier]]
            aid = store.add_article(article, [claim], vec, matches, [], None)
            stored.append(StoredClaim(claim, outlet, "Kestra", article.published_at, None, aid))
        groups = claim_groups(store)
    assert len(groups) == 1
    assert [o.outlet for o in groups[0].independent] == ["Harbour Ledger", "Valley Courier"]


def test_credits_says_when_the_credited_outlet_is_stored_but_not_on_this_claim(
    tmp_path: Path, runner: CliRunner
) -> None:
    ledger = _article(tmp_path, "x.txt", "Harbour Ledger", "01", "The harbour master of Kestra resigned on Friday.")
    courier = _article(
        tmp_path, "y.txt", "Valley Courier", "03",
        "The port of Kestra will close for two weeks for dredging works, the Harbour Ledger reported.",
    )  # fmt: skip
    _add(tmp_path / "store", [ledger, courier])
    shown = runner.invoke(app, ["--index-dir", str(tmp_path / "store"), "credits"], env={"COLUMNS": "400"})
    assert shown.exit_code == 0, shown.output
    assert "its own report not matched" in shown.stdout and "not in the store" not in shown.stdout


def test_a_passing_credit_elsewhere_in_the_article_is_not_the_storys(tmp_path: Path, runner: CliRunner) -> None:
    """ "Meanwhile, Radio Kestra reports another version" credits Radio Kestra for its own sentence,
    not for the story the article's lede shares with other outlets."""
    closed = "The port of Kestra was closed on March 1 after a fire."
    first = _article(tmp_path, "a.txt", "Harbour Ledger", "01", closed)
    second = _article(
        tmp_path, "b.txt", "Valley Courier", "02",
        "The port of Kestra was closed on March 1 after a fire, officials said.\n\n"
        "Meanwhile, Radio Kestra reports another version.",
    )  # fmt: skip
    _add(tmp_path / "store", [first, second])
    shown = runner.invoke(app, ["--index-dir", str(tmp_path / "store"), "credits", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    story = [g for g in json.loads(shown.stdout) if g["claim"].startswith("The port of Kestra")]
    assert len(story) == 1 and len(story[0]["independent"]) == 2
    assert story[0]["explicit"] == []

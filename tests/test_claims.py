"""Claim extraction on messy article text: what a journalist would read in each sentence."""

from __future__ import annotations

import importlib.util
import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consistency.claims import extract_claims, extract_claims_many

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "data" / "claims_labelled.jsonl"


def one(text: str, published_at: datetime | None = None):  # type: ignore[no-untyped-def]
    claims = extract_claims(text, published_at)
    assert len(claims) == 1, [c.text for c in claims]
    return claims[0]


def test_offsets_point_into_the_body() -> None:
    body = (
        "WASHINGTON (CNN) \u2014 The Senate passed the spending bill late on Friday.\n\n"
        "\u201cThis is a good day,\u201d said Senator Ruth Gale. The vote was 61 to 39.\n"
    )
    claims = extract_claims(body)
    assert len(claims) == 3
    for c in claims:
        assert body[c.start_char : c.end_char] == c.text
    assert not claims[0].text.startswith("WASHINGTON")  # the dateline is not part of the claim


def test_dateline_after_byline_and_update_line_is_not_part_of_the_claim() -> None:
    body = (
        "By Mara Quinlan, Transport Correspondent\nUpdated 7:45 AM GMT, August 12, 2026\n\n"
        "KESTRA \u2014 Dock workers at the port of Kestra stayed off the job for a third day on Wednesday.\n\n"
        "\"We said to them, 'Come back when you're serious,' and they walked out,\" union leader Pavel Okoro said.\n"
    )
    claims = extract_claims(body)
    assert [c.text[:12] for c in claims] == ["Dock workers", '"We said to ']
    # a quote inside a quote leaves its words apart
    assert "serious, and they walked out" in claims[1].proposition


def test_dateline_after_a_photo_caption_is_not_a_speaker() -> None:
    """Web copies put captions and a time stamp before the wire's dateline."""
    body = (
        "Harbour cranes stand idle at the port of Kestra on Tuesday...\n\n"
        "(Photo: Ines Moral/AP)\n\nAug 12, 2026, 7:45 AM | Updated 9:10 AM\n\n"
        "KESTRA, Norland (AP) \u2014 The port authority said on Wednesday that the strike was probably over.\n"
    )
    claims = extract_claims(body)
    last = claims[-1]
    assert last.text.startswith("The port authority")
    assert last.speaker == "The port authority"


def test_a_dense_english_sentence_is_read_and_other_languages_are_not() -> None:
    """Few function words ("Israel struck a military site ...") is still English news prose."""
    body = (
        "Israel struck a military site near Tehran overnight, Iranian state media reported.\n\n"
        "Der Minister hat am Montag seinen Rücktritt erklärt, teilte das Ministerium mit.\n\n"
        "Le ministre a démissionné lundi soir, selon un communiqué du ministère.\n"
    )
    assert [c.text[:6] for c in extract_claims(body)] == ["Israel"]
    # name particles are no sign of another language
    particles = "Ursula von der Leyen criticised Marine Le Pen at the Strasbourg session on Tuesday."
    assert [c.text for c in extract_claims(particles)] == [particles]


def test_a_correction_note_retracts_rather_than_claims() -> None:
    body = (
        "Ten people died in the fire, officials said.\n\n"
        "Correction: An earlier version of this article incorrectly said that 12 people died in the fire.\n\n"
        "An earlier version of this story misstated the number of victims.\n"
    )
    assert [c.text for c in extract_claims(body)] == ["Ten people died in the fire, officials said."]


def test_nested_attribution_keeps_the_chain_and_strips_the_frame() -> None:
    c = one("Two officials told the BBC that the ministry believes the rebels are moving heavy artillery to the north.")
    assert c.proposition == "the rebels are moving heavy artillery to the north"
    assert c.attribution == ["Two officials", "the ministry"]
    assert c.speaker == "the ministry"
    assert c.speaker_kind == "official_body"
    assert c.hedge == "uncertain" and "believes" in c.hedge_cues
    assert c.predicate == "move"


def test_a_speaker_who_wants_to_confirm_asserts_what_follows() -> None:
    """ "I want to confirm that P" is the speaker's own report of P, not a wish."""
    c = one('"I want to confirm that the writer is neither in the embassy nor in the country," the consul said.')
    assert c.proposition.startswith("the writer is neither in the embassy")
    assert c.speaker == "the consul"
    assert c.polarity == "negated"


def test_quote_then_speaker_and_continued_quote() -> None:
    body = '"We will not pay the ransom," Prime Minister Elena Varga told reporters. "Not one euro."\n'
    body += '"Our position has not changed."'
    claims = extract_claims(body)
    first = claims[0]
    assert first.proposition == "We will not pay the ransom"
    assert first.speaker == "Prime Minister Elena Varga" and first.speaker_kind == "person"
    assert first.polarity == "negated"
    last = claims[-1]
    assert last.speaker == "Prime Minister Elena Varga"  # the quote continues her words
    assert last.hedge == "reported"


def test_pronoun_speaker_resolves_to_the_last_person_named() -> None:
    body = "Judge Helen Marsh opened the hearing on Monday. The trial will last six weeks, she said."
    c = extract_claims(body)[-1]
    assert c.speaker == "Judge Helen Marsh"
    assert c.speaker_kind == "person"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The bridge will close in May, a source familiar with the plans said.", "anonymous_sources"),
        ("The bridge will close in May, the transport ministry said.", "official_body"),
        ("The bridge will close in May, Reuters reported.", "outlet"),
        ("The bridge will close in May, according to the Guardian.", "outlet"),
        ("The bridge will close in May, transport minister Piotr Nowak said.", "person"),
        ("German magazine Der Kurier reported that the bridge will close in May.", "outlet"),
        ("Local broadcaster KTV said the bridge will close in May.", "outlet"),
        ("TV presenter Anna Berg said the bridge will close in May.", "person"),
        ("Press secretary Dana Reyes said the bridge will close in May.", "person"),
        ("Network Rail said the bridge will close in May.", "official_body"),  # "Network" is part of the name
        ("Dr. Lena Marsh was the first to report that the bridge will close in May.", "person"),
    ],
)
def test_speaker_kinds(sentence: str, kind: str) -> None:
    assert one(sentence).speaker_kind == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Local broadcaster KTV was the first to report that the plant's sprinkler system had been switched off.",
        "The Harbour Courier was first to report that the plant's sprinkler system had been switched off.",
        "Der Kurier was first to report that the plant's sprinkler system had been switched off.",
    ],
)
def test_first_to_report_is_a_report_by_that_outlet(sentence: str) -> None:
    """ "X was the first to report that P": X reports P, and P is what other outlets' claims match."""
    c = one(sentence)
    assert c.speaker_kind == "outlet" and c.hedge == "reported"
    assert c.proposition == "the plant's sprinkler system had been switched off"


def test_the_first_to_do_something_else_is_no_report() -> None:
    c = one("The mayor was the first to arrive at the scene.")
    assert c.speaker is None and "first to arrive" in c.proposition


def test_unattributed_claims_belong_to_the_outlet_itself() -> None:
    c = extract_claims("LONDON (Reuters) - Britain will send two more warships to the Gulf.")[0]
    assert c.speaker == "Reuters" and c.speaker_kind == "self"
    assert c.hedge == "asserted"
    assert c.proposition.startswith("Britain will send")


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("The storm may hit the coast by Saturday.", "may"),
        ("The minister reportedly offered to resign.", "reportedly"),
        ("The singer allegedly hit a photographer.", "allegedly"),
        ("The ceasefire does not seem to be holding.", "does not seem"),
        ("The regulator is considering a fine for the bank.", "considering"),
    ],
)
def test_hedges(sentence: str, cue: str) -> None:
    c = one(sentence)
    assert c.hedge == "uncertain"
    assert cue in c.hedge_cues


@pytest.mark.parametrize(
    ("sentence", "polarity"),
    [
        ("The army did not withdraw from the town.", "negated"),
        ("The club has no plans to sell the stadium.", "negated"),
        ("The ministry denied that troops had crossed the border.", "negated"),
        ("The general, who never gives interviews, confirmed the strike.", "affirmed"),  # "never" in a relative clause
        ("Police did not rule out further arrests.", "affirmed"),  # negated hedge: arrests are possible
        ("The town, which was not evacuated, has been flooded.", "affirmed"),
        ("The writer is neither in the embassy nor in the country.", "negated"),
        ("The driver was neither arrested nor charged.", "negated"),
        ("Neither the coach nor the players were told.", "negated"),
    ],
)
def test_negation_is_read_on_the_main_predicate(sentence: str, polarity: str) -> None:
    assert one(sentence).polarity == polarity


def test_declined_to_comment_is_kept_as_a_non_answer() -> None:
    c = one("The embassy declined to comment on the arrests.")
    assert c.non_answer
    refusal = one("The government declined to send troops to the region.")
    assert not refusal.non_answer and refusal.polarity == "negated" and refusal.predicate == "send"


@pytest.mark.parametrize(
    "sentence",
    [
        "Tarvik Airports would neither confirm nor deny that any flights were cancelled because of flooding.",
        "The ministry refused to confirm or deny the report about the shipment.",
        "Vantor wouldn't confirm or deny that it will close its Karsk plant.",
        "Vantor didn’t respond to a request for comment on the Karsk plant closure.",
        "The spokesman could not be reached for comment.",
        "He did not say whether reservists would be called up.",
        "The minister would not say when the talks would resume.",
        "A spokesman for the Russian defence ministry did not say whether reservists would be called up.",
        "The company, which employs 3,000 people in the region, did not say whether the plant would close.",
        "The ministry declined to say how many troops had been sent.",
    ],
)
def test_neither_confirm_nor_deny_is_a_non_answer(sentence: str) -> None:
    assert one(sentence).non_answer


@pytest.mark.parametrize(
    "sentence",
    [
        "The court refused the government's request to delay the trial.",
        "The company declined to comment on the closure of the plant, but confirmed it will close.",
        "Asked to confirm or deny the report, the mayor said she will resign.",
        "The army did not respond to the attack on the convoy.",
        "The village could not be reached by road after the floods.",
        "Rescuers did not respond to calls for help from the village.",
        "The company, which did not comment, denied reports that it would close the plant.",
        "He did not say the plant would close.",  # no "whether": what he did not say is the claim's
        "The company said the blast killed four workers, but did not say how the fire started.",
    ],
)
def test_an_answer_that_looks_like_a_refusal_is_a_claim(sentence: str) -> None:
    assert not one(sentence).non_answer


def test_two_independent_assertions_become_two_claims() -> None:
    body = "The rebels captured the airport, but government troops still hold the city centre."
    claims = extract_claims(body)
    assert len(claims) == 2
    assert claims[0].predicate == "capture" and claims[1].predicate == "hold"
    assert claims[0].end_char <= claims[1].start_char
    for c in claims:
        assert body[c.start_char : c.end_char] == c.text


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe and Tom Smith",
        "Photo: Getty Images",
        "Foto: Markus Weber/dpa",
        "Image: A damaged building in the city centre (Reuters)",
        "The post Ministers agree on new budget appeared first on Daily Ledger.",
        "Read more: What the new budget means for you",
        "Sign up for our morning newsletter",
        "Share this article on social media",
        "Advertisement",
        "\u00a9 2024 Daily Ledger. All rights reserved.",
        "Will the government survive the vote?",
        '"Why would we leave?" he asked.',
        "What happens next",
        "WASHINGTON (CNN) \u2014",
    ],
)
def test_non_claims_are_dropped(line: str) -> None:
    assert extract_claims(line) == []


def test_non_english_text_gives_few_claims() -> None:
    german = (
        "Der Minister sagte am Donnerstag, dass die Regierung keine neuen Schulden machen wird. "
        "Die Opposition kritisierte den Plan scharf und forderte eine Abstimmung im Parlament."
    )
    assert extract_claims(german) == []
    assert len(extract_claims("\u4e2d\u56fd\u653f\u5e9c\u5ba3\u5e03\u4e86\u65b0\u7684\u653f\u7b56\u3002" * 20)) == 0


def test_quantities_and_dates_are_read_from_the_proposition() -> None:
    c = one("Officials said on Monday that hundreds of drones were launched last week.", datetime(2024, 5, 16))
    kinds = {q.kind for q in c.quantities}
    assert "count" in kinds and "date" in kinds
    drones = next(q for q in c.quantities if q.kind == "count")
    assert (drones.low, drones.high, drones.counted) == (200, 999, "drones")
    # "on Monday" dates the statement, not the launch, so only "last week" is a date of the claim
    assert [q.text for q in c.quantities if q.kind == "date"] == ["last week"]


def test_entities_fold_aliases() -> None:
    c = one("Washington and Beijing agreed to resume military talks in London.")
    assert {e.norm for e in c.entities} >= {"united states", "china", "united kingdom"}


def test_a_headline_with_a_date_is_still_a_claim() -> None:
    headline = "Vantor to cut 2,000 jobs at Karsk plant by 31 March 2027"
    claims = extract_claims(f"{headline}\n\nVantor will cut 2,000 jobs at its Karsk plant, the company said.")
    assert claims[0].text == headline


def test_a_date_line_is_no_claim() -> None:
    sentence = "Investigators examined the runway on Friday, officials said."
    claims = extract_claims(f"Runway accident\nPublished 21 November 2026\n\n{sentence}")
    assert [c.text for c in claims][-1:] == [sentence]
    assert not any("Published" in c.text for c in claims)


def test_abbreviated_places_fold_to_one_name() -> None:
    """A "N.Y. teenager" and a "New York teenager" are in one place, not two."""
    short, long = one("A N.Y. teenager made $72 million trading stocks."), one("A New York teenager made millions.")
    assert {e.norm for e in short.entities} == {e.norm for e in long.entities} == {"new york"}


def test_lemmas_are_content_words_of_the_proposition() -> None:
    c = one("The ministry said that the rebels had destroyed three bridges.")
    assert c.lemmas == ["rebel", "destroy", "three", "bridge"]


def test_many_matches_one_at_a_time() -> None:
    bodies = [
        ("The port reopened on Tuesday after a strike.", datetime(2024, 5, 16)),
        ("", None),
        ("Police said two men were arrested.\nPhoto: AP", None),
    ]
    many = extract_claims_many(bodies)
    assert [[c.text for c in cs] for cs in many] == [[c.text for c in extract_claims(b, d)] for b, d in bodies]


def test_very_long_line_without_punctuation_does_not_hang() -> None:
    body = "the committee said the report was accurate and " * 400
    claims = extract_claims(body)
    for c in claims:
        assert body[c.start_char : c.end_char] == c.text


def test_labelled_set_accuracy_does_not_regress() -> None:
    """Our labelled sentences (tests/data/claims_labelled.jsonl), scored field by field."""
    spec = importlib.util.spec_from_file_location("claims_bench", ROOT / "benchmarks" / "claims_bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    score_record = bench.score_record

    records = [json.loads(line) for line in LABELLED.read_text().splitlines() if line.strip()]
    assert len(records) >= 60
    items = [(r["text"], datetime.fromisoformat(r["published_at"]) if r.get("published_at") else None) for r in records]
    ok = n = 0
    for rec, claims in zip(records, extract_claims_many(items), strict=True):
        scores = score_record(rec, claims)
        ok += sum(scores.values())
        n += len(scores)
    assert ok / n >= 0.9


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text: str) -> None:
    for c in extract_claims(text):
        assert text[c.start_char : c.end_char] == c.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                '"',
                "\u201c",
                "\u201d",
                "said",
                "not",
                "He",
                "The ministry",
                ",",
                ".",
                "?",
                "\n",
                "...",
                "(CNN) \u2014",
                "according to",
                "100",
                "hundreds of",
                "last week",
                "declined to comment",
                "may",
                "BY",
                "Photo:",
                " ",
            ]
        ),
        max_size=40,
    ).map(" ".join)
)
def test_news_like_fragments_never_raise(text: str) -> None:
    extract_claims(text, datetime(2024, 1, 1))


@pytest.mark.parametrize(
    ("sentence", "counted"),
    [
        ("The death toll from the floods rose to 45.", "toll"),
        ("Officials said the number of arrests stood at 30 on Monday.", "arrests"),
        ("The toll is 12.", "toll"),
        ("The company hired 45.", None),  # a subject that is no tally says nothing of what is counted
    ],
)
def test_a_tally_names_what_its_number_counts(sentence: str, counted: str | None) -> None:
    (claim,) = extract_claims(sentence)
    assert [q.counted for q in claim.quantities] == [counted]


@pytest.mark.parametrize(
    ("sentence", "counted"),
    [
        ("The floods killed 45 people.", ["dead"]),
        ("The floods injured 30 people.", ["injured"]),
        ("An explosion killed three workers and injured 14 others.", ["dead workers", "injured"]),
        ("Four people died in the blast.", ["dead"]),
        ("Police arrested 45 people.", ["people"]),
        ("Rebels killed five villagers and burned 40 houses.", ["dead villagers", "houses"]),  # burned, not killed
        ("The attack killed three soldiers and two civilians.", ["dead soldiers", "dead civilians"]),
        ("The blast killed 4 police officers.", ["dead officers"]),  # the head noun, not its modifier
        ("Two of the injured workers died in hospital.", [None]),  # a part of a group, not a count of it
        ("The injury toll from the earthquake rose to 120.", [None]),  # a toll of what, then?
        ("The fire has claimed nine lives.", ["dead"]),
        ("The blaze claimed the lives of nine workers.", ["dead workers"]),
        ("The crash cost 40 lives.", ["dead"]),
        ("Nine people lost their lives in the fire.", ["dead"]),
        ("The fire left nine people dead.", ["dead"]),
        ("The blast left 12 people injured.", ["injured"]),
        ("The fire has demanded nine dead lives.", ["dead"]),  # a machine's translation
        ("Nine dead soldiers were found.", ["dead soldiers"]),
        ("The company left 300 workers without pay.", ["workers"]),  # left, but not dead
        ("The program saved 40 lives.", ["lives"]),  # lives, but saved
        ("Farmers found nine dead cows after the floods.", ["cows"]),  # casualties are people
        ("The strike left nine dead cows in the field.", ["cows"]),
        ("The raid left five girls dead.", ["dead girls"]),
    ],
)
def test_people_are_counted_by_what_happened_to_them(sentence: str, counted: list[str]) -> None:
    (claim,) = extract_claims(sentence)
    assert [q.counted for q in claim.quantities] == counted


def test_a_denial_that_points_back_denies_the_claim_before_it() -> None:
    """ "The enterprise denied this." carries what it denies, so it meets other outlets' claims of it."""
    body = (
        "According to the environment ministry, toxic gases were released during the fire. "
        "The enterprise had previously denied this.\n\n"
        "Police said the driver was drunk. His lawyer denied it on Friday.\n\n"
        "The minister accepted bribes from a construction firm, two sources said. The minister denied the allegations."
        "\n\nThe company denied the allegations of fraud."
    )
    claims = extract_claims(body)
    by_text = {c.text: c for c in claims}
    enterprise = by_text["The enterprise had previously denied this."]
    assert enterprise.proposition == "toxic gases were released during the fire"
    assert enterprise.polarity == "negated" and enterprise.speaker == "The enterprise"
    assert by_text["His lawyer denied it on Friday."].proposition == "the driver was drunk"
    minister = by_text["The minister denied the allegations."]
    assert minister.proposition.startswith("The minister accepted bribes") and minister.speaker_kind == "person"
    assert by_text["The company denied the allegations of fraud."].proposition != minister.proposition  # says which


@pytest.mark.parametrize(
    "body",
    [
        "Minister resigns amid bribery probe\n\nHealth Minister Jan Novak has denied the allegations.",  # a headline
        "The union proposed a 5% pay rise, its leader said. Hospital managers rejected it on Tuesday.",  # a proposal
        "The city council voted to freeze the harbour project. Hale has denied the allegations.",  # the outlet's own
        "The ministry denied that its troops had crossed the border. Opposition lawmakers denied this.",  # a denial
        "Police said the driver was drunk.\n\nHis lawyer denied it on Friday.",  # another paragraph
        "Police said the driver was drunk. His lawyer did not deny it.",  # no denial at all
    ],
)
def test_a_denial_points_back_only_at_someone_elses_claim_just_before_it(body: str) -> None:
    claims = extract_claims(body)
    first, last = claims[0], claims[-1]
    assert last.proposition != first.proposition or last is first


def test_a_denial_with_nothing_to_point_at_is_no_claim_and_a_second_one_shares_the_first() -> None:
    body = (
        "Police said the mayor took bribes. The mayor denied it. His lawyer also denied it.\n\n"
        "The mayor did not deny it."
    )
    claims = extract_claims(body)
    assert [c.proposition for c in claims] == ["the mayor took bribes"] * 3
    assert [c.polarity for c in claims] == ["affirmed", "negated", "negated"]


def test_a_sentence_that_goes_on_with_a_sources_account_keeps_its_speaker() -> None:
    """After "Three sources told X that P", the next sentences of the paragraph still report them."""
    body = (
        "Three sources told the Harbour Gazette that Vantor Aerospace is negotiating the sale of 200 drones to "
        "Korvenia. Negotiations over the price are continuing, and a contract could be signed in May. "
        "The sources added that the first deliveries would follow in the summer."
    )
    claims = extract_claims(body)
    assert [c.speaker for c in claims] == ["Three sources"] * 4, [(c.text, c.speaker) for c in claims]
    assert {c.speaker_kind for c in claims} == {"anonymous_sources"}
    assert claims[1].proposition == "Negotiations over the price are continuing"
    assert claims[1].hedge == "reported"


@pytest.mark.parametrize(
    "body",
    [
        "Officials said the coast road is closed. Meanwhile the army is clearing the debris from the harbour.",
        "A senior official told reporters that the pilots acted within the rules. "
        "The pilots who took part were congratulated by the president.",  # narrative past
        "The ministry said the Varnel bridge is unsafe. This follows a report by engineers last year.",
        "Officials said the coast road is closed, but residents are returning to the village.",
        "Officials said the coast road is closed.\n\nThe army is clearing the debris from the harbour.",
        '"The road is closed," an official said. The army is clearing the debris from the harbour.',
        "Officials denied that the coast road is closed. The army is clearing the debris from the harbour.",
    ],
)
def test_the_writers_own_sentence_after_an_account_is_the_outlets(body: str) -> None:
    claims = extract_claims(body)
    assert claims[0].speaker_kind != "self"
    assert claims[-1].speaker is None and claims[-1].speaker_kind == "self", claims[-1].text


def test_sentences_inside_one_quotation_share_its_speaker() -> None:
    body = (
        'In an interview, spokesman Tomas Reyes told Kestrel News: "Simply not true at all. '
        'We do not sell drones to Korvenia."\n\n'
        '"We expect the government to be open about the deal. What is known so far is not enough," '
        "said opposition leader Anna Berg.\n\n"
        'The ministry called the plan "a serious mistake". Dravonia has recalled its ambassador.'
    )
    claims = extract_claims(body)
    speakers = {c.text: c.speaker for c in claims}
    assert speakers['We do not sell drones to Korvenia."'] == "spokesman Tomas Reyes"
    assert speakers['"We expect the government to be open about the deal.'] == "opposition leader Anna Berg"
    assert speakers["Dravonia has recalled its ambassador."] is None  # a quoted phrase is no one's account


def test_a_title_abbreviation_does_not_cut_a_quote_from_its_speaker() -> None:
    c = one('"The base is closed until further notice," Brig. Gen. Tomas Reyes told reporters in Halvik.')
    assert c.speaker is not None and c.speaker.endswith("Tomas Reyes") and c.speaker_kind == "person"


@pytest.mark.parametrize(
    "body",
    [
        "The ministry published a list of the sites. as well as satellite images.",
        "The ministry published a list of the sites.\n\nHalvik, March 4 (Kestrel News)",
    ],
)
def test_a_fragment_without_a_verb_of_its_own_is_no_claim(body: str) -> None:
    assert [c.text for c in extract_claims(body)] == ["The ministry published a list of the sites."]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a first-person source inside a quote is the person quoted
        ('"Trusting the reports of our engineers, I believe it was a faulty valve," the mayor stressed.', "the mayor"),
        ('"According to our preliminary analysis, the blast was caused by a gas leak," the fire chief said.',
         "the fire chief"),
        # a day read into the speaker's phrase, a relative pronoun left at its end
        ("On Wednesday Norland's presidential spokesperson said the reporter was still inside the embassy.",
         "Norland's presidential spokesperson"),
        ("According to a source familiar with the matter who spoke on Friday, the minister ordered the raid.",
         "a source familiar with the matter"),
        # whose assessment it is, not the assessment
        ("According to the Kestra police's first assessment, the driver was killed at the depot.", "the Kestra police"),
        # "according to the plans" is no source: the speaker is the one who said it
        ('"The body was moved to the port, according to the plans made beforehand," the prosecutor said.',
         "the prosecutor"),
    ],
)  # fmt: skip
def test_who_speaks_in_real_attribution(text: str, speaker: str) -> None:
    assert one(text).speaker == speaker


def test_an_editors_bracket_keeps_the_speakers_negation() -> None:
    # the parser cut the sentence at "[": the claim read "[the rocket] was fired from Dravonia"
    body = (
        "Outlet: Test Wire\n\nPrime Minister Ilse Varga said that “judging by the debris, it is not likely that "
        "it [the rocket] was fired from Dravonia.” She asked the public to wait for the inquiry.\n"
    )
    claims = extract_claims(body)
    fired = [c for c in claims if "fired" in c.text]
    assert len(fired) == 1, [c.text for c in claims]
    claim = fired[0]
    assert claim.text.startswith("Prime Minister Ilse Varga said")
    assert "it [the rocket] was fired" in claim.text  # quoted as written
    assert claim.polarity == "negated"
    assert claim.speaker == "Prime Minister Ilse Varga"
    assert body[claim.start_char : claim.end_char] == claim.text
    assert "[the rocket]" in claim.proposition  # shown as written, not as the parser was given it


def test_an_editors_bracket_inside_a_speaker_keeps_the_whole_speaker() -> None:
    claims = extract_claims(
        "Outlet: Test Wire\n\nA spokesman for [Korvenia's] air force said 12 drones were shot down.\n\n"
        "The [Dravonian] defence ministry denied that its rockets hit the village.\n"
    )
    assert [c.speaker for c in claims] == ["A spokesman for [Korvenia's] air force", "The [Dravonian] defence ministry"]


def test_a_model_name_with_a_digit_does_not_become_what_is_counted() -> None:
    claim = one("Outlet: Test Wire\n\nThe shipment would include about 120 Falke-7 drones, the ministry said.")
    counts = [q for q in claim.quantities if q.kind == "count"]
    assert counts and counts[0].counted == "drones", claim.quantities


@pytest.mark.parametrize(
    "sentence",
    [
        "The prime minister said he did not doubt that the rocket was fired from Dravonia.",
        "“I have no doubt that the rocket was fired from Dravonia,” the prime minister said.",
        "“I do not doubt the army's report that the rocket was fired from Dravonia,” the prime minister said.",
    ],
)
def test_no_doubt_is_the_speakers_certainty_not_a_negation(sentence: str) -> None:
    # "he did not doubt that P" came out as the claim "he did not doubt that P", negated
    claim = one(f"Outlet: Test Wire\n\n{sentence}\n")
    assert claim.polarity == "affirmed", (claim.proposition, claim.polarity_cues)
    assert claim.proposition.startswith("the rocket was fired from Dravonia"), claim.proposition
    assert "prime minister" in " ".join(claim.attribution).lower(), claim.attribution


@pytest.mark.parametrize(
    ("headline", "speaker"),
    [
        ("Bridge crack: repairs to take two months", None),
        ("Police: two men arrested after the harbour fire", "Police"),
        ("Varga: we will not give up on the rail plan", "Varga"),
    ],
)
def test_a_headline_label_is_a_speaker_only_when_it_names_one(headline: str, speaker: str | None) -> None:
    # "Bridge crack" was an official body saying the repairs take two months
    body = f"Title: {headline}\nOutlet: Test Wire\n\n{headline}\n\nThe council said the bridge would reopen in June.\n"
    first = extract_claims(body.split("\n\n", 1)[1])[0]
    assert (first.speaker if first.speaker_kind != "self" else None) == speaker, (first.speaker, first.speaker_kind)

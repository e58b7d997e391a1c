"""Each detector on our own sentences, with the hard negatives that must not fire."""

from __future__ import annotations

import pytest

from consistency.judge import claims_from_texts
from consistency.judge.denial import denial_conflict, denies_by_reference
from consistency.judge.hedging import reporting_only
from consistency.judge.polarity import polarity_conflict
from consistency.judge.quantity import quantity_conflict
from consistency.judge.similarity import same_event
from consistency.judge.states import STATES, state_conflict
from consistency.models import Claim


def pair(a: str, b: str) -> tuple[Claim, Claim]:
    old, new = claims_from_texts([a, b])
    return old, new


# --- polarity -------------------------------------------------------------------------------


def test_polarity_conflict_names_the_negated_words() -> None:
    found = polarity_conflict(*pair("Troops were sent to the border.", "Troops were not sent to the border."))
    assert found is not None
    assert "not sent" in (found.new_span or "")
    assert found.details["negated"] == "new"


def test_polarity_ignores_a_not_outside_the_shared_content() -> None:
    old, new = pair(
        "Troops were sent to the border.",
        "The minister, who did not attend the meeting, said troops were sent to the border.",
    )
    assert polarity_conflict(old, new) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # verbless headlines: a "No" before the noun, a label before it, a "not" on the adjective
        ("The airline will introduce gender segregation on its flights.", "No gender segregation on Vantar flights"),
        ("Police arrested two fans after the match.", "Police: No arrests after the match"),
        # a headline with its source after a colon, and an irregular participle ("stolen" / "steal")
        ("The museum's vintage car was stolen on Friday.", "Museum car wasn't stolen: police"),
        ("Troops were sent to the border.", "Troops were not sent to the border, the ministry said."),
    ],
)
def test_negated_headlines_and_irregular_verbs_conflict(a: str, b: str) -> None:
    old, new = pair(a, b)
    assert new.polarity == "negated"
    found = polarity_conflict(old, new)
    assert found is not None and found.details["negated"] == "new"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Velna central bank kept interest rates unchanged.", "No change in Velna interest rates."),
        ("The mayor resigned after the scandal.", "No surprise as the mayor resigned after the scandal."),
        ("Inflation in Velna is rising.", "A not unexpected rise in Velna inflation."),
    ],
)
def test_a_no_before_another_noun_negates_only_that_noun(a: str, b: str) -> None:
    assert polarity_conflict(*pair(a, b)) is None


def test_a_participle_on_the_noun_keeps_a_headline_verbless() -> None:
    (claim,) = claims_from_texts(["No survivors found in Orsk plane crash"])
    assert claim.polarity == "negated"


def test_a_headline_without_a_negation_stays_affirmed() -> None:
    (claim,) = claims_from_texts(["Gender segregation on Vantar Air flights from March"])
    assert claim.polarity == "affirmed"


def test_polarity_both_negated_is_no_conflict() -> None:
    assert polarity_conflict(*pair("No troops were sent to the border.", "Troops were not sent to the border.")) is None


def test_a_negation_elsewhere_in_the_sentence_does_not_hide_the_main_verb_conflict() -> None:
    old, new = pair(
        "Askar has not conceded and said he would ask for a recount.",
        "Askar conceded on election night and has not asked for a recount, his spokeswoman said.",
    )
    found = polarity_conflict(old, new)
    assert found is not None and found.old_span == "has not conceded"
    # each side negating the same verb, worded differently, is still no conflict
    both = pair("No troops were sent to the border and no shots were fired.", "Troops were not sent to the border.")
    assert polarity_conflict(*both) is None


def test_considering_then_not_crossed_is_no_polarity_conflict() -> None:
    old, new = pair(
        "In February the government was considering sending tanks to the region.",
        "In March officials said the government has not crossed that line.",
    )
    assert polarity_conflict(old, new) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the negation sits below the main verb: the statement itself is affirmed
        (
            "The city planted trees along the river to stop the banks from flooding.",
            "The city planted trees along the river so the banks would not flood.",
        ),
        (
            "The ministry hired teachers for the schools.",
            "The ministry hired teachers for schools that did not have enough teachers.",
        ),
    ],
)
def test_polarity_ignores_a_negation_below_the_main_verb(a: str, b: str) -> None:
    assert polarity_conflict(*pair(a, b)) is None
    assert polarity_conflict(*pair(b, a)) is None


def test_polarity_still_reads_a_negated_main_verb_either_way() -> None:
    a, b = "The council closed the bridge on Monday.", "The council did not close the bridge on Monday."
    assert polarity_conflict(*pair(a, b)) is not None
    assert polarity_conflict(*pair(b, a)) is not None


# --- quantity -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "old_text", "new_text"),
    [
        ("Russia launched 100 drones at Kyiv.", "Russia launched dozens of drones at Kyiv.", "100", "dozens"),
        ("The earthquake killed 471 people.", "The earthquake killed between 100 and 300 people.", "471", "300"),
        ("Food prices rose 140% last year.", "Food prices rose under 20% last year.", "140%", "20%"),
        ("The Korr-3 has a range of about 8,000 kilometres.", "The range of the Korr-3 is 5,500 kilometres.",
         "8,000", "5,500"),
        ("A magnitude 6.8 earthquake struck off Velmar.", "The 6.5-magnitude quake hit off Velmar.", "6.8", "6.5"),
        ("Temperatures reached 41C in Seville.", "Seville recorded 44 degrees Celsius.", "41C", "44"),
        ("Sanders, 72, was taken to hospital.", "Sanders, 68, was taken to hospital.", "72", "68"),
        # a number that labels something ("Building 7") is no second estimate
        ("The blast killed 12 people in Building 7.", "The blast killed 7 people.", "12", "7"),
        # one percent beside a count of years: the percent is still compared
        ("Turnout was 61%, the highest in two decades.", "Turnout was 58%, lower than first reported.", "61%", "58%"),
    ],
)  # fmt: skip
def test_quantity_conflict_beyond_rounding(a: str, b: str, old_text: str, new_text: str) -> None:
    found = quantity_conflict(*pair(a, b))
    assert found is not None, (a, b)
    assert old_text in (found.old_span or "") and new_text in (found.new_span or "")
    assert found.reason.startswith("number conflict:")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The earthquake killed between 100 and 300 people.", "The earthquake killed about 250 people."),
        ("Officials said about 100 people were evacuated.", "Officials said 104 people were evacuated."),
        ("Three soldiers were killed in the attack.", "Russia launched 40 drones in the attack."),  # other things
        ("The strike killed 12 people.", "The strike killed 12 people and wounded 30."),
        ("The floods forced 2,000 people from their homes.", "The floods forced 2,084 people from their homes."),
        ("The phone ships with 4GB or 8GB of memory.", "The phone ships with 4GB of memory."),
        # two openings, of two things
        ("The bridge opened in 1998.", "The tunnel opened in 2001."),
        # two people's ages
        ("Sanders, 72, was taken to hospital.", "Miller, 68, was taken to hospital."),
        # two estimates, and the new claim gives one of them
        (
            "About 200 people attended the protest, police said, while organisers put the figure at 2,000.",
            "Some 2,000 people joined the protest.",
        ),
        # two lengths in one sentence: which one the other claim gives is not clear
        ("The bridge is 300 metres long and 40 metres high.", "The bridge is 280 metres long."),
    ],
)
def test_quantity_no_conflict_when_ranges_overlap_or_things_differ(a: str, b: str) -> None:
    assert quantity_conflict(*pair(a, b)) is None


def test_two_years_for_a_founding_conflict() -> None:
    found = quantity_conflict(
        *pair("The company was founded in 1987 by Anna Holm.", "Anna Holm founded the company in 1992.")
    )
    assert found is not None and found.reason == "year conflict: founded in 1987 vs founded the company in 1992"


def test_a_number_too_long_to_read_is_no_crash() -> None:
    """400 digits read as infinity: the rounding check must not turn it into an error."""
    found = quantity_conflict(*pair("The firm cut " + "9" * 400 + " jobs.", "The firm cut 1,200 jobs."))
    assert found is None or found.kind == "quantity"


def test_a_round_figure_is_a_rounding_not_a_licence() -> None:
    """2,000 covers 2,084 (a rounding), but not 2,600, and small figures stay exact."""
    a = "The floods forced 2,000 people from their homes."
    assert quantity_conflict(*pair(a, "The floods forced 2,600 people from their homes.")) is not None
    assert quantity_conflict(*pair("The blast killed 100 people.", "The blast killed 104 people.")) is not None


# --- states ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("The ceasefire talks are continuing in Doha.", "The ceasefire talks in Doha collapsed.", "progress"),
        ("The missing journalist is alive.", "The missing journalist is dead.", "life"),
        ("The ministry confirmed the report.", "The ministry denied the report.", "verification"),
        ("The attack happened on Thursday.", "The attack happened on Friday.", "weekday"),
        ("The convoy was hit by small arms fire.", "The convoy was hit by artillery.", "weapon"),
        (
            "The truce in the north collapsed overnight.",
            "The truce in the north was holding, monitors said.",
            "progress",
        ),
        ("The health minister resigned on Monday.", "The health minister has refused calls to resign.", "office"),
        ("The bank raised its main rate.", "The bank left its main rate unchanged.", "change"),
        ("The rebel commander was killed in an airstrike.", "The rebel commander is not dead, his aide said.", "life"),
        ("The kidnapped aid worker was killed by her captors.", "The aid worker says she is safe and well.", "life"),
    ],
)
def test_state_conflicts_by_kind(a: str, b: str, kind: str) -> None:
    found = state_conflict(*pair(a, b))
    assert found is not None, (a, b)
    assert found.details["state_kind"] == kind
    assert found.old_span and found.new_span and found.old_span != found.new_span


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The journalist is alive.", "The journalist is not dead."),  # negated pole names no pole
        ("Drones and missiles hit the city.", "Missiles hit the city."),  # both poles on one side
        ("The talks are continuing.", "The talks are ongoing, officials said."),  # same pole
        ("The newspaper reported the talks.", "The magazine reported the talks."),  # not a listed state
        # an air strike names no weapon: a missile or drone attack is one
        ("This is the fourth mass air strike on the grid this month.", "The army launched 90 missiles at the grid."),
    ],
)
def test_state_no_conflict(a: str, b: str) -> None:
    assert state_conflict(*pair(a, b)) is None


def test_state_list_is_organised_by_kind_with_exclusive_poles() -> None:
    for kind, poles in STATES.items():
        assert len(poles) >= 2, kind
        seen: set[str] = set()
        for pole in poles:
            assert not seen & set(pole), kind  # a phrase belongs to one pole only
            seen |= set(pole)


# --- denial ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "b",
    [
        "The defence ministry denied that troops were sent to the border.",
        "Claims that troops were sent to the border are groundless, the ministry said.",
        "The report that troops were sent to the border has no factual basis.",
        "The spokesman dismissed suggestions that troops were sent to the border.",
    ],
)
def test_denial_aimed_at_the_claim(b: str) -> None:
    found = denial_conflict(*pair("Troops were sent to the border.", b))
    assert found is not None
    assert found.details["denier"] == "new"
    assert found.new_span


def test_has_no_contact_with_is_a_denial() -> None:
    found = denial_conflict(
        *pair("The company is in contact with the hackers.", "The company has no contact with the hackers.")
    )
    assert found is not None


def test_denial_about_something_else_is_no_finding() -> None:
    assert denial_conflict(*pair("Troops were sent to the border.", "The singer denied stealing a painting.")) is None


def test_a_denial_that_names_the_reports_it_denies_is_aimed_at_them() -> None:
    claim = "US intelligence believes Harnland is preparing to test a new long-range missile within weeks."
    denial = "The ministry said the Western media reports about a missile test have no factual basis."
    found = denial_conflict(*pair(claim, denial))
    assert found is not None and {"missile", "test"} <= set(found.details["shared"])
    assert denies_by_reference(claims_from_texts([denial])[0])
    assert not denies_by_reference(claims_from_texts([claim])[0])


@pytest.mark.parametrize(
    ("claim", "denial"),
    [
        # two words of a long sentence, though the denial names "reports"
        ("Korvenia has repeatedly asked European governments for long-range drones to hit Dravonian supply depots.",
         "Valdoria's government on Wednesday denied media reports that it was preparing to send attack drones to "
         "Korvenia."),
        # a weekday is no shared content
        ("On Wednesday Dravonia summoned Valdoria's ambassador in protest at the reports.",
         "Valdoria's government on Wednesday dismissed the reports as groundless."),
    ],
)  # fmt: skip
def test_a_denial_of_reports_is_not_aimed_at_every_sentence_of_the_story(claim: str, denial: str) -> None:
    assert denial_conflict(*pair(claim, denial)) is None


def test_a_denial_in_a_side_clause_denies_only_what_follows_it() -> None:
    earlier = "The Korr-3 missile has a range of about 8,000 kilometres."
    later = ("Harnland test-fired a Korr-3 long-range missile on Thursday, its military said, two weeks after "
             "denying that any test was planned.")  # fmt: skip
    assert denial_conflict(*pair(earlier, later)) is None
    planned = "Harnland is planning a missile test within weeks, officials said."
    found = denial_conflict(*pair(planned, later))
    assert found is not None and "test" in found.details["shared"]


@pytest.mark.parametrize(
    "b",
    [
        "The story that the mayor's office bought electric buses is a fabrication, the city said.",
        "The city rebuffed claims that the mayor's office had bought electric buses.",
        "Reports that the mayor's office bought a fleet of electric buses are wildly inaccurate, a spokesman said.",
        "The newspaper retracted its story that the mayor's office had bought electric buses.",
        "Engineers cast doubt on claims that the mayor's office bought a fleet of electric buses.",
        "The photo of the mayor's new electric bus fleet was doctored.",
        'The city said reports that the mayor\'s office bought electric buses were "pure fabrications".',
    ],
)
def test_the_words_of_debunking_are_denials(b: str) -> None:
    """Fact-check language: a fabrication, a retraction, doubt cast, a doctored photo."""
    claim = "The mayor's office bought a fleet of electric buses from a Chinese maker."
    found = denial_conflict(*pair(claim, b))
    assert found is not None and found.details["denier"] == "new"
    assert {"bus", "electric"} <= set(found.details["shared"])


@pytest.mark.parametrize(
    "b",
    [
        "The mayor's office would neither confirm nor deny that it had bought a fleet of electric buses.",
        "The mayor's spokesman refused to confirm or deny the report about electric buses.",
        "The photo of the mayor's new electric bus fleet is not fake, the city said.",
        "The mayor's office denied hoax claims about its fleet of electric buses.",
        "The purchase of the electric bus fleet is no hoax, the mayor's office said.",
    ],
)
def test_two_negations_are_no_denial(b: str) -> None:
    """No answer is no denial; "not fake" and "denies hoax claims" stand by the claim."""
    claim = "The mayor's office bought a fleet of electric buses from a Chinese maker."
    assert denial_conflict(*pair(claim, b)) is None


@pytest.mark.parametrize(
    ("claim", "b"),
    [
        ("Russian forces launched an assault on the town of Vessna.",
         "Ukrainian troops rebuffed a Russian assault on the town of Vessna."),
        ("The refuse workers' strike continued for a third week.",
         "Rubbish piled up in the streets as the refuse workers' strike continued."),
        ("Shares in Tarvel Mining fell on Monday.", "Shares in Tarvel Mining fell for a third day."),
        ("Le Corbeau published the cartoons on Wednesday.",
         "The satirical weekly Le Corbeau published the cartoons on Wednesday."),
        # dismissed from a post, not a claim dismissed
        ("The reporter's story said Marovian rockets hit the depot near Kestra.",
         "The reporter, 32, was dismissed after a short review of his story about the depot near Kestra."),
        ("The club's coach Arlen Voss led the team to the cup final.",
         "The club dismissed its coach Arlen Voss after the cup final."),
    ],
)  # fmt: skip
def test_debunking_words_in_their_literal_sense_are_no_denial(claim: str, b: str) -> None:
    assert denial_conflict(*pair(claim, b)) is None


@pytest.mark.parametrize(
    ("claim", "b"),
    [
        # a judgement of the thing itself, not of a report about it
        ("The council approved a tax hike on Monday.", "The mayor called the council's tax hike ridiculous."),
        ("Tickets for the cup final reached 900 euros.", "Tickets for the cup final reached an absurd 900 euros."),
        ("The drought in Velna killed 300 cattle.",
         "The drought in Velna, exaggerated by a heatwave, killed 300 cattle."),
        ("Injury leaves Lukas out of Saturday's match.", "Injury casts doubt on whether Lukas will play on Saturday."),
        # the debunking word inside what the claim says, or negated
        ("Rubbish is piling up in the streets of Velna.",
         "Residents' claims that rubbish is piling up in Velna's streets were confirmed by the council."),
        ("Photo shows flooding in the centre of Tarvik.",
         "Police say the photo of flooding in Tarvik doesn't look doctored."),
        ("The minister resigned on Monday.", "The minister did not deny reports that he resigned on Monday."),
        ("The video of the flooded runway is real.",
         "The airport rejected claims that the video of the flooded runway was fake."),
        # a report as the source, not the thing judged; claims whose debunking is itself rejected
        ("Hotel rooms in Velna cost 900 euros a night during the festival.",
         "Velna hotel rooms cost an absurd 900 euros a night, reports said."),
        ("The video shows soldiers burning the village of Tarsk.",
         "Police said claims that the video of soldiers burning Tarsk was doctored were absurd."),
    ],
)  # fmt: skip
def test_judgements_and_double_negations_are_no_denial(claim: str, b: str) -> None:
    assert denial_conflict(*pair(claim, b)) is None


def test_denying_a_negation_disputes_only_the_negation() -> None:
    """ "Denied reports that the runway had not been cleared" says it was cleared."""
    denial = "The airport denied reports that the runway at Halvik had not been cleared of snow."
    assert denial_conflict(*pair("The runway at Halvik had not been cleared of snow for three hours.", denial))
    examining = "Investigators are examining whether the runway at Halvik was cleared."
    assert denial_conflict(*pair(examining, denial)) is None
    assert denial_conflict(*pair("Snow had been cleared from the runway at Halvik by noon.", denial)) is None


def test_a_judgement_of_the_claims_is_a_denial() -> None:
    claim, judged = "The minister resigned on Tuesday.", "The claims that the minister resigned are absurd."
    found = denial_conflict(*pair(claim, judged))
    assert found is not None and found.details["denier"] == "new"


def test_a_denial_against_a_doubt_is_no_conflict() -> None:
    """Both sides doubt the flood: the headline "claims questioned" is no assertion to deny."""
    denial = "The airport said the photo of the flooded runway at Tarvik was doctored."
    assert denial_conflict(*pair(denial, "Tarvik runway flood claims questioned")) is None
    assert denial_conflict(*pair(denial, "The runway at Tarvik flooded on Sunday.")) is not None


def test_debunking_words_about_another_story_are_no_finding() -> None:
    claim = "The mayor's office bought a fleet of electric buses from a Chinese maker."
    assert denial_conflict(*pair(claim, "The striker called his transfer to Porto a fabrication.")) is None


# --- hedging --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "b",
    [
        "Troops were reportedly sent to the border.",
        "According to local media, troops were sent to the border.",
        "Troops may have been sent to the border.",
    ],
)
def test_hedged_new_claim_only_reports(b: str) -> None:
    found = reporting_only(*pair("Troops were sent to the border.", b))
    assert found is not None
    assert found.reason.startswith("only reports the claim")


def test_equally_hedged_claims_are_not_a_step_down() -> None:
    old, new = pair("Troops were reportedly sent to the border.", "Troops have reportedly been sent to the border.")
    assert reporting_only(old, new) is None
    assert reporting_only(*pair("Troops were sent to the border.", "Troops arrived at the border on Monday.")) is None


# --- same event -----------------------------------------------------------------------------


def test_different_places_are_different_events() -> None:
    old, new = pair("A drone strike killed five people in Kharkiv.", "A drone strike killed twelve people in Odesa.")
    match = same_event(old, new, 0.7)
    assert not match.related
    assert "PLACE" in match.conflicting


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a country as origin or actor is not where the event happened
        (
            "Officials said the drone spotted above Vermont is a Canadian military drone.",
            "The ministry said the drone came from Canada and was measuring the weather.",
        ),
        ("A missile landed in Moldova and killed two farmers.", "The missile was most likely launched from Romania."),
        # a place inside the other claim's place: the other names it too
        (
            "The ferry sank off the coast of Crete, Greek officials said.",
            "Greece said the ferry sank near the port of Heraklion on Crete.",
        ),
    ],
)
def test_places_that_are_no_clash(a: str, b: str) -> None:
    assert "PLACE" not in same_event(*pair(a, b), 0.5).conflicting


def test_same_event_shares_predicate_and_entities() -> None:
    old, new = pair("Israel struck a school in Gaza.", "Israeli jets hit a school in Gaza on Monday.")
    match = same_event(old, new, 0.75)
    assert match.related and match.same_event
    assert "gaza" in " ".join(match.shared_entities).lower()


def test_low_similarity_is_unrelated() -> None:
    old, new = pair("Apple will release a new iPhone.", "Heavy rain flooded the streets of Jakarta.")
    assert not same_event(old, new, 0.1).related


def test_the_month_may_is_not_hedging() -> None:
    old, new = pair(
        "The council will vote on the budget at its meeting on May 12.",
        "The budget goes to a council vote on May 12, the mayor's office said.",
    )
    assert reporting_only(old, new) is None
    assert (
        reporting_only(*pair("The council will vote on the budget.", "The council may vote on the budget.")) is not None
    )


def test_a_day_in_the_attribution_frame_is_no_day_conflict() -> None:
    old, new = pair(
        "The ferry operator will end the winter crossing in April, as first reported by the Island Post on Monday.",
        "The ferry operator on Thursday confirmed that it will end the winter crossing in April.",
    )
    assert state_conflict(old, new) is None
    assert same_event(old, new, 0.8).time_conflict is None
    # a day in the proposition itself still conflicts
    assert state_conflict(*pair("The crossing closed on Monday.", "The crossing closed on Thursday.")) is not None


def test_same_story_is_not_always_the_same_statement() -> None:
    old, new = pair(
        "The city will close the central library in March.",
        "Two charities have asked the city for permission to run the central library.",
    )
    match = same_event(old, new, 0.7)
    assert match.related and not match.same_statement
    paraphrase = same_event(*pair(old.text, "The central library will shut in March, the city said."), 0.72)
    assert paraphrase.same_statement, "close / shut is one action on one library"
    figure = same_event(
        *pair(
            "More than 2,400 residents signed a petition against the closure.",
            "Campaigners have gathered more than 2,400 signatures opposing the closure.",
        ),
        0.65,
    )
    assert figure.same_statement, "the same figure for one petition"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("The company cut 1,200 jobs last year.", "The company hired 1,200 new workers this year."),
        ("The storm left 40,000 homes without power.", "Crews restored power to 40,000 homes by Friday."),
        ("The council approved 300 new homes in Norvale.", "Residents said 300 homes in Norvale were flooded."),
    ],
)
def test_a_shared_figure_with_another_action_is_not_one_statement(old: str, new: str) -> None:
    match = same_event(*pair(old, new), 0.66)
    assert match.related and not match.same_statement


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        (
            "The plant failed a safety inspection in August.",
            "The plant passed its safety inspection in August.",
            "result",
        ),
        ("The plant will reopen on Wednesday.", "The plant will stay closed for at least two weeks.", "open"),
    ],
)
def test_more_states_that_exclude_each_other(old: str, new: str, kind: str) -> None:
    found = state_conflict(*pair(old, new))
    assert found is not None and found.details["state_kind"] == kind


@pytest.mark.parametrize(
    ("text", "distant"),
    [
        ("According to the ministry, all procurement rules were respected.", False),
        ("According to police, the driver was not injured.", False),
        ("According to a report, the minister will resign.", True),
        ("The minister will resign, according to unnamed sources.", True),
        ("The minister will reportedly resign.", True),
        ("According to two sources, the company will cut 1,200 jobs.", True),
        ("According to a statement from the ministry, the rules were followed.", False),
        ("The fire has claimed nine lives.", False),  # "claimed" as taking, not saying
        ("The quake claimed at least 1,200 lives.", False),
        ("The blaze claimed the lives of nine workers.", False),
        ("The group claimed responsibility for the attack.", False),
        ("The group claims the minister took bribes.", True),
        ("Opposition groups claimed more than 200 lives had been lost.", True),  # a clause follows: saying
        ("The company claimed its drug saves lives.", True),
        ("The crash claimed dozens of lives.", False),
    ],
)
def test_according_to_a_named_source_is_attribution_not_distance(text: str, distant: bool) -> None:
    from consistency.judge.hedging import distance_level

    (claim,) = claims_from_texts([text])
    assert (distance_level(claim)[0] > 0) == distant


@pytest.mark.parametrize(
    ("old", "new", "similarity"),
    [
        (  # a figure that is the news, in two wordings (light verbs: be / have)
            "The contract was worth 1.2 billion euros, according to the audit office.",
            "The deal for 40 helicopters of the firm Skarn Aviation had a value of 1.2 billion euro.",
            0.48,
        ),
        (  # the person speaks in both; the proposition only says "he"
            "Defence minister Arlen Voss on Monday denied reports that he would step down.",
            "Voss had denied on Monday that he would resign.",
            0.45,
        ),
        (
            "The ministry said the order for 40 helicopters had followed all procurement rules.",
            "According to the ministry, all procurement rules were respected.",
            0.57,
        ),
    ],
)
def test_one_statement_in_other_words(old: str, new: str, similarity: float) -> None:
    match = same_event(*pair(old, new), similarity)
    assert match.same_statement


def test_the_same_count_and_action_in_distant_words_is_one_statement() -> None:
    """The embedding reads "The company will cut 2,000 jobs" and "Vantor plans to eliminate about
    2,000 positions" far apart (0.38); the figure and the action say they are one statement."""
    old, new = pair(
        "The company will cut 2,000 jobs worldwide, its chief executive said on Tuesday.",
        "Vantor Aerospace plans to eliminate about 2,000 positions globally.",
    )
    assert same_event(old, new, 0.38).same_statement
    hired = pair("The company will cut 2,000 jobs worldwide.", "Vantor Aerospace plans to hire about 2,000 workers.")
    assert not same_event(*hired, 0.38).same_statement
    far = pair("The company will cut 2,000 jobs worldwide.", "Vantor Aerospace plans to eliminate 2,000 positions.")
    assert not same_event(*far, 0.3).related
    years = pair("Velcorp will cut 2,000 jobs in 2026.", "Ostrand Steel plans to eliminate 2,000 positions by 2028.")
    assert not same_event(*years, 0.42).same_statement
    denied = pair("The Velna hospital treated 40 patients.", "The Ostrand clinic did not treat 40 patients.")
    assert not same_event(*denied, 0.43).same_statement
    firms = pair("Siemens will cut 2,000 jobs, the company said.", "Deutsche Bank plans to eliminate 2,000 positions.")
    assert not same_event(*firms, 0.42).same_statement


def test_passing_a_bill_is_no_failed_inspection() -> None:
    old, new = pair(
        "The Senate passed the spending bill on Tuesday.", "A bid to amend the spending bill failed on Tuesday."
    )
    assert state_conflict(old, new) is None


def test_a_figure_with_a_light_verb_on_one_side_only_is_two_facts() -> None:
    match = same_event(
        *pair("The Acme factory in Ohio has 1,200 workers.", "Acme will cut 1,200 jobs at its Ohio factory."), 0.7
    )
    assert not match.same_statement


def test_the_same_figure_killed_and_wounded_is_not_one_statement() -> None:
    match = same_event(*pair("The army said 12 soldiers were killed.", "The army said 12 soldiers were wounded."), 0.88)
    assert match.related and not match.same_statement


def test_one_person_given_two_ages_is_a_conflict() -> None:
    old, new = pair(
        "Tomas Reval, 41, was dismissed after a short inquiry into his report.",
        "After a short inquiry the agency dismissed Tomas Reval, 45, its defence correspondent.",
    )
    found = quantity_conflict(old, new)
    assert found is not None and found.reason.startswith("number conflict: Reval, 41") and found.details["age"]
    # the same age, two people, or a birthday between two reports: no dispute
    for a, b in [
        ("Tomas Reval, 41, was dismissed.", "The agency dismissed Tomas Reval, 41, on Monday."),
        ("Tomas Reval, 41, was dismissed.", "His editor, Lena Ostrova, 52, was not told."),
    ]:
        assert quantity_conflict(*pair(a, b)) is None, (a, b)
    # a birthday between two reports explains one year: a number conflict the judge still weighs
    found = quantity_conflict(*pair("Tomas Reval, 41, was dismissed.", "Tomas Reval, 42, was dismissed on Monday."))
    assert found is not None and not found.details.get("age")
    # a nationality is not a name: two people, whatever their ages
    found = quantity_conflict(*pair("A Ukrainian, 45, was killed there.", "A Ukrainian, 23, was hurt there."))
    assert found is None or not found.details.get("age")

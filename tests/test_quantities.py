"""Numbers normalised so that two outlets' figures can be compared."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consistency.quantities import UNBOUNDED, extract_quantities

PUB = datetime(2024, 5, 16, 9, 30)  # a Thursday


def only(text: str, published_at: datetime | None = None):  # type: ignore[no-untyped-def]
    found = extract_quantities(text, published_at)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "low", "high", "counted"),
    [
        ("they launched 100 drones", 100, 100, "drones"),
        ("hundreds of drones hit the city", 200, 999, "drones"),
        ("twelve soldiers were hurt", 12, 12, "soldiers"),
        ("three dozen lorries queued", 36, 36, "lorries"),
        ("twenty-five hostages were freed", 25, 25, "hostages"),
        ("some 1,200 people fled", 1200, 1200, "people"),
        ("more than 300 homes were damaged", 300, UNBOUNDED, "homes"),
        ("tens of thousands of protesters marched", 20_000, 99_999, "protesters"),
        ("12 thousand households lost power", 12_000, 12_000, "households"),
        ("a hundred people fled", 100, 100, "people"),
    ],
)
def test_counts(text: str, low: float, high: float, counted: str) -> None:
    q = only(text)
    assert (q.low, q.high, q.counted, q.kind) == (low, high, counted, "count")


def test_ranges_units_percent_and_money() -> None:
    kg = only("each carries 35 to 50 kg of explosives")
    assert (kg.low, kg.high, kg.unit, kg.kind) == (35, 50, "kg", "measure")
    pct = only("exports grew 140% this year".replace(" this year", ""))
    assert (pct.low, pct.high, pct.kind) == (140, 140, "percent")
    under = only("support fell to under 20% in the poll")
    assert (under.low, under.high, under.approximate) == (0, 20, True)
    money = only("the firm paid $2.3 billion for the mine")
    assert (money.low, money.unit, money.kind) == (2.3e9, "usd", "money")
    scaled = only("between 35 and 50 million people voted")
    assert (scaled.low, scaled.high) == (35e6, 50e6)


def test_model_names_and_bare_one_are_not_counts() -> None:
    assert extract_quantities("a batch of Falke-7 drones and one of the men") == []


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("the minister resigned on Thursday", date(2024, 5, 16), date(2024, 5, 16)),
        ("the talks began on Monday", date(2024, 5, 13), date(2024, 5, 13)),
        ("they met last week", date(2024, 5, 6), date(2024, 5, 12)),
        ("the deal was signed yesterday", date(2024, 5, 15), date(2024, 5, 15)),
        ("the attack happened on March 3, 2015", date(2015, 3, 3), date(2015, 3, 3)),
        ("prices rose in 2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("the plant closed three days ago", date(2024, 5, 13), date(2024, 5, 13)),
    ],
)
def test_dates_relative_to_publication(text: str, low: date, high: date) -> None:
    q = only(text, PUB)
    assert q.kind == "date" and q.unit == "day"
    assert (q.low, q.high) == (low.toordinal(), high.toordinal())


def test_future_weekday_points_forward() -> None:
    q = extract_quantities("the vote will be held on Monday", PUB, future=True)[0]
    assert q.low == date(2024, 5, 20).toordinal()


def test_relative_dates_need_a_publication_date() -> None:
    assert extract_quantities("they met last week") == []
    assert extract_quantities("the modal may is not a month", PUB) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    for q in extract_quantities(text, PUB):
        assert q.low <= q.high


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("No one was killed in the blast.", "dead"),
        ("Nobody was seriously hurt, the fire service said.", "injured"),
        ("The company said there were no reports of injuries.", "injured"),
        ("There were no deaths.", "dead"),
    ],
)
def test_no_one_hurt_is_a_count_of_zero(text: str, counted: str) -> None:
    q = only(text)
    assert (q.low, q.high, q.counted) == (0, 0, counted)


@pytest.mark.parametrize(
    "text",
    [
        "There were no immediate reports of injuries.",  # an early word that a later toll updates
        "No new deaths were reported on Sunday.",  # none added, not none at all
        "No one has been killed so far.",
    ],
)
def test_tentative_or_partial_zero_is_no_count(text: str) -> None:
    assert [q for q in extract_quantities(text) if q.kind == "count"] == []


def test_a_figure_set_aside_is_not_the_claim() -> None:
    found = extract_quantities("The firm is recalling 180,000 cars, not the 120,000 it announced last week.")
    assert [q.low for q in found if q.kind == "count"] == [180_000]
    # a bound is still a figure
    assert only("Not more than 10 people were injured.").low == 10


def test_an_article_before_a_number_word_is_not_one() -> None:
    assert [q.low for q in extract_quantities("He signed a four-year contract.")] == [4]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("A magnitude 6.8 earthquake struck off the coast.", 6.8, "magnitude"),
        ("The 6.5-magnitude quake hit the coast.", 6.5, "magnitude"),
        ("Temperatures reached 41C in Seville.", 41, "celsius"),
        ("Seville recorded 44 degrees Celsius on Tuesday.", 44, "celsius"),
        ("It was 104°F in Phoenix.", 104, "fahrenheit"),
    ],
)
def test_readings_with_their_own_units(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert (q.low, q.unit, q.kind) == (value, unit, "measure")


def test_an_age_in_apposition_is_that_persons_age() -> None:
    q = only("Sanders, 72, was taken to hospital.")
    assert (q.low, q.counted) == (72, "age of sanders")


def test_aircraft_names_are_no_temperatures_and_a_rejected_estimate_is_dropped() -> None:
    assert not [q for q in extract_quantities("Denmark will deliver 19 F-16 jets and 3 C-17 planes.") if q.unit]
    found = extract_quantities("The firm sold 180,000 cars, not about 120,000 cars.")
    assert [q.low for q in found] == [180_000]


def test_a_day_of_the_month_without_a_year_is_no_count() -> None:
    # undated text: "November 15" cannot be placed, and "15 an explosion" was read as a count
    for text in ("On November 15 an explosion killed two people.", "The blast on 15 November killed two people."):
        found = [(q.kind, q.low, q.counted) for q in extract_quantities(text)]
        assert found == [("count", 2.0, "people")], (text, found)
    assert [q.low for q in extract_quantities("Police said 15 people were hurt.")] == [15.0]
    assert [q.low for q in extract_quantities("In November 15,000 people protested.")] == [15000.0]
    assert [q.text for q in extract_quantities("Tens of thousands march 20 km to the capital.")] == ["20 km"]

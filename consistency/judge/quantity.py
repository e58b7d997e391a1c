"""Quantity conflict: numbers that count the same thing but disagree beyond rounding.

"100 drones" vs "dozens of drones" and "471 killed" vs "100-300 killed" conflict; "between 100
and 300" vs "about 250" overlap and do not; "3 soldiers" vs "40 drones" count different things
and are never compared. Quantities come from the claim parser; a claim without them (built from
bare text) gets them from the same reader, so both sides are read alike.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from consistency.aliases import ALIASES, fold_entity
from consistency.judge.evidence import Finding, content_stems, stem
from consistency.models import Claim, Quantity

COMPARED_KINDS = frozenset(["count", "percent", "money", "measure"])
APPROX_TOLERANCE = 0.10  # "about 100" covers 90..110
EXACT_TOLERANCE = 0.005  # "1,000" vs "1,003" is a typo or an update, not a dispute worth flagging
ROUND_TOLERANCE = 0.05  # a round figure ("2,000", "1.5 million") is a rounding: it covers 1,900..2,100
# nouns that count one thing under several names
COUNTED_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset(["people", "person", "persons", "individual", "individuals"]),
    frozenset(["dead", "death", "deaths", "fatalities", "killed", "toll"]),
    frozenset(["injured", "wounded", "injuries", "hurt"]),
    frozenset(["troops", "soldiers", "servicemen"]),
    frozenset(["jobs", "job", "positions", "posts", "roles", "workplaces"]),  # "workplaces": a translation's
    frozenset(["workers", "employees", "staff", "staffers"]),
    frozenset(["vehicles", "cars", "autos", "automobiles", "sedans"]),
)
_ROLES = ("dead", "injured")


def quantities_of(claim: Claim) -> list[Quantity]:
    """The claim's parsed quantities, or the quantity reader's on its text when none were parsed."""
    if claim.quantities:
        return claim.quantities
    return list(_read_quantities(claim.text))


@lru_cache(maxsize=8192)
def _read_quantities(text: str) -> tuple[Quantity, ...]:
    """Read once per text: a claim without quantities is in many pairs, and reading finds nothing each time."""
    from consistency.quantities import extract_quantities

    return tuple(extract_quantities(text))


def _same_thing(a: Quantity, b: Quantity) -> bool:
    if a.kind != b.kind or (a.unit or None) != (b.unit or None):
        return False
    if a.counted and b.counted:
        if _none_of(a, b) or _none_of(b, a):
            return True
        sa, sb = stem(a.counted), stem(b.counted)
        return sa == sb or any(a.counted in row and b.counted in row for row in COUNTED_SYNONYMS)
    # money, percent and measures (km, tonnes) name what they measure elsewhere in the sentence:
    # compare only alone
    return a.kind in ("percent", "money", "measure") and not a.counted and not b.counted


# a second estimate in one sentence: "organisers put the figure at 2,000", "while others estimate"
_ESTIMATES = re.compile(r"\b(?:put the (?:figure|number|toll|total)|estimat\w*|while|whereas)\b", re.I)


def _none_of(zero: Quantity, b: Quantity) -> bool:
    """ "No one was hurt" counts every group: three injured drivers dispute it."""
    return zero.high == 0 and zero.counted in _ROLES and (b.counted or "").split(" ")[0] == zero.counted


_GENERIC_COUNTED = frozenset(["people", "person", "persons", "others", "individuals", "times", "years", "days"])


def comparable_figures(old: Claim, new: Claim) -> bool:
    """Both claims count one specific thing ("dead", "toll", "drones"; not just "people"), or give
    the very same sum of money: worth comparing even when their sentences read far apart."""
    new_q = quantities_of(new)
    for a in quantities_of(old):
        if a.kind == "money" and any(b.kind == "money" and (a.low, a.high, a.unit) == (b.low, b.high, b.unit)
                                     for b in new_q):  # fmt: skip
            return True
        if a.kind != "count" or not a.counted or a.counted in _GENERIC_COUNTED:
            continue
        if any(b.kind == "count" and b.counted and b.counted not in _GENERIC_COUNTED and _same_thing(a, b)
               for b in new_q):  # fmt: skip
            return True
    return False


def _role(q: Quantity) -> str | None:
    """ "dead" or "injured" for a count of casualties, whoever they were ("nine workers" killed,
    "12" as the toll, "40 injured"); None for anything else."""
    if q.kind != "count" or not q.counted:
        return None
    first = q.counted.split(" ")[0]
    return next((role for role, row in zip(_ROLES, _ROLE_ROWS, strict=True) if first in row), None)


_ROLE_ROWS = (COUNTED_SYNONYMS[1], COUNTED_SYNONYMS[2])  # the rows of "dead" and "injured"


def _casualties(claim: Claim, role: str) -> list[Quantity]:
    return [q for q in quantities_of(claim) if _role(q) == role]


def different_tolls(old: Claim, new: Claim) -> str | None:
    """Both claims count the dead (or the injured) and no count on one side fits one on the other:
    then they do not confirm each other, even where the counts are of different groups and so no
    dispute either ("killing nine workers" / "the death toll has risen to 12")."""
    for role in _ROLES:
        a, b = _casualties(old, role), _casualties(new, role)
        if a and b and all(disagree(x, y) for x in a for y in b):
            return f"different counts: {_shown(a[0])} / {_shown(b[0])}"
    return None


def same_toll(old: Claim, new: Claim) -> bool:
    """Both count the dead (or the injured) with figures that fit, of one group or with one side
    counting everyone: "killing nine workers" / "has claimed nine lives", "at least twelve people
    were killed" / "the toll has risen to 12". Not "killed three soldiers" / "killed three civilians"."""
    for role in _ROLES:
        for a in _casualties(old, role):
            for b in _casualties(new, role):
                groups = {a.counted, b.counted} - {role, "toll"}
                if len(groups) <= 1 and not disagree(a, b):
                    return True
    return False


def is_round(value: float) -> bool:
    """A thousand or more with at most two significant digits: 2,000, 45,000, 1.5 million.

    Smaller figures stay exact: "100 drones" against "dozens of drones" is a dispute, not a rounding."""
    if not math.isfinite(value) or value < 1000 or value != int(value):
        return False
    digits = str(int(value))
    significant = digits.rstrip("0")
    return len(significant) <= 2 and len(digits) - len(significant) >= 2


def _interval(q: Quantity) -> tuple[float, float]:
    if q.low == q.high:
        tol = APPROX_TOLERANCE if q.approximate else ROUND_TOLERANCE if is_round(q.low) else EXACT_TOLERANCE
        return q.low * (1 - tol), q.high * (1 + tol)
    return min(q.low, q.high), max(q.low, q.high)


def disagree(a: Quantity, b: Quantity) -> bool:
    """The two readings cannot both be true: their intervals (with rounding room) do not overlap."""
    lo_a, hi_a = _interval(a)
    lo_b, hi_b = _interval(b)
    return hi_a < lo_b or hi_b < lo_a


def _shown(q: Quantity) -> str:
    """The figure as written, with what it counts when that was said elsewhere ("45 (toll)")."""
    return q.text if not q.counted or q.counted in q.text.lower() else f"{q.text} ({q.counted})"


# things that happen once, with the year they happened: two years for one of them is a dispute
_ONCE = {
    "founded": "founded", "established": "founded", "created": "founded", "formed": "founded",
    "opened": "opened", "inaugurated": "opened", "built": "built", "constructed": "built",
    "completed": "built", "born": "born", "died": "died",
}  # fmt: skip
_ONCE_YEAR = re.compile(
    r"\b(?P<verb>" + "|".join(_ONCE) + r")\s+(?:[\w'’-]+\s+){0,3}?in\s+(?P<year>(?:1[5-9]|20)\d\d)\b", re.I
)


_ONCE_STEMS = frozenset(
    [stem(w) for w in _ONCE] + "found establish create form open inaugurate build construct complete bear die".split()
)


def _once_years(claim: Claim) -> dict[str, tuple[str, str]]:
    return {_ONCE[m.group("verb").lower()]: (m.group("year"), m.group(0)) for m in _ONCE_YEAR.finditer(claim.text)}


def year_conflict(old: Claim, new: Claim) -> Finding | None:
    """ "The company was founded in 1987" / "Anna Holm founded the company in 1992"."""
    old_y, new_y = _once_years(old), _once_years(new)
    if not old_y or not new_y:
        return None
    # of one thing: "the bridge opened in 1998" / "the tunnel opened in 2001" are two openings
    if not (content_stems(old) & content_stems(new)) - _ONCE_STEMS:
        return None
    for what, (year, said) in old_y.items():
        if what in new_y and new_y[what][0] != year:
            return Finding("quantity", f"year conflict: {said} vs {new_y[what][1]}", said, new_y[what][1], 0.8)
    return None


AGE_GAP = 2  # years between two ages of one person that no birthday explains


def _named(age: Quantity, old: Claim, new: Claim) -> bool:
    """The age is a named person's: a first name before the surname on one side ("James LaPorta,
    32"), and the name no nationality or place ("a Ukrainian, 45," is anyone)."""
    name = age.text.split(",")[0]
    if fold_entity(name) in ALIASES:
        return False
    full = re.compile(rf"\b[A-Z][\w'’-]+\s+{re.escape(name)},\s+\d")
    return bool(full.search(old.text) or full.search(new.text))


_PART_OF = re.compile(
    r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds|"
    r"some|most|many|several|half|few|majority|minority)\s+of\s+(?:the|those|these|its|their)\s+$",
    re.IGNORECASE,
)


def _whole_of_a_part(q: Quantity, claim: Claim) -> bool:
    """The group a claim takes a part of ("five of the almost a dozen suspects face the death
    penalty"): the claim counts the part, and the group's size is no count to dispute ("Five
    suspects face execution" is no conflict with a dozen)."""
    at = claim.text.find(q.text)
    return at > 0 and bool(_PART_OF.search(claim.text, 0, at))


def _comparable_to_a_whole(a: Quantity, b: Quantity, wholes: set[int]) -> bool:
    """A group a claim takes a part of disputes only a larger count: "five of the almost a dozen
    suspects" is no conflict with "Five suspects", but is with "18 suspects"."""
    if id(a) in wholes:
        return b.low > a.high * (1 + APPROX_TOLERANCE)
    if id(b) in wholes:
        return a.low > b.high * (1 + APPROX_TOLERANCE)
    return True


def quantity_conflict(old: Claim, new: Claim) -> Finding | None:
    """The first pair of quantities that count the same thing and disagree (or two years for a
    thing that happens once)."""
    old_q = [q for q in quantities_of(old) if q.kind in COMPARED_KINDS]
    new_q = [q for q in quantities_of(new) if q.kind in COMPARED_KINDS]
    wholes = {id(q) for q in old_q if _whole_of_a_part(q, old)} | {id(q) for q in new_q if _whole_of_a_part(q, new)}
    for a in old_q:
        same = [b for b in new_q if _same_thing(a, b) and _comparable_to_a_whole(a, b, wholes)]
        if (
            not same
            or a.kind in ("percent", "money", "measure")
            and not a.counted
            # several of its kind on one side: which one the other claim gives is not clear
            # ("61%, the highest in two decades" gives one percent)
            and (len(same) > 1 or sum(q.kind == a.kind for q in old_q) > 1)
        ):
            continue
        if any(not disagree(a, b) for b in same):
            continue  # one of the new numbers agrees: an update of another figure, not a dispute
        b = same[0]
        # the earlier claim offered alternatives ("4GB or 8GB") or two estimates ("police said 200,
        # organisers put the figure at 2,000"), and this is one of them
        if any(
            not disagree(other, b)
            for other in old_q
            if other is not a
            and (
                _same_thing(other, b)
                or other.kind == b.kind
                and not other.counted
                and bool(_ESTIMATES.search(old.text))
            )
        ):
            continue
        # one person, two ages a birthday between the reports cannot explain: an error of fact,
        # which the model reads as a detail
        age = (a.counted or "").startswith("age of") and abs(a.low - b.low) >= AGE_GAP and _named(a, old, new)
        details = {"age": True} if age else {}
        return Finding("quantity", f"number conflict: {_shown(a)} vs {_shown(b)}", a.text, b.text, 0.8, details)
    return year_conflict(old, new)

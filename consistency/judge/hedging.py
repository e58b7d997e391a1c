"""Hedging: a later claim that only reports the earlier one discusses it, it does not agree.

"X reportedly ...", "according to Y ...", "... may ...", a rumour or a question: the new claim
passes the content on without standing behind it. What counts is the step up from the earlier
claim: reported against reported is still agreement.
"""

from __future__ import annotations

import re
from functools import lru_cache

from consistency.judge.denial import denial_cues
from consistency.judge.evidence import Finding, has_phrase, words
from consistency.models import Claim

_MODAL_MAY = re.compile(r"\bmay\b|^\s*May\b(?!\s+\d)")
# "claim" as taking, not saying: "the crash claimed 40 lives", "claimed the driver's life", "claimed
# victory"; not "claimed more than 200 lives had been lost" (a clause follows: that is saying)
_CLAIM_TAKES = re.compile(
    r"\bclaim(?:s|ed|ing)?\s+(?:(?:the|an?|at|least|more|than|about|some|nearly|almost|over|another|estimated|of|"
    r"dozens|hundreds|thousands|several|many|its|his|her|their|\d[\d,.]*|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|[\w-]+['’]s)\s+){0,4}li(?:ves|fe)\b(?!\s+(?:had|have|has|were|was|are|is|would|will|"
    r"could|may|might)\b)|\bclaim(?:s|ed|ing)?\s+(?:victory|responsibility|credit|the\s+title|the\s+crown)\b",
    re.I,
)
_CLAIM_WORD = re.compile(r"\bclaim(?:s|ed|ing)?\b", re.I)
LEVELS = {"asserted": 0, "reported": 1, "uncertain": 2}
REPORTING_CUES = (
    "reportedly",
    "allegedly",
    "according to",
    "claims",
    "claimed",
    "claim",
    "purportedly",
    "apparently",
    "supposedly",
    "sources say",
    "sources said",
    "report says",
    "reports say",
    "is said to",
    "are said to",
    "was said to",
    "alleged",
    "purported",
    "report:",
    "sources:",
)
UNCERTAIN_CUES = (
    "may",
    "might",
    "could",
    "possibly",
    "perhaps",
    "rumor",
    "rumors",
    "rumour",
    "rumours",
    "rumored",
    "rumoured",
    "unconfirmed",
    "unverified",
    "speculation",
    "speculate",
    "considering",
    "mulls",
    "?",
)


def _cues(claim: Claim, phrases: tuple[str, ...]) -> list[str]:
    """The cue phrases the text holds; "May" the month ("on May 20") is no "may"."""
    return list(_cues_in(claim.text, phrases))


@lru_cache(maxsize=16384)
def _cues_in(text: str, phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Read once per text, however many pairs it is in."""
    tokens = words(text)
    cues = [c for c in phrases if has_phrase(tokens, c.replace(":", " :")) >= 0]
    if "may" in cues and not _MODAL_MAY.search(text):
        cues.remove("may")
    taking = len(_CLAIM_TAKES.findall(text))
    if taking and taking == len(_CLAIM_WORD.findall(text)):  # every "claim" here takes: no saying
        cues = [c for c in cues if c not in ("claims", "claimed", "claim")]
    if "according to" in cues and not _hearsay_source(tokens):
        cues.remove("according to")
    return tuple(cues)


# "according to a report", "according to sources": hearsay; "according to the ministry", "according
# to police", "according to documents seen by ...": attribution, no more distance than "X said"
_HEARSAY = frozenset(
    "a an reports report unconfirmed unverified sources source media rumours rumors some people unnamed "
    "anonymous social several multiple many various insiders two three four five".split()
)
_NAMED_ONE = frozenset("statement spokesman spokeswoman spokesperson letter filing court".split())


def _hearsay_source(tokens: list[str]) -> bool:
    """Some "according to" in the text names no one in particular ("a report", "two sources",
    "state media"); "a statement from the ministry" and "a spokesman" are attribution."""
    for i in range(len(tokens) - 2):
        if tokens[i] == "according" and tokens[i + 1] == "to":
            word, after = tokens[i + 2], tokens[i + 3] if i + 3 < len(tokens) else ""
            if word in ("a", "an") and after in _NAMED_ONE:
                continue
            if word.isdigit() or word in _HEARSAY or after in _HEARSAY - {"a", "an"}:  # "local media"
                return True
    return tokens[-2:] == ["according", "to"]


def hedge_level(claim: Claim) -> tuple[int, list[str]]:
    """0 asserted, 1 reported, 2 uncertain: the parser's reading, raised by cue words in the text."""
    cues = _cues(claim, UNCERTAIN_CUES)
    if cues:
        return max(2, LEVELS.get(claim.hedge, 0)), cues + list(claim.hedge_cues)
    cues = _cues(claim, REPORTING_CUES)
    level = max(1 if cues else 0, LEVELS.get(claim.hedge, 0))
    return level, cues + list(claim.hedge_cues)


def distance_level(claim: Claim) -> tuple[int, list[str]]:
    """How far the wording itself keeps from the claim: cue words only, no question marks.

    Attribution alone ("the minister said") is not distance, and neither is a headline label
    ("Australia: ..."), which the parser may read as a speaker; a question is left to the model.
    """
    cues = [c for c in _cues(claim, UNCERTAIN_CUES) if c != "?"]
    if cues or claim.hedge == "uncertain":
        return 2, cues + list(claim.hedge_cues if claim.hedge == "uncertain" else [])
    cues = _cues(claim, REPORTING_CUES)
    return (1 if cues else 0), cues


def reporting_only(old: Claim, new: Claim) -> Finding | None:
    """The new claim keeps more distance than the earlier one: it reports, it does not assert."""
    if denial_cues(new):
        return None  # "denied it plans cuts, calling the reports speculation": a refutation, not distance
    old_level, _ = distance_level(old)
    new_level, cues = distance_level(new)
    if new_level <= old_level:
        return None
    shown = ", ".join(dict.fromkeys(cues)) or new.hedge
    who = f" ({new.speaker})" if new.speaker else ""
    reason = f"only reports the claim{who}: {shown}"
    return Finding("hedging", reason, None, shown, 0.5 + 0.2 * (new_level - old_level), {"level": new_level})

"""Hedging: a later claim that only reports the earlier one discusses it, it does not agree.

"X reportedly ...", "according to Y ...", "... may ...", a rumour or a question: the new claim
passes the content on without standing behind it. What counts is the step up from the earlier
claim: reported against reported is still agreement.
"""

from __future__ import annotations

from consistency.judge.evidence import Finding, has_phrase, words
from consistency.models import Claim

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


def hedge_level(claim: Claim) -> tuple[int, list[str]]:
    """0 asserted, 1 reported, 2 uncertain: the parser's reading, raised by cue words in the text."""
    tokens = words(claim.text)
    cues = [c for c in UNCERTAIN_CUES if has_phrase(tokens, c.replace(":", " :")) >= 0]
    if cues:
        return max(2, LEVELS.get(claim.hedge, 0)), cues + list(claim.hedge_cues)
    cues = [c for c in REPORTING_CUES if has_phrase(tokens, c.replace(":", " :")) >= 0]
    level = max(1 if cues else 0, LEVELS.get(claim.hedge, 0))
    return level, cues + list(claim.hedge_cues)


def reporting_only(old: Claim, new: Claim) -> Finding | None:
    """The new claim is more hedged than the earlier one: it reports, it does not assert."""
    old_level, _ = hedge_level(old)
    new_level, cues = hedge_level(new)
    if new_level <= old_level:
        return None
    shown = ", ".join(dict.fromkeys(cues)) or new.hedge
    who = f" ({new.speaker})" if new.speaker else ""
    reason = f"only reports the claim{who}: {shown}"
    return Finding("hedging", reason, None, shown, 0.5 + 0.2 * (new_level - old_level), {"level": new_level})

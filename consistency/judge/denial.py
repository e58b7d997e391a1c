"""Denial and refutation: "X denied ...", "is false", "groundless", "no factual basis".

A denial contradicts an earlier claim when it is aimed at it: the denying claim shares content
with the claim it denies, or names it only by reference ("the report is false"). A denial on
both sides, or on neither, is no finding.
"""

from __future__ import annotations

from functools import lru_cache

from consistency.judge.evidence import Finding, content_stems, has_phrase, stem, words
from consistency.models import Claim

# phrases that deny or debunk what they are about (lower case, matched on word boundaries)
DENIAL_PHRASES = (
    "deny",
    "denies",
    "denied",
    "denying",
    "denial",
    "rejects",
    "rejected",
    "refutes",
    "refuted",
    "dismissed",
    "dismisses",
    "debunk",
    "debunked",
    "debunks",
    "is false",
    "are false",
    "was false",
    "were false",
    "not true",
    "untrue",
    "groundless",
    "baseless",
    "no factual basis",
    "no basis",
    "has no contact with",
    "have no contact with",
    "had no contact with",
    "no contact with",
    "fake",
    "hoax",
    "fabricated",
    "made up",
    "made it up",
    "misinformation",
    "disinformation",
    "nonsense",
    "bogus",
    "false claims",
    "false reports",
    "categorically",
    "myth",
    "never happened",
)
# words that point back at an earlier claim without repeating it
REFERENCE_WORDS = frozenset(
    "claim claims report reports rumor rumors rumour rumours story allegation allegations".split()
)
MIN_AIMED_SHARE = 0.34  # of the asserted claim's content words that the denial must repeat
_CUE_STEMS = frozenset(stem(w) for p in DENIAL_PHRASES for w in p.split())


def denial_cues(claim: Claim) -> list[str]:
    return list(_denial_cues(claim.text))


@lru_cache(maxsize=16384)
def _denial_cues(text: str) -> tuple[str, ...]:
    """Read once per text, however many pairs it is in."""
    tokens = words(text)
    return tuple(p for p in DENIAL_PHRASES if has_phrase(tokens, p) >= 0)


def denial_conflict(old: Claim, new: Claim) -> Finding | None:
    """One side denies or debunks, the other asserts; aimed when they share content."""
    old_cues, new_cues = denial_cues(old), denial_cues(new)
    if bool(old_cues) == bool(new_cues):
        return None
    denier, asserter, cues = (new, old, new_cues) if new_cues else (old, new, old_cues)
    asserted = content_stems(asserter)
    shared = sorted((content_stems(denier) - _CUE_STEMS) & asserted)
    by_reference = bool(REFERENCE_WORDS & set(words(denier.text)))
    # aimed at the claim: a good part of what it asserts, not two words of the same story
    aimed = len(shared) >= 2 and len(shared) >= MIN_AIMED_SHARE * len(asserted)
    if not aimed and not (by_reference and not shared):
        return None
    strength = 0.75 if shared else 0.5
    about = ", ".join(shared[:4]) if shared else "the earlier report"
    side = "new" if denier is new else "old"
    reason = f"denial: '{cues[0]}' ({side} claim) aimed at {about}"
    old_span, new_span = (None, cues[0]) if side == "new" else (cues[0], None)
    return Finding("denial", reason, old_span, new_span, strength, {"denier": side, "shared": shared})

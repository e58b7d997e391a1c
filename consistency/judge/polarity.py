"""Polarity conflict: one claim affirms what the other negates.

A "not" counts only where it governs what the two claims share. The parser already reads
polarity on the main predicate (`Claim.polarity`); here we also check the scope lexically: the
negation must stand within a few words before a content word the other claim also has. So "the
minister, who did not attend, said troops were sent" does not negate "troops were sent".
"""

from __future__ import annotations

from consistency.judge.denial import denial_cues
from consistency.judge.evidence import STOPWORDS, Finding, cased, content_stems, stem, words
from consistency.models import Claim

NEGATIONS = frozenset(
    """not n't no never nobody nothing none neither nor without isn't aren't wasn't weren't didn't
    doesn't don't hasn't haven't hadn't won't wouldn't can't cannot couldn't shouldn't""".split()
)
SCOPE = 4  # words after a negation that it governs
_PREPOSITIONS = frozenset("in on at of for to from by with after before over as about during near into".split())


def _in(word: str, stems: set[str]) -> bool:
    """The word's crude stem among `stems`, which may come from the parser's lemmas ("damaged" ->
    "damag" against the lemma "damage"): a shared prefix of four letters or more counts."""
    w = stem(word)
    return w in stems or (len(w) >= 4 and any(len(s) >= 4 and (s.startswith(w) or w.startswith(s)) for s in stems))


def negated_words(claim: Claim, shared: set[str]) -> dict[str, str]:
    """Shared content words under a negation, each with its negation phrase ("were not sent")."""
    tokens = words(claim.proposition or claim.text)
    found: dict[str, str] = {}
    for i, tok in enumerate(tokens):
        if tok not in NEGATIONS:
            continue
        scope = tokens[i + 1 : i + 1 + SCOPE]
        for j, w in enumerate(scope):
            if w in NEGATIONS or w in {",", ":", "but", "and", "while", "although"}:
                break
            if tok == "no" and w in _PREPOSITIONS:
                break  # "no" negates its noun: "no change in Velna rates" says nothing against Velna's rates
            if w not in STOPWORDS and _in(w, shared):
                found.setdefault(stem(w), " ".join(tokens[max(0, i - 1) : i + 2 + j]))
    return found


def negated_shared(claim: Claim, shared: set[str]) -> str | None:
    """The first negation phrase whose scope holds a shared content word, if any."""
    return next(iter(negated_words(claim, shared).values()), None)


_COPULAS = frozenset("is was are were be been".split())
_NEAR = 3  # words either side of an attribute that name what it describes


def _said_of_another(negated: Claim, plain: Claim) -> bool:
    """ "The missile was not Ukrainian" denies an attribute of the missile; "the missile struck a
    village close to the Ukrainian border" gives it to the border. Where the negation is "X was not
    W", the affirmed side must name X near its W ("a Ukrainian air defence missile", "the missile
    was Ukrainian"), or it speaks of something else."""
    if (negated.predicate or "be").lower() != "be":
        return False  # "the plane was not shot down": a passive verb, not an attribute
    tokens = words(negated.proposition or negated.text)
    for i, tok in enumerate(tokens[1:-1], start=1):
        if tok not in NEGATIONS or tokens[i - 1] not in _COPULAS:
            continue
        attribute = stem(tokens[i + 1])
        subject = next((w for w in tokens[: i - 1] if w.isalpha() and w not in STOPWORDS and len(w) > 2), None)
        if subject is None:
            return False
        said = words(plain.proposition or plain.text)
        places = [k for k, w in enumerate(said) if stem(w) == attribute]
        return bool(places) and not any(
            _in(w, {stem(subject)}) for k in places for w in said[max(0, k - _NEAR) : k + _NEAR + 2]
        )
    return False


def polarity_conflict(old: Claim, new: Claim) -> Finding | None:
    """One side negates a shared content word, the other does not."""
    shared = content_stems(old) & content_stems(new)
    if not shared:
        return None
    old_w, new_w = negated_words(old, shared), negated_words(new, shared)
    old_neg, new_neg = next(iter(old_w.values()), None), next(iter(new_w.values()), None)
    if old_neg and new_neg:
        # both negate something ("has not conceded" / "conceded ... and has not asked"): a conflict
        # only on the shared main verb, negated on one side and affirmed on the other
        if old.polarity == new.polarity or not old.predicate or old.predicate != new.predicate:
            return None
        side = old_w if old.polarity == "negated" else new_w
        phrase = next((p for w, p in side.items() if _in(w, {stem(old.predicate)})), None)
        if phrase is None:
            return None
        old_neg, new_neg = (phrase, None) if side is old_w else (None, phrase)
    if bool(old_neg) == bool(new_neg):
        return None
    if (new if new_neg else old).polarity != "negated":
        # the parser found no negation on the main predicate: the "not" sits in a clause below it
        # ("... so he won't turn into a werewolf", "apps that don't drain the battery") or in a
        # correction ("a ticket, not an arrest"); the statement itself is affirmed
        return None
    plain = old if new_neg else new
    if plain.polarity == "negated" and denial_cues(plain):
        return None  # "denied that toxic gas escaped" / "no toxic gas escaped": both reject it
    if _said_of_another(new if new_neg else old, plain):
        return None
    plain_span = " ".join([w for w in words(plain.proposition or plain.text) if _in(w, shared)][:4])
    spans = (plain_span, new_neg) if new_neg else (old_neg, plain_span)
    old_span, new_span = cased(spans[0], old), cased(spans[1], new)  # shown and marked as written
    # the parser read polarity on the main predicate; when it agrees, the reading is firmer
    parsed_agrees = (new.polarity != old.polarity) if (new.polarity_cues or old.polarity_cues) else True
    strength = 0.8 if parsed_agrees else 0.55
    reason = f"polarity conflict: '{old_span}' vs '{new_span}'"
    return Finding("polarity", reason, old_span, new_span, strength, {"negated": "new" if new_neg else "old"})

"""Denial and refutation: "X denied ...", "is false", "groundless", "no factual basis".

A denial contradicts an earlier claim when it is aimed at it: the denying claim shares content
with the claim it denies, or names it only by reference ("the report is false"). A denial on
both sides, or on neither, is no finding.
"""

from __future__ import annotations

import re
from functools import lru_cache

from consistency.judge.evidence import STOPWORDS, Finding, as_written, content_stems, has_phrase, stem, words
from consistency.judge.similarity import _synonyms
from consistency.judge.states import WEEKDAYS
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
    "made it all up",
    "fabrication",
    "fabrications",
    "a fabrication",
    "rebuff",
    "rebuffs",
    "rebuffed",
    "isn't real",
    "is not real",
    "wasn't real",
    "was not real",
    "not real",
    "no truth",
    "pants on fire",
    "set the record straight",
    "setting the record straight",
    "greatly exaggerated",
    "bullshit",
    "rubbish",
    "inaccurate",
    "wildly inaccurate",
    "erroneous",
    "exaggerated",
    "proven false",
    "proved false",
    "retracts",
    "retracted",
    "retraction",
    "hoaxer",
    "doctored",
    "photoshopped",
    "cast doubt",
    "casts doubt",
    "cast doubts",
    "raises doubts",
    "raised doubts",
    "doubts cast",
    "nope",
    "no says",
    "absurd",
    "ridiculous",
    "preposterous",
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
MIN_REFERENCE_SHARE = 0.2  # the same, for a denial that also names "the reports" it denies
_DAYS = frozenset(stem(w) for w in WEEKDAYS | {"today", "yesterday", "week", "month", "year"})  # no shared content
_REFERENCE_STEMS = frozenset(stem(w) for w in REFERENCE_WORDS)


def denial_cues(claim: Claim) -> list[str]:
    return list(_denial_cues(claim.text))


@lru_cache(maxsize=16384)
def _denial_cues(text: str) -> tuple[str, ...]:
    """Read once per text, however many pairs it is in. Two negations make no denial: "refused to
    confirm or deny", "the video is not fake", "she denies the hoax claims" stand by the claim."""
    tokens = words(text)
    found = {p: has_phrase(tokens, p) for p in DENIAL_PHRASES}
    cues = [p for p, at in found.items() if at >= 0]
    if not cues:
        return ()
    for cue in [p for p in cues if p in _NEEDS_REFERENCE and not _about_a_report(tokens, found[p])]:
        cues.remove(cue)
    for cue in [p for p in cues if p in _DISMISS and not _dismisses_a_claim(tokens, found[p])]:
        cues.remove(cue)  # "LaPorta, 32, was dismissed after an investigation": fired, not denied
    # the last cue said of "claims that ..." judges them; debunking words before it are their content
    said_of = [p for p in cues if _predicate(tokens, found[p]) and _claims_that_before(tokens, found[p]) >= 0]
    judged = [max(said_of, key=lambda p: found[p])] if said_of else []
    reported = [p for p in cues if p in _DEBUNKING and p not in judged and _claims_that_before(tokens, found[p]) >= 0]
    reported = [p for p in reported if not judged or found[p] + len(p.split()) <= found[judged[0]]]
    if judged and reported:
        return ()  # "claims that the video was doctored were absurd": the debunking is what is rejected
    cues = [p for p in cues if p not in reported]  # "claims that rubbish is piling up": what the claims say
    for verb in [p for p in cues if p in _VERB_CUES]:
        at = found[verb]
        if at > 1 and tokens[at - 2] in _CONFIRM and tokens[at - 1] in ("or", "nor"):
            cues.remove(verb)  # "would neither confirm nor deny": no answer
        elif _negator_before(tokens, at):
            cues.remove(verb)  # "did not deny reports that he resigned", "has not yet denied"
    negated = [p for p in cues if p in _DEBUNKING and _negated(tokens, found[p])]
    if negated:  # "is no hoax", "denies hoax claims": the debunking is what is rejected
        last = max(found[n] for n in negated)
        cues = [p for p in cues if p not in negated and not (p in _VERB_CUES and found[p] < last)]
    return tuple(cues)


# cues that deny only when they are said of a report or claim: "rebuffed the reports", "dismissed the
# claims as rubbish", "called the reports absurd", "cast doubt on claims"; not "troops rebuffed an
# assault", "rubbish piled up", "an absurd 900 euros", "a drought exaggerated by a heatwave", "casts
# doubt on whether he will play"
_NEEDS_REFERENCE = frozenset(
    """rebuff rebuffs rebuffed rubbish absurd ridiculous preposterous exaggerated inaccurate erroneous bullshit
    nope""".split()
) | {"cast doubt", "casts doubt", "cast doubts", "raises doubts", "raised doubts", "doubts cast"}
_NEGATORS = frozenset("not never n't didn't doesn't don't hasn't haven't hadn't won't wouldn't can't cannot".split())
# "dismiss" denies a claim ("dismissed the reports", "dismissed it as nonsense") or removes someone
# from a post ("the reporter was dismissed", "the club dismissed its coach"): only the first denies
_DISMISS = frozenset(["dismissed", "dismisses"])
_CLAIM_NOUNS = frozenset(
    "suggestion suggestions speculation accusation accusations assertion assertions notion idea talk rumours".split()
)


_SOFTENERS = frozenset("yet explicitly directly publicly immediately formally specifically".split())
_COPULA = frozenset("is are was were be been being as called calling deemed".split())
_SOURCE_VERBS = frozenset("said say says showed shows suggested suggests found finds".split())


def _negator_before(tokens: list[str], at: int) -> bool:
    """A negation right before the verb, or one word before it with "yet", "publicly", ... between."""
    if at > 0 and tokens[at - 1] in _NEGATORS:
        return True
    return at > 1 and tokens[at - 2] in _NEGATORS and tokens[at - 1] in _SOFTENERS


def _is_source(tokens: list[str], i: int) -> bool:
    """ "According to the report, ...", "..., reports said": the report tells, it is not judged."""
    return "according" in tokens[max(0, i - 3) : i] or (i + 1 < len(tokens) and tokens[i + 1] in _SOURCE_VERBS)


def _dismisses_a_claim(tokens: list[str], at: int) -> bool:
    """ "dismissed the reports", "claims ... were dismissed", "dismissed it as fake", "dismissed
    suggestions that ...": said of a claim."""
    after = tokens[at + 1 : at + 6]
    return _about_a_report(tokens, at) or "as" in after or "that" in after[:3] or bool(_CLAIM_NOUNS & set(after[:3]))


def _predicate(tokens: list[str], at: int) -> bool:
    """The cue is said of something: "were absurd", "is wildly inaccurate", "dismissed them as rubbish"."""
    return any(w in _COPULA for w in tokens[max(0, at - 2) : at])


def _claims_that_before(tokens: list[str], at: int, reach: int = 15) -> int:
    """Where the nearest "claims that" / "reports that" opens before `at` (within `reach` words), or -1."""
    for i in range(at - 1, max(-1, at - reach - 1), -1):
        if tokens[i] in REFERENCE_WORDS and i + 1 < at and tokens[i + 1] == "that":
            return i
    return -1


def _about_a_report(tokens: list[str], at: int) -> bool:
    """A report or claim word before the cue ("the claims as rubbish", "reports ... likely
    exaggerated", "claims that he resigned are absurd") or just after it ("rebuffed the reports"),
    not a report that is only the source ("..., reports said", "according to the report"), and not
    one whose content holds the cue ("claims that rubbish is piling up")."""
    before = [i for i in range(max(0, at - 15), at) if tokens[i] in REFERENCE_WORDS and not _is_source(tokens, i)]
    if before and ("that" not in tokens[before[-1] : at] or _predicate(tokens, at)):
        return True
    after = [i for i in range(at + 1, min(len(tokens), at + 7)) if tokens[i] in REFERENCE_WORDS]
    return any(not _is_source(tokens, i) for i in after)


# words that call a claim false; negated or denied, they defend it
_DEBUNKING = frozenset(
    """fake hoax fabricated fabrication bogus untrue myth nonsense misinformation disinformation hoaxer
    inaccurate erroneous exaggerated doctored photoshopped rubbish bullshit absurd ridiculous fabrications""".split()
) | {"made up", "a fabrication", "not true"}
# words with which the other side doubts rather than asserts (not "questions", "disputed": "answered
# questions", "the disputed region")
_DOUBTING = frozenset("questioned doubt doubts doubted doubtful unconfirmed unverified skeptical sceptical".split())
_CONFIRM = frozenset(["confirm", "confirms", "confirmed", "confirming"])
_DENYING = frozenset("deny denies denied denying rejects rejected dismissed dismisses".split())
_NEGATING = (
    frozenset("not no never n't isn't wasn't aren't weren't doesn't didn't don't hasn't haven't won't".split())
    | _DENYING
)


def _negated(tokens: list[str], at: int) -> bool:
    """A negation or a denying verb in the three words before `at`, or a denial of claims whose
    content is the debunking ("rejected claims that the video was fake")."""
    if any(w in _NEGATING for w in tokens[max(0, at - 3) : at]):
        return True
    opens = _claims_that_before(tokens, at, reach=10)
    return opens >= 0 and any(w in _DENYING for w in tokens[max(0, at - 10) : opens])


_VERB_CUES = frozenset(
    "deny denies denied denying rejects rejected refutes refuted dismissed dismisses debunk debunked debunks".split()
)


def _undouble(s: str) -> str:
    """ "plann" (from "planned") is "plan", as the lemma's stem is; not "kill" or "add"."""
    return s[:-1] if len(s) > 3 and s[-1] == s[-2] and s[-1] in "bgmnprt" else s


def _denied_part(denier: Claim, cues: tuple[str, ...] | list[str]) -> set[str]:
    """What a denying verb denies: the words after it ("X denied that troops crossed"; "tested a
    missile, its military said, two weeks after denying that any test was planned" denies a
    plan, not the missile). A denial at the end ("P, X denied") denies the whole proposition."""
    text, prop = denier.text.lower(), (denier.proposition or "").lower()
    starts = text.find(prop[:40]) if prop else -1
    if starts > 0 and any(0 <= text.find(cue) < starts for cue in cues):
        return content_stems(denier)  # "X denied that P": the frame denies the proposition
    tokens = words(denier.text)
    for cue in cues:
        at = has_phrase(tokens, cue) if cue in _VERB_CUES else -1
        if at >= 0:
            after = {_undouble(stem(w)) for w in tokens[at + 1 :] if w.isalpha() and w not in STOPWORDS and len(w) > 2}
            if len(after) >= 2:
                return after | {stem(w) for w in tokens[at + 1 :]}
    return content_stems(denier)


def denies_by_reference(claim: Claim) -> bool:
    """ "The reports are groundless": a denial that names what it denies only as a report or claim
    (or points back at it: "rejected this"), so its sentence reads far from the claim it disputes
    (the pipeline judges it anyway)."""
    if not denial_cues(claim):
        return False
    return bool(REFERENCE_WORDS & set(words(claim.text))) or bool(_POINTS_BACK.search(claim.text))


# "The ministry has rejected this.", "He denied it on Friday": the sentence before says what is denied
_POINTS_BACK = re.compile(
    r"\b(?:den(?:y|ies|ied)|reject(?:s|ed)?|dismiss(?:es|ed)?|refute[sd]?|dispute[sd]?)\s+(?:this|it|that|these|those)"
    r"(?=\s*(?:[.,;!]|$)|\s+(?:on|in|at|last|yesterday|today|earlier|previously|again|outright|strongly|flatly)\b)",
    re.I,
)


def aimed_denial(old: Claim, new: Claim) -> bool:
    """A denial of "the reports" that shares at least two words with the claim: worth judging below
    the similarity floor (one naming nothing of it may be about any story)."""
    if not (denies_by_reference(old) or denies_by_reference(new)):
        return False
    found = denial_conflict(old, new)
    return found is not None and len(found.details.get("shared", [])) >= 2


_NEGATION_WORDS = frozenset("not n't no never isn't wasn't weren't aren't hadn't hasn't haven't didn't".split())


def _denies_a_negation(denier: Claim, cues: tuple[str, ...] | list[str]) -> bool:
    """A denying verb whose clause holds a negation ("denied that the runway had not been cleared";
    not "denied the report, saying no decision had been made")."""
    text = denier.text.lower().replace("’", "'")
    for cue in (c for c in cues if c in _VERB_CUES):
        m = re.search(rf"\b{re.escape(cue)}\b([^,;.]*)", text)
        if m and _NEGATION_WORDS & set(words(m.group(1))[:11]):
            return True
    return False


def both_reject(old: Claim, new: Claim) -> str | None:
    """One side denies a thing and the other says it did not happen ("The company denied that toxic
    gas escaped" / "No toxic gas escaped"): two rejections of one claim, which agree. The words read
    as a conflict (a denial, a negation against affirmative words), so the judge needs telling."""
    for denier, other in ((new, old), (old, new)):
        cues = denial_cues(denier)
        if cues and denier.polarity == "negated" and not _denies_a_negation(denier, cues):
            if other.polarity == "negated" and not denial_cues(other) and _within(denier, other):
                return f"both reject it: '{cues[0]}' / '{' '.join(other.polarity_cues[:1]) or 'not'}'"
    return None


def _within(denier: Claim, other: Claim) -> bool:
    """Everything the denial names is in the other claim (its verb may be a listed synonym): not
    "denied it would raise fuel taxes" / "will not raise income taxes"."""
    left = set(content_stems(denier)) - set(content_stems(other))
    if denier.predicate and other.predicate and denier.predicate in _synonyms(other.predicate):
        left.discard(stem(denier.predicate))
        left.discard(denier.predicate)
    return not left


def denial_conflict(old: Claim, new: Claim) -> Finding | None:
    """One side denies or debunks, the other asserts; aimed when they share content."""
    old_cues, new_cues = denial_cues(old), denial_cues(new)
    if bool(old_cues) == bool(new_cues):
        return None
    denier, asserter, cues = (new, old, new_cues) if new_cues else (old, new, old_cues)
    asserted_words = set(words(asserter.text))
    if _denies_a_negation(denier, cues):
        # "denied reports that the runway had not been cleared" says it was cleared: it disputes only
        # a claim that it was not ("... first reported that the runway had not been cleared")
        if not asserted_words & _NEGATION_WORDS:
            return None
    elif asserter.polarity == "negated":
        return None  # "X denied it was preparing a shipment" / "X is not preparing a shipment": both reject it
    if (_DOUBTING | {"whether"}) & asserted_words:
        return None  # "claims of a flood questioned", "examining whether the runway was cleared": no assertion
    asserted = content_stems(asserter)
    # the denial's own words are no shared content; only the ones it uses ("pants on fire" says
    # nothing about a fire, but a fire in a claim is still its content)
    cue_stems = {stem(w) for c in cues for w in c.split()} | _REFERENCE_STEMS
    shared = sorted((_denied_part(denier, cues) - cue_stems - _DAYS) & asserted)
    by_reference = bool(REFERENCE_WORDS & set(words(denier.text)))
    # aimed at the claim: a good part of what it asserts, not two words of the same story
    # ("the reports about the missile test have no factual basis" names the report it denies, so
    # a smaller part will do; not two words of a long sentence: "Korvenia has asked European
    # governments for long-range drones" is not what "denied reports it would send drones" denies)
    share = MIN_REFERENCE_SHARE if by_reference else MIN_AIMED_SHARE
    aimed = len(shared) >= 2 and len(shared) >= share * len(asserted)
    if not aimed and not (by_reference and not shared):
        return None
    strength = 0.75 if shared else 0.5
    about = ", ".join(as_written(shared[:4], asserter, denier)) if shared else "the earlier report"
    side = "new" if denier is new else "old"
    reason = f"denial: '{cues[0]}' ({side} claim) aimed at {about}"
    old_span, new_span = (None, cues[0]) if side == "new" else (cues[0], None)
    return Finding("denial", reason, old_span, new_span, strength, {"denier": side, "shared": shared})

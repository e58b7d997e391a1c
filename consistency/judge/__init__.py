"""The judge: does a new claim agree with, contradict, discuss, or ignore an earlier one?

One entry point, `Judge.judge_pairs`, batched so the pipeline pays for vectors and models once.
The core is our own cross-encoder (`crossencoder.py`): it reads each pair of propositions, the
attribution frame set aside, and says contradiction, entailment or neutral. Separate detectors
(same event, polarity, quantity, state, denial, hedging; see their modules) find what it cannot
see or what a reader needs as evidence, and a small calibrated combiner (`combiner.py`) weighs
the model's reading with them. A few explicit rules stay, each for something the model cannot
know:

- far apart (embedding, event) and the model sees neither entailment nor contradiction ->
  `unrelated`;
- a non-answer ("declined to comment") asserts nothing -> `discusses`;
- dates: an event after the earlier report, or a toll that moved on, is a later moment of the
  story, not a dispute (the model does not see publication dates);
- a number, state, negation or denial conflict on the same event -> `contradicts` where the
  model reads some contradiction too; without one, the model's own contradiction reading must
  be sure (and a near paraphrase of the same polarity, or two negative statements, are no
  contradiction on the model's word alone);
- the hedge rule: a new claim that keeps more distance than the earlier one ("reportedly",
  "according to", "may") only `discusses` it. Attribution alone ("the minister said") is not
  distance.

Every judgement carries its reasons, the model's reading first ("model: contradiction 0.93").
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import numpy as np

from consistency.judge import combiner
from consistency.judge.crossencoder import MODEL_LABELS, RELATION_OF, CrossEncoder, default_crossencoder
from consistency.judge.denial import both_reject, denial_cues, denies_by_reference
from consistency.judge.evidence import Finding, words
from consistency.judge.features import Signals, detect, pair_features
from consistency.judge.hedging import distance_level
from consistency.judge.polarity import NEGATIONS
from consistency.judge.quantity import different_tolls
from consistency.judge.similarity import (
    RELATED_FLOOR,
    SAME_FIGURE_REASON,
    EventMatch,
    cosine,
    same_number,
    same_person_speaks,
)
from consistency.models import EARLIER_HOLDS_NEW, NEW_HOLDS_EARLIER, Claim, Entity, Judgement

log = logging.getLogger(__name__)

SIMILARITY_FLOOR = 0.55  # FAISS candidates below this cosine are not judged at all (pipeline)
CLASSES = combiner.CLASSES
_HARD_CONFLICTS = ("quantity", "state", "polarity", "denial")
# a detector's conflict decides only where the model reads some contradiction too: on real
# stories "84 rockets" / "about 90 cruise missiles" (rockets vs missiles), "five of the almost a
# dozen suspects" / "five suspects" were detector conflicts the model rightly read as neutral.
# So for a denial that spells out what it denies ("rejected claims that balloons crossed the US"):
# the model reads it with its content in view ("denied that the plant failed" / "the plant passed"
# is no dispute). One that names it only as "the report" shares no words with what it denies, and
# the model cannot see what it points back to: there the detector decides.
READ_MODEL_MIN = 0.10
# ... or where the model reads the two as one statement: a small model reads "the aid worker is
# dead" / "... is alive" or "100 drones" / "dozens of drones" as a near paraphrase, and then the
# detector's conflict is exactly what it missed
SAME_STATEMENT_MIN = 0.5
# a near paraphrase with the same polarity is no contradiction, whatever the model reads
PARAPHRASE_SIMILARITY = 0.85
AGREE_MODEL_MIN = 0.5  # an agreement needs the model to read entailment at least this surely
AGREE_APART_MIN = 0.8  # ... and this surely for two sentences worded apart (below SIMILARITY_FLOOR)
POLARITY_SIMILARITY = 0.7  # without the same action, a negation conflicts only with a close paraphrase


@dataclass
class Pair:
    """An earlier claim and a new one, with their proposition vectors (unit length) if known."""

    old: Claim
    new: Claim
    similarity: float
    old_vec: np.ndarray | None = None
    new_vec: np.ndarray | None = None
    old_published: datetime | None = None  # when each claim's article came out, where known
    new_published: datetime | None = None


REREAD_NEUTRAL = 0.5  # a pair read mostly neutral one way is read the other way too


def _both_ways(
    predict: Callable[[list[tuple[str, str]]], np.ndarray], texts: list[tuple[str, str]]
) -> tuple[np.ndarray, list[bool]]:
    """The model's reading in whichever direction entails more, and for each pair whether that
    was the new claim holding the earlier one (read backwards).

    NLI taught the model that a hypothesis adding anything ("..., blaming rising energy costs")
    is neutral; in news two outlets agree when either sentence holds the other. Only pairs read
    mostly neutral are read again, the other way round. Which way matters for credit: an earlier
    claim that only the new one holds ("police arrested a man" / "police arrested a man on
    suspicion of arson") did not report what the new claim says."""
    probs = predict(texts)
    backward = [False] * len(texts)
    if not len(texts):
        return probs, backward
    neutral = MODEL_LABELS.index("neutral")
    entail = MODEL_LABELS.index("entailment")
    again = [i for i in range(len(texts)) if probs[i, neutral] >= REREAD_NEUTRAL]
    if again:
        back = predict([(texts[i][1], texts[i][0]) for i in again])
        for row, i in zip(back, again, strict=True):
            if row[entail] > probs[i, entail]:
                probs[i] = row
                backward[i] = True
    return probs, backward


class Judge:
    """Cross-encoder + detectors + calibrated combiner + the rules above."""

    def __init__(self, model: combiner.Combiner | None = None, crossencoder: CrossEncoder | None = None) -> None:
        self.model = model or combiner.load()
        self.crossencoder = crossencoder or default_crossencoder()
        limits = {**combiner.DEFAULT_THRESHOLDS, **self.model.thresholds}
        self.contradicts_min = limits["contradicts_min"]
        # a detector's conflict overrides the combiner only when the combiner does not rule it out
        self.conflict_min = limits["conflict_force_min"]
        # far apart in the embedding, but the model reads entailment or contradiction this surely
        self.related_model_min = limits["related_model_min"]
        # a contradiction no detector backs: the cross-encoder itself must read one this surely
        self.model_contradicts_min = limits["model_contradicts_min"]

    def read(
        self, pairs: list[Pair], every: bool = False
    ) -> tuple[list[Pair], list[Signals], list[dict[str, float]], list[bool]]:
        """What the combiner needs for each pair: the statements read, the detectors' signals and
        the cross-encoder's probabilities (in the judge's relation names); and for each pair
        whether the model's reading is of the new claim holding the earlier one (`_both_ways`).

        A pair `unrelated` whatever the model reads (another place, person or day; nothing in
        common) is not read unless `every` (fitting the combiner needs every reading): its
        probabilities are empty."""
        old_vecs, new_vecs = _vectors(pairs)
        sims = [_similarity(p, o, n) for p, o, n in zip(pairs, old_vecs, new_vecs, strict=True)]
        signals = [detect(p.old, p.new, s) for p, s in zip(pairs, sims, strict=True)]
        read = [_statements(p) for p in pairs]
        wanted = [
            i for i, (p, s) in enumerate(zip(pairs, signals, strict=True)) if every or not _model_free(p, s.event)
        ]
        probs, back = _both_ways(self.crossencoder.predict, [(read[i].old.text, read[i].new.text) for i in wanted])
        ce: list[dict[str, float]] = [{} for _ in pairs]
        backward = [False] * len(pairs)
        for i, row, b in zip(wanted, probs, back, strict=True):
            ce[i] = {RELATION_OF[label]: float(row[k]) for k, label in enumerate(MODEL_LABELS)}
            backward[i] = b
        return read, signals, ce, backward

    @staticmethod
    def features(
        pairs: list[Pair], read: list[Pair], signals: list[Signals], ce: list[dict[str, float]]
    ) -> list[dict[str, float]]:
        """The combiner's named features for each pair (see `pair_features`)."""
        out = []
        for pair, r, s, c in zip(pairs, read, signals, ce, strict=True):
            f = pair_features(r.old, r.new, s, {label: c.get(RELATION_OF[label], 0.0) for label in MODEL_LABELS})
            f["new_framed"] = float(r.new.text != pair.new.text)
            f["old_framed"] = float(r.old.text != pair.old.text)
            out.append(f)
        return out

    def judge_pairs(self, pairs: list[Pair]) -> list[Judgement]:
        """Judge every pair in one batch; missing vectors are embedded together, once."""
        if not pairs:
            return []
        read, signals, ce, backward = self.read(pairs)
        probs = self.model.predict_proba(self.features(pairs, read, signals, ce))
        out = []
        for pair, sig, row, model_p, back in zip(pairs, signals, probs, ce, backward, strict=True):
            p = {c: float(row[k]) for k, c in enumerate(CLASSES)}
            judgement = self._decide(pair, sig, p, model_p)
            if back:  # which claim holds the other, as the model read them (credit reads it)
                judgement.evidence["reading"] = NEW_HOLDS_EARLIER
            elif model_p.get("agrees", 0.0) >= AGREE_MODEL_MIN:
                judgement.evidence["reading"] = EARLIER_HOLDS_NEW
            out.append(judgement)
        return out

    def _decide(self, pair: Pair, sig: Signals, p: dict[str, float], ce: dict[str, float]) -> Judgement:
        ev = sig.event
        evidence: dict[str, Any] = {
            "old": pair.old.text,
            "new": pair.new.text,
            "similarity": round(ev.similarity, 4),
            "same_event": ev.same_event,
            "shared_entities": ev.shared_entities,
            "findings": [f.to_evidence() for f in _all_findings(sig)],
            "model": {k: round(v, 4) for k, v in ce.items()},
        }
        probs = {k: round(v, 4) for k, v in p.items()}
        if ce:
            read = max(ce, key=lambda c: ce[c])
            model_reason = f"model: {_MODEL_WORD[read]} {ce[read]:.2f}"
        else:
            model_reason = "model: not read (nothing could relate them)"
        why = _other_event(ev)
        # the model may bridge wording far apart, never another place, person or day
        # nor two sentences with nothing in common: NLI taught it that a caption of another
        # scene contradicts ("Troops were sent to the border" / "Tomatoes are red": 0.83)
        if not ev.related and (
            not ce or why or ce["agrees"] + ce["contradicts"] < self.related_model_min or _nothing_shared(pair, ev)
        ):
            if ev.similarity < RELATED_FLOOR:
                why.insert(0, f"too far apart: similarity {ev.similarity:.2f} < {RELATED_FLOOR}")
            score = _unrelated_score(ev.similarity)
            return Judgement(
                "unrelated",
                score,
                [*(why or ["different events"]), model_reason],
                evidence,
                {**probs, "unrelated": score},
            )

        silent = next((c for c in (pair.new, pair.old) if c.non_answer), None)
        if silent is not None:  # "would neither confirm nor deny", "declined to comment": asserts nothing
            why = [f"no answer: {silent.text[:80]}", model_reason, f"similarity {ev.similarity:.2f}"]
            return Judgement("discusses", round(float(min(1.0, sum(p.values()))), 4), why, evidence, probs)

        # only for one kind of event told at two moments ("shares fell" / "shares rose on Monday"):
        # a later plea does not settle the sum in the earlier charge ("340,000" / "430,000 euros")
        same_kind = ev.predicate_match or (sig.state is not None and sig.state.details.get("state_kind") == "direction")
        moved_on = _later_event(pair)
        later = moved_on if same_kind else None
        if later:  # Thursday's "shares fell 4%" and Monday's "shares rose 2%" are two days' news
            score = p["agrees"] + p["discusses"] + p["contradicts"]
            why = [later, model_reason, f"similarity {ev.similarity:.2f}"]
            return Judgement("discusses", round(float(min(1.0, score)), 4), why, evidence, probs)

        reasons: list[str] = [model_reason]
        conflicts = [
            f
            for f in sig.conflicts()
            if _licensed(f, ev, pair)
            and not _only_possible(pair, f)
            and not (f.kind == "polarity" and _both_reject(pair))  # one negation against another
        ]
        if moved_on:  # "charged on Monday" (June) / "convicted on Thursday" (November): two days, two events
            conflicts = [f for f in conflicts if f.details.get("state_kind") != "weekday"]
        updates = {id(f): said for f in conflicts if f.kind == "quantity" and (said := _update(pair, f))}
        if updates:  # Monday's 17 dead and Wednesday's 21: the toll moved on, nobody disputes it
            conflicts = [f for f in conflicts if id(f) not in updates]
            reasons.append(next(iter(updates.values())))
        opposite = _denied_opposite(pair, conflicts)
        if opposite:  # "X denied the plant failed" / "the plant passed": two negations, one side
            conflicts = [f for f in conflicts if f.kind != "denial" and f is not opposite]
            reasons.append(f"one claim denies the opposite of the other: {opposite.reason}")
        hard = [
            f
            for f in conflicts
            if f.kind in _HARD_CONFLICTS
            and (
                f.details.get("age")  # one person, two ages: the model and combiner read it as a detail
                or p["contradicts"] >= self.conflict_min
                and (
                    ce["contradicts"] >= READ_MODEL_MIN
                    or (f.kind != "denial" and ce["agrees"] >= SAME_STATEMENT_MIN)
                    or (f.kind == "denial" and not f.details.get("shared"))
                )
            )
        ]
        top = max(p, key=lambda c: p[c])  # the combiner's reading
        relation, score = top, p[top]
        if updates and not hard:
            why = [*reasons, f"similarity {ev.similarity:.2f}"]
            return Judgement("discusses", round(float(min(1.0, sum(p.values()))), 4), why, evidence, probs)
        rejected = both_reject(pair.old, pair.new) if not hard and ev.same_event and ev.predicate_match else None
        if hard:
            relation = "contradicts"
            score = max(p["contradicts"], max(f.strength for f in hard))
            reasons += [f.reason for f in conflicts]
        elif relation == "contradicts" and rejected:  # the model reads the denial words as a dispute
            relation, score = "agrees", p["agrees"] + p["contradicts"]
            reasons.append(rejected)
        elif relation == "contradicts" and (
            p["contradicts"] < self.contradicts_min
            or ce["contradicts"] < self.model_contradicts_min
            or opposite
            or _paraphrase(pair, ev)
            or _both_reject(pair)
        ):  # without a detector's conflict, only the model's own reading of a contradiction stands;
            # overruled, it leaves the pair related but unresolved, or a near paraphrase an agreement
            # a denial of the opposite the model reads as a dispute ("denied the dam failed" /
            # "the dam passed"): the model reads the conflict of the two states, not the denial
            flipped = opposite is not None and ce["contradicts"] >= SAME_STATEMENT_MIN
            relation = "agrees" if _paraphrase(pair, ev) or flipped else "discusses"
            score = (p["agrees"] + p["discusses"]) * (1 - p["contradicts"])
            if flipped:
                score = max(score, ce["contradicts"] * (1 - p["discusses"]))
            reasons.append(f"no conflict strong enough (contradicts {p['contradicts']:.2f})")
        elif relation == "contradicts":
            reasons += [f.reason for f in conflicts]
        if (
            relation == "discusses"
            and not hard
            and read == "agrees"
            and ce["agrees"] >= SAME_STATEMENT_MIN
            and ev.similarity >= PARAPHRASE_SIMILARITY
            and sig.hedging is None
        ):  # a near paraphrase the model reads as one statement, with no more distance on either
            # side, is an agreement: the combiner learned from Emergent that any attribution
            # ("..., as first reported by X") only observes a claim; the hedge rule decides that
            relation, score = "agrees", max(p["agrees"] + p["discusses"], ce["agrees"])
            reasons.append("same statement, read by the model")
        figure = next((f.reason for f in ev.findings if f.reason == SAME_FIGURE_REASON), None)
        if ev.same_statement and not figure and same_number(pair.old, pair.new):
            figure = SAME_FIGURE_REASON
        if figure and not hard and relation == "discusses" and top != "contradicts":
            # the same specific count and action ("9,000 people signed a petition" / "collected more
            # than 9,000 signatures"): one statement, though the model reads the wording apart
            relation, score = "agrees", p["agrees"] + p["discusses"]
        # the same figure, two rejections of one claim, a denied opposite, or a near paraphrase with the
        # same polarity (the model reads negations in two wordings of one denial as a dispute)
        backed = figure or rejected or opposite or _paraphrase(pair, ev)
        unread = _agreement_unread(pair, relation, ce, ev.similarity) if top == "agrees" and not backed else None
        if unread:  # the combiner's agreement, which the model does not read as one statement
            relation = "discusses"
            score = p["agrees"] + p["discusses"]
            reasons.append(unread)
        if relation == "contradicts" and ev.places_apart:
            # two places and no shared one: on real stories such "disputes" were two events (US
            # balloons over China / a Chinese balloon over Latin America), never one disputed
            relation = "discusses"
            score = p["agrees"] + p["discusses"]
            reasons.append(f"no dispute across places: {ev.places_apart[0]} vs {ev.places_apart[1]}")
        apart = different_tolls(pair.old, pair.new) if relation == "agrees" else None
        if apart:  # "killing nine workers" / "the death toll has risen to 12": neither confirms the other
            relation = "discusses"
            score = p["agrees"] + p["discusses"]
            reasons.append(apart)
        elif relation == "agrees" and sig.hedging is not None:
            relation = "discusses"
            score = p["agrees"] + p["discusses"]  # sure it is not a contradiction, whichever of the two
            reasons.insert(1, sig.hedging.reason)
        elif relation == "discusses" and sig.hedging is not None:
            reasons.insert(1, sig.hedging.reason)
        if relation == "agrees":
            reasons.append("same event" if ev.same_event else figure or "same statement")
        reasons.append(f"similarity {ev.similarity:.2f}")
        return Judgement(relation, round(float(min(1.0, max(0.0, score))), 4), reasons, evidence, probs)


_MODEL_WORD = {"agrees": "entailment", "contradicts": "contradiction", "discusses": "neutral"}


def _agreement_unread(pair: Pair, relation: str, ce: dict[str, float], similarity: float) -> str | None:
    """Why an agreement the combiner found does not stand, or None when it does.

    The combiner learned from Emergent headlines that two sentences of one story, one of them
    attributed, mostly agree. On real stories that made "Saudi Arabia rejects claim journalist
    was killed" agree with "he was killed by a 15-member team", and such agreements decide who
    is credited as first reporter. An agreement stands where the model reads entailment, and,
    for two sentences worded far apart (found by shared terms, below the similarity floor), reads
    it surely. Two rejections of one claim, the denial of an opposite ("denied that the dam had
    failed" / "the dam passed") and the same specific figure are decided before this."""
    if relation != "agrees":
        return None
    if ce["agrees"] < AGREE_MODEL_MIN:
        return f"related, not one statement (model entailment {ce['agrees']:.2f})"
    if (
        similarity < SIMILARITY_FLOOR
        and ce["agrees"] < AGREE_APART_MIN
        # one person's words told twice read apart for the names ("Lukas is not for sale," Rieke
        # said / Rieke insisted the player was not for sale): not "worded apart"
        and not same_person_speaks(pair.old, pair.new)
    ):
        return f"related, worded apart (model entailment {ce['agrees']:.2f} < {AGREE_APART_MIN})"
    return None


def _licensed(f: Finding, ev: EventMatch, pair: Pair) -> bool:
    """A conflict counts only between claims about one event; a negation only when the two also
    share the action or nearly all their content ("will not change the war" is not "kept out of
    the war"); a count only when both say what something has, or neither does ("the bank has 9
    million customers" is no dispute of "hackers stole the data of 2 million customers")."""
    if not ev.same_event and f.kind != "denial" and not f.details.get("age"):  # two ages name one person
        return False
    if f.kind == "polarity":
        return ev.predicate_match or ev.similarity >= POLARITY_SIMILARITY
    if f.kind == "quantity" and ev.similarity < 0.8:
        return (pair.old.predicate in _POSSESSION) == (pair.new.predicate in _POSSESSION)
    return True


_POSSESSION = frozenset("have employ serve count number house host boast own total comprise".split())


def _other_event(ev: EventMatch) -> list[str]:
    """Why two claims tell of different events (another place, person or day), if they do."""
    return [f.reason for f in ev.findings if f.kind == "same_event" and f.reason.startswith("different")]


def _model_free(pair: Pair, ev: EventMatch) -> bool:
    """`unrelated` whatever the model would read: `_decide`'s first gate without the model."""
    return not ev.related and (bool(_other_event(ev)) or _nothing_shared(pair, ev))


def _nothing_shared(pair: Pair, ev: EventMatch) -> bool:
    """No entity and no content word in common, and no denial by reference ("the reports are
    groundless"), which shares no words with what it denies. Read only for pairs already far apart."""
    if ev.shared_entities or ev.overlap > 0.0:
        return False
    return not (denies_by_reference(pair.old) or denies_by_reference(pair.new))


def _denied_opposite(pair: Pair, conflicts: list[Finding]) -> Finding | None:
    """One claim denies X and the other states the opposite of X ("Corvane denied that the plant
    had failed an inspection" / "the plant passed its inspection"): they agree, though both the
    denial and the failed/passed pair read as conflicts. Returns that state conflict. Not for
    confirmed/denied itself ("X denied ..." / "X confirmed ..." do disagree)."""
    for denial in (f for f in conflicts if f.kind == "denial"):
        side = denial.details.get("denier")
        claim = pair.old if side == "old" else pair.new if side == "new" else None
        if claim is None:
            continue
        text = claim.text.lower()
        starts = [i for i in (text.find(c.lower()) for c in denial_cues(claim)) if i >= 0]
        for f in conflicts:
            span = f.old_span if side == "old" else f.new_span
            if starts and f.kind == "state" and f.details.get("state_kind") != "verification" and span:
                if text.find(span.lower(), min(starts)) > min(starts):
                    return f
    return None


def _only_possible(pair: Pair, f: Finding) -> bool:
    """A new claim that only says what may happen does not dispute a fact: "the toll could rise to
    80" against "the toll stands at 45" is a projection, not a conflicting count. The conflicting
    words must sit in the hedged part ("killed 45 people, and the toll may climb" still disputes
    "killed 30"). The other way round it does dispute: a figure stated against an earlier estimate
    ("could be worth about 90 million" / "is worth 250 million") is a dispute a reader should see."""
    new = pair.new
    if f.kind not in ("quantity", "state", "polarity") or new.hedge != "uncertain" or pair.old.hedge == "uncertain":
        return False
    text = new.text.lower()
    cues = [i for i in (text.find(c.lower()) for c in new.hedge_cues) if i >= 0]
    at = text.find((f.new_span or "").lower()) if f.new_span else -1
    return bool(cues) and at > min(cues)


_NOT_YET = frozenset(
    "will would could may might shall expected expects plans plan planned planning scheduled due set going "
    "intends intend aims hopes wants preparing prepares prepare soon upcoming next within".split()
)


def _later_event(pair: Pair) -> str | None:
    """One claim dates its event after the other claim's article came out, and neither looks
    ahead: the earlier article cannot have reported it, so the two are two moments of one story
    (Monday's toll against Thursday's, not a dispute and not a confirmation)."""
    sides = ((pair.new, pair.new_published, pair.old, pair.old_published),
             (pair.old, pair.old_published, pair.new, pair.new_published))  # fmt: skip
    for claim, published, other, other_published in sides:
        if published is None or other_published is None or other_published.date() >= published.date():
            continue
        if _NOT_YET & set(words(other.text)):
            continue  # the earlier report looked ahead: it may be about this very day
        other_days = [q for q in other.quantities if q.kind == "date"]
        for q in claim.quantities:
            if q.kind != "date" or not other_published.date().toordinal() < q.low <= published.date().toordinal():
                continue
            if any(d.low <= q.high and q.low <= d.high for d in other_days):
                continue
            when = date.fromordinal(int(q.low))
            return f"later event: {q.text} ({when:%Y-%m-%d}) is after the earlier report ({other_published:%Y-%m-%d})"
    return None


# words that make a figure a forecast ("will hear 25 witnesses"); not "may" (the month), "due to"
_FORECAST = frozenset("will expected expects forecast forecasts projected plans planned scheduled".split())
# words that say a figure moves with time: "remain missing", "the toll rose to", "so far"
_CHANGING = frozenset(
    "still remain remains remained now currently rose risen climbed reached increased jumped stood stands "
    "latest updated revised".split()
)
# counts that only grow: a higher figure on a later day is the same count, later
_CUMULATIVE = frozenset("dead injured toll deaths killed fatalities wounded injuries cases arrests arrested".split())


def _update(pair: Pair, f: Finding) -> str | None:
    """Two figures for one count, published on different days, where the count moves with time:
    the later one is higher and the count only grows (a toll), or either sentence says it moves
    ("still missing", "rose to"). Returns the reason, or None for a dispute."""
    if pair.old_published is None or pair.new_published is None:
        return None
    d_old, d_new = pair.old_published.date(), pair.new_published.date()
    a = next((q for q in pair.old.quantities if q.text == f.old_span), None)
    b = next((q for q in pair.new.quantities if q.text == f.new_span), None)
    if d_old == d_new or a is None or b is None:
        return None
    (earlier, on_e), (later, on_l) = sorted([(a, d_old), (b, d_new)], key=lambda x: x[1])
    counted = (a.counted or "").split(" ")[0]
    grows = counted in _CUMULATIVE and earlier.high > 0 and later.high >= earlier.low  # "no one was hurt": a dispute
    first = pair.old if d_old < d_new else pair.new
    second = pair.new if first is pair.old else pair.old
    if _FORECAST & set(words(first.text)) and not _FORECAST & set(words(second.text)):
        return f"forecast, then outcome: {earlier.text} ({on_e:%Y-%m-%d}), then {later.text} ({on_l:%Y-%m-%d})"
    moving = _CHANGING & (set(words(pair.old.text)) | set(words(pair.new.text)))
    if grows or moving or "so far" in pair.old.text.lower() or "so far" in pair.new.text.lower():
        return f"figure updated: {earlier.text} ({on_e:%Y-%m-%d}), then {later.text} ({on_l:%Y-%m-%d})"
    return None


def _statements(pair: Pair) -> Pair:
    """The pair as the model reads it: what each side asserts, without its attribution frame.

    In articles nearly every sentence ends in ", officials said"; read as written, two outlets
    quoting one fact through different sources would only `discuss` each other. The frame stays
    a feature (`new_framed`, `old_framed`), and distance in the wording ("reportedly",
    "according to", "claims") is kept in the text: the hedge rule and the detectors read it."""
    return dataclasses.replace(pair, old=_proposition_only(pair.old), new=_proposition_only(pair.new))


def _proposition_only(claim: Claim) -> Claim:
    """Only a neutral frame ("..., officials said") is dropped: a denial or distancing words stay in view."""
    if not claim.proposition or claim.proposition == claim.text or denial_cues(claim) or distance_level(claim)[0]:
        return claim
    # the frame's hedge goes with it: "fell 2%, according to market data" states what "fell 2%" does
    hedge = "asserted" if claim.hedge == "reported" else claim.hedge
    return dataclasses.replace(claim, text=claim.proposition, hedge=hedge)


def _paraphrase(pair: Pair, ev: EventMatch) -> bool:
    return ev.similarity >= PARAPHRASE_SIMILARITY and pair.old.polarity == pair.new.polarity


def _both_reject(pair: Pair) -> bool:
    """Both sentences say what did not happen ("gathered no information" / "had not gathered
    data"; "will not raise income taxes" / "denied it would raise fuel taxes"): the model reads
    the shared rejection as a dispute. A denial of a negation ("denied reports that he had not
    resigned") affirms, so it rejects nothing."""
    return _rejects(pair.old) and _rejects(pair.new)


def _rejects(claim: Claim) -> bool:
    negated = bool(NEGATIONS & set(words(claim.text)))
    denied = bool(denial_cues(claim))
    return negated != denied


def _all_findings(sig: Signals) -> list[Finding]:
    own = [f for f in (sig.polarity, sig.quantity, sig.state, sig.denial, sig.hedging) if f is not None]
    return sig.event.findings + own


def _unrelated_score(similarity: float) -> float:
    """Rule-based, not fitted (Emergent has no unrelated pairs): surer the further apart they are."""
    return round(float(min(1.0, max(0.5, 1.0 - similarity))), 4)


def _similarity(pair: Pair, old_vec: np.ndarray, new_vec: np.ndarray) -> float:
    """The pipeline's similarity when it gave one, else the cosine of the vectors."""
    if pair.similarity is not None and pair.similarity > 0:
        return float(pair.similarity)
    return cosine(old_vec, new_vec) or 0.0


def _vectors(pairs: list[Pair]) -> tuple[np.ndarray, np.ndarray]:
    """Proposition vectors for both sides; the ones not given are embedded in one batch."""
    missing: dict[str, int] = {}
    for p in pairs:
        for claim, vec in ((p.old, p.old_vec), (p.new, p.new_vec)):
            if vec is None:
                missing.setdefault(claim.proposition or claim.text, len(missing))
    encoded = np.zeros((0, 384), dtype=np.float32)
    if missing:
        from consistency.embeddings import default_embedder

        encoded = default_embedder().encode(list(missing))

    def get(claim: Claim, vec: np.ndarray | None) -> np.ndarray:
        if vec is not None:
            return np.asarray(vec, dtype=np.float32).reshape(-1)
        return encoded[missing[claim.proposition or claim.text]]

    old = np.vstack([get(p.old, p.old_vec) for p in pairs])
    new = np.vstack([get(p.new, p.new_vec) for p in pairs])
    return old, new


def _merge(text: str, claims: list[Claim]) -> Claim:
    """One claim for a text the parser split (or could not read): the whole text, everything it found."""
    levels = {"asserted": 0, "reported": 1, "uncertain": 2}
    if not claims:
        return _bare_claim(text)
    return Claim(
        text=text,
        start_char=0,
        end_char=len(text),
        proposition=" ".join(c.proposition for c in claims),
        speaker=next((c.speaker for c in claims if c.speaker), None),
        speaker_kind=next((c.speaker_kind for c in claims if c.speaker_kind), None),
        hedge=max((c.hedge for c in claims), key=lambda h: levels.get(h, 0)),
        hedge_cues=[cue for c in claims for cue in c.hedge_cues],
        polarity="negated" if any(c.polarity == "negated" for c in claims) else "affirmed",
        polarity_cues=[cue for c in claims for cue in c.polarity_cues],
        quantities=[q for c in claims for q in c.quantities],
        entities=[e for c in claims for e in c.entities],
        predicate=claims[0].predicate,
        lemmas=[lemma for c in claims for lemma in c.lemmas],
    )


def _bare_claim(text: str) -> Claim:
    """A question or a verbless headline is no claim to the parser, but can still be judged."""
    from consistency.aliases import fold_entity
    from consistency.embeddings import nlp
    from consistency.hedging import read_stance
    from consistency.quantities import extract_quantities

    doc = nlp()(text)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    # its stance is still readable: "Batmobile wasn't stolen: Cops", "No gender segregation on flights"
    stance = read_stance(root, list(doc), []) if root is not None else None
    return Claim(
        text=text,
        start_char=0,
        end_char=len(text),
        proposition=text,
        hedge=stance.hedge if stance else "asserted",
        hedge_cues=stance.hedge_cues if stance else [],
        polarity=stance.polarity if stance else "affirmed",
        polarity_cues=stance.polarity_cues if stance else [],
        quantities=extract_quantities(text),
        entities=[Entity(e.text, e.label_, fold_entity(e.text)) for e in doc.ents],
        predicate=next((t.lemma_.lower() for t in doc if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")), None),
        lemmas=[t.lemma_.lower() for t in doc if t.is_alpha and not t.is_stop],
    )


def claims_from_texts(texts: list[str]) -> list[Claim]:
    """One claim per text, parsed in one batch: the parser's claim with the text as written."""
    from consistency.claims import extract_claims_many

    out = []
    for text, found in zip(texts, extract_claims_many([(t, None) for t in texts]), strict=True):
        if len(found) == 1:
            out.append(dataclasses.replace(found[0], text=text, start_char=0, end_char=len(text)))
        else:
            out.append(_merge(text, found))
    return out


def judge_texts(a: str, b: str, judge: Judge | None = None) -> tuple[Judgement, Claim, list[Judgement]]:
    """Judge text `b` (a claim or a whole article) against claim `a`; the strongest finding first.

    Returns (strongest judgement, the claim of b it came from, all judgements in reading order).
    """
    from consistency.claims import extract_claims

    judge = judge or default_judge()
    old = claims_from_texts([a])[0]
    news = extract_claims(b)
    if len(news) <= 1:
        news = claims_from_texts([b])
    results = judge.judge_pairs([Pair(old, n, 0.0) for n in news])
    best = max(range(len(results)), key=lambda i: _strength(results[i]))
    return results[best], news[best], results


def _strength(j: Judgement) -> tuple[int, bool, float]:
    """Contradictions first, then findings about the same event, then the surest and closest."""
    rank = {"contradicts": 2, "agrees": 1, "discusses": 1, "unrelated": 0}[j.relation]
    return rank, bool(j.evidence.get("same_event")), j.score * float(j.evidence.get("similarity", 0.0))


@lru_cache(maxsize=1)
def default_judge() -> Judge:
    """The packaged judge, loaded once per process."""
    return Judge()


__all__ = ["SIMILARITY_FLOOR", "Judge", "Pair", "claims_from_texts", "default_judge", "judge_texts"]

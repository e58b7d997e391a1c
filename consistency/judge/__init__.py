"""The judge: does a new claim agree with, contradict, discuss, or ignore an earlier one?

One entry point, `Judge.judge_pairs`, batched so the pipeline pays for vectors and models once.
Each pair goes through separate detectors (same event, polarity, quantity, state, denial,
hedging; see their modules), a small learned combiner weighs them (`combiner.py`, fitted on
Emergent by `benchmarks/judge_emergent.py`), and a few explicit rules keep `contradicts` precise:

- not the same event (too far apart, different places or people, another day) -> `unrelated`;
- a number or state conflict on the same event -> `contradicts`, whatever the model says; a
  polarity conflict too, unless the model all but rules it out (negation scope is the weakest
  reading we have: "so he won't turn into a werewolf" is not a denial);
- the model's `contradicts` stands only with a conflict finding or refuting words behind it;
- `agrees` needs the same statement, not only the same story: a near paraphrase, or the same
  action with the same people or words, or the same figure; otherwise `discusses`;
- a new claim that keeps more distance than the earlier one ("reportedly", "according to",
  "may") -> `discusses`. Attribution alone ("the minister said") is not distance.

Scores are the combiner's probabilities, calibrated by one temperature on cross-validated
Emergent output. Two are set by hand, not fitted, and say so: a contradiction forced by a
detector scores at least the detector's strength; `unrelated` scores 1 - similarity (>= 0.5).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import numpy as np

from consistency.judge import combiner
from consistency.judge.denial import both_reject, denial_cues
from consistency.judge.evidence import Finding, words
from consistency.judge.features import STANCE_WORDS, Signals, detect, pair_features
from consistency.judge.hedging import distance_level
from consistency.judge.nli import ENV_VAR as NLI_ENV_VAR
from consistency.judge.nli import NliScorer
from consistency.judge.quantity import different_tolls
from consistency.judge.similarity import RELATED_FLOOR, SAME_FIGURE_REASON, EventMatch, cosine
from consistency.models import Claim, Entity, Judgement

log = logging.getLogger(__name__)

SIMILARITY_FLOOR = 0.55  # FAISS candidates below this cosine are not judged at all (pipeline)
CLASSES = combiner.CLASSES
_CONFLICT_WORDS = frozenset(
    STANCE_WORDS["refute"] + STANCE_WORDS["deny"] + STANCE_WORDS["negation"] + STANCE_WORDS["doubt"]
) | frozenset(["alive", "safe", "despite"])
_HARD_CONFLICTS = ("quantity", "state", "polarity")
CUE_SIMILARITY = 0.65  # refuting words alone ("not", "denied") back the model only this close
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


class Judge:
    """Detectors + learned combiner + the rules above; `nli` optionally adds a cross-encoder's view."""

    def __init__(
        self, model: combiner.Combiner | None = None, nli: NliScorer | None = None, gate_unrelated: bool = True
    ) -> None:
        self.model = model or combiner.load()
        self.nli = nli
        # off only to measure on data known to be about one claim (Emergent): with it on, a pair
        # far apart is `unrelated`, and `agrees` needs the same statement, not just the same story
        self.gate_unrelated = gate_unrelated
        limits = {**combiner.DEFAULT_THRESHOLDS, **self.model.thresholds}
        self.contradicts_min = limits["contradicts_min"]
        # a detector's conflict overrides the model only when the model does not rule it out
        self.polarity_min = limits["polarity_force_min"]
        self.conflict_min = limits["conflict_force_min"]
        self.nli_weight = limits["nli_weight"]

    def judge_pairs(self, pairs: list[Pair]) -> list[Judgement]:
        """Judge every pair in one batch; missing vectors are embedded together, once."""
        if not pairs:
            return []
        old_vecs, new_vecs = _vectors(pairs)
        sims = [_similarity(p, o, n) for p, o, n in zip(pairs, old_vecs, new_vecs, strict=True)]
        signals = [detect(p.old, p.new, s) for p, s in zip(pairs, sims, strict=True)]
        read = [_statements(p) for p in pairs] if self.gate_unrelated else pairs
        feats = [pair_features(p.old, p.new, s) for p, s in zip(read, signals, strict=True)]
        probs = self.model.predict_proba(feats, model_inputs(read, old_vecs, new_vecs))
        nli = self.nli.predict([(p.old.text, p.new.text) for p in pairs]) if self.nli else [None] * len(pairs)
        out = []
        for pair, sig, row, nli_p in zip(pairs, signals, probs, nli, strict=True):
            p = {c: float(row[k]) for k, c in enumerate(CLASSES)}
            if nli_p is not None:
                w = self.nli_weight
                p = {c: (1 - w) * p[c] + w * nli_p.get(c, 0.0) for c in CLASSES}
            out.append(self._decide(pair, sig, p, nli_p))
        return out

    def _decide(self, pair: Pair, sig: Signals, p: dict[str, float], nli_p: dict[str, float] | None) -> Judgement:
        ev = sig.event
        evidence: dict[str, Any] = {
            "old": pair.old.text,
            "new": pair.new.text,
            "similarity": round(ev.similarity, 4),
            "same_event": ev.same_event,
            "shared_entities": ev.shared_entities,
            "findings": [f.to_evidence() for f in _all_findings(sig)],
        }
        if nli_p is not None:
            evidence["nli"] = {k: round(v, 4) for k, v in nli_p.items()}
        probs = {k: round(v, 4) for k, v in p.items()}
        if self.gate_unrelated and not ev.related:
            why = [f.reason for f in ev.findings if f.kind == "same_event" and f.reason.startswith("different")]
            if ev.similarity < RELATED_FLOOR:
                why.insert(0, f"too far apart: similarity {ev.similarity:.2f} < {RELATED_FLOOR}")
            score = _unrelated_score(ev.similarity)
            return Judgement("unrelated", score, why or ["different events"], evidence, {**probs, "unrelated": score})

        silent = next((c for c in (pair.new, pair.old) if c.non_answer), None)
        if silent is not None:  # "would neither confirm nor deny", "declined to comment": asserts nothing
            why = [f"no answer: {silent.text[:80]}", f"similarity {ev.similarity:.2f}"]
            return Judgement("discusses", round(float(min(1.0, sum(p.values()))), 4), why, evidence, probs)

        # only for one kind of event told at two moments ("shares fell" / "shares rose on Monday"):
        # a later plea does not settle the sum in the earlier charge ("340,000" / "430,000 euros")
        same_kind = ev.predicate_match or (sig.state is not None and sig.state.details.get("state_kind") == "direction")
        moved_on = _later_event(pair) if self.gate_unrelated else None
        later = moved_on if same_kind else None
        if later:  # Thursday's "shares fell 4%" and Monday's "shares rose 2%" are two days' news
            score = p["agrees"] + p["discusses"] + p["contradicts"]
            why = [later, f"similarity {ev.similarity:.2f}"]
            return Judgement("discusses", round(float(min(1.0, score)), 4), why, evidence, probs)

        reasons: list[str] = []
        conflicts = [f for f in sig.conflicts() if _licensed(f, ev, pair) and not _only_possible(pair, f)]
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
            if (f.kind in _HARD_CONFLICTS or _earlier_denial(f))
            and p["contradicts"] >= (self.polarity_min if _model_reads(f) else self.conflict_min)
        ]
        top = max(p, key=lambda c: p[c])  # the model's own reading
        relation, score = top, p[top]
        if updates and not hard:
            why = [*reasons, f"similarity {ev.similarity:.2f}"]
            return Judgement("discusses", round(float(min(1.0, sum(p.values()))), 4), why, evidence, probs)
        if hard:
            relation = "contradicts"
            score = max(p["contradicts"], max(f.strength for f in hard))
            reasons += [f.reason for f in conflicts]
        elif relation == "contradicts":
            # refuting words count when the new claim adds them ("no factual basis" in both is a copy)
            # and, on pairs not known to be about one claim, only between close claims
            close = not self.gate_unrelated or (ev.same_event and ev.similarity >= CUE_SIMILARITY)
            # ... and not against an earlier claim that itself rejects ("X denied it was preparing a
            # shipment" / "X is not preparing a shipment" agree)
            rejects = bool(denial_cues(pair.old)) or pair.old.polarity == "negated"
            cue = (
                close
                and not opposite
                and not rejects
                and bool(_CONFLICT_WORDS & (set(words(pair.new.text)) - set(words(pair.old.text))))
            )
            if p["contradicts"] < self.contradicts_min or not (conflicts or cue):
                # an agreement needs some belief of its own: not a contradiction the model half saw
                # ("will not raise income taxes" / "denied it would raise fuel taxes")
                relation = "agrees" if p["agrees"] >= max(p["discusses"], AGREES_AFTER_DOUBT) else "discusses"
                score = p[relation] / max(1e-9, p["agrees"] + p["discusses"]) * (1 - p["contradicts"])
                reasons.append(f"no conflict evidence strong enough (contradicts {p['contradicts']:.2f})")
            else:
                reasons += [f.reason for f in conflicts] or ["refuting words in the new claim"]
        # one story, two different statements ("will scrap the train" / "asked to run it"): related,
        # but no confirmation of each other; or a new claim that only reports the earlier one
        other_statement = self.gate_unrelated and not ev.same_statement
        rejected = both_reject(pair.old, pair.new) if not hard and ev.same_event and ev.predicate_match else None
        if rejected and top != "discusses":  # the model reads the denial words as a dispute
            relation, score = "agrees", p["agrees"] + p["contradicts"]
            reasons = [r for r in reasons if not r.startswith("no conflict evidence")] + [rejected]
        apart = different_tolls(pair.old, pair.new) if relation == "agrees" else None
        if apart:  # "killing nine workers" / "the death toll has risen to 12": neither confirms the other
            relation = "discusses"
            score = p["agrees"] + p["discusses"]
            reasons.append(apart)
        elif relation == "agrees" and (other_statement or sig.hedging is not None):
            relation = "discusses"
            score = p["agrees"] + p["discusses"]  # sure it is not a contradiction, whichever of the two
            if other_statement:
                reasons.append("same story, not the same statement")
            elif sig.hedging is not None:
                reasons.insert(0, sig.hedging.reason)
        elif relation == "discusses" and sig.hedging is not None:
            reasons.insert(0, sig.hedging.reason)
        if relation == "agrees":
            figure = next((f.reason for f in ev.findings if f.reason == SAME_FIGURE_REASON), "same topic")
            reasons.append("same event" if ev.same_event else figure)
        if nli_p is not None:
            top = max(nli_p, key=lambda c: nli_p[c])
            reasons.append(f"nli model: {top} {nli_p[top]:.2f}")
        reasons.append(f"similarity {ev.similarity:.2f}")
        return Judgement(relation, round(float(min(1.0, max(0.0, score))), 4), reasons, evidence, probs)


AGREES_AFTER_DOUBT = 0.2  # the least probability of `agrees` that stands when a contradiction is ruled out


def _licensed(f: Finding, ev: EventMatch, pair: Pair) -> bool:
    """A conflict counts only between claims about one event; a negation only when the two also
    share the action or nearly all their content ("will not change the war" is not "kept out of
    the war"); a count only when both say what something has, or neither does ("the bank has 9
    million customers" is no dispute of "hackers stole the data of 2 million customers")."""
    if not ev.same_event and f.kind != "denial":
        return False
    if f.kind == "polarity":
        return ev.predicate_match or ev.similarity >= POLARITY_SIMILARITY
    if f.kind == "quantity" and ev.similarity < 0.8:
        return (pair.old.predicate in _POSSESSION) == (pair.new.predicate in _POSSESSION)
    return True


_POSSESSION = frozenset("have employ serve count number house host boast own total comprise".split())


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


def _model_reads(f: Finding) -> bool:
    """A negation in the new claim is what the model learned to read (Emergent's claims are all
    affirmative), so there its doubt counts; a negated earlier claim it never saw in training."""
    return f.kind == "polarity" and f.details.get("negated") == "new"


def _statements(pair: Pair) -> Pair:
    """The pair as the model reads it between articles: each claim's proposition, without its frame.

    Emergent, the model's training data, pairs a claim with headlines, where "X says ..." usually
    marks a headline that only reports (`observing`). In articles nearly every sentence ends in
    ", officials said": read as written, the model turned agreements into `discusses` whenever the
    new claim named its source. Distance in the wording ("reportedly", "according to", "claims")
    still counts: the hedging rule and the detectors read the full text."""
    return dataclasses.replace(pair, old=_proposition_only(pair.old), new=_proposition_only(pair.new))


def _proposition_only(claim: Claim) -> Claim:
    """Only a neutral frame ("..., officials said") is dropped: a denial or distancing words stay in view."""
    if not claim.proposition or claim.proposition == claim.text or denial_cues(claim) or distance_level(claim)[0]:
        return claim
    # the frame's hedge goes with it: "fell 2%, according to market data" states what "fell 2%" does
    hedge = "asserted" if claim.hedge == "reported" else claim.hedge
    return dataclasses.replace(claim, text=claim.proposition, hedge=hedge)


def _earlier_denial(f: Finding) -> bool:
    """An earlier claim denied what the new one asserts ("X denied troops crossed" / "troops crossed"):
    the model learned denials only in the new claim (Emergent's claims assert), so the rule reads
    this direction, as it does a negated earlier claim."""
    return f.kind == "denial" and f.details.get("denier") == "old"


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


def model_inputs(pairs: list[Pair], old_vecs: np.ndarray, new_vecs: np.ndarray) -> combiner.Inputs:
    """Stage-1 inputs; the words each new sentence adds are read as mean word vectors, once each."""
    added = [combiner.added_tokens(p.old.text, p.new.text) for p in pairs]
    texts = [" ".join(a) or "." for a in added]
    unique = list(dict.fromkeys(texts))
    from consistency.embeddings import default_embedder

    vecs = default_embedder().encode_words(unique)
    where = {t: i for i, t in enumerate(unique)}
    diff = np.vstack([vecs[where[t]] for t in texts]).astype(np.float64)
    return combiner.Inputs(combiner.embedding_block(old_vecs, new_vecs), diff, [combiner.terms(a) for a in added])


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


@lru_cache(maxsize=4)
def _cached_judge(nli_path: str | None) -> Judge:
    return Judge(nli=NliScorer(nli_path) if nli_path else None)


def default_judge() -> Judge:
    """The packaged judge, loaded once per process; CONSIST_NLI_MODEL adds the NLI slot."""
    return _cached_judge(os.environ.get(NLI_ENV_VAR) or None)


__all__ = ["SIMILARITY_FLOOR", "Judge", "Pair", "claims_from_texts", "default_judge", "judge_texts"]

"""The numbers the learned combiner reads: detector outputs, stance words and claim fields.

Every feature has a name, so the model file says which ones it uses and a reader can see each
weight. Words are general stance vocabulary (refuting, reporting, modal, confirming), never
topic words from a training set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from consistency.judge.denial import denial_conflict, denial_cues
from consistency.judge.evidence import Finding, words
from consistency.judge.hedging import hedge_level, reporting_only
from consistency.judge.polarity import NEGATIONS, polarity_conflict
from consistency.judge.quantity import quantity_conflict
from consistency.judge.similarity import EventMatch, same_event
from consistency.judge.states import state_conflict
from consistency.models import Claim

STANCE_WORDS: dict[str, tuple[str, ...]] = {
    "refute": tuple(
        """fake fakes faked fraud hoax hoaxes false falsely debunk debunked debunks bogus myth untrue lie
        lies lied satire satirical fabricated phony scam prank trolled troll fools fooled fiction nonsense
        baseless groundless misleading retract retracts retracted sigh busted exposed invented fabrication
        hoaxer doctored photoshopped rubbish inaccurate erroneous exaggerated bullshit duped""".split()
    ),
    "deny": tuple(
        "deny denies denied denying dismiss dismisses dismissed rejects rejected refutes refuted slams".split()
    ),
    "negation": tuple(sorted(NEGATIONS)) + ("nope",),
    "doubt": tuple(
        """doubt doubts doubtful skeptical unlikely probably questions questioned questionable dubious
        unconfirmed unverified""".split()
    ),
    "report": tuple(
        """reportedly report reports reported according sources source claims claim claimed says said
        told alleged allegedly purportedly apparently rumor rumors rumour rumours rumored tipped
        speculation suggests appears seems believed analyst analysts experts insider insiders purported
        feared fears suspected possible possibly spotted probe probing investigating""".split()
    ),
    "modal": tuple(
        """may might could would perhaps maybe likely planning plans plan considering consider talks
        discussions mulls weighs eyes expected expects predicted predicts forecast hints set coming""".split()
    ),
    "confirm": tuple(
        """confirm confirms confirmed confirmation official officially authentic authenticates
        authenticated proves proof true real indeed finally verified announces announced reveals
        revealed""".split()
    ),
    "contrast": tuple("despite but however although actually still alive safe fine".split()),
    "question": tuple("what why how who whether truth".split()),
}
_CATEGORY_SETS = {k: frozenset(v) for k, v in STANCE_WORDS.items()}
# Words are separated by required spaces: "(\w+\s*){1,3}" splits one long word in cubic many ways.
_SAYS_TAIL = re.compile(r",\s*(?:\w+\s+){1,4}(says?|claims?|reports?|told)\s*$", re.I)


@dataclass
class Signals:
    """Everything the detectors found for one pair: the model's inputs and the judge's reasons."""

    event: EventMatch
    polarity: Finding | None
    quantity: Finding | None
    state: Finding | None
    denial: Finding | None
    hedging: Finding | None

    def conflicts(self) -> list[Finding]:
        return [f for f in (self.denial, self.quantity, self.state, self.polarity) if f is not None]


def detect(old: Claim, new: Claim, similarity: float) -> Signals:
    """Run every detector once."""
    return Signals(
        event=same_event(old, new, similarity),
        polarity=polarity_conflict(old, new),
        quantity=quantity_conflict(old, new),
        state=state_conflict(old, new),
        denial=denial_conflict(old, new),
        hedging=reporting_only(old, new),
    )


def _strength(f: Finding | None) -> float:
    return f.strength if f is not None else 0.0


def pair_features(old: Claim, new: Claim, signals: Signals, model: dict[str, float]) -> dict[str, float]:
    """Named features of one pair for the combiner: the cross-encoder's probabilities `model`
    (contradiction, entailment, neutral) as log-probabilities, and what the detectors found.
    Stance words are counted by kind (refuting, denying, reporting, ...), never one by one: a
    weight per word fits the training set's phrasing and does not carry to other reporting."""
    text = new.text
    new_t, old_t = words(text), words(old.text)
    new_set, old_set = set(new_t), set(old_t)
    f: dict[str, float] = {f"ce:{k}": float(np.log(max(v, 1e-4))) for k, v in model.items()}
    for cat, ws in _CATEGORY_SETS.items():
        f[f"new_n:{cat}"] = float(min(2, len(ws & new_set)))
        f[f"old_n:{cat}"] = float(min(2, len(ws & old_set)))
    ev = signals.event
    new_level, _ = hedge_level(new)
    old_level, _ = hedge_level(old)
    f.update(
        {
            "question_mark": float("?" in text),
            "says_tail": float(bool(_SAYS_TAIL.search(text))),
            "neg_diff": float(bool(new_set & NEGATIONS)) - float(bool(old_set & NEGATIONS)),
            "new_hedge_level": float(new_level),
            "old_hedge_level": float(old_level),
            "hedge_diff": float(new_level - old_level),
            "new_negated": float(new.polarity == "negated"),
            "old_negated": float(old.polarity == "negated"),
            "new_denial_cues": float(min(2, len(denial_cues(new)))),
            "old_denial_cues": float(min(2, len(denial_cues(old)))),
            "similarity": ev.similarity,
            "overlap": ev.overlap,
            "predicate_match": float(ev.predicate_match),
            "shared_entities": float(min(3, len(ev.shared_entities))),
            "entity_conflict": float(bool(ev.conflicting)),
            "time_conflict": float(ev.time_conflict is not None),
            "same_event": float(ev.same_event),
            "det_polarity": _strength(signals.polarity),
            "det_quantity": _strength(signals.quantity),
            "det_state": _strength(signals.state),
            "det_denial": _strength(signals.denial),
            "det_denial_new": float(bool(signals.denial and signals.denial.details.get("denier") == "new")),
            "det_hedging": _strength(signals.hedging),
        }
    )
    return f

"""The judge: does a new claim agree with, contradict, discuss, or ignore an earlier one?

One entry point, `Judge.judge_pairs`, so the decision can be replaced without touching callers.
First version: agreement unless a conflict signal (one-sided negation, different numbers,
denial words) fires; a new claim that only reports the earlier one discusses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from consistency.models import Claim, Judgement

SIMILARITY_FLOOR = 0.55
_DENIAL = ("denied", "denies", "deny", "false", "groundless", "no factual basis", "has no contact")


@dataclass
class Pair:
    """An earlier claim and a new one, with their proposition vectors (unit length) if known."""

    old: Claim
    new: Claim
    similarity: float
    old_vec: np.ndarray | None = None
    new_vec: np.ndarray | None = None


class Judge:
    def judge_pairs(self, pairs: list[Pair]) -> list[Judgement]:
        return [self._judge(p) for p in pairs]

    def _judge(self, p: Pair) -> Judgement:
        if p.similarity < SIMILARITY_FLOOR:
            return Judgement("unrelated", 1.0 - p.similarity, [f"similarity {p.similarity:.2f}"])
        reasons: list[str] = []
        if p.old.polarity != p.new.polarity:
            reasons.append("negation")
        old_nums = {q.low for q in p.old.quantities}
        new_nums = {q.low for q in p.new.quantities}
        if old_nums and new_nums and not old_nums & new_nums:
            reasons.append(
                "number: "
                + ", ".join(q.text for q in p.new.quantities)
                + " vs "
                + ", ".join(q.text for q in p.old.quantities)
            )
        old_l, new_l = p.old.text.lower(), p.new.text.lower()
        if any(w in new_l for w in _DENIAL) != any(w in old_l for w in _DENIAL):
            reasons.append("denial")
        if reasons:
            return Judgement("contradicts", p.similarity, reasons)
        if p.new.hedge != "asserted" and p.old.hedge == "asserted":
            return Judgement("discusses", p.similarity, ["hedged: " + p.new.hedge])
        return Judgement("agrees", p.similarity, [f"similarity {p.similarity:.2f}"])


@lru_cache(maxsize=1)
def default_judge() -> Judge:
    return Judge()

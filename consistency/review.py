"""What a reviewer walks through: the store's findings grouped under contested claims, most contested first.

`review_queue(store, filters)` reads the recorded relations (SQL here, nothing printed) and returns
values that `consist review` (terminal) and `consist serve` (the browser) show. A claim's rank is
how contested it is: the distinct outlets whose claims contradict it, then those that agree with
it, then its best contradiction score. Each finding (a recorded relation) is listed once, under
the more contested of its two claims, with the later claim on the left as the judge read it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time

from consistency.models import RELATIONS, Match, StoredClaim
from consistency.outlets import outlet_key
from consistency.store import Store
from consistency.verdicts import contradiction_floor, is_rejected, verdict_for, verdicts_between

_RELATIONS_SQL = """
    SELECT r.claim_id, r.other_claim_id, r.relation, r.score, r.reasons, r.similarity, r.evidence
    FROM relations r WHERE r.relation IN ('agrees', 'contradicts', 'discusses')
"""
_OWNERS_SQL = """
    SELECT c.claim_id, a.outlet_key, coalesce(a.published_at, a.added_at)
    FROM claims c JOIN articles a USING (article_id)
    WHERE c.claim_id IN (SELECT unnest(?::BIGINT[]))
"""


@dataclass
class ReviewFilter:
    """Which findings to list. Dates are the articles' (publication, else time of adding); a
    finding passes when either of its two claims is from `outlet` and within the dates."""

    outlet: str | None = None
    relation: str | None = "contradicts"  # None: every relation
    since: date | None = None
    until: date | None = None
    unreviewed: bool = False  # only findings no reviewer has judged yet
    show_rejected: bool = True  # findings judged wrong (or under the floor) too


@dataclass
class ReviewFinding:
    """One recorded relation: `claim` is the later claim; `match.other` the earlier one, with the
    judge's relation, score, reasons and evidence, and the verdict so far (`match.verdict`)."""

    claim: StoredClaim
    match: Match
    note: str | None = None  # the reviewer's note with the verdict

    @property
    def pair(self) -> tuple[int, int]:
        return (int(self.claim.claim.claim_id or 0), int(self.match.other.claim.claim_id or 0))


@dataclass
class ContestedClaim:
    """A claim and the findings listed under it; `opponents` / `supporters` are outlet keys."""

    claim: StoredClaim
    opponents: int
    supporters: int
    findings: list[ReviewFinding] = field(default_factory=list)


@dataclass
class ReviewQueue:
    groups: list[ContestedClaim]
    total_findings: int  # findings that passed the filter (also those past `limit`)
    floor: float  # the store's refitted contradiction floor (0.0: none)


def review_queue(store: Store, filters: ReviewFilter | None = None, *, limit: int = 50) -> ReviewQueue:
    """Findings that pass `filters`, under their most contested claim, most contested first;
    at most `limit` claims."""
    f = filters or ReviewFilter()
    if f.relation is not None and f.relation not in RELATIONS:
        raise ValueError(f"unknown relation {f.relation!r}")
    rows = store.rows(_RELATIONS_SQL)
    ids = sorted({int(i) for r in rows for i in (r[0], r[1])})
    owners = {int(c): (str(k), when) for c, k, when in store.rows(_OWNERS_SQL, [ids])} if ids else {}
    # how contested each claim is, over the whole store (filters choose what is listed, not rank)
    opp: dict[int, set[str]] = {}
    sup: dict[int, set[str]] = {}
    best: dict[int, float] = {}
    for a, b, rel, score, *_ in rows:
        if rel not in ("agrees", "contradicts") or a not in owners or b not in owners:
            continue
        for x, y in ((int(a), int(b)), (int(b), int(a))):
            (opp if rel == "contradicts" else sup).setdefault(x, set()).add(owners[y][0])
            if rel == "contradicts":
                best[x] = max(best.get(x, 0.0), float(score))

    def rank(cid: int) -> tuple[int, int, float, int]:
        return (len(opp.get(cid, ())), len(sup.get(cid, ())), best.get(cid, 0.0), -cid)

    verdicts = verdicts_between(store, [(int(r[0]), int(r[1])) for r in rows])
    floor = contradiction_floor(store)
    want_outlet = outlet_key(f.outlet) if f.outlet else None
    since = datetime.combine(f.since, time.min) if f.since else None
    until = datetime.combine(f.until, time.max) if f.until else None
    passed = []
    for a, b, rel, score, reasons, similarity, evidence in rows:
        a, b = int(a), int(b)
        if a not in owners or b not in owners or (f.relation is not None and rel != f.relation):
            continue
        v = verdict_for(verdicts, a, b, rel)
        if f.unreviewed and v is not None:
            continue
        if not f.show_rejected and is_rejected(rel, float(score), v.verdict if v else None, floor):
            continue
        sides = (owners[a], owners[b])
        if want_outlet is not None and all(k != want_outlet for k, _ in sides):
            continue
        if (since or until) and not any(
            w is not None and (since is None or w >= since) and (until is None or w <= until) for _, w in sides
        ):
            continue
        passed.append((a, b, rel, float(score), reasons, similarity, evidence))
    passed.sort(key=lambda p: (max(rank(p[0]), rank(p[1])), p[3]), reverse=True)
    groups: dict[int, list[tuple]] = {}
    for p in passed:
        head = max(p[0], p[1], key=rank)
        if head not in groups and len(groups) >= limit:
            continue
        groups.setdefault(head, []).append(p)
    stored = store.stored_claims(sorted({i for ps in groups.values() for p in ps for i in (p[0], p[1])}))
    out = []
    for head, found in groups.items():
        group = ContestedClaim(stored[head], len(opp.get(head, ())), len(sup.get(head, ())))
        for a, b, rel, score, reasons, similarity, evidence in found:
            v = verdict_for(verdicts, a, b, rel)
            m = Match(rel, score, list(reasons or []), float(similarity or 0.0), stored[b], _evidence(evidence))
            m.verdict = v.verdict if v else None
            m.below_floor = rel == "contradicts" and score < floor and m.verdict != "right"
            group.findings.append(ReviewFinding(stored[a], m, v.note if v else None))
        out.append(group)
    return ReviewQueue(out, len(passed), floor)


def _evidence(raw: object) -> dict:
    if isinstance(raw, dict):
        return raw
    try:
        data = json.loads(str(raw)) if raw else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def outlets(store: Store) -> list[str]:
    """Every outlet's display name, for a filter's choices."""
    return sorted(
        (str(r[0]) for r in store.rows("SELECT mode(outlet) FROM articles GROUP BY outlet_key")), key=str.lower
    )

"""The store seen whole: most contested claims, outlet x outlet relations, first reporters, a timeline.

`overview(store)` reads the recorded relations and credits (SQL here, nothing printed) and
returns values `consist report` renders. A claim's sides are one hop wide: the outlets whose
claims agree with it (its own outlet included) against those whose claims contradict it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from consistency.outlets import outlet_key
from consistency.store import Store

_RELATION_SQL = """
    SELECT r.claim_id, r.other_claim_id, r.relation, r.score
    FROM relations r
    WHERE r.relation IN ('agrees', 'contradicts', 'discusses') AND r.score >= ?
"""
_CLAIMS_SQL = """
    SELECT c.claim_id, c.text, c.speaker, c.hedge, a.article_id, a.outlet, a.outlet_key, a.title,
           a.published_at, a.added_at, a.url
    FROM claims c JOIN articles a USING (article_id)
    WHERE c.claim_id IN (SELECT unnest(?::BIGINT[]))
"""
_OUTLET_NAMES_SQL = "SELECT outlet_key, mode(outlet), count(*) FROM articles GROUP BY outlet_key"
_CREDITS_SQL = """
    SELECT credited_outlet, kind, is_first, tie, undated, count(*), count(DISTINCT article_id)
    FROM credits GROUP BY ALL
"""


@dataclass
class ClaimRef:
    """A stored claim with the article facts a report shows next to it."""

    claim_id: int
    text: str
    speaker: str | None
    hedge: str
    article_id: int
    outlet: str
    outlet_key: str
    title: str | None
    published_at: datetime | None
    added_at: datetime | None
    url: str | None

    @property
    def when(self) -> datetime | None:
        """Publication time, or the time it was added when the article carries no date."""
        return self.published_at or self.added_at


@dataclass
class Contested:
    """A claim with outlets on both sides of it."""

    claim: ClaimRef
    supporters: list[str]  # outlet display names, the claim's own first
    opponents: list[str]
    contradicting: list[ClaimRef]  # one claim per opposing outlet, best score first
    first: str | None  # the earliest dated supporter
    # a reviewer's verdict on each of `contradicting` against the claim (verdicts.py), or None
    contradicting_verdicts: list[str | None] = field(default_factory=list)


@dataclass
class OutletMatrix:
    """Symmetric counts of agreeing and contradicting claim pairs between outlets."""

    outlets: list[str]
    agrees: list[list[int]]
    contradicts: list[list[int]]


@dataclass
class FirstReporter:
    outlet: str
    earliest: int = 0  # claims on which it published first among agreeing outlets
    earliest_ties: int = 0
    earliest_undated: int = 0  # ranked by time of adding, no dates known
    explicit: int = 0  # times another article named it as the source
    explicit_first: int = 0  # ... and said it was first
    credited_by: int = 0  # articles crediting it explicitly


@dataclass
class TimelineEntry:
    claim: ClaimRef
    relation: str  # seed | agrees | contradicts | discusses (relation to the seed claim)
    score: float | None
    dated: bool
    verdict: str | None = None  # a reviewer's verdict on the pair (seed, this claim)


@dataclass
class Overview:
    articles: int
    claims: int
    outlets: int
    min_score: float
    contested: list[Contested]
    matrix: OutletMatrix
    first_reporters: list[FirstReporter]
    timeline_seed: ClaimRef | None = None
    timeline: list[TimelineEntry] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def load_claims(store: Store, ids: list[int]) -> dict[int, ClaimRef]:
    if not ids:
        return {}
    rows = store.rows(_CLAIMS_SQL, [sorted(set(ids))])
    return {
        int(r[0]): ClaimRef(int(r[0]), r[1], r[2], r[3], int(r[4]), r[5], r[6], r[7], r[8], r[9], r[10]) for r in rows
    }


def overview(
    store: Store, *, top: int = 10, claim_id: int | None = None, min_score: float = 0.0, show_rejected: bool = False
) -> Overview:
    """Aggregate the store's recorded relations and credits; `claim_id` picks the timeline's claim.

    Relations a reviewer judged wrong, and contradictions under the store's refitted floor, are
    left out unless `show_rejected` (see verdicts.py)."""
    from consistency.verdicts import contradiction_floor, is_rejected, verdict_for, verdicts_between

    names = {k: n for k, n, _ in store.rows(_OUTLET_NAMES_SQL)}
    counts = store.counts()
    edges = [(int(a), int(b), rel, float(s)) for a, b, rel, s in store.rows(_RELATION_SQL, [min_score])]
    found = verdicts_between(store, [(a, b) for a, b, _, _ in edges])
    # a verdict speaks of the relation it was given on (see verdicts.verdict_for)
    verdict = {(a, b): v.verdict for a, b, rel, _ in edges if (v := verdict_for(found, a, b, rel)) is not None}
    verdict.update({(b, a): w for (a, b), w in list(verdict.items())})
    if not show_rejected:
        floor = contradiction_floor(store)
        edges = [e for e in edges if not is_rejected(e[2], e[3], verdict.get((e[0], e[1])), floor)]
    refs = load_claims(store, [i for a, b, _, _ in edges for i in (a, b)] + ([claim_id] if claim_id else []))
    contested = _contested(edges, refs, names, top)
    for c in contested:
        c.contradicting_verdicts = [verdict.get((c.claim.claim_id, r.claim_id)) for r in c.contradicting]
    seed = refs.get(claim_id) if claim_id is not None else None
    if seed is None and claim_id is None:
        seed = contested[0].claim if contested else _busiest(edges, refs)
    timeline = _timeline(seed, edges, refs) if seed else []
    for e in timeline:
        if seed is not None and e.relation != "seed":
            e.verdict = verdict.get((seed.claim_id, e.claim.claim_id))
    return Overview(
        articles=counts["articles"],
        claims=counts["claims"],
        outlets=len(names),
        min_score=min_score,
        contested=contested,
        matrix=_matrix(edges, refs, names),
        first_reporters=_first_reporters(store, names),
        timeline_seed=seed,
        timeline=timeline,
    )


def _neighbours(edges: list[tuple[int, int, str, float]]) -> dict[int, dict[str, dict[int, float]]]:
    out: dict[int, dict[str, dict[int, float]]] = {}
    for a, b, rel, score in edges:
        for x, y in ((a, b), (b, a)):
            best = out.setdefault(x, {}).setdefault(rel, {})
            best[y] = max(score, best.get(y, 0.0))
    return out


def _contested(
    edges: list[tuple[int, int, str, float]], refs: dict[int, ClaimRef], names: dict[str, str], top: int
) -> list[Contested]:
    near = _neighbours(edges)
    ranked = []
    for cid, rels in near.items():
        if cid not in refs or not rels.get("contradicts"):
            continue
        own = refs[cid].outlet_key
        sup = {own} | {refs[o].outlet_key for o in rels.get("agrees", {}) if o in refs}
        opp = {refs[o].outlet_key for o in rels["contradicts"] if o in refs} - {own}
        if not opp:
            continue
        ranked.append((min(len(sup), len(opp)), len(sup) + len(opp), -cid, cid, sup, opp))
    ranked.sort(reverse=True)
    out: list[Contested] = []
    covered: set[int] = set()
    seen_text: set[str] = set()
    for _, _, _, cid, sup, opp in ranked:
        text = _norm(refs[cid].text)
        if cid in covered or text in seen_text:
            continue
        covered |= {cid} | set(near[cid].get("agrees", {}))
        seen_text.add(text)
        against: dict[str, ClaimRef] = {}
        for other, _score in sorted(near[cid]["contradicts"].items(), key=lambda kv: -kv[1]):
            if other in refs and refs[other].outlet_key in opp:
                against.setdefault(refs[other].outlet_key, refs[other])
        supporters = [refs[cid]] + [refs[o] for o in near[cid].get("agrees", {}) if o in refs]
        dated = sorted((r for r in supporters if r.published_at), key=lambda r: r.published_at or datetime.min)
        own = refs[cid].outlet_key
        out.append(
            Contested(
                claim=refs[cid],
                supporters=[names.get(own, own)] + sorted(names.get(k, k) for k in sup - {own}),
                opponents=sorted(names.get(k, k) for k in opp),
                contradicting=list(against.values()),
                first=names.get(dated[0].outlet_key, dated[0].outlet) if dated else None,
            )
        )
        if len(out) == top:
            break
    return out


def _busiest(edges: list[tuple[int, int, str, float]], refs: dict[int, ClaimRef]) -> ClaimRef | None:
    degree: dict[int, int] = {}
    for a, b, _, _ in edges:
        for x in (a, b):
            degree[x] = degree.get(x, 0) + 1
    best = sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))
    return refs.get(best[0][0]) if best else None


def _matrix(edges: list[tuple[int, int, str, float]], refs: dict[int, ClaimRef], names: dict[str, str]) -> OutletMatrix:
    keys = sorted(names, key=lambda k: names[k].lower())
    pos = {k: i for i, k in enumerate(keys)}
    n = len(keys)
    agrees = [[0] * n for _ in range(n)]
    contradicts = [[0] * n for _ in range(n)]
    for a, b, rel, _ in edges:
        if rel not in ("agrees", "contradicts") or a not in refs or b not in refs:
            continue
        i, j = pos.get(refs[a].outlet_key), pos.get(refs[b].outlet_key)
        if i is None or j is None or i == j:
            continue
        grid = agrees if rel == "agrees" else contradicts
        grid[i][j] += 1
        grid[j][i] += 1
    return OutletMatrix([names[k] for k in keys], agrees, contradicts)


def _first_reporters(store: Store, names: dict[str, str]) -> list[FirstReporter]:
    table: dict[str, FirstReporter] = {}
    for outlet, kind, first, tie, undated, n, articles in store.rows(_CREDITS_SQL):
        key = outlet_key(outlet)
        row = table.setdefault(key, FirstReporter(names.get(key, outlet)))
        if kind == "explicit":
            row.explicit += n
            row.credited_by += articles
            if first:
                row.explicit_first += n
        elif undated:
            row.earliest_undated += n
        else:
            row.earliest += n
            if tie:
                row.earliest_ties += n
    return sorted(table.values(), key=lambda r: (-(r.explicit_first + r.earliest), -r.explicit, r.outlet.lower()))


def _timeline(
    seed: ClaimRef, edges: list[tuple[int, int, str, float]], refs: dict[int, ClaimRef]
) -> list[TimelineEntry]:
    """The seed claim and every claim recorded as related to it, one per article and relation, by time."""
    best: dict[tuple[int, str], TimelineEntry] = {}
    for a, b, rel, score in edges:
        if seed.claim_id not in (a, b):
            continue
        other = refs.get(b if a == seed.claim_id else a)
        if other is None or other.article_id == seed.article_id:
            continue
        key = (other.article_id, rel)
        if key not in best or (best[key].score or 0) < score:
            best[key] = TimelineEntry(other, rel, score, other.published_at is not None)
    entries = [TimelineEntry(seed, "seed", None, seed.published_at is not None), *best.values()]
    entries.sort(key=lambda e: (e.claim.when or datetime.max, e.claim.claim_id))
    return entries

"""The one-way flow: article -> claims -> vectors -> candidates -> judge -> credits -> store.

`check_article` and `add_paths` are what the CLI calls; both return values, never print.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from consistency import copies, credit
from consistency.articles import ReadFailure, iter_articles, read_article
from consistency.claims import extract_claims_many
from consistency.embeddings import Embedder, default_embedder
from consistency.judge import SIMILARITY_FLOOR, Judge, Pair, default_judge
from consistency.language import READABLE
from consistency.models import Article, CheckResult, Claim, ClaimResult, Match
from consistency.outlets import outlet_key
from consistency.store import Store

SEARCH_K = 32  # FAISS neighbours fetched per claim, before dropping the same outlet
MATCHES_PER_CLAIM = 8  # candidates judged per claim
BATCH_ARTICLES = 16  # articles parsed and embedded together in `add`
SAVE_EVERY = 200  # articles between FAISS file writes during a long `add`


@dataclass
class Engine:
    """The models a run uses; tests and the `--nli-model` option swap parts."""

    embedder: Embedder = field(default_factory=default_embedder)
    judge: Judge = field(default_factory=default_judge)


def check_file(path: Path | str, store: Store, *, dry_run: bool = False, engine: Engine | None = None) -> CheckResult:
    return check_article(read_article(path), store, dry_run=dry_run, engine=engine)


def check_article(
    article: Article, store: Store, *, dry_run: bool = False, engine: Engine | None = None
) -> CheckResult:
    engine = engine or Engine()
    claims = _extract([article])[0]
    vectors = engine.embedder.encode([c.proposition for c in claims])
    return _process(article, claims, vectors, store, engine, dry_run=dry_run)


def _extract(articles: list[Article]) -> list[list[Claim]]:
    """Claims per article; none for an article in another language (the extractor reads English only)."""
    readable = [a for a in articles if a.language in READABLE]
    found = iter(extract_claims_many([(a.body, a.published_at) for a in readable]))
    return [next(found) if a.language in READABLE else [] for a in articles]


def _process(
    article: Article, claims: list[Claim], vectors: np.ndarray, store: Store, engine: Engine, *, dry_run: bool
) -> CheckResult:
    existing = store.article_id_by_hash(article.content_hash)
    neighbours = store.index.search(vectors, max(SEARCH_K, copies.SEARCH_K)) if len(vectors) else None
    results = match_claims(
        article, claims, vectors, store, engine.judge, exclude_article=existing, neighbours=neighbours
    )
    copy_of = copies.detect_copy(article, claims, vectors, store, exclude_article=existing, neighbours=neighbours)
    credits = credit.credit_article(article, claims, results, store, copy_of)
    result = CheckResult(
        article=article,
        claims=results,
        credits=credits,
        copy_of=copy_of,
        article_id=existing,
        already_stored=existing is not None,
        dry_run=dry_run,
    )
    if not dry_run and existing is None:
        result.article_id = store.add_article(article, claims, vectors, [r.matches for r in results], credits, copy_of)
    result.summary = summarize(result)
    return result


def match_claims(
    article: Article,
    claims: list[Claim],
    vectors: np.ndarray,
    store: Store,
    judge: Judge,
    *,
    exclude_article: int | None = None,
    neighbours: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[ClaimResult]:
    """Each claim against its nearest earlier claims from other outlets, judged.

    `neighbours` is a FAISS (similarities, ids) result for `vectors`, when the caller has one."""
    results = [ClaimResult(c) for c in claims]
    if not claims or store.index.ntotal == 0:
        return results
    sims, ids = neighbours if neighbours is not None else store.index.search(vectors, SEARCH_K)
    flat = sorted({int(i) for i in ids.ravel() if i >= 0})
    owners = store.claim_outlet_keys(flat)
    own = outlet_key(article.outlet)
    chosen: list[list[tuple[int, float]]] = []
    for row_ids, row_sims in zip(ids, sims, strict=True):
        keep = []
        for cid, sim in zip(row_ids, row_sims, strict=True):
            owner = owners.get(int(cid))
            if owner is None or owner[0] == own or owner[1] == exclude_article or sim < SIMILARITY_FLOOR:
                continue
            keep.append((int(cid), float(sim)))
            if len(keep) == MATCHES_PER_CLAIM:
                break
        chosen.append(keep)
    wanted = sorted({cid for row in chosen for cid, _ in row})
    stored = store.stored_claims(wanted)
    old_vecs = dict(zip(wanted, store.vectors(np.array(wanted, dtype=np.int64)), strict=True))
    pairs: list[Pair] = []
    where: list[tuple[int, int, float]] = []
    for qi, row in enumerate(chosen):
        if claims[qi].non_answer:
            continue  # "declined to comment" asserts nothing: neither agreement nor contradiction
        for cid, sim in row:
            if stored[cid].claim.non_answer:
                continue
            pairs.append(Pair(stored[cid].claim, claims[qi], sim, old_vecs[cid], vectors[qi]))
            where.append((qi, cid, sim))
    for (qi, cid, sim), verdict in zip(where, judge.judge_pairs(pairs), strict=True):
        if verdict.relation == "unrelated":
            continue
        results[qi].matches.append(
            Match(verdict.relation, verdict.score, verdict.reasons, sim, stored[cid], verdict.evidence)
        )
    for r in results:
        r.matches.sort(key=lambda m: (-m.score, -m.similarity))
    return results


def summarize(result: CheckResult) -> dict[str, int]:
    counts = {"claims": len(result.claims), "claims_with_findings": 0, "agreements": 0, "contradictions": 0,
              "discussions": 0, "credits": len(result.credits)}  # fmt: skip
    key = {"agrees": "agreements", "contradicts": "contradictions", "discusses": "discussions"}
    for r in result.claims:
        if r.matches:
            counts["claims_with_findings"] += 1
        for m in r.matches:
            counts[key[m.relation]] += 1
    return counts


@dataclass
class AddEvent:
    """One file (or feed line) handled by `add_paths`: a result or a failure."""

    path: str
    result: CheckResult | None = None
    error: str | None = None


def add_paths(paths: Iterable[Path], store: Store, *, engine: Engine | None = None) -> Iterator[AddEvent]:
    """Stream articles into the store in batches; each article commits on its own."""
    engine = engine or Engine()
    batch: list[Article] = []
    done = 0

    def flush() -> Iterator[AddEvent]:
        nonlocal done
        fresh: list[Article] = []
        stale: list[Article] = []
        seen: set[str] = set()
        for a in batch:
            known = a.content_hash in seen or store.article_id_by_hash(a.content_hash) is not None
            (stale if known else fresh).append(a)
            seen.add(a.content_hash)
        for article in stale:
            yield AddEvent(article.source_path or "", CheckResult(article, [], [], already_stored=True))
        all_claims = _extract(fresh)
        flat = [c.proposition for claims in all_claims for c in claims]
        vectors = engine.embedder.encode(flat)
        start = 0
        for article, claims in zip(fresh, all_claims, strict=True):
            vecs = vectors[start : start + len(claims)]
            start += len(claims)
            yield AddEvent(article.source_path or "", _process(article, claims, vecs, store, engine, dry_run=False))
            done += 1
            if done % SAVE_EVERY == 0:
                store.save_index()
        batch.clear()

    for item in iter_articles(list(paths)):
        if isinstance(item, ReadFailure):
            yield AddEvent(str(item.path), error=item.message)
            continue
        batch.append(item)
        if len(batch) >= BATCH_ARTICLES:
            yield from flush()
    if batch:
        yield from flush()
    store.save_index()

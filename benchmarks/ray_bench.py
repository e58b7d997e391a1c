"""`consist add` against `consist add --ray` with 1, 2, ... workers, on the same synthetic corpus.

    python benchmarks/ray_bench.py                       # 120 articles; local, then Ray with 1 and 2 workers
    python benchmarks/ray_bench.py --articles 60 --workers 1,2,4 --json out.json

Each run ingests the corpus into a new store in this process, the models already loaded (their
start-up is timed apart: a local `add` loads them once, each Ray worker loads its own). For the
Ray runs it also measures the single writer, this process: the wall time it spends on its own
work (reading files, finding candidates in the look-ahead, copies, credits, DuckDB) rather than
waiting for the workers, and its CPU time. Claims per CPU second of the writer is the ingest rate
beyond which more workers add nothing. At the end every run's tables are compared with the local
one's. `--local-one-thread` adds a local run with the judge on one thread, as a Ray worker runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402


@contextmanager
def timing(owner: Any, name: str, spent: dict[str, float]) -> Iterator[None]:
    """Add the seconds spent in `owner.name` to spent[name] while inside."""
    real: Callable[..., Any] = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start

    setattr(owner, name, timed)
    try:
        yield
    finally:
        setattr(owner, name, real)


def tables(directory: Path) -> dict[str, list[tuple[Any, ...]]]:
    from consistency.store import Store

    with Store.open(directory, read_only=True) as store:
        out = {}
        for (table,) in store.rows("SELECT table_name FROM information_schema.tables ORDER BY 1"):
            columns = [f'"{r[0]}"' for r in store.rows(f"DESCRIBE {table}") if r[0] not in ("added_at", "applied_at")]
            out[table] = store.rows(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL")
        return out


def run_local(corpus: Path, store_dir: Path, judge_threads: int | None = None) -> dict[str, Any]:
    """`judge_threads`: the cross-encoder's threads (CONSIST_JUDGE_THREADS); None: onnxruntime's
    default, one per core, as `consist add` runs."""
    from consistency import pipeline
    from consistency.embeddings import Embedder, nlp
    from consistency.judge import Judge
    from consistency.judge.crossencoder import CrossEncoder
    from consistency.store import Store

    start = time.perf_counter()
    before = os.environ.pop("CONSIST_JUDGE_THREADS", None)
    if judge_threads is not None:
        os.environ["CONSIST_JUDGE_THREADS"] = str(judge_threads)
    try:
        nlp(), Embedder().encode(["warm"])
        judge = Judge(crossencoder=CrossEncoder())
    finally:
        os.environ.pop("CONSIST_JUDGE_THREADS", None)
        if before is not None:
            os.environ["CONSIST_JUDGE_THREADS"] = before
    models = time.perf_counter() - start
    engine = pipeline.Engine(embedder=Embedder(), judge=judge)  # a new embedder, as in a new process
    cpu = time.process_time()
    start = time.perf_counter()
    with Store.open(store_dir) as store:
        events = list(pipeline.add_paths([corpus], store, engine=engine))
        counts = store.counts()
    wall = time.perf_counter() - start
    assert all(e.error is None for e in events)
    name = "local add" if judge_threads is None else f"local, judge {judge_threads}t"
    return {"run": name, "startup_s": models, "wall_s": wall, "cpu_s": time.process_time() - cpu, **counts}


def run_ray(corpus: Path, store_dir: Path, workers: int) -> dict[str, Any]:
    from consistency import pipeline
    from consistency.ray_ingest import Lookahead, Workers, add_paths_ray
    from consistency.store import Store

    spent: dict[str, float] = {}
    start = time.perf_counter()
    with Workers(count=workers) as pool:
        startup = time.perf_counter() - start
        cpu = time.process_time()
        start = time.perf_counter()
        with (
            timing(Workers, "get", spent),
            timing(pipeline, "candidates", spent),
            timing(pipeline, "search_neighbours", spent),
            timing(pipeline, "record", spent),
            timing(Lookahead, "reserve", spent),
            Store.open(store_dir) as store,
        ):
            events = list(add_paths_ray([corpus], store, pool))
            counts = store.counts()
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu
    assert all(e.error is None for e in events)
    waited = spent.pop("get")
    return {
        "run": f"--ray, {workers} worker{'s' if workers > 1 else ''}",
        "workers": workers,
        "startup_s": startup,
        "wall_s": wall,
        "cpu_s": cpu,
        "writer_s": wall - waited,  # this process at work: everything but waiting for the workers
        "waited_s": waited,
        "writer_parts_s": spent,
        **counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--no-local", action="store_true", help="only the Ray runs (no tables compared)")
    parser.add_argument(
        "--local-one-thread",
        action="store_true",
        help="also a local add with the judge on one thread, as each Ray worker runs it",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="consist-ray-bench-"))
    try:
        corpus = work / "corpus"
        synth.write_corpus(corpus, args.articles)
        cpu = platform.processor() or platform.machine()
        print(f"{args.articles} synthetic articles; {os.cpu_count()} CPUs; {cpu}")
        print(f"load average at start: {os.getloadavg()[0]:.2f}")
        runs = [] if args.no_local else [run_local(corpus, work / "local")]
        if args.local_one_thread:
            runs.append(run_local(corpus, work / "local1", judge_threads=1))
        for n in [int(x) for x in args.workers.split(",") if x]:
            runs.append(run_ray(corpus, work / f"ray{n}", n))
        reference = None if args.no_local else tables(work / "local")
        print(f"\n{'run':<20}{'start-up s':>11}{'add s':>8}{'claims/s':>10}{'articles/s':>11}{'CPU s here':>11}")
        for r in runs:
            r["claims_per_s"] = r["claims"] / r["wall_s"]
            print(f"{r['run']:<20}{r['startup_s']:>11.1f}{r['wall_s']:>8.1f}{r['claims_per_s']:>10.1f}"
                  f"{r['articles'] / r['wall_s']:>11.2f}{r['cpu_s']:>11.1f}")  # fmt: skip
        print("\nthe single writer (this process): busy = not waiting for workers (wall time, shared cores);")
        print("CPU = this process's CPU time (the writer, and Ray's client threads); rate = claims / CPU s")
        ray_runs = [r for r in runs if "workers" in r]
        for r in ray_runs:
            r["writer_claims_per_s"] = r["claims"] / r["cpu_s"]
            r["writer_articles_per_s"] = r["articles"] / r["cpu_s"]
            parts = ", ".join(f"{k} {v:.1f} s" for k, v in sorted(r["writer_parts_s"].items()))
            print(f"  {r['run']}: busy {r['writer_s']:.1f} s of {r['wall_s']:.1f} s ({parts}); CPU {r['cpu_s']:.1f} s: "
                  f"{r['writer_claims_per_s']:.0f} claims/s = {r['writer_articles_per_s']:.1f} articles/s")  # fmt: skip
            if reference is not None:
                r["same_tables"] = tables(work / f"ray{r['workers']}") == reference
        if reference is not None:
            print("tables the same as the local add's:", all(r["same_tables"] for r in ray_runs))
        print(f"load average at end: {os.getloadavg()[0]:.2f}")
        if args.json:
            args.json.write_text(json.dumps(runs, indent=2, default=str))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

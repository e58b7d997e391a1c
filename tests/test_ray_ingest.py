"""`consist add --ray`: a local Ray cluster of two workers records what a plain `add` records.

Real models, DuckDB and FAISS on both sides. The tables are compared whole, every column but the
times a row was written (`added_at`, `applied_at`): vectors, scores and evidence bit for bit.
Skipped, with the reason, where Ray is not installed or cannot start (but for the test of what
`--ray` says without Ray).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from consistency import index as index_module
from consistency import pipeline
from consistency.cli import app
from consistency.embeddings import Embedder
from consistency.ray_ingest import Workers, add_paths_ray  # (imports Ray only when asked to run on it)
from consistency.store import Store
from tests.conftest import CORPUS, ROOT

ARTICLES = 40
RUN_TIMES = {"added_at", "applied_at"}  # when a row was written: the only columns two runs may differ in


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A local Ray instance (the `ray` module): two workers for the module's pool, and room for
    the CLI's own one."""
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'consist[ray]')")
    try:
        ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    except Exception as exc:  # no shared memory, no ports, a sandbox: nothing of ours to test there
        pytest.skip(f"Ray cannot start here: {exc}")
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def workers(cluster: Any) -> Iterator[Workers]:
    with Workers(count=2) as pool:
        yield pool


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-article corpus from our generator: many outlets telling the same stories, some disputed."""
    folder = tmp_path_factory.mktemp("synth")
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "synth.py"), str(folder), "--articles", str(ARTICLES)],
        check=True,
        capture_output=True,
    )
    return folder


def _add(paths: list[Path], directory: Path) -> list[tuple[str, Any]]:
    """A plain `add` as in a new process: an embedder that remembers nothing yet."""
    engine = pipeline.Engine(embedder=Embedder())
    with Store.open(directory) as store:
        return _told(pipeline.add_paths(paths, store, engine=engine))


def _add_ray(paths: list[Path], directory: Path, workers: Workers, **kwargs: Any) -> list[tuple[str, Any]]:
    with Store.open(directory) as store:
        return _told(add_paths_ray(paths, store, workers, **kwargs))


def _told(events: Iterator[pipeline.AddEvent]) -> list[tuple[str, Any]]:
    """What each event tells: the file, and its error or its counts."""
    return [(e.path, e.error if e.result is None else (e.result.already_stored, e.result.summary)) for e in events]


def _tables(directory: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table, every row, every column but the run times; and the ids FAISS holds."""
    with Store.open(directory, read_only=True) as store:
        out = {}
        for (table,) in store.rows("SELECT table_name FROM information_schema.tables ORDER BY 1"):
            columns = [f'"{r[0]}"' for r in store.rows(f"DESCRIBE {table}") if r[0] not in RUN_TIMES]
            out[table] = store.rows(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL")
        out["faiss ids"] = [(int(i),) for i in store.index.ids()]
    return out


def _same(local: Path, distributed: Path) -> None:
    one, other = _tables(local), _tables(distributed)
    assert one.keys() == other.keys()
    for table in one:
        assert len(one[table]) == len(other[table]), table
        assert one[table] == other[table], table


@pytest.fixture(scope="module")
def plain(synth: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, Any]]]:
    directory = tmp_path_factory.mktemp("plain") / "store"
    return directory, _add([synth], directory)


def test_ray_add_records_what_add_records(
    workers: Workers, synth: Path, plain: tuple[Path, list[tuple[str, Any]]], tmp_path: Path
) -> None:
    local, told = plain
    assert len(told) == ARTICLES
    told_ray = _add_ray([synth], tmp_path / "ray", workers)
    assert told_ray == told  # the same files, in the same order, with the same counts
    _same(local, tmp_path / "ray")
    tables = _tables(tmp_path / "ray")
    assert len(tables["claims"]) > 100 and len(tables["relations"]) > 500 and tables["credits"]


def test_a_worker_killed_mid_run_loses_nothing_and_records_nothing_twice(
    cluster: Any, workers: Workers, synth: Path, plain: tuple[Path, list[tuple[str, Any]]], tmp_path: Path
) -> None:
    """SIGKILL one worker's process while it holds work: Ray starts it again and runs its calls
    again; nothing it did had been recorded, and the writer records each article once."""
    local, told = plain
    victim = workers.pids[0]
    killed: list[int] = []

    def kill_once(progress: pipeline.AddProgress) -> None:
        if not killed:  # the writer is at the first article: every batch is in flight, on both workers
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    told_ray = _add_ray([synth], tmp_path / "ray", workers, on_progress=kill_once)
    assert killed
    assert cluster.get(workers.actors[0].ready.remote()) != victim  # it did die, and was started again
    assert told_ray == told
    _same(local, tmp_path / "ray")


def test_a_rebuilt_index_mid_run_is_looked_ahead_in_too(
    workers: Workers, synth: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`add` rebuilds the store's FAISS index when the store outgrows its type (at a save): the
    articles after it are matched against the rebuilt index, so the look-ahead waits for it."""
    monkeypatch.setattr(index_module, "APPROX_THRESHOLD", 60)  # flat up to 60 claims, then IVF
    monkeypatch.setattr(pipeline, "SAVE_EVERY", 8)
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 8)
    paths = sorted(synth.glob("*.txt"))[:24]
    told = _add(paths, tmp_path / "plain")
    assert _add_ray(paths, tmp_path / "ray", workers) == told
    with Store.open(tmp_path / "ray", read_only=True) as store:
        assert store.index.kind == index_module.IVF_SQ8  # it was rebuilt on the way
    _same(tmp_path / "plain", tmp_path / "ray")


def test_cli_add_ray_into_a_store_that_holds_articles(cluster: Any, tmp_path: Path) -> None:
    """`consist add PATH --ray` starts its own worker on the Ray this process runs (a new process
    starts a local one), and adds to a store as a plain `add` does: the articles it holds are
    skipped, the new ones matched against them (a copy of one found)."""
    from typer.testing import CliRunner

    first = sorted(CORPUS.glob("*.txt"))[:2]
    for store in ("plain", "ray"):
        _add(first, tmp_path / store)
    told = _add([CORPUS], tmp_path / "plain")
    result = CliRunner().invoke(app, ["add", "--ray", str(CORPUS), "--workers", "1", "-q", "--index-dir",
                                      str(tmp_path / "ray")])  # fmt: skip
    assert result.exit_code == 0, result.output
    fresh = [counts for _, counts in told if not counts[0]]
    claims = sum(counts[1]["claims"] for counts in fresh)
    assert result.stdout.splitlines()[-1].startswith(f"{len(fresh)} added, 2 already stored, 0 failed; {claims} claims")
    assert _tables(tmp_path / "ray")["copies"]
    _same(tmp_path / "plain", tmp_path / "ray")


def test_without_ray_the_cli_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails, as where it is not installed
    result = CliRunner().invoke(app, ["add", str(CORPUS), "--ray", "--index-dir", str(tmp_path / "s")])
    assert result.exit_code == 7
    assert result.stderr.strip().splitlines()[-1] == "consist: error: --ray needs Ray: pip install 'consist[ray]'"
    assert not (tmp_path / "s").exists()  # nothing was opened or created

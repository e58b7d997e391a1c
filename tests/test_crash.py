"""SIGKILL `consist add` at random moments: the store still opens, is consistent, and re-adding
the same files finishes the work without duplicates."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from consistency.articles import read_article
from consistency.doctor import check_store
from consistency.store import Store
from tests.conftest import CORPUS

KILLS = 4
CONSIST = [sys.executable, "-c", "from consistency.cli import main; main()"]
BUDGET_S = 80


def _articles(folder: Path) -> int:
    """The corpus, plus each corpus article again under other outlets: more commits to interrupt."""
    folder.mkdir()
    n = 0
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text()
        (folder / path.name).write_text(text)
        n += 1
        body = text.split("\n\n", 1)[1] if text.startswith("Title:") else text
        for k in range(1):
            (folder / f"{path.stem}-copy{k}.txt").write_text(f"Outlet: Crash Test Wire {k}\n\n{body}")
            n += 1
    return n


def _start(store: Path, folder: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "CONSIST_LOCK_TIMEOUT": "30"}
    return subprocess.Popen(
        [*CONSIST, "--index-dir", str(store), "add", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


@pytest.mark.slow
def test_sigkill_during_add_loses_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    n_files = _articles(folder)
    store = tmp_path / "store"
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    deadline = time.monotonic() + BUDGET_S
    kills = 0
    for _ in range(KILLS):
        proc = _start(store, folder)
        added = threading.Event()
        target = rng.randint(1, 3)  # kill after this many new articles, plus a random fraction of a second
        count = [0]

        def watch(
            p: subprocess.Popen[str] = proc, n: int = target, seen: list[int] = count, done: threading.Event = added
        ) -> None:
            assert p.stdout is not None
            for line in p.stdout:
                if line.startswith("+ "):
                    seen[0] += 1
                    if seen[0] >= n:
                        done.set()

        threading.Thread(target=watch, daemon=True).start()
        added.wait(timeout=max(1.0, deadline - time.monotonic() - 25))
        time.sleep(rng.uniform(0, 0.6))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        with Store.open(store) as opened:  # opens, replays DuckDB's log, repairs FAISS from DuckDB
            assert opened.counts()["articles"] <= n_files
        report = check_store(store)
        assert report.ok, (seed, [f.message for f in report.problems])
    assert kills >= KILLS - 1, f"seed {seed}: the add finished before it could be killed"
    final = _start(store, folder)
    out, _ = final.communicate(timeout=max(10.0, deadline - time.monotonic() + 40))
    assert final.returncode == 0, (seed, out[-2000:])
    report = check_store(store)
    assert report.ok, (seed, [f.message for f in report.problems])
    distinct = len({read_article(p).content_hash for p in folder.iterdir()})  # wire copies share one text
    assert report.counts["articles"] == distinct
    with Store.open(store, read_only=True) as opened:
        assert opened.rows("SELECT count(DISTINCT content_hash) FROM articles") == [(distinct,)]
        assert opened.rows(
            "SELECT count(*) FROM (SELECT article_id, seq FROM claims GROUP BY 1, 2 HAVING count(*) > 1)"
        ) == [(0,)]


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


_SLOW_ADD = """
import sys, time
from pathlib import Path
from consistency import pipeline
from consistency.store import Store
pipeline.BATCH_ARTICLES, pipeline.PARSE_PROCESS_AFTER = 1, 0  # parse in the process from the start
real = pipeline._process
def slow(*args, **kwargs):
    time.sleep(1.0)  # a long add: the kill comes while the parsing process is busy or waiting
    return real(*args, **kwargs)
pipeline._process = slow
with Store.open(sys.argv[1]) as store:
    for event in pipeline.add_paths([Path(sys.argv[2])], store):
        print("added", flush=True)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_parsing_process_goes_when_add_is_killed(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_ADD, str(tmp_path / "store"), str(CORPUS)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        assert proc.stdout is not None and proc.stdout.readline().startswith("added"), "add did not start"
        children: list[int] = []
        deadline = time.monotonic() + 60
        while not children and time.monotonic() < deadline:
            children = _children(proc.pid)
            time.sleep(0.2)
        assert children, "no parsing process was started"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 15
        while any(Path(f"/proc/{c}").exists() for c in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [c for c in children if Path(f"/proc/{c}").exists() and "Z" not in _state(c)]
        assert not left, f"parsing process {left} outlived the killed add"
    finally:
        if proc.poll() is None:
            proc.kill()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"

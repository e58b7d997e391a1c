"""Readers run side by side with a writer (issue 17, item 3).

A writer opened with `share=True` (`consist add`, and `check` recording a feed) holds DuckDB's
file for writing only while it commits a batch; readers open it in between and see the store as
of the last commit. The long test drives a real `python3 -m consistency add` over three batches;
the short ones check the parts: what a sharing writer records, a commit that waits for readers
(and one that gives up without losing anything), and two writers, still one at a time.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TextIO

import pytest

from consistency import locks, pipeline
from consistency.doctor import check_store
from consistency.errors import StoreBusyError
from consistency.store import DB_NAME, Store
from tests.conftest import CORPUS, NEW_ARTICLE

BATCH = 16  # pipeline.BATCH_ARTICLES: `add` commits (and prints its lines) a batch at a time
COPIES = 5  # 9 corpus articles x 5 outlets' editions = 45 articles: three batches
WAIT_S = 600.0  # generous bounds for a busy two-core machine; the test passes long before them
LOCK_TIMEOUT_S = "120"  # readers must not need it: they fail the test if they take anywhere near it


def _articles(folder: Path) -> int:
    """The example corpus again under other outlets' names: distinct articles that match each other."""
    folder.mkdir()
    n = 0
    for copy in range(COPIES):
        for path in sorted(CORPUS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            if re.search(r"^Outlet: ", text, flags=re.M):
                text = re.sub(r"^Outlet: (.*)$", rf"Outlet: \1 Edition {copy}", text, count=1, flags=re.M)
            else:  # named by its dateline or file name: a header gives this copy its own outlet
                text = f"Outlet: Edition {copy} of {path.stem}\n\n{text}"
            (folder / f"{copy}-{path.name}").write_text(text, encoding="utf-8")
            n += 1
    return n


def _consist(store: Path, *args: str, stderr: TextIO | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "CONSIST_LOCK_TIMEOUT": LOCK_TIMEOUT_S}
    return subprocess.Popen(
        [sys.executable, "-m", "consistency", "--index-dir", str(store), *args],
        stdout=subprocess.PIPE,
        stderr=stderr or subprocess.PIPE,
        text=True,
        env=env,
    )


def _readers(store: Path) -> dict[str, subprocess.Popen[str]]:
    return {
        "check": _consist(store, "check", "--dry-run", "--format", "json", str(NEW_ARTICLE)),
        "report": _consist(store, "report", "--format", "json"),
        "credits": _consist(store, "credits", "--format", "json"),
        "doctor": _consist(store, "doctor"),
    }


def _finish(readers: dict[str, subprocess.Popen[str]]) -> dict[str, tuple[int, str, str, float]]:
    """Each reader's exit code, output and seconds from now until it ended (read side by side, so a
    long output never fills a pipe while another reader is waited for)."""
    started = time.monotonic()

    def one(proc: subprocess.Popen[str]) -> tuple[int, str, str, float]:
        out, err = proc.communicate(timeout=WAIT_S)
        return proc.returncode, out, err, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=len(readers)) as pool:
        futures = {name: pool.submit(one, proc) for name, proc in readers.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="pauses the add with SIGSTOP")
def test_readers_run_beside_a_long_add(tmp_path: Path) -> None:
    """Once its first batch is committed, `check --dry-run`, `report`, `credits` and `doctor` run
    while the add is in progress and answer from the committed batches (they used to wait
    CONSIST_LOCK_TIMEOUT seconds and exit 5). The add is paused with SIGSTOP in the middle of its
    second batch, so that "they did not wait for the add" holds however fast this machine is: a
    reader waiting for it could only time out. Then the add goes on, with readers arriving while it
    commits, and must finish with every article stored and the store healthy."""
    folder = tmp_path / "articles"
    total = _articles(folder)
    store = tmp_path / "store"
    lines: list[str] = []
    first_batch = threading.Event()
    with (tmp_path / "add.stderr").open("w", encoding="utf-8") as add_log:
        add = _consist(store, "add", str(folder), stderr=add_log)

        def read_stdout() -> None:
            assert add.stdout is not None
            for line in add.stdout:
                lines.append(line)
                if sum(line.startswith("+ ") for line in lines) >= BATCH:  # told once the batch is committed
                    first_batch.set()

        reader_thread = threading.Thread(target=read_stdout, daemon=True)
        reader_thread.start()
        try:
            assert first_batch.wait(timeout=WAIT_S), f"no batch committed: {''.join(lines)[-2000:]}"
            # the add is now matching its second batch (seconds of work): pause it there
            add.send_signal(signal.SIGSTOP)
            paused = _finish(_readers(store))
            assert add.poll() is None, "the add ended while paused"
            add.send_signal(signal.SIGCONT)
            running = _finish(_readers(store))  # and readers while it goes on, committing beside them
            add.wait(timeout=WAIT_S)
        finally:
            if add.poll() is None:
                add.send_signal(signal.SIGCONT)
                add.kill()
                add.wait()
        reader_thread.join(timeout=10)
    assert add.returncode == 0, (tmp_path / "add.stderr").read_text(encoding="utf-8")[-3000:]
    assert f"{total} added, 0 already stored, 0 failed" in "".join(lines)

    for phase, results in (("paused", paused), ("running", running)):
        for name, (code, out, err, seconds) in results.items():
            assert code == 0, (phase, name, code, out[-1000:], err[-2000:])
            assert seconds < float(LOCK_TIMEOUT_S), (phase, name, seconds)
    # while paused, the readers saw the store as of the first committed batch: neither empty nor
    # the whole add
    seen = json.loads(paused["report"][1])["store"]["articles"]
    assert BATCH <= seen < total, seen
    check = json.loads(paused["check"][1])
    assert check["dry_run"] is True and check["summary"]["claims"] > 0
    assert json.loads(paused["credits"][1])
    assert "healthy" in paused["doctor"][1] and "an add in progress writes it" in paused["doctor"][1]

    report = check_store(store)
    assert report.ok, [f.message for f in report.problems]
    assert report.counts["articles"] == total


def _add(directory: Path, paths: list[Path], **open_args: Any) -> list[pipeline.AddEvent]:
    with Store.open(directory, **open_args) as store:
        return list(pipeline.add_paths(paths, store))


def test_a_sharing_writer_records_what_a_holding_one_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Letting go of the file between batches (two-article batches: five commits) changes nothing stored."""
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 2)
    _add(tmp_path / "holding", [CORPUS])
    _add(tmp_path / "sharing", [CORPUS], share=True)
    queries = {
        "articles": "SELECT article_id, outlet, title, content_hash FROM articles ORDER BY 1",
        "claims": "SELECT claim_id, article_id, seq, text, data, embedding FROM claims ORDER BY 1",
        "relations": "SELECT claim_id, other_claim_id, relation, round(score, 3), reasons FROM relations ORDER BY 1, 2",
        "credits": "SELECT credit_id, article_id, claim_id, credited_outlet, kind, is_first FROM credits ORDER BY 1",
        "copies": "SELECT * FROM copies ORDER BY 1",
    }
    records = []
    for name in ("holding", "sharing"):
        with Store.open(tmp_path / name, read_only=True) as store:
            records.append({table: store.rows(sql) for table, sql in queries.items()})
    assert records[0]["relations"] and records[0]["copies"]
    assert records[0] == records[1]
    assert check_store(tmp_path / "sharing").ok


_HOLD = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)  # what any reader holds while it reads
print(con.execute("SELECT count(*) FROM articles").fetchone()[0], flush=True)
sys.stdin.read()  # until the test closes our standard input
"""


def _hold(directory: Path) -> subprocess.Popen[str]:
    """Another process reading the store, until its standard input is closed."""
    proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(directory / DB_NAME)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip().isdigit(), proc.communicate()
    return proc


def _let_go(proc: subprocess.Popen[str]) -> None:
    proc.communicate(timeout=60)  # closes its standard input: it ends, and lets go of the file


def test_a_commit_waits_for_readers_and_new_readers_wait_for_it(corpus_store_dir: Path) -> None:
    with Store.open(corpus_store_dir, share=True, lock_timeout=60) as store:
        holder = _hold(corpus_store_dir)  # a reader that opened the file between commits
        timer = threading.Timer(1.0, _let_go, [holder])
        timer.start()
        queued: list[bool] = []

        def knock() -> None:  # while the commit waits, a reader arriving now waits for it
            time.sleep(0.5)
            fd = os.open(corpus_store_dir / locks.COMMIT_LOCK, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                queued.append(False)
            except BlockingIOError:
                queued.append(True)
            finally:
                os.close(fd)

        knocker = threading.Thread(target=knock)
        knocker.start()
        started = time.monotonic()
        store.set_index_type("flat")  # a write: it waits for the holder to let go
        waited = time.monotonic() - started
        knocker.join()
        timer.join()
        assert waited >= 0.5 and queued == [True], (waited, queued)
        assert store.index_type() == "flat" and store.counts()["articles"] == 9  # reads on, read-only again
    with Store.open(corpus_store_dir, read_only=True) as reader:
        assert reader.index_type() == "flat"


def test_a_commit_that_readers_hold_off_gives_up_and_loses_nothing(tmp_path: Path) -> None:
    files = sorted(CORPUS.glob("*.txt"))
    directory = tmp_path / "store"
    _add(directory, files[:3])
    with Store.open(directory, share=True, lock_timeout=0.5) as store:
        holder = _hold(directory)
        try:
            with pytest.raises(StoreBusyError, match="other consist processes kept reading this store"):
                list(pipeline.add_paths(files[3:6], store))
        finally:
            _let_go(holder)
        assert store.counts()["articles"] == 3  # the batch that could not be committed is not there
        events = list(pipeline.add_paths(files[3:], store))  # and the same add again records it
        assert [e.error for e in events] == [None] * 6 and not any(e.result and e.result.already_stored for e in events)
    report = check_store(directory)
    assert report.ok, [f.message for f in report.problems]
    assert report.counts["articles"] == len(files)
    with Store.open(directory, read_only=True) as reader:
        assert reader.rows("SELECT min(article_id), max(article_id) FROM articles") == [(1, len(files))]


def test_two_writers_still_one_at_a_time(corpus_store_dir: Path) -> None:
    """A sharing writer lets readers in, never a second writer; and a reader needs no lock file."""
    env = {**os.environ, "CONSIST_LOCK_TIMEOUT": "1"}
    cmd = [sys.executable, "-m", "consistency", "--index-dir", str(corpus_store_dir)]
    with Store.open(corpus_store_dir, share=True):
        second = subprocess.run([*cmd, "doctor", "--repair"], capture_output=True, text=True, env=env, timeout=300)
        reader = subprocess.run([*cmd, "doctor"], capture_output=True, text=True, env=env, timeout=300)
    assert second.returncode == 5, (second.stdout, second.stderr)
    assert "another consist process is writing to this store; gave up after 1 s" in second.stderr
    assert reader.returncode == 0 and "healthy" in reader.stdout, (reader.stdout, reader.stderr)
    for name in (locks.WRITER_LOCK, locks.COMMIT_LOCK):
        (corpus_store_dir / name).unlink()
    with Store.open(corpus_store_dir, read_only=True) as store:  # as in a store a writer never shared
        assert store.counts()["articles"] == 9


def test_readers_run_beside_a_recording_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` that records one article holds the file for writing only to commit: a `report` started
    while it matches the article's claims runs at once instead of waiting for the check to end."""
    from typer.testing import CliRunner

    from consistency.cli import app

    store = tmp_path / "store"
    added = CliRunner().invoke(app, ["add", str(CORPUS), "--index-dir", str(store), "-q"])
    assert added.exit_code == 0, added.output
    real, seen = pipeline.check_article, {}

    def with_a_reader(*args: Any, **kwargs: Any) -> Any:
        env = {**os.environ, "CONSIST_LOCK_TIMEOUT": "3"}
        reader = subprocess.run(
            [sys.executable, "-m", "consistency", "--index-dir", str(store), "report", "--format", "json"],
            capture_output=True, text=True, env=env, timeout=WAIT_S,
        )  # fmt: skip
        seen["reader"] = (reader.returncode, reader.stderr)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "check_article", with_a_reader)
    checked = CliRunner().invoke(app, ["check", str(NEW_ARTICLE), "--index-dir", str(store), "-f", "json"])
    assert checked.exit_code == 0, checked.output
    assert seen["reader"][0] == 0, seen["reader"][1]
    assert json.loads(checked.stdout)["article"]["article_id"] is not None  # and the check recorded it

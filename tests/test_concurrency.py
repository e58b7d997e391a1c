"""Two writers on one store: the second waits for the lock (up to CONSIST_LOCK_TIMEOUT) or fails
with a clear message; neither corrupts the store. Many readers at once work while nothing writes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from consistency.doctor import check_store
from consistency.store import DB_NAME
from tests.conftest import CORPUS, NEW_ARTICLE

CONSIST = [sys.executable, "-c", "from consistency.cli import main; main()"]


def _run(args: list[str], timeout_s: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CONSIST_LOCK_TIMEOUT": timeout_s}
    return subprocess.Popen([*CONSIST, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_second_writer_waits_or_fails_cleanly(tmp_path: Path) -> None:
    store = tmp_path / "store"
    few = tmp_path / "few"
    few.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:3]:
        (few / path.name).write_text(path.read_text())
    first = _run(["--index-dir", str(store), "add", str(few)], "30")
    deadline = time.monotonic() + 30
    while not (store / DB_NAME).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    impatient = _run(["--index-dir", str(store), "add", str(NEW_ARTICLE)], "1")
    patient = _run(["--index-dir", str(store), "add", str(few)], "120")
    out_i, err_i = impatient.communicate(timeout=120)
    out_1, err_1 = first.communicate(timeout=120)
    out_p, err_p = patient.communicate(timeout=120)
    assert first.returncode == 0, err_1
    assert impatient.returncode == 5, (out_i, err_i)
    assert err_i.strip().splitlines() == [err_i.strip()]  # one line, no traceback
    assert "another consist process is writing to this store" in err_i
    assert patient.returncode == 0, err_p
    assert "0 added, 3 already stored" in out_p  # it waited, then found the work done
    report = check_store(store)
    assert report.ok, [f.message for f in report.problems]
    assert report.counts["articles"] == 3


def test_many_readers_at_once(corpus_store_dir: Path) -> None:
    readers = [
        _run(["--index-dir", str(corpus_store_dir), "check", "--dry-run", "--format", "json", str(NEW_ARTICLE)], "5")
        for _ in range(2)
    ]
    readers.append(_run(["--index-dir", str(corpus_store_dir), "report", "--format", "json"], "5"))
    readers.append(_run(["--index-dir", str(corpus_store_dir), "doctor"], "5"))
    results = [(p.communicate(timeout=180), p.returncode) for p in readers]
    for (_out, err), code in results:
        assert code == 0, err
    outputs = [out for (out, _err), _code in results[:2]]
    assert outputs[0] == outputs[1] and '"dry_run": true' in outputs[0]
    report = check_store(corpus_store_dir)
    assert report.ok and report.counts["articles"] == 9

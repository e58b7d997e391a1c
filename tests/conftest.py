"""Shared fixtures: real models, real DuckDB and FAISS files in temporary folders."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consistency.locks import WRITER_LOCK
from consistency.pipeline import add_paths
from consistency.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CORPUS = EXAMPLES / "corpus"
NEW_ARTICLE = EXAMPLES / "new_article.txt"


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches ./indexes: the default store points into the test's temporary folder."""
    monkeypatch.setenv("CONSIST_INDEX_DIR", str(tmp_path / "default-store"))
    monkeypatch.setenv("CONSIST_LOCK_TIMEOUT", "5")


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture(scope="session")
def _corpus_store_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example corpus added once per test session; tests get copies."""
    directory = tmp_path_factory.mktemp("corpus-store")
    with Store.open(directory) as store:
        for event in add_paths([CORPUS], store):
            assert event.error is None, event.error
    return directory


@pytest.fixture
def corpus_store_dir(_corpus_store_master: Path, tmp_path: Path) -> Path:
    """A private copy of the store holding the example corpus (safe to write to)."""
    target = tmp_path / "corpus-store"
    shutil.copytree(_corpus_store_master, target)
    return target


@pytest.fixture
def corpus_store(corpus_store_dir: Path) -> Iterator[Store]:
    with Store.open(corpus_store_dir) as store:
        yield store


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@contextmanager
def writer_lock_held_elsewhere(directory: Path) -> Iterator[None]:
    """Another process holds the store's writer lock (as `consist add` does for its whole run)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import fcntl, os, time
            fd = os.open({str(directory / WRITER_LOCK)!r}, os.O_RDWR | os.O_CREAT)
            fcntl.flock(fd, fcntl.LOCK_EX)
            print("held", flush=True)
            time.sleep(30)
        """)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.wait()

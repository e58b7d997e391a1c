"""Who may open the store's DuckDB file, and when: one writer at a time, readers side by side.

DuckDB lets one process hold a file for writing or many hold it for reading, never both at once.
So a writer (`consist add`) reads through a read-only connection like any reader, and takes the
file for writing only to commit (`Store._writable`): a few milliseconds to a second per batch.
Two lock files in the store folder, taken with flock (the kernel lets go of them when a process
dies, so a killed writer leaves nothing to clean up), arrange the rest:

  consist.writer.lock  held by the one writer for its whole run: a second writer waits for it
                       (CONSIST_LOCK_TIMEOUT), as it once waited for DuckDB's own lock.
  consist.commit.lock  held by the writer while it waits for the file and commits. A reader takes
                       it shared only while it opens its connection, so readers that come while
                       a commit waits queue behind it (milliseconds) instead of starving it.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from consistency.errors import StoreBusyError, StoreError

WRITER_LOCK = "consist.writer.lock"
COMMIT_LOCK = "consist.commit.lock"
WRITER_BUSY = "another consist process is writing to this store"
POLL_S = (0.01, 0.2)  # first and longest pause between tries for a lock somebody holds

# The writer locks this process holds, per lock file: (descriptor, depth). A process is one
# writer: `doctor --repair` holds the lock and opens a writing Store inside (flock on a second
# descriptor of the same file would wait for the first).
_held: dict[str, tuple[int, int]] = {}
_held_guard = threading.Lock()


def _try(fd: int, mode: int, timeout: float) -> bool:
    """Take flock `mode` on `fd`, trying until `timeout` seconds have passed; False if never got."""
    deadline = time.monotonic() + timeout
    pause = POLL_S[0]
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(pause, left))
            pause = min(pause * 2, POLL_S[1])


def _open_for_writer(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the lock file ({exc.strerror or exc})") from None


@contextmanager
def writer(directory: Path, timeout: float) -> Iterator[None]:
    """The store's one writer, for the block: waits up to `timeout` s for another writer to finish,
    then raises StoreBusyError. Re-entered freely by the process that holds it."""
    path = directory / WRITER_LOCK
    key = str(path.resolve())
    with _held_guard:
        if key in _held:
            fd, depth = _held[key]
            _held[key] = (fd, depth + 1)
            fresh = False
        else:
            fresh = True
    if fresh:
        fd = _open_for_writer(path)
        if not _try(fd, fcntl.LOCK_EX, timeout):
            os.close(fd)
            raise StoreBusyError(f"{directory / 'consist.duckdb'}: {WRITER_BUSY}; gave up after {timeout:g} s")
        with _held_guard:
            _held[key] = (fd, 1)
    try:
        yield
    finally:
        with _held_guard:
            fd, depth = _held[key]
            if depth > 1:
                _held[key] = (fd, depth - 1)
            else:
                del _held[key]
                os.close(fd)  # closing the last descriptor lets go of the flock


def writer_elsewhere(directory: Path) -> bool:
    """Whether another process is writing to the store now (it holds the writer lock)."""
    path = directory / WRITER_LOCK
    with _held_guard:
        if str(path.resolve()) in _held:
            return False  # this process is the writer
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # and with it the shared lock, if it was got


@contextmanager
def committing(directory: Path, timeout: float) -> Iterator[None]:
    """The writer, about to take the file for writing: readers that come now wait until the block
    ends. Readers take the lock only for an instant, so this rarely waits."""
    fd = _open_for_writer(directory / COMMIT_LOCK)
    try:
        _try(fd, fcntl.LOCK_EX, timeout)  # got or not, the writer goes on to wait for the file itself
        yield
    finally:
        os.close(fd)


@contextmanager
def reader_entry(directory: Path, timeout: float) -> Iterator[None]:
    """A reader opening its connection: waits while a writer commits (up to `timeout` s; after that
    it tries the file anyway). A store no writer has shared, or a folder the reader may not write
    to, has no lock file: nothing to wait for."""
    try:
        fd = os.open(directory / COMMIT_LOCK, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        _try(fd, fcntl.LOCK_SH, timeout)
        yield
    finally:
        os.close(fd)

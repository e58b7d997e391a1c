"""The typer app, its global options and the one place where domain errors become messages.

Command modules (ingest, claims, judge, credits, report, doctor) register themselves on `app`;
each command opens what it needs, calls one library function and renders the result.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from consistency.errors import ConsistError

app = typer.Typer(
    name="consist",
    help="Cross-article claim consistency checker: who agrees, who contradicts, who was first.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEFAULT_INDEX_DIR = Path("indexes")

GlobalIndexDirOption = Annotated[
    Path | None,
    typer.Option(
        "--index-dir",
        envvar="CONSIST_INDEX_DIR",
        help="Store folder (DuckDB + FAISS). Default ./indexes.",
        show_default=False,
    ),
]
# The same option on each command (`consist check --index-dir X`); no envvar here, so an
# explicit global `consist --index-dir X check` is not overridden by the environment.
IndexDirOption = Annotated[
    Path | None,
    typer.Option("--index-dir", help="Store folder; overrides the global option.", show_default=False),
]


class _State:
    index_dir: Path = DEFAULT_INDEX_DIR


state = _State()


@app.callback()
def _main(index_dir: GlobalIndexDirOption = None) -> None:
    """consist: cross-article claim consistency for news."""
    state.index_dir = index_dir or DEFAULT_INDEX_DIR


def index_dir(option: Path | None) -> Path:
    """A command's own --index-dir wins over the global one."""
    return option or state.index_dir


def err(message: str) -> None:
    """One line on stderr, never wrapped, control characters removed."""
    clean = "".join(ch if ch.isprintable() else " " for ch in message.splitlines()[0] if message)
    sys.stderr.write(f"consist: error: {clean}\n")


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn domain errors into one line on stderr and the error's exit code."""
    try:
        yield
    except ConsistError as exc:
        err(str(exc))
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err("interrupted; work already committed is kept")
        raise typer.Exit(130) from None

"""The typer app, its global options and the one place where domain errors become messages.

Command modules (ingest, claims, judge, credits, report, doctor) register themselves on `app`;
each command opens what it needs, calls one library function and renders the result.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, BinaryIO, cast

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from consistency.errors import ConsistError

# The order a user meets the commands in, which `consist --help` lists them in (not import order).
COMMAND_ORDER = (
    "add", "check", "claims", "credits", "report", "verdict", "review", "verdicts", "serve", "judge", "doctor",
)  # fmt: skip


# Options that may be given without their value (`add --ray` alone starts a local Ray): option ->
# (the value it then takes, what reads as its value). typer's parser knows no such option, so
# `_Command.parse_args` puts the value in: after a bare `--ray`, or one followed by what is no
# value of it (`add --ray feeds/` adds feeds/ on a local Ray).
BARE_VALUES: dict[str, tuple[str, Callable[[str], object]]] = {}


def _bare_values(args: list[str]) -> list[str]:
    out: list[str] = []
    for i, arg in enumerate(args):
        out.append(arg)
        if arg == "--":
            return out + args[i + 1 :]
        if arg in BARE_VALUES:
            value, is_value = BARE_VALUES[arg]
            following = args[i + 1] if i + 1 < len(args) else None
            if following is None or following.startswith("-") or not is_value(following):
                out.append(value)
    return out


def _flags_as_flags(params: list[Any]) -> list[Any]:
    """Help shows an on/off option as `--dry-run`, not `--dry-run <bool>`: typer prints a type for
    every option, flags included, unless the option has a metavar of its own."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
    return params


class _Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_as_flags(super().get_params(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return cast(list[str], super().parse_args(ctx, _bare_values(args)))


class _Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_as_flags(super().get_params(ctx))

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


class _Typer(typer.Typer):
    """Every command registered on `app` gets the help fixes above, whichever module registers it."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", _Command)
        return super().command(*args, **kwargs)


app = _Typer(
    name="consist",
    cls=_Group,
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


def version() -> str:
    """The installed distribution's version; the package's own when run from a source tree."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("consist")
    except PackageNotFoundError:
        from consistency import __version__

        return __version__


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"consist {version()}\n")
        raise typer.Exit()


@app.callback()
def _main(
    index_dir: GlobalIndexDirOption = None,
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """consist: cross-article claim consistency for news."""
    state.index_dir = index_dir or DEFAULT_INDEX_DIR


def index_dir(option: Path | None) -> Path:
    """A command's own --index-dir wins over the global one."""
    return option or state.index_dir


def stdin_bytes(path: Path) -> BinaryIO | None:
    """Standard input as bytes when `path` is `-` (a test runner's stdin may be text only); None for
    a file, or when there is no standard input at all (`<&-`, some schedulers)."""
    if str(path) != "-" or sys.stdin is None:
        return None
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return cast(BinaryIO, buffer)
    return io.BytesIO(sys.stdin.read().encode("utf-8"))


def printable(text: str) -> str:
    """Article text is data: control characters (ANSI escapes, newlines) become spaces."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def err(message: str) -> None:
    """One line on stderr, never wrapped, control characters removed."""
    sys.stderr.write(f"consist: error: {printable(message.splitlines()[0] if message else '')}\n")


def note(message: str) -> None:
    """One line on stderr that is no error: what consist decided about the input (e.g. its language)."""
    sys.stderr.write(f"consist: note: {printable(message.splitlines()[0] if message else '')}\n")


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

"""Output helpers `check` and `report` share: --format, --output and writing a report.

Kept apart from the command modules so that importing them registers no command and loads no model.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from consistency.cli.app import err


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="table (terminal), json, markdown or html (one self-contained file).",
    ),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of stdout.", dir_okay=False)
]
FILE_WIDTH = 140  # terminal-format reports written to a file are plain text this wide
PIPE_WIDTH = 200  # and piped ones this wide, unless COLUMNS says otherwise


def stdout_console(*, soft_wrap: bool) -> Console:
    """A console for stdout. Piped (`| less`, `> file`), rich assumes 80 columns and a table's
    narrow columns then cut words in two ("consideri / ng"); a pipe has no width to fit, so give
    the table room to keep words whole."""
    console = Console(highlight=False, soft_wrap=soft_wrap)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(highlight=False, soft_wrap=soft_wrap, width=PIPE_WIDTH)
    return console


def emit(format: Format, output: Path | None, text: Callable[[], str], table: Callable[[Console], None]) -> None:
    """Write a report: text formats as they are, the terminal format through rich (no colour in files)."""
    try:
        if output is None:
            if format is Format.table:
                table(stdout_console(soft_wrap=True))
            else:
                body = text()
                sys.stdout.write(body if body.endswith("\n") else body + "\n")
            return
        with output.open("w", encoding="utf-8") as handle:
            if format is Format.table:
                table(Console(file=handle, highlight=False, soft_wrap=True, no_color=True, width=FILE_WIDTH))
            else:
                body = text()
                handle.write(body if body.endswith("\n") else body + "\n")
    except OSError as exc:
        err(f"cannot write {output}: {exc.strerror or exc}")
        raise typer.Exit(1) from None

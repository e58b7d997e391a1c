"""Output helpers `check` and `report` share: --format, --output and writing a report.

Kept apart from the command modules so that importing them registers no command and loads no model.
"""

from __future__ import annotations

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


def emit(format: Format, output: Path | None, text: Callable[[], str], table: Callable[[Console], None]) -> None:
    """Write a report: text formats as they are, the terminal format through rich (no colour in files)."""
    try:
        if output is None:
            if format is Format.table:
                table(Console(highlight=False, soft_wrap=True))
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

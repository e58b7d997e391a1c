"""`consist report`: the store seen whole; also the output helpers `check` shares (--format, --output)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from consistency.cli.app import IndexDirOption, app, err, index_dir, user_errors
from consistency.overview import overview
from consistency.report import (
    render_overview_html,
    render_overview_json,
    render_overview_markdown,
    render_overview_terminal,
)
from consistency.store import Store


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="table (terminal), json, markdown or html (one self-contained file).")
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


@app.command()
def report(
    index_dir_: IndexDirOption = None,
    format: FormatOption = Format.table,
    output: OutputOption = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many contested claims to list.")] = 10,
    claim: Annotated[
        int | None, typer.Option("--claim", help="Claim id whose group the timeline shows (default: most contested).")
    ] = None,
    min_score: Annotated[
        float, typer.Option("--min-score", min=0.0, max=1.0, help="Ignore relations the judge scored lower.")
    ] = 0.0,
) -> None:
    """The whole store: most contested claims, outlet x outlet matrix, first reporters, a timeline.

    Example: consist report --format html --output report.html
    """
    with user_errors(), Store.open(index_dir(index_dir_), read_only=True) as store:
        ov = overview(store, top=top, claim_id=claim, min_score=min_score)
    if claim is not None and ov.timeline_seed is None:
        err(f"no claim {claim} in the store")
        raise typer.Exit(2)
    texts = {Format.json: render_overview_json, Format.markdown: render_overview_markdown,
             Format.html: render_overview_html}  # fmt: skip
    emit(format, output, lambda: texts[format](ov), lambda console: render_overview_terminal(ov, console))

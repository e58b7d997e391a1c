"""`consist add` and `consist check`: remember articles, and check a new one against them."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from consistency.cli.app import IndexDirOption, app, err, index_dir, user_errors
from consistency.pipeline import add_paths, check_file
from consistency.report import render_json, render_terminal
from consistency.store import Store


class Format(str, Enum):
    table = "table"
    json = "json"


@app.command()
def add(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .md, .html, .jsonl).")],
    index_dir_: IndexDirOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and totals.")] = False,
) -> None:
    """Remember what outlets said: read, extract, match and record each article.

    Example: consist add examples/corpus/
    """
    out = Console(highlight=False, soft_wrap=True)
    failures = added = skipped = claims = agreements = contradictions = 0
    with user_errors(), Store.open(index_dir(index_dir_)) as store:
        for event in add_paths(paths, store):
            if event.error is not None:
                failures += 1
                err(event.error)
                continue
            assert event.result is not None
            result = event.result
            if result.already_stored:
                skipped += 1
                if not quiet:
                    out.print(f"= {event.path}: already stored", markup=False)
                continue
            added += 1
            s = result.summary
            claims += s["claims"]
            agreements += s["agreements"]
            contradictions += s["contradictions"]
            if not quiet:
                out.print(
                    f"+ {event.path}: {result.article.outlet}, {s['claims']} claims, "
                    f"{s['agreements']} agreements, {s['contradictions']} contradictions",
                    markup=False,
                )
    out.print(
        f"{added} added, {skipped} already stored, {failures} failed; "
        f"{claims} claims, {agreements} agreements, {contradictions} contradictions",
        markup=False,
    )
    if failures:
        raise typer.Exit(2)


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="The new article.")],
    index_dir_: IndexDirOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Record nothing.")] = False,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Check a new article: which claims others made, which they dispute, who was first.

    Example: consist check examples/new_article.txt --format json
    """
    with user_errors(), Store.open(index_dir(index_dir_), read_only=dry_run) as store:
        result = check_file(file, store, dry_run=dry_run)
    if format is Format.json:
        sys.stdout.write(render_json(result) + "\n")
    else:
        render_terminal(result, Console(highlight=False, soft_wrap=True))

"""`consist add` and `consist check`: remember articles, and check a new one against them."""

from __future__ import annotations

import re
import time
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from consistency.articles import iter_paths
from consistency.cli.app import IndexDirOption, app, err, index_dir, user_errors
from consistency.cli.report import Format, FormatOption, OutputOption, emit
from consistency.models import CheckResult
from consistency.pipeline import add_paths, check_file
from consistency.report import render_html, render_json, render_markdown, render_terminal
from consistency.store import Store

EXIT_CONTRADICTIONS = 3  # `check --fail-on contradictions` found one at or above --min-score
_FEED_LINE = re.compile(r":\d+$")  # feed articles are named "feed.jsonl:12"


class FailOn(str, Enum):
    contradictions = "contradictions"


def _progress(quiet: bool) -> Progress | None:
    """A progress bar on stderr, only for a person watching a terminal."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        return None
    return Progress(
        TextColumn("adding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[claims]} claims · {task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
    )


@app.command()
def add(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .md, .html, .jsonl).")],
    index_dir_: IndexDirOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and totals; no progress bar.")] = False,
) -> None:
    """Remember what outlets said: read, extract, match and record each article.

    Shows a progress bar on stderr when it is a terminal.

    Example: consist add examples/corpus/
    """
    out = Console(highlight=False, soft_wrap=True)
    failures = added = skipped = claims = agreements = contradictions = 0
    progress = _progress(quiet)
    task = None
    if progress is not None:
        total = sum(1 for p in iter_paths(paths) if isinstance(p, Path))
        task = progress.add_task("add", total=total or None, claims=0, rate="")
    files: set[str] = set()
    started = time.monotonic()
    with user_errors(), Store.open(index_dir(index_dir_)) as store, progress or nullcontext():
        for event in add_paths(paths, store):
            if progress is not None and task is not None:
                files.add(_FEED_LINE.sub("", event.path))
                articles = added + skipped + failures + 1
                rate = articles / max(time.monotonic() - started, 1e-6)
                progress.update(task, completed=len(files), claims=claims, rate=f"{rate:.1f} articles/s")
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
            if progress is not None and task is not None:
                progress.update(task, claims=claims)
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


def contradiction_found(result: CheckResult, min_score: float) -> bool:
    return any(m.relation == "contradicts" and m.score >= min_score for r in result.claims for m in r.matches)


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="The new article.")],
    index_dir_: IndexDirOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Record nothing.")] = False,
    format: FormatOption = Format.table,
    output: OutputOption = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Exit 3 when the article has contradictions (for pipelines)."),
    ] = None,
    min_score: Annotated[
        float, typer.Option("--min-score", min=0.0, max=1.0, help="Lowest contradiction score --fail-on counts.")
    ] = 0.0,
) -> None:
    """Check a new article: which claims others made, which they dispute, who was first.

    Exit code 0, or 3 with --fail-on contradictions when one scored at least --min-score.

    Example: consist check examples/new_article.txt --format html --output report.html
    """
    with user_errors(), Store.open(index_dir(index_dir_), read_only=dry_run) as store:
        result = check_file(file, store, dry_run=dry_run)
    texts = {Format.json: render_json, Format.markdown: render_markdown, Format.html: render_html}
    emit(format, output, lambda: texts[format](result), lambda console: render_terminal(result, console))
    if fail_on is FailOn.contradictions and contradiction_found(result, min_score):
        raise typer.Exit(EXIT_CONTRADICTIONS)

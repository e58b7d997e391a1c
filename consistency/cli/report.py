"""`consist report`: the store seen whole."""

from __future__ import annotations

from typing import Annotated

import typer

from consistency.cli.app import IndexDirOption, app, err, index_dir, user_errors
from consistency.cli.output import Format, FormatOption, OutputOption, emit


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
    show_rejected: Annotated[
        bool, typer.Option("--show-rejected", help="Also count relations a reviewer judged wrong.")
    ] = False,
) -> None:
    """The whole store: most contested claims, outlet x outlet matrix, first reporters, a timeline.

    Example: consist report --format html --output report.html
    """
    # imported here, not at the top: `consist --help` must not load DuckDB and FAISS
    from consistency.overview import overview
    from consistency.report import (
        render_overview_html,
        render_overview_json,
        render_overview_markdown,
        render_overview_terminal,
    )
    from consistency.store import Store

    with user_errors(), Store.open(index_dir(index_dir_), read_only=True) as store:
        ov = overview(store, top=top, claim_id=claim, min_score=min_score, show_rejected=show_rejected)
    if claim is not None and ov.timeline_seed is None:
        err(f"no claim {claim} in the store")
        raise typer.Exit(2)
    texts = {Format.json: render_overview_json, Format.markdown: render_overview_markdown,
             Format.html: render_overview_html}  # fmt: skip
    emit(format, output, lambda: texts[format](ov), lambda console: render_overview_terminal(ov, console))

"""`consist credits`: per group of agreeing claims, who was first, who credits whom, who confirms."""

from __future__ import annotations

import json
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from consistency.cli.app import IndexDirOption, app, index_dir, user_errors
from consistency.cli.output import stdout_console
from consistency.models import to_jsonable

if TYPE_CHECKING:  # the store and the credit module load DuckDB and FAISS: only inside the command
    from consistency.credit import ClaimGroup, OutletAt


class CreditsFormat(str, Enum):
    table = "table"
    json = "json"


def _safe(text: str) -> str:
    """Article text is data: no control characters (ANSI escapes), no rich markup."""
    return escape("".join(ch if ch.isprintable() or ch == "\n" else " " for ch in text))


def _at(o: OutletAt) -> str:
    from consistency.report.findings import chain_words  # the report layer loads the store's modules

    if not o.stored:
        return f"{o.outlet} ({chain_words(o.credited_by, stored=False, outlet_in_store=o.outlet_in_store)})"
    if o.at_latest is not None and (o.when is None or o.at_latest < o.when):
        return f"{o.outlet} (by {o.at_latest:%Y-%m-%d}{', undated: time of adding' if o.undated else ''})"
    if o.when is None:
        return f"{o.outlet} (undated)"
    return f"{o.outlet} ({o.when:%Y-%m-%d}{', undated: time of adding' if o.undated else ''})"


def _first(o: OutletAt) -> str:
    """A first reporter and the chain that leads to it: "Der Spiegel (2023-02-23); CNN and Reuters credit it"."""
    from consistency.report.findings import chain_words

    chain = chain_words(o.credited_by, stored=True) if o.stored else ""
    return _at(o) + (f"; {chain}" if chain else "")


def _render(groups: list[ClaimGroup], console: Console) -> None:
    from consistency.report.findings import quoted

    table = Table(show_lines=True, title=f"{len(groups)} claim groups")
    for name in ("claim", "first reporter", "explicit credits", "independent outlets"):
        table.add_column(name, overflow="fold")
    for g in groups:
        first = " = ".join(_safe(_first(o)) for o in g.first) + (" (tie)" if g.tie else "")
        credits = "\n".join(
            f"{_safe(c.credited_by)} → {_safe(c.credited_outlet)}{' as FIRST' if c.first else ''}"
            f"{f' [scope: {_safe(c.scope)}]' if c.scope else ''}: {quoted(c.evidence, _safe)}"
            for c in g.explicit
        )
        if g.disputed:
            credits = "DISPUTED: articles credit different outlets as first\n" + credits
        copies = f" ({g.copies} more cop{'y' if g.copies == 1 else 'ies'})" if g.copies else ""
        n = len(g.independent)  # one per origin: an outlet and its copies count once
        agree = f"{n} outlet agrees" if n == 1 else f"{n} outlets agree"
        confirm = f"{agree}{copies}\n" + "\n".join(_safe(_at(o)) for o in g.independent)
        table.add_row(_safe(g.claim), first, credits or "-", confirm)
    console.print(table)


@app.command()
def credits(
    index_dir_: IndexDirOption = None,
    format: Annotated[
        CreditsFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")
    ] = CreditsFormat.table,
) -> None:
    """List, per group of agreeing claims, the first reporter, explicit credits and confirming outlets.

    Copies (wire stories, republished articles) count once, under the outlet they copy.
    Example: consist credits --format json
    """
    from consistency.credit import claim_groups
    from consistency.store import Store

    with user_errors(), Store.open(index_dir(index_dir_), read_only=True) as store:
        groups = claim_groups(store)
    if format is CreditsFormat.json:
        typer.echo(json.dumps(to_jsonable(groups), ensure_ascii=False, indent=2))
    else:
        _render(groups, stdout_console(soft_wrap=False))

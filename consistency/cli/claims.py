"""`consist claims FILE`: what the extractor reads in one article, without touching the store."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from consistency.cli.app import app, err, note, printable, stdin_bytes, user_errors
from consistency.language import READABLE, unread_note
from consistency.models import Article, Claim, to_jsonable


class ClaimsFormat(str, Enum):
    table = "table"
    json = "json"


def _quantities(claim: Claim) -> str:
    return "; ".join(
        f"{q.text} [{q.kind}{' ' + q.unit if q.unit else ''}"
        f"{' of ' + q.counted if q.counted else ''}: {q.low:g}..{q.high:g}]"
        for q in claim.quantities
    )


def _title(claims: list[Claim]) -> str:
    return f"{len(claims)} claim{'' if len(claims) == 1 else 's'}"


def _fields(c: Claim) -> tuple[str, str, str, str]:
    """(speaker, hedge, polarity, quantities / entities), each possibly over several lines."""
    speaker = f"{c.speaker or '-'} ({c.speaker_kind or '-'})"
    if len(c.attribution) > 1:
        speaker += "\nvia " + " > ".join(c.attribution)
    hedge = c.hedge + (f"\n{', '.join(c.hedge_cues)}" if c.hedge_cues else "")
    polarity = c.polarity + (f"\n{', '.join(c.polarity_cues)}" if c.polarity_cues else "")
    if c.non_answer:
        polarity += "\n(non-answer)"
    extra = "\n".join(
        x
        for x in (
            _quantities(c),
            ", ".join(f"{e.text}={e.norm}" for e in c.entities),
            f"predicate: {c.predicate}" if c.predicate else "",
        )
        if x
    )
    return speaker, hedge, polarity, extra


def _render(claims: list[Claim], console: Console) -> None:
    table = Table(show_lines=True, title=_title(claims))
    for name in ("#", "claim", "proposition", "speaker", "hedge", "polarity", "quantities / entities"):
        table.add_column(name, overflow="fold")
    for i, c in enumerate(claims, 1):
        speaker, hedge, polarity, extra = _fields(c)
        cells = (str(i), f"[{c.start_char}:{c.end_char}] {c.text}", c.proposition, speaker, hedge, polarity, extra)
        table.add_row(*(Text(printable(cell)) for cell in cells))  # article text is data, never rich markup
    console.print(table)


def _render_lines(claims: list[Claim]) -> str:
    """The table's content as plain lines, for a pipe or a file: a table cut to 80 columns there
    breaks words in the middle ("consideri / ng"); a line per field keeps every word whole."""
    lines = [_title(claims)]
    for i, c in enumerate(claims, 1):
        speaker, hedge, polarity, extra = _fields(c)
        lines += ["", f"#{i} [{c.start_char}:{c.end_char}] {c.text}", f"    proposition: {c.proposition}"]
        for name, value in (("speaker", speaker), ("hedge", hedge), ("polarity", polarity), ("details", extra)):
            if value:
                lines.append(f"    {name}: " + "; ".join(value.splitlines()))
    return "\n".join(printable(line) for line in lines) + "\n"


def _heading(article: Article) -> str:
    """A feed article's line above its claims: where it is in the feed, its outlet and title."""
    return " · ".join(x for x in (article.source_path, article.outlet, article.title or "(untitled)") if x)


def _feed_entry(article: Article, found: list[Claim]) -> dict[str, Any]:
    """One article of a feed in `claims --format json`: who and what, then its claims."""
    return {
        "source_path": article.source_path,
        "outlet": article.outlet,
        "title": article.title,
        "published_at": to_jsonable(article.published_at),
        "language": article.language,
        "claims": to_jsonable(found),
    }


@app.command()
def claims(
    file: Annotated[
        Path,
        typer.Argument(
            help="An article file (.txt, .md, .html), a .jsonl feed (one article per line), "
            "or - for standard input (JSON lines are read as a feed, anything else as one article).",
            show_default=False,
        ),
    ],
    format: Annotated[
        ClaimsFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")
    ] = ClaimsFormat.table,
) -> None:
    """Show the claims read from one article: proposition, speaker, hedge, polarity, numbers.

    Nothing is stored. A table on a terminal; plain lines when piped or redirected.
    A feed shows each article's claims under its line, outlet and title; exit 2 when a line could not be read.
    Example: consist claims examples/new_article.txt --format json
    """
    from consistency.articles import STDIN, STDIN_NAME, ReadFailure, read_input
    from consistency.claims import extract_claims

    def read(article: Article) -> list[Claim]:
        # the extractor reads English only (as `add` and `check` do): another language gives no claims
        found = extract_claims(article.body, article.published_at) if article.language in READABLE else []
        where = article.source_path or STDIN_NAME
        if (unread := unread_note(where, article.language, stored=False)) is not None:
            note(unread)
        return found

    console = Console(highlight=False, soft_wrap=False)
    with user_errors():
        given = read_input(file, stdin_bytes(file))
        if isinstance(given, Article):
            found = read(given)
            if format is ClaimsFormat.json:
                typer.echo(json.dumps(to_jsonable(found), ensure_ascii=False, indent=2))
            elif console.is_terminal:
                _render(found, console)
            else:
                sys.stdout.write(_render_lines(found))
            return
        # a feed: each article as it is read, so a long feed shows its first articles at once
        articles = failures = 0
        for item in given:
            if isinstance(item, ReadFailure):
                failures += 1
                err(item.message)
                continue
            found = read(item)
            articles += 1
            if format is ClaimsFormat.json:
                entry = json.dumps(_feed_entry(item, found), ensure_ascii=False, indent=2)
                sys.stdout.write(("[\n" if articles == 1 else ",\n") + entry)
            elif console.is_terminal:
                console.print(("" if articles == 1 else "\n") + f"[bold]{escape(printable(_heading(item)))}[/bold]")
                _render(found, console)
            else:
                sys.stdout.write(("" if articles == 1 else "\n") + f"== {printable(_heading(item))}\n")
                sys.stdout.write(_render_lines(found))
        if format is ClaimsFormat.json:
            sys.stdout.write("\n]\n" if articles else "[]\n")
        if not articles and not failures:
            err(f"{STDIN_NAME if str(file) == STDIN else file}: no articles in the feed")
        if failures or not articles:
            raise typer.Exit(2)

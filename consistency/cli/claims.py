"""`consist claims FILE`: what the extractor reads in one article, without touching the store."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from consistency.cli.app import app, user_errors
from consistency.models import Claim, to_jsonable


class ClaimsFormat(str, Enum):
    table = "table"
    json = "json"


def _quantities(claim: Claim) -> str:
    return "; ".join(
        f"{q.text} [{q.kind}{' ' + q.unit if q.unit else ''}"
        f"{' of ' + q.counted if q.counted else ''}: {q.low:g}..{q.high:g}]"
        for q in claim.quantities
    )


def _render(claims: list[Claim], console: Console) -> None:
    table = Table(show_lines=True, title=f"{len(claims)} claim{'' if len(claims) == 1 else 's'}")
    for name in ("#", "claim", "proposition", "speaker", "hedge", "polarity", "quantities / entities"):
        table.add_column(name, overflow="fold")
    for i, c in enumerate(claims, 1):
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
        table.add_row(str(i), f"[{c.start_char}:{c.end_char}] {c.text}", c.proposition, speaker, hedge, polarity, extra)
    console.print(table)


@app.command()
def claims(
    file: Annotated[Path, typer.Argument(help="An article file (.txt, .md, .html).")],
    format: Annotated[ClaimsFormat, typer.Option("--format", "-f", help="Output format.")] = ClaimsFormat.table,
) -> None:
    """Show the claims read from one article: proposition, speaker, hedge, polarity, numbers.

    Nothing is stored. Example: consist claims examples/new_article.txt --format json
    """
    from consistency.articles import read_article
    from consistency.claims import extract_claims

    with user_errors():
        article = read_article(file)
        found = extract_claims(article.body, article.published_at)
        if format is ClaimsFormat.json:
            typer.echo(json.dumps(to_jsonable(found), ensure_ascii=False, indent=2))
        else:
            _render(found, Console(highlight=False, soft_wrap=False))

"""The terminal report (rich). Colour never carries meaning alone: every finding is also a word."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from consistency.models import CheckResult, Match


def _when(m: Match) -> str:
    return f"{m.other.published_at:%Y-%m-%d}" if m.other.published_at else "undated"


def _safe(text: str) -> str:
    """Article text is data: strip control characters (ANSI escapes) and rich markup."""
    return escape("".join(ch if ch.isprintable() or ch == "\n" else " " for ch in text))


def render_terminal(result: CheckResult, console: Console) -> None:
    a = result.article
    date = f"{a.published_at:%Y-%m-%d}" if a.published_at else "undated (ordered by time of adding)"
    console.print(f"[bold]{_safe(a.outlet)}[/bold] · {_safe(a.title or '(untitled)')} · {date}")
    console.print(f"{len(result.claims)} claims found" + (" · dry run, nothing recorded" if result.dry_run else ""))
    if result.already_stored:
        console.print("already in the store: nothing new recorded")
    quiet = 0
    for r in result.claims:
        if not r.matches:
            quiet += 1
            continue
        c = r.claim
        who = f" — {_safe(c.speaker)}" if c.speaker else ""
        console.print(f"\n[bold]CLAIM[/bold] {_safe(c.text)}{who} [{c.hedge}]")
        for m in r.matches:
            label = {"agrees": "AGREES", "contradicts": "CONTRADICTS", "discusses": "DISCUSSES"}[m.relation]
            style = {"agrees": "green", "contradicts": "red", "discusses": "yellow"}[m.relation]
            reasons = "; ".join(m.reasons)
            console.print(
                f"  [{style}]{label}[/{style}] {_safe(m.other.outlet)} ({_when(m)}) score {m.score:.2f}: "
                f"“{_safe(m.other.claim.text)}”" + (f" — {_safe(reasons)}" if reasons else "")
            )
    if quiet:
        console.print(f"\n{quiet} claim(s) with no findings")
    for cr in result.credits:
        first = " (says first)" if cr.first else ""
        console.print(f"CREDIT {cr.kind}{first}: {_safe(cr.credited_outlet)} — {_safe(cr.evidence)}")
    s = result.summary
    console.print(
        f"\nSummary: {s.get('claims', 0)} claims, {s.get('agreements', 0)} agreements, "
        f"{s.get('contradictions', 0)} contradictions, {s.get('discussions', 0)} discussions, "
        f"{s.get('credits', 0)} credits"
    )

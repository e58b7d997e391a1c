"""The terminal report (rich). Colour never carries meaning alone: every finding is also a word.

Layout: a header (outlet, title, date, claims found); each claim with findings, its speaker and
hedge, then one line for the agreeing outlets (independent voices, copies collapsed), each
contradicting outlet with its sentence, date and reasons, any discussion, and credits; the
claims without findings in one line; a summary.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape

from consistency.articles import NO_DATE_NOTE
from consistency.models import CheckResult, Credit
from consistency.report.findings import (
    LABELS,
    ClaimFindings,
    Voice,
    claim_findings,
    count_phrase,
    counted,
    credit_kind,
    has_findings,
    loose_credits,
    outlets_phrase,
    quoted,
    totals,
    voice_line,
)

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_STYLE = {"agrees": "green", "contradicts": "bold red", "discusses": "yellow"}
INDENT = "    "


def plain(text: str) -> str:
    """Article text as one printable line: escape sequences dropped, control characters and breaks as spaces."""
    text = _ANSI.sub("", text)
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _safe(text: str) -> str:
    """Article text is data: no escape sequences, no rich markup."""
    return escape(plain(text))


def _voice(v: Voice) -> str:
    return voice_line(v, _safe(v.lead.other.outlet), _safe)


def _credit(c: Credit) -> str:
    kind = credit_kind(c)  # names outlets that credit it: article text, escaped like the rest
    return f"{_safe(c.credited_outlet)}, {_safe(kind)}: {quoted(c.evidence, _safe)}"


def _label(relation: str) -> str:
    style = _STYLE[relation]
    return f"[{style}]{LABELS[relation]:<10}[/{style}]"


def _claim(f: ClaimFindings, console: Console) -> None:
    c = f.claim
    console.print(f"\n[bold]#{f.index + 1}[/bold] {_safe(c.text)}")
    polarity = " · negated" if c.polarity == "negated" else ""
    console.print(f"{INDENT}speaker: {_safe(c.speaker or 'not attributed')} · hedge: {c.hedge}{polarity}")
    agrees = f.voices.get("agrees", [])
    if agrees:
        console.print(
            f"{INDENT}{_label('agrees')} {count_phrase(f, 'agrees')}: " + "; ".join(_voice(v) for v in agrees)
        )
    for v in f.voices.get("contradicts", []):
        m = v.lead
        reasons = "; ".join(m.reasons) or "no reason given"
        console.print(f"{INDENT}{_label('contradicts')} {_voice(v)}, score {m.score:.2f}")
        console.print(f"{INDENT}{' ' * 11}{quoted(m.other.claim.text, _safe)}")
        console.print(f"{INDENT}{' ' * 11}reasons: {_safe(reasons)}")
    discusses = f.voices.get("discusses", [])
    if discusses:
        console.print(
            f"{INDENT}{_label('discusses')} {count_phrase(f, 'discusses')}: " + "; ".join(_voice(v) for v in discusses)
        )
    for cr in f.credits:
        console.print(f"{INDENT}[cyan]{'CREDIT':<10}[/cyan] {_credit(cr)}")


def render_terminal(result: CheckResult, console: Console) -> None:
    a = result.article
    date = f"{a.published_at:%Y-%m-%d}" if a.published_at else "undated (ordered by time of adding)"
    console.print(f"[bold]{_safe(a.outlet)}[/bold] · {_safe(a.title or '(untitled)')} · {date}")
    for note in a.notes:  # how the file was read: its encoding, an outlet taken from the file name
        if note != NO_DATE_NOTE:
            console.print(f"note: {_safe(note)}")
    findings = claim_findings(result)
    shown = [f for f in findings if has_findings(f)]
    line = f"{counted(len(result.claims), 'claim')} found, {len(shown)} with findings"
    if result.dry_run:
        line += " · dry run, nothing recorded"
    console.print(line)
    if result.already_stored:
        console.print("already in the store: nothing new recorded")
    if result.copy_of is not None:
        source = result.copy_of.original_outlet or f"article {result.copy_of.original_article_id}"
        console.print(f"republishes {_safe(source)} ({result.copy_of.reason})")
    for f in shown:
        _claim(f, console)
    quiet = [f for f in findings if not has_findings(f)]
    if quiet:
        numbers = ", ".join(f"#{f.index + 1}" for f in quiet)
        console.print(f"\nNo findings for {len(quiet)} claim{'s' if len(quiet) != 1 else ''}: {numbers}")
    rest = loose_credits(result)
    for cr in rest:
        console.print(f"[cyan]CREDIT[/cyan] {_credit(cr)}")
    s, t = result.summary, totals(findings)
    # outlets are counted once over the whole article (copies collapsed); matches are claim pairs
    sides = "; ".join(
        f"{name} from {outlets_phrase(t['outlets_' + rel])} ({s.get(name, 0)} match{'' if s.get(name) == 1 else 'es'})"
        for name, rel in (("agreements", "agrees"), ("contradictions", "contradicts"), ("discussions", "discusses"))
    )
    console.print(
        f"\nSummary: {counted(s.get('claims', len(result.claims)), 'claim')}, {len(shown)} with findings; "
        f"{sides}; {counted(s.get('credits', len(result.credits)), 'credit')}"
    )


def render_terminal_many(results: list[CheckResult], console: Console, source: str) -> None:
    """A feed's checks: each article's report under "Article 2 of 5 · feed.jsonl:2", then a count."""
    n = len(results)
    for i, r in enumerate(results, 1):
        if i > 1:
            console.print()
        console.print(f"[bold]Article {i} of {n}[/bold] · {_safe(r.article.source_path or '')}")
        render_terminal(r, console)
    disputed = sum(1 for r in results if any(m.relation == "contradicts" for c in r.claims for m in c.matches))
    console.print(f"\nChecked {n} article{'' if n == 1 else 's'} from {_safe(source)}; {disputed} with contradictions")

"""`consist report` renderers: the store-wide overview as terminal text, JSON, Markdown or HTML.

The HTML page draws the outlet matrix as a heatmap (table cells shaded by the share of
agreement, with the counts written in each cell) and the timeline as an inline SVG chart whose
marker shapes and labels say the relation, so neither relies on colour.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from consistency.models import to_jsonable
from consistency.overview import ClaimRef, Contested, Overview, TimelineEntry
from consistency.report.findings import counted, quoted
from consistency.report.html import esc, link, page
from consistency.report.markdown import md
from consistency.report.terminal import plain

SCHEMA_VERSION = 1
_REL_WORD = {"seed": "CLAIM", "agrees": "AGREE", "contradicts": "CONTRADICT", "discusses": "DISCUSS"}


def _when(ref: ClaimRef) -> str:
    if ref.published_at:
        return f"{ref.published_at:%Y-%m-%d}"
    return f"undated, added {ref.added_at:%Y-%m-%d}" if ref.added_at else "undated"


def _when_html(ref: ClaimRef) -> str:
    """The date cell of the HTML timeline: an undated claim's time of adding on a line of its own,
    so "undated, added 2026-12-04" stays inside its column (see TIMELINE_STYLE)."""
    if ref.published_at or not ref.added_at:
        return _when(ref)
    return f'undated<br><span class="added">added {ref.added_at:%Y-%m-%d}</span>'


# The timeline table: dates never wrap mid-date nor run into the next column, and a long claim
# (or one long word) wraps inside its own cell instead of widening the table past the page.
TIMELINE_STYLE = (
    "#timeline{width:100%}#timeline td.when{white-space:nowrap;width:1%}"
    "#timeline td.when .added{font-size:.85em;color:#555}#timeline td.text{overflow-wrap:anywhere}"
)


def _verdicts(c: Contested) -> list[str]:
    """ " · verdict: right" per contradicting claim ("" where no reviewer has spoken)."""
    said = c.contradicting_verdicts or [None] * len(c.contradicting)
    return [f" · verdict: {v}" if v else "" for v in said]


def _said(e: TimelineEntry) -> str:
    return f" · verdict: {e.verdict}" if e.verdict else ""


def _short(text: str, limit: int = 140) -> str:
    text = plain(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---- JSON --------------------------------------------------------------------------------------


def overview_to_dict(ov: Overview) -> dict[str, Any]:
    """Stable keys: schema_version, store, contested, matrix, first_reporters, timeline."""
    return {
        "schema_version": SCHEMA_VERSION,
        "store": {"articles": ov.articles, "claims": ov.claims, "outlets": ov.outlets, "min_score": ov.min_score},
        "contested": [to_jsonable(c) for c in ov.contested],
        "matrix": to_jsonable(ov.matrix),
        "first_reporters": [asdict(r) for r in ov.first_reporters],
        "timeline": {
            "seed": to_jsonable(ov.timeline_seed),
            "entries": [to_jsonable(e) for e in ov.timeline],
        },
    }


def render_overview_json(ov: Overview) -> str:
    return json.dumps(overview_to_dict(ov), ensure_ascii=False, indent=2)


# ---- terminal ----------------------------------------------------------------------------------


def render_overview_terminal(ov: Overview, console: Console) -> None:
    console.print(
        f"[bold]Store[/bold]: {counted(ov.articles, 'article')}, {counted(ov.claims, 'claim')}, "
        f"{counted(ov.outlets, 'outlet')}"
    )
    console.print("\n[bold]Most contested claims[/bold] (outlets on each side)")
    if not ov.contested:
        console.print("  none: no recorded contradictions")
    for n, c in enumerate(ov.contested, 1):
        console.print(f"\n{n}. {quoted(_short(c.claim.text), escape)} (claim {c.claim.claim_id})")
        console.print(f"   [green]FOR[/green]     {len(c.supporters)}: " + escape(", ".join(map(plain, c.supporters))))
        console.print(f"   [red]AGAINST[/red] {len(c.opponents)}: " + escape(", ".join(map(plain, c.opponents))))
        for ref, said in list(zip(c.contradicting, _verdicts(c), strict=True))[:3]:
            console.print(
                f"           {escape(plain(ref.outlet))} ({_when(ref)}): {quoted(_short(ref.text), escape)}{said}"
            )
        if c.first:
            console.print(f"   first (dated): {escape(plain(c.first))}")
    m = ov.matrix
    if m.outlets:
        table = Table(title="Outlet × outlet: agreeing / contradicting claim pairs", show_lines=False)
        table.add_column("outlet")
        for name in m.outlets:
            table.add_column(escape(plain(name)), justify="center")
        for i, name in enumerate(m.outlets):
            cells = ["—" if i == j else f"{m.agrees[i][j]} / {m.contradicts[i][j]}" for j in range(len(m.outlets))]
            table.add_row(escape(plain(name)), *cells)
        console.print()
        console.print(table)
    if ov.first_reporters:
        table = Table(title="First reporters")
        for col in ("outlet", "first (earliest)", "ties", "undated", "named as source", "named as first"):
            table.add_column(col, justify="left" if col == "outlet" else "right")
        for r in ov.first_reporters:
            table.add_row(
                escape(plain(r.outlet)), str(r.earliest), str(r.earliest_ties), str(r.earliest_undated),
                str(r.explicit), str(r.explicit_first),
            )  # fmt: skip
        console.print()
        console.print(table)
    if ov.timeline_seed:
        console.print(f"\n[bold]Timeline[/bold] of claim {ov.timeline_seed.claim_id}")
        # the date column is as wide as its longest entry ("undated, added 2026-12-04" is 25 wide)
        width = max((len(_when(e.claim)) for e in ov.timeline), default=10)
        for e in ov.timeline:
            score = f" score {e.score:.2f}" if e.score is not None else ""
            console.print(
                f"  {_when(e.claim):<{width}} {_REL_WORD[e.relation]:<10} {escape(plain(e.claim.outlet))}{score}: "
                f"{quoted(_short(e.claim.text, 100), escape)}{_said(e)}"
            )


# ---- Markdown ----------------------------------------------------------------------------------


def render_overview_markdown(ov: Overview) -> str:
    sizes = f"{counted(ov.articles, 'article')}, {counted(ov.claims, 'claim')}, {counted(ov.outlets, 'outlet')}"
    lines = ["# consist store report", "", f"{sizes}.", ""]
    lines += ["## Most contested claims", ""]
    if not ov.contested:
        lines += ["None: no recorded contradictions.", ""]
    for n, c in enumerate(ov.contested, 1):
        lines += [
            f"{n}\\. {quoted(_short(c.claim.text), md)} ({md(c.claim.outlet)}, {_when(c.claim)},"
            f" claim {c.claim.claim_id})",
            "",
            f"- **For** ({len(c.supporters)}): {', '.join(md(s) for s in c.supporters)}",
            f"- **Against** ({len(c.opponents)}): {', '.join(md(s) for s in c.opponents)}",
        ]
        lines += [
            f"  - {md(r.outlet)} ({_when(r)}): {quoted(_short(r.text), md)}{said}"
            for r, said in list(zip(c.contradicting, _verdicts(c), strict=True))[:3]
        ]
        if c.first:
            lines.append(f"- **First (dated):** {md(c.first)}")
        lines.append("")
    m = ov.matrix
    if m.outlets:
        lines += ["## Outlet × outlet", "", "Agreeing / contradicting claim pairs.", ""]
        lines.append("| outlet | " + " | ".join(md(o) for o in m.outlets) + " |")
        lines.append("|---|" + "---:|" * len(m.outlets))
        for i, name in enumerate(m.outlets):
            cells = ["—" if i == j else f"{m.agrees[i][j]} / {m.contradicts[i][j]}" for j in range(len(m.outlets))]
            lines.append(f"| {md(name)} | " + " | ".join(cells) + " |")
        lines.append("")
    if ov.first_reporters:
        lines += ["## First reporters", "", "| outlet | first (earliest) | ties | undated | named as source |"
                  " named as first |", "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
        for r in ov.first_reporters:
            lines.append(
                f"| {md(r.outlet)} | {r.earliest} | {r.earliest_ties} | {r.earliest_undated} | {r.explicit}"
                f" | {r.explicit_first} |"
            )
        lines.append("")
    if ov.timeline_seed:
        lines += [f"## Timeline of claim {ov.timeline_seed.claim_id}", ""]
        lines += ["| when | relation | outlet | claim |", "|---|---|---|---|"]
        for e in ov.timeline:
            lines.append(
                f"| {_when(e.claim)} | {_REL_WORD[e.relation]}{_said(e)} | {md(e.claim.outlet)} |"
                f" {md(_short(e.claim.text))} |"
            )
        lines.append("")
    return "\n".join(lines)


# ---- HTML --------------------------------------------------------------------------------------


def _heat_colour(agree: int, contra: int) -> str:
    """Green for agreement, red for contradiction, paler for fewer pairs; the counts are written too."""
    total = agree + contra
    if not total:
        return "#ffffff"
    share = agree / total
    hue = round(share * 120)  # 0 red .. 120 green
    light = max(55, 92 - min(total, 20) * 2)
    return f"hsl({hue},65%,{light}%)"


def _heatmap(ov: Overview) -> str:
    m = ov.matrix
    head = "".join(f"<th>{esc(o)}</th>" for o in m.outlets)
    rows = []
    for i, name in enumerate(m.outlets):
        cells = []
        for j in range(len(m.outlets)):
            if i == j:
                cells.append('<td class="cell">—</td>')
                continue
            a, c = m.agrees[i][j], m.contradicts[i][j]
            cells.append(
                f'<td class="cell" style="background:{_heat_colour(a, c)}" '
                f'title="{a} agreeing, {c} contradicting">{a} agree<br>{c} contradict</td>'
            )
        rows.append(f"<tr><th>{esc(name)}</th>{''.join(cells)}</tr>")
    return (
        '<table class="heat" id="matrix"><caption>Claim pairs between outlets: agreeing and contradicting. '
        "Greener cells agree more, redder contradict more.</caption>"
        f"<tr><th>outlet</th>{head}</tr>{''.join(rows)}</table>"
    )


_OFFSET = {"seed": 0, "agrees": -6, "contradicts": 6, "discusses": 0}
_MARK = {
    "seed": ('<rect x="-6" y="-6" width="12" height="12" transform="rotate(45)" fill="#0b5394"/>', "#0b5394"),
    "agrees": ('<circle r="6" fill="#1a7f37"/>', "#1a7f37"),
    "contradicts": ('<path d="M-6,-6L6,6M-6,6L6,-6" stroke="#b3261e" stroke-width="3"/>', "#b3261e"),
    "discusses": ('<rect x="-5" y="-5" width="10" height="10" fill="none" stroke="#7a5b00" stroke-width="2"/>', ""),
}


def _timeline_svg(entries: list[TimelineEntry]) -> str:
    """Outlets down the side, time across; undated claims sit in their own column on the right."""
    outlets: list[str] = []
    for e in entries:
        if e.claim.outlet not in outlets:
            outlets.append(e.claim.outlet)
    dated = [e.claim.published_at for e in entries if e.claim.published_at]
    left, width, row_h, top = 190, 560, 30, 30
    undated_x = left + width + 70
    height = top + row_h * len(outlets) + 40
    lo = min(dated) if dated else None
    hi = max(dated) if dated else None
    span = (hi - lo).total_seconds() if lo and hi and hi > lo else 0.0

    def x_of(t: datetime | None) -> float:
        if t is None or lo is None:
            return float(undated_x)
        return left + (width * (t - lo).total_seconds() / span if span else width / 2)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="timeline-chart" role="img" width="{undated_x + 60}" '
        f'height="{height}" viewBox="0 0 {undated_x + 60} {height}">',
        "<title>Timeline of one claim group: when each outlet published it</title>",
    ]
    axis_y = top + row_h * len(outlets)
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + width}" y2="{axis_y}" stroke="#888"/>')
    if lo and hi:
        parts.append(f'<text x="{left}" y="{axis_y + 16}" text-anchor="middle">{lo:%Y-%m-%d}</text>')
        if span:
            parts.append(f'<text x="{left + width}" y="{axis_y + 16}" text-anchor="middle">{hi:%Y-%m-%d}</text>')
    if any(e.claim.published_at is None for e in entries):
        parts.append(f'<text x="{undated_x}" y="{axis_y + 16}" text-anchor="middle">undated</text>')
    for row, outlet in enumerate(outlets):
        y = top + row_h * row + row_h / 2
        parts.append(f'<text x="{left - 10}" y="{y + 4}" text-anchor="end">{esc(_short(outlet, 28))}</text>')
        parts.append(f'<line x1="{left}" y1="{y}" x2="{undated_x}" y2="{y}" stroke="#eee"/>')
    for e in entries:
        # a small vertical offset per relation keeps two marks of one outlet on one day apart
        y = top + row_h * outlets.index(e.claim.outlet) + row_h / 2 + _OFFSET[e.relation]
        x = x_of(e.claim.published_at)
        shape = _MARK[e.relation][0]
        tip = f"{_REL_WORD[e.relation]} · {plain(e.claim.outlet)} · {_when(e.claim)}: {_short(e.claim.text, 200)}"
        parts.append(
            f'<g class="mark {e.relation}" transform="translate({x:.1f},{y:.1f})"><title>{esc(tip)}</title>{shape}</g>'
        )
    parts.append("</svg>")
    legend = '<p class="meta">◆ the claim · ● agrees · ✕ contradicts · □ discusses (hover a mark for the sentence)</p>'
    return "".join(parts) + legend


def render_overview_html(ov: Overview) -> str:
    body = [
        "<header><h1>consist store report</h1>",
        f'<p class="meta">{ov.articles} articles · {ov.claims} claims · {ov.outlets} outlets</p></header>',
        '<h2>Most contested claims</h2><div id="contested">',
    ]
    if not ov.contested:
        body.append("<p>None: no recorded contradictions.</p>")
    for n, c in enumerate(ov.contested, 1):
        against = "".join(
            f"<li>{link(r.outlet, r.url)} ({_when(r)}): {quoted(_short(r.text, 220), esc)}{said}</li>"
            for r, said in list(zip(c.contradicting, _verdicts(c), strict=True))[:3]
        )
        body.append(
            f'<section class="claim"><h3>{n}. {quoted(_short(c.claim.text, 220), esc)}</h3>'
            f'<div class="meta">{link(c.claim.outlet, c.claim.url)}, {_when(c.claim)}, claim {c.claim.claim_id}'
            f"{' · first (dated): ' + esc(c.first) if c.first else ''}</div>"
            f'<div class="agrees"><span class="label">FOR {len(c.supporters)}</span>'
            f"{esc(', '.join(c.supporters))}</div>"
            f'<div class="contradicts"><span class="label">AGAINST {len(c.opponents)}</span>'
            f"{esc(', '.join(c.opponents))}<ul>{against}</ul></div></section>"
        )
    body.append("</div>")
    if ov.matrix.outlets:
        body += ["<h2>Outlet × outlet</h2>", _heatmap(ov)]
    if ov.first_reporters:
        rows = "".join(
            f'<tr><td>{esc(r.outlet)}</td><td class="num">{r.earliest}</td><td class="num">{r.earliest_ties}</td>'
            f'<td class="num">{r.earliest_undated}</td><td class="num">{r.explicit}</td>'
            f'<td class="num">{r.explicit_first}</td></tr>'
            for r in ov.first_reporters
        )
        body.append(
            '<h2>First reporters</h2><table id="first-reporters"><tr><th>outlet</th><th>first (earliest)</th>'
            f"<th>ties</th><th>undated</th><th>named as source</th><th>named as first</th></tr>{rows}</table>"
        )
    if ov.timeline_seed:
        seed = ov.timeline_seed
        body.append(
            f"<h2>Timeline</h2><p>Claim {seed.claim_id}: {quoted(_short(seed.text, 220), esc)} "
            f"({esc(seed.outlet)}) and every claim recorded as related to it.</p>"
        )
        body.append(_timeline_svg(ov.timeline))
        body.append(
            '<table id="timeline"><tr><th>when</th><th>relation</th><th>outlet</th><th>claim</th></tr>'
            + "".join(
                f'<tr><td class="when">{_when_html(e.claim)}</td><td>{_REL_WORD[e.relation]}{_said(e)}</td>'
                f'<td>{link(e.claim.outlet, e.claim.url)}</td><td class="text">{esc(e.claim.text)}</td></tr>'
                for e in ov.timeline
            )
            + "</table>"
        )
    return page("consist store report", "\n".join(body), style=TIMELINE_STYLE)

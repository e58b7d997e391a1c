"""The review renderers: the page `consist serve` shows, and one finding for `consist review`.

The page keeps the HTML report's safety: every piece of article text goes through `esc`, links
only from http(s) URLs, and it is served with a Content-Security-Policy (`serve.CSP`) that
allows only our own stylesheet and script (served from the package, never a CDN), no inline
script or style at all. Forms work without the script (a POST, then back to the list); the
script only records a verdict in place.
"""

from __future__ import annotations

import html
from datetime import date
from urllib.parse import urlencode

from rich.console import Console
from rich.markup import escape

from consistency.models import RELATIONS, VERDICTS
from consistency.report.findings import LABELS, quoted, verdict_tag, when
from consistency.report.html import esc, link, side_by_side
from consistency.report.terminal import plain
from consistency.review import ContestedClaim, ReviewFilter, ReviewFinding, ReviewQueue

# What the page adds to the report's stylesheet (both are served as /static/review.css).
REVIEW_STYLE = """
form.filters{display:flex;flex-wrap:wrap;gap:.6em 1em;align-items:end;background:#f6f8fa;border:1px solid #ddd;
border-radius:6px;padding:.6em .8em}
form.filters label{display:flex;flex-direction:column;font-size:.85em;color:#444}
.finding{border-top:1px dashed #ddd;padding-top:.6em;margin-top:.6em}
.finding[data-verdict=wrong]{opacity:.6}
form.verdict{display:flex;flex-wrap:wrap;gap:.4em;align-items:center;margin:.4em 0 .2em}
form.verdict input[name=note]{flex:1 1 20em;min-width:12em;padding:.25em .4em}
form.verdict button{padding:.25em .9em;border-radius:4px;border:1px solid #888;background:#fff;cursor:pointer}
form.verdict button[value=right]{border-color:#116329;color:#116329}
form.verdict button[value=wrong]{border-color:#b3261e;color:#b3261e}
.status{font-size:.9em;font-weight:600}.status.error{color:#b3261e}
.finding[data-verdict=right] .status{color:#116329}.finding[data-verdict=wrong] .status{color:#b3261e}
"""


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def _status(f: ReviewFinding) -> str:
    tag = verdict_tag(f.match)
    text = tag if tag else "not reviewed"
    if f.note:
        text += f" · note: {plain(f.note)}"
    return text


def _finding(f: ReviewFinding, token: str, back: str) -> str:
    m = f.match
    a, b = f.pair
    label = LABELS.get(m.relation, m.relation.upper())
    buttons = "".join(f'<button type="submit" name="verdict" value="{w}">{w}</button>' for w in VERDICTS)
    return (
        f'<div class="finding {m.relation}" id="f-{a}-{b}" data-pair="{a}-{b}" data-verdict="{_attr(m.verdict or "")}">'
        f'<div><span class="label">{label}</span>{link(m.other.outlet, m.other.url)} ({when(m.other.published_at)}), '
        f"claims {a} and {b}</div>"
        + side_by_side(f.claim.claim, m, f.claim.outlet, when(f.claim.published_at), this="later claim")
        + f'<form class="verdict" method="post" action="/verdict">'
        f'<input type="hidden" name="claim_id" value="{a}"><input type="hidden" name="other_claim_id" value="{b}">'
        f'<input type="hidden" name="token" value="{_attr(token)}">'
        f'<input type="hidden" name="next" value="{_attr(back)}">'
        f'<input type="text" name="note" maxlength="2000" placeholder="note (optional)" value="{_attr(f.note or "")}"'
        f' aria-label="note">{buttons}<span class="status" role="status">{esc(_status(f))}</span></form></div>'
    )


def _group(n: int, g: ContestedClaim, token: str, back: str) -> str:
    c = g.claim
    return (
        f'<section class="claim" id="claim-{c.claim.claim_id}"><h3>{n}. {quoted(c.claim.text, esc)}</h3>'
        f'<div class="meta">{link(c.outlet, c.url)} · {when(c.published_at)} · claim {c.claim.claim_id} · '
        f"contradicted by {g.opponents} outlet{'' if g.opponents == 1 else 's'}, "
        f"agreed with by {g.supporters}</div>" + "".join(_finding(f, token, back) for f in g.findings) + "</section>"
    )


def _filters(f: ReviewFilter, outlets: list[str]) -> str:
    def option(value: str, shown: str, chosen: bool) -> str:
        return f'<option value="{_attr(value)}"{" selected" if chosen else ""}>{esc(shown)}</option>'

    outlet_opts = option("", "any outlet", not f.outlet) + "".join(option(o, o, o == f.outlet) for o in outlets)
    rels = [r for r in RELATIONS if r != "unrelated"]
    rel_opts = option("any", "any relation", f.relation is None) + "".join(option(r, r, r == f.relation) for r in rels)
    day = lambda d: d.isoformat() if d else ""  # noqa: E731
    return (
        '<form class="filters" method="get" action="/">'
        f'<label>outlet<select name="outlet">{outlet_opts}</select></label>'
        f'<label>relation<select name="relation">{rel_opts}</select></label>'
        f'<label>from<input type="date" name="since" value="{day(f.since)}"></label>'
        f'<label>to<input type="date" name="until" value="{day(f.until)}"></label>'
        f'<label>unreviewed only<input type="checkbox" name="unreviewed" value="1"{" checked" if f.unreviewed else ""}>'
        '</label><button type="submit">filter</button></form>'
    )


def query_of(f: ReviewFilter) -> str:
    """The page's address for these filters ("/?relation=contradicts&..."): where a verdict goes back to."""
    params: dict[str, str] = {"relation": f.relation or "any"}
    if f.outlet:
        params["outlet"] = f.outlet
    for key, value in (("since", f.since), ("until", f.until)):
        if isinstance(value, date):
            params[key] = value.isoformat()
    if f.unreviewed:
        params["unreviewed"] = "1"
    return "/?" + urlencode(params)


def render_review_page(queue: ReviewQueue, filters: ReviewFilter, outlets: list[str], token: str, store: str) -> str:
    """The whole review page; it links /static/review.css and /static/review.js and nothing else."""
    back = query_of(filters)
    shown = sum(len(g.findings) for g in queue.groups)
    floor = f" · contradictions under {queue.floor:.2f} are under the refitted floor" if queue.floor else ""
    body = [
        "<header><h1>consist review</h1>",
        f'<p class="meta" id="store-meta">{esc(store)} · {queue.total_findings} finding'
        f"{'' if queue.total_findings == 1 else 's'} match the filters, {shown} shown, most contested claims first"
        f"{floor}</p>",
        _filters(filters, outlets),
        "</header>",
        '<main id="queue">',
    ]
    body += [_group(n, g, token, back) for n, g in enumerate(queue.groups, 1)] or ["<p>Nothing to review.</p>"]
    body.append("</main>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<title>consist review</title><link rel="stylesheet" href="/static/review.css">'
        '<script src="/static/review.js" defer></script></head>\n<body>\n' + "\n".join(body) + "\n</body></html>\n"
    )


# ---- terminal (`consist review`) ---------------------------------------------------------------


def render_review_item(n: int, total: int, f: ReviewFinding, console: Console) -> None:
    """One finding to judge: both sentences with outlet and date, the score and the reasons."""
    m = f.match
    a, b = f.pair
    safe = lambda text: escape(plain(text))  # noqa: E731
    console.print(
        f"\n[bold]{n}/{total}[/bold] {LABELS.get(m.relation, m.relation)} · score {m.score:.2f} · claims {a}, {b}"
    )
    console.print(f"  {safe(f.claim.outlet)} ({when(f.claim.published_at)}): {quoted(f.claim.claim.text, safe)}")
    console.print(f"  {safe(m.other.outlet)} ({when(m.other.published_at)}): {quoted(m.other.claim.text, safe)}")
    console.print(f"  reasons: {safe('; '.join(m.reasons) or 'no reason given')}")

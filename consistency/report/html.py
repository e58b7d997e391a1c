"""The HTML report: one self-contained file that opens from disk, with no scripts and no external assets.

Every piece of article text goes through `esc` (html.escape with quotes); links are only made
from http(s) URLs; a Content-Security-Policy that allows no script at all is the second line of
defence should an escape ever be missed. Each contradiction is shown side by side with the
conflicting words marked.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from consistency.models import CheckResult, Claim, Credit, Match
from consistency.report.findings import (
    LABELS,
    ClaimFindings,
    Voice,
    claim_findings,
    conflict_terms,
    count_phrase,
    counted,
    credit_kind,
    has_findings,
    loose_credits,
    mark_spans,
    quoted,
    totals,
    voice_line,
    when,
)
from consistency.report.terminal import plain

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:1100px;padding:1.2em;
color:#1d1d1f;background:#fff}
h1{font-size:1.5em;margin:.2em 0}h2{margin-top:1.6em;border-bottom:1px solid #ddd}h3{margin:.2em 0}
.meta{color:#555}.claim{border:1px solid #ddd;border-radius:6px;padding:.8em 1em;margin:1em 0}
.claim blockquote{margin:.3em 0 .5em;font-size:1.05em}
.label{display:inline-block;font-weight:700;font-size:.8em;letter-spacing:.04em;padding:.05em .45em;
border-radius:3px;margin-right:.4em;border:1px solid currentColor}
.agrees .label{color:#116329}.contradicts .label{color:#b3261e}.discusses .label{color:#7a5b00}
.credit .label{color:#0b5394}
.side-by-side{display:grid;grid-template-columns:1fr 1fr;gap:.8em;margin:.5em 0 1em}
.side-by-side>div{background:#fafafa;border:1px solid #e5e5e5;border-radius:4px;padding:.6em}
.side-by-side .who{font-size:.85em;color:#555;margin-bottom:.3em}
mark.conflict{background:#ffd8d6;border-bottom:2px solid #b3261e;padding:0 .1em}
.reasons{font-size:.9em;color:#444}.quiet{color:#555}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ddd;padding:.3em .5em;text-align:left}
td.num{text-align:right}.heat td.cell{text-align:center;min-width:5.5em;font-size:.85em}
svg text{font:12px system-ui,sans-serif}
"""


def esc(text: object) -> str:
    """Article text as HTML text: escaped, escape sequences and control characters removed, and
    Markdown link syntax broken in the source ("](" as "&#93;(", which shows the same), so a tool
    that turns the page into Markdown does not make a link of it."""
    return _unlink(html.escape(plain(str(text)), quote=True))


def _unlink(escaped: str) -> str:
    return escaped.replace("](", "&#93;(")


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: javascript:, data: and the like stay text."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(ord(ch) < 33 for ch in url):
        return None
    return url


def link(text: str, url: str | None) -> str:
    href = safe_url(url)
    if href is None:
        return esc(text)
    return f'<a href="{html.escape(href, quote=True)}" rel="noopener noreferrer nofollow">{esc(text)}</a>'


def page(title: str, body: str, *, style: str = "") -> str:
    """A whole document: escaped title, inline style (the shared one and the page's own), no script allowed."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}{style}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def marked(text: str, terms: list[str]) -> str:
    """`text` escaped, with each conflicting term wrapped in <mark class="conflict">."""
    out = []
    for segment, hit in mark_spans(plain(text), terms):
        piece = _unlink(html.escape(segment, quote=True))
        out.append(f'<mark class="conflict">{piece}</mark>' if hit else piece)
    return "".join(out)


def _voice(v: Voice) -> str:
    return voice_line(v, link(v.lead.other.outlet, v.lead.other.url), esc)


def _credit(c: Credit) -> str:
    kind = credit_kind(c)  # names outlets that credit it: article text, escaped like the rest
    return (
        f'<div class="credit"><span class="label">CREDIT</span><strong>{esc(c.credited_outlet)}</strong>, '
        f"{esc(kind)}: {quoted(c.evidence, esc)}</div>"
    )


def side_by_side(claim: Claim, m: Match, this_outlet: str, this_date: str, this: str = "this article") -> str:
    """The two sentences next to each other, conflicting words marked, then the score and reasons;
    `this` names the left one (the checked article; in the review page, the later claim)."""
    mine, theirs = conflict_terms(claim, m)
    reasons = "; ".join(esc(r) for r in m.reasons) or "no reason given"
    return (
        '<div class="side-by-side">'
        f'<div class="this"><div class="who">{esc(this_outlet)} ({this_date}), {esc(this)}</div>'
        f"{marked(claim.text, mine)}</div>"
        f'<div class="other"><div class="who">{link(m.other.outlet, m.other.url)} ({when(m.other.published_at)})'
        f"{', ' + esc(m.other.article_title) if m.other.article_title else ''}</div>"
        f"{marked(m.other.claim.text, theirs)}</div>"
        "</div>"
        f'<div class="reasons">score {m.score:.2f} · reasons: {reasons}</div>'
    )


def _claim(f: ClaimFindings, result: CheckResult, prefix: str = "") -> str:
    c = f.claim
    a = result.article
    parts = [
        f'<section class="claim" id="{prefix}claim-{f.index + 1}"><h3>Claim {f.index + 1}</h3>',
        f"<blockquote>{esc(c.text)}</blockquote>",
        f'<div class="meta">speaker: {esc(c.speaker or "not attributed")} · hedge: {esc(c.hedge)}'
        f"{' · negated' if c.polarity == 'negated' else ''}</div>",
    ]
    agrees = f.voices.get("agrees", [])
    if agrees:
        parts.append(
            f'<div class="agrees"><span class="label">{LABELS["agrees"]}</span>{count_phrase(f, "agrees")}: '
            + "; ".join(_voice(v) for v in agrees)
            + "</div>"
        )
    for v in f.voices.get("contradicts", []):
        parts.append(
            f'<div class="contradicts"><span class="label">{LABELS["contradicts"]}</span>{_voice(v)}'
            + side_by_side(c, v.lead, a.outlet, when(a.published_at))
            + "</div>"
        )
    discusses = f.voices.get("discusses", [])
    if discusses:
        parts.append(
            f'<div class="discusses"><span class="label">{LABELS["discusses"]}</span>'
            f"{count_phrase(f, 'discusses')}: " + "; ".join(_voice(v) for v in discusses) + "</div>"
        )
    parts += [_credit(cr) for cr in f.credits]
    parts.append("</section>")
    return "\n".join(parts)


def render_html(result: CheckResult) -> str:
    a = result.article
    return page(f"consist: {a.outlet}: {a.title or '(untitled)'}", _body(result))


def render_html_many(results: list[CheckResult], source: str) -> str:
    """A feed's checks on one page: a list of its articles, then each article's report in an
    <article> of its own, element ids prefixed "a3-" for the third (`source` names the feed)."""
    items = []
    for i, r in enumerate(results, 1):
        shown = sum(1 for f in claim_findings(r) if has_findings(f))
        items.append(
            f'<li><a href="#a{i}">{esc(r.article.outlet)}: {esc(r.article.title or "(untitled)")}</a> '
            f"({esc(r.article.source_path or '')}; {len(r.claims)} claims, {shown} with findings)</li>"
        )
    body = [
        f"<header><h1>consist: {len(results)} article{'' if len(results) == 1 else 's'} from {esc(source)}</h1>",
        f'<ol id="articles">{"".join(items)}</ol></header>',
    ]
    body += [
        f'<article id="a{i}" class="feed-article">{_body(r, f"a{i}-")}</article>' for i, r in enumerate(results, 1)
    ]
    return page(f"consist: {source}", "\n".join(body), style=".feed-article{border-top:3px solid #ddd;margin-top:2em}")


def _body(result: CheckResult, prefix: str = "") -> str:
    """One article's report; `prefix` keeps element ids apart when a page holds several."""
    a = result.article
    findings = claim_findings(result)
    shown = [f for f in findings if has_findings(f)]
    quiet = [f for f in findings if not has_findings(f)]
    s, t = result.summary, totals(findings)
    body = [
        f"<header><h1>{link(a.title or '(untitled)', a.url)}</h1>",
        f'<p class="meta" id="{prefix}article-meta">{esc(a.outlet)} · {when(a.published_at)} · '
        f"{counted(len(result.claims), 'claim')} found · {len(shown)} with findings"
        f"{' · dry run, nothing recorded' if result.dry_run else ''}</p></header>",
    ]
    if result.copy_of is not None:
        source = result.copy_of.original_outlet or f"article {result.copy_of.original_article_id}"
        body.append(f'<p class="meta">Republishes {esc(source)} ({esc(result.copy_of.reason)}).</p>')
    body.append(f'<h2>Claims with findings</h2><div id="{prefix}findings">')
    body += [_claim(f, result, prefix) for f in shown] or ["<p>None.</p>"]
    body.append("</div>")
    if quiet:
        numbers = ", ".join(str(f.index + 1) for f in quiet)
        body.append(f'<p class="quiet" id="{prefix}no-findings">No findings for {len(quiet)} claim(s): {numbers}.</p>')
    rest = loose_credits(result)
    if rest:
        body += ["<h2>Other credits</h2>"] + [_credit(c) for c in rest]
    body.append(
        f'<h2>Summary</h2><table id="{prefix}summary"><tr><th></th><th>matches</th><th>independent outlets</th>'
        "<th>copies collapsed</th></tr>"
        + "".join(
            f'<tr><th>{name}</th><td class="num">{s.get(key, 0)}</td><td class="num">{t["outlets_" + rel]}</td>'
            f'<td class="num">{t["copies_" + rel]}</td></tr>'
            for name, key, rel in (
                ("agreements", "agreements", "agrees"),
                ("contradictions", "contradictions", "contradicts"),
                ("discussions", "discussions", "discusses"),
            )
        )
        + f"</table><p>{s.get('claims', len(result.claims))} claims, {s.get('credits', len(result.credits))}"
        " credits.</p>"
    )
    return "\n".join(body)

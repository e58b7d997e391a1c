"""The Markdown report: what a fact-checker pastes into a ticket or an email to an editor.

Article text is data, never Markdown: every punctuation character that Markdown or inline HTML
could act on is backslash-escaped and line breaks become spaces, so a sentence cannot open a
link, an image, a raw HTML tag, a heading or a table cell.
"""

from __future__ import annotations

import re

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
    quoted,
    totals,
    voice_line,
)
from consistency.report.terminal import plain

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can act.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~&])")
_BLOCK_START = re.compile(r"^(\d+)(?=[.)])|^(?=[-+=])")  # "1." / "-" / "+" would open a list


def md(text: str) -> str:
    """Article text as inert Markdown on one line."""
    escaped = _MD_SPECIAL.sub(r"\\\1", plain(text))
    return _BLOCK_START.sub(lambda m: (m.group(1) or "") + "\\", escaped, count=1)


def _voice(v: Voice) -> str:
    return voice_line(v, md(v.lead.other.outlet), md, plus="\\+")


def _credit(c: Credit) -> str:
    kind = credit_kind(c)  # names outlets that credit it: article text, escaped like the rest
    return f"**{md(c.credited_outlet)}**, {md(kind)}: {quoted(c.evidence, md)}"


def _claim(f: ClaimFindings) -> list[str]:
    c = f.claim
    lines = [f"### Claim {f.index + 1}", "", f"> {md(c.text)}", ""]
    negated = " · negated" if c.polarity == "negated" else ""
    lines += [f"*Speaker:* {md(c.speaker or 'not attributed')} · *hedge:* {c.hedge}{negated}", ""]
    agrees = f.voices.get("agrees", [])
    if agrees:
        lines += [f"- **{LABELS['agrees']}**, {count_phrase(f, 'agrees')}: " + "; ".join(_voice(v) for v in agrees)]
    for v in f.voices.get("contradicts", []):
        m = v.lead
        reasons = "; ".join(md(r) for r in m.reasons) or "no reason given"
        lines += [
            f"- **{LABELS['contradicts']}**, {_voice(v)}, score {m.score:.2f}, reasons: {reasons}",
            f"  - {quoted(m.other.claim.text, md)}",
        ]
    discusses = f.voices.get("discusses", [])
    if discusses:
        lines += [
            f"- **{LABELS['discusses']}**, {count_phrase(f, 'discusses')}: " + "; ".join(_voice(v) for v in discusses)
        ]
    for cr in f.credits:
        lines += [f"- **CREDIT** {_credit(cr)}"]
    return [*lines, ""]


def render_markdown(result: CheckResult) -> str:
    a = result.article
    findings = claim_findings(result)
    shown = [f for f in findings if has_findings(f)]
    quiet = [f for f in findings if not has_findings(f)]
    date = f"{a.published_at:%Y-%m-%d}" if a.published_at else "undated"
    lines = [
        f"# Consistency report: {md(a.title or '(untitled)')}",
        "",
        f"**Outlet:** {md(a.outlet)} · **Published:** {date} · **Claims found:** {len(result.claims)}"
        f" · **With findings:** {len(shown)}",
        "",
    ]
    if result.dry_run:
        lines += ["*Dry run: nothing was recorded in the store.*", ""]
    if result.copy_of is not None:
        source = result.copy_of.original_outlet or f"article {result.copy_of.original_article_id}"
        lines += [f"*Republishes {md(source)} ({result.copy_of.reason}).*", ""]
    lines += ["## Claims with findings", ""]
    for f in shown:
        lines += _claim(f)
    if not shown:
        lines += ["None.", ""]
    if quiet:
        numbers = ", ".join(str(f.index + 1) for f in quiet)
        lines += [f"**No findings** for {len(quiet)} claim{'s' if len(quiet) != 1 else ''}: {numbers}.", ""]
    rest = loose_credits(result)
    if rest:
        lines += ["## Other credits", ""] + [f"- {_credit(c)}" for c in rest] + [""]
    s, t = result.summary, totals(findings)
    lines += [
        "## Summary",
        "",
        "| | matches | independent outlets | copies collapsed |",
        "|---|---:|---:|---:|",
        f"| agreements | {s.get('agreements', 0)} | {t['outlets_agrees']} | {t['copies_agrees']} |",
        f"| contradictions | {s.get('contradictions', 0)} | {t['outlets_contradicts']} | {t['copies_contradicts']} |",
        f"| discussions | {s.get('discussions', 0)} | {t['outlets_discusses']} | {t['copies_discusses']} |",
        "",
        f"{counted(s.get('claims', len(result.claims)), 'claim')}, {len(shown)} with findings,"
        f" {counted(s.get('credits', len(result.credits)), 'credit')}.",
        "",
    ]
    return "\n".join(lines)


def render_markdown_many(results: list[CheckResult], source: str) -> str:
    """A feed's checks: a heading naming the feed, then each article's report, split by rules."""
    n = len(results)
    head = f"# consist: {n} article{'' if n == 1 else 's'} from {md(source)}\n\n"
    return head + "\n---\n\n".join(render_markdown(r) for r in results)

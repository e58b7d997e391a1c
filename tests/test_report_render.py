"""The renderers on hand-built results: copies collapse, hostile article text stays inert in every format.

These build CheckResult values directly (no models), so each rule is checked on exactly the
input that exercises it; the end-to-end runs on the example corpus are in test_report_snapshots.py.
"""

from __future__ import annotations

import io
import json
from datetime import datetime

from markdown_it import MarkdownIt
from rich.console import Console

from consistency.models import Article, CheckResult, Claim, ClaimResult, Credit, Match, StoredClaim
from consistency.pipeline import summarize
from consistency.report import render_html, render_json, render_markdown, render_terminal
from consistency.report.findings import conflict_terms, counted, group_voices, quoted

HOSTILE = (
    "Officials said <script>document.title='PWNED'</script> the plan [click](javascript:alert(1)) "
    '<img src=x onerror="document.title=1"> \x1b[31mRED\x1b[0m | cell # heading'
)


def _claim(text: str, **kw: object) -> Claim:
    return Claim(text=text, start_char=0, end_char=len(text), proposition=text, **kw)  # type: ignore[arg-type]


def _other(cid: int, article_id: int, outlet: str, text: str, day: int | None = 3, **kw: object) -> StoredClaim:
    c = _claim(text, **kw)
    c.claim_id, c.article_id = cid, article_id
    when = datetime(2026, 3, day) if day else None
    return StoredClaim(c, outlet, f"{outlet} story", when, datetime(2026, 3, 10), article_id, url=None)


def _result(claims: list[ClaimResult], credits: list[Credit] | None = None, **article: object) -> CheckResult:
    a = Article(outlet=str(article.get("outlet", "Test Outlet")), body="...", title=str(article.get("title", "T")))
    a.published_at = datetime(2026, 3, 9)
    a.url = article.get("url")  # type: ignore[assignment]
    r = CheckResult(a, claims, credits or [], dry_run=True)
    r.summary = summarize(r)
    return r


WIRE = "The ministry said on Tuesday that 40 drones were delivered to the border."


def _wire_result() -> CheckResult:
    """One claim agreed by: a wire story carried verbatim by two outlets, a republication, one independent outlet."""
    mine = _claim("The ministry said 40 drones were delivered.", quantities=[])
    matches = [
        Match("agrees", 0.9, ["similarity 0.90"], 0.9, _other(1, 10, "Portside Herald", WIRE)),
        Match("agrees", 0.88, ["similarity 0.88"], 0.88, _other(2, 11, "Lakeshore Courier", WIRE, day=None)),
        Match("agrees", 0.8, ["similarity 0.80"], 0.8, _other(3, 12, "Meridian Post", "Forty drones went over.")),
        Match(
            "agrees",
            0.79,
            ["similarity 0.79"],
            0.79,
            _other(4, 13, "Daily Mirrorsite", "Forty drones were sent over."),
            copy_of_article_id=12,
        ),  # fmt: skip
        Match("agrees", 0.7, ["similarity 0.70"], 0.7, _other(5, 14, "Kestrel News", "Drones were delivered.")),
    ]
    quiet = [ClaimResult(_claim(f"Unrelated sentence number {i}.")) for i in range(3)]
    return _result([ClaimResult(mine, matches), *quiet])


def test_copies_collapse_into_one_voice() -> None:
    r = _wire_result()
    voices = group_voices(r.claims[0].matches)
    leads = [v.lead.other.outlet for v in voices]
    assert leads == ["Portside Herald", "Meridian Post", "Kestrel News"]
    assert [v.copy_count for v in voices] == [1, 1, 0]
    assert voices[0].copy_outlets == ["Lakeshore Courier"]


def test_terminal_counts_independent_outlets_and_collapses_quiet_claims() -> None:
    buf = io.StringIO()
    render_terminal(_wire_result(), Console(file=buf, no_color=True, width=300, soft_wrap=True))
    text = buf.getvalue()
    assert "3 outlets agree (2 more copies collapsed)" in text
    assert "Portside Herald (2026-03-03) +1 copy (Lakeshore Courier)" in text
    assert "No findings for 3 claims: #2, #3, #4" in text
    assert "Unrelated sentence" not in text  # quiet claims are one line, not three
    assert "Summary: 4 claims, 1 with findings" in text


def test_an_outlets_own_follow_up_story_is_no_copy() -> None:
    # "AP (2026-03-03) +1 copy" was said of AP's next-day story: one voice, but not a copy
    mine = _claim("Two people died in the blast near the border.", quantities=[])
    matches = [
        Match("agrees", 0.9, ["similarity 0.90"], 0.9, _other(1, 10, "AP", "The blast killed two people.")),
        Match("agrees", 0.8, ["similarity 0.80"], 0.8, _other(2, 11, "AP", "Two died in the blast.", day=4)),
        Match("agrees", 0.7, ["similarity 0.70"], 0.7, _other(3, 12, "Valley Post", WIRE), copy_of_article_id=10),
    ]
    buf = io.StringIO()
    render_terminal(_result([ClaimResult(mine, matches)]), Console(file=buf, no_color=True, width=300))
    text = " ".join(buf.getvalue().split())
    assert "1 outlet agrees (1 more copy and 1 more article by the same outlet collapsed)" in text
    assert "AP (2026-03-03) +1 copy (Valley Post) +1 more AP article" in text


def test_summary_counts_each_outlet_once_over_the_article() -> None:
    """Issue 17: one outlet matching several claims is one outlet in every summary, not one per claim."""
    r = _wire_result()
    second = [
        Match("agrees", 0.9, ["similarity 0.90"], 0.9, _other(6, 10, "Portside Herald", "A second statement.")),
        Match("agrees", 0.8, ["similarity 0.80"], 0.8, _other(7, 14, "Kestrel News", "A second statement, too.")),
        Match("contradicts", 0.8, ["negation"], 0.8, _other(8, 14, "Kestrel News", "No second statement.")),
    ]
    third = [Match("contradicts", 0.7, ["negation"], 0.7, _other(9, 14, "Kestrel News", "Not a third."))]
    r.claims[1] = ClaimResult(_claim("A second statement was made."), second)
    r.claims[2] = ClaimResult(_claim("A third statement was made."), third)
    r.summary = summarize(r)
    data = json.loads(render_json(r))["summary"]
    # Portside Herald + its wire copy Lakeshore Courier, Meridian Post + its republication, Kestrel News
    assert (data["outlets_agrees"], data["independent_agrees"], data["agreements"]) == (3, 5, 7)
    assert (data["outlets_contradicts"], data["independent_contradicts"], data["contradictions"]) == (1, 2, 2)
    buf = io.StringIO()
    render_terminal(r, Console(file=buf, no_color=True, width=300, soft_wrap=True))
    assert "agreements from 3 outlets (7 matches); contradictions from 1 outlet (2 matches)" in buf.getvalue()
    page = render_html(r)
    assert '<tr><th>contradictions</th><td class="num">2</td><td class="num">1</td>' in page
    assert "| contradictions | 2 | 1 |" in render_markdown(r)


def test_terminal_labels_are_words_and_article_text_cannot_style_or_escape() -> None:
    other = _other(1, 10, "Evil \x1b[2J[bold]Outlet[/bold]", HOSTILE, polarity="negated", polarity_cues=["not"])
    m = Match("contradicts", 0.8, ["negation"], 0.8, other)
    r = _result([ClaimResult(_claim("Officials said the plan [red]works[/red]."), [m])])
    buf = io.StringIO()
    render_terminal(
        r, Console(file=buf, force_terminal=True, color_system="standard", width=400, soft_wrap=True, highlight=False)
    )
    out = buf.getvalue()
    assert "\x1b[2J" not in out and "\x1b[31mRED" not in out  # the article's escapes are gone
    assert "[bold]Outlet[/bold]" in out and "[red]works[/red]" in out  # markup in text is shown, not applied
    plain = io.StringIO()
    render_terminal(r, Console(file=plain, no_color=True, width=400, soft_wrap=True))
    assert "\x1b" not in plain.getvalue()
    assert "CONTRADICT" in plain.getvalue() and "reasons: negation" in plain.getvalue()


def _md_tokens(text: str) -> list[str]:
    out = []
    for tok in MarkdownIt("commonmark").enable("table").parse(text):
        out.append(tok.type)
        out += [c.type for c in tok.children or []]
    return out


def test_markdown_article_text_cannot_inject_links_html_or_cells() -> None:
    other = _other(1, 10, "Outlet | with pipe", HOSTILE)
    m = Match("contradicts", 0.8, ["negation"], 0.8, other)
    r = _result(
        [ClaimResult(_claim("# Not a heading [x](javascript:alert(1)) <b>bold</b>"), [m])],
        [Credit("<script>x</script>", "explicit", "1. not a list", claim_index=0)],
        title="![img](http://evil.example/x.png) title",
    )
    text = render_markdown(r)
    tokens = _md_tokens(text)
    assert "html_inline" not in tokens and "html_block" not in tokens
    assert "link_open" not in tokens and "image" not in tokens
    html = MarkdownIt("commonmark").render(text)
    assert "<script" not in html and "javascript:" not in html.replace("javascript:alert", "")  # shown as text only
    assert "javascript:alert(1)" in html  # the words are still there for the reader
    assert html.count("<h1>") == 1  # the claim's "#" did not become a heading
    assert "\x1b" not in text


def test_html_escapes_everything_and_links_only_http() -> None:
    other = _other(1, 10, "<i>Outlet</i>", HOSTILE)
    other.url = "javascript:alert(1)"
    m = Match("contradicts", 0.8, ["denial"], 0.8, other, evidence={"old": ["<script>"]})
    r = _result(
        [ClaimResult(_claim("A <script>alert(2)</script> claim"), [m])],
        title="<script>document.title='PWNED'</script>",
        url="https://example.org/a?b=1&c=2",
    )
    page = render_html(r)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert 'href="javascript' not in page and "onerror=" not in page.replace("onerror=&quot;", "")
    assert 'href="https://example.org/a?b=1&amp;c=2"' in page
    assert "Content-Security-Policy" in page and "script-src" not in page  # default-src 'none' covers scripts
    assert "\x1b" not in page


def test_conflict_terms_use_numbers_and_negation_cues() -> None:
    from consistency.models import Quantity

    mine = _claim(
        "The package is worth about 250 million euros.",
        quantities=[Quantity("about 250 million euros", 2.5e8, 2.5e8, "eur")],
    )
    other = _other(
        1, 10, "Meridian", "The package could be worth about 90 million euros.",
        quantities=[Quantity("about 90 million euros", 9e7, 9e7, "eur")],
    )  # fmt: skip
    m = Match("contradicts", 0.9, ["number: about 250 million euros vs about 90 million euros"], 0.9, other)
    a, b = conflict_terms(mine, m)
    assert any("250" in t for t in a) and not any("90" in t for t in a)
    assert any("90" in t for t in b)
    neg = _other(2, 11, "X", "The government has not supplied drones.", polarity="negated", polarity_cues=["not"])
    a, b = conflict_terms(_claim("The government has supplied drones."), Match("contradicts", 0.9, [], 0.9, neg))
    assert b == ["not"]


def test_json_keeps_contract_keys_and_adds_findings() -> None:
    data = json.loads(render_json(_wire_result()))
    for key in ("article", "claims", "credits", "summary"):
        assert key in data
    claim = data["claims"][0]
    assert {"relation", "score", "reasons", "other"} <= set(claim["matches"][0])
    assert claim["findings"]["agrees"] == {
        "independent": 3,
        "copies": 2,
        "outlets": ["Portside Herald", "Meridian Post", "Kestrel News"],
    }
    assert data["summary"]["independent_agrees"] == 3 and data["summary"]["agreements"] == 5


def test_counts_and_quotes_read_as_written() -> None:
    assert [counted(n, "claim") for n in (0, 1, 2)] == ["0 claims", "1 claim", "2 claims"]
    assert counted(1, "copy") == "1 copy" and counted(3, "copy") == "3 copies"
    # a fragment that ends a quotation keeps its own closing mark, not two
    assert quoted("was launched from Russia.\u201d", str) == "\u201cwas launched from Russia.\u201d"
    assert quoted("it was \u201cunlikely\u201d", str) == "\u201cit was \u201cunlikely\u201d\u201d"
    buf = io.StringIO()
    one = _result([ClaimResult(_claim("The ministry said 40 drones were delivered.", quantities=[]))])
    render_terminal(one, Console(file=buf, no_color=True, width=300))
    assert "1 claim found, 0 with findings" in buf.getvalue()
    assert "Summary: 1 claim, 0 with findings" in buf.getvalue()

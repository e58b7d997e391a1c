"""The article reader: headers, datelines, republishing footers, feeds, HTML and Markdown."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from consistency.articles import article_from_text, iter_articles, read_article
from consistency.models import Article

BODY = (
    "The port authority said the new container terminal would open in June, two months later than planned. "
    "Officials blamed delays in delivering the cranes."
)


def test_header_gives_outlet_title_date_and_url() -> None:
    text = (
        f"Title: Terminal delayed\nOutlet: Harbour Times\nDate: 2026-03-02T06:00\nURL: https://ht.example/a\n\n{BODY}"
    )
    a = article_from_text(text, "a.txt")
    assert (a.outlet, a.title, a.url, a.outlet_source) == (
        "Harbour Times",
        "Terminal delayed",
        "https://ht.example/a",
        "header",
    )
    assert a.published_at == datetime(2026, 3, 2, 6, 0)
    assert a.body.startswith("The port authority")


def test_text_that_only_looks_like_a_header_stays_body() -> None:
    text = f"Note: this is not a header block\nBecause: it has no known keys\n\n{BODY}"
    a = article_from_text(text, "harbour-times.txt")
    assert a.body.startswith("Note:") and a.outlet_source == "filename"


def test_dateline_names_the_outlet() -> None:
    a = article_from_text(f"LONDON (CNN) — {BODY}", "x.txt")
    assert a.outlet_source == "dateline" and "CNN" in a.outlet


def test_dateline_after_a_byline_still_names_the_outlet() -> None:
    a = article_from_text(f"By Mara Quinlan, Transport Correspondent\n\nLONDON (CNN) — {BODY}", "x.txt")
    assert a.outlet_source == "dateline" and "CNN" in a.outlet


def test_a_date_line_above_the_text_dates_a_pasted_page() -> None:
    """No header, but the page said when it came out; "Published" beats "Updated" (credit wants the first)."""
    page = f"Terminal delayed\nUpdated 10:32 AM, Sat November 14, 2026\nPublished Nov. 12, 2026\n\n{BODY}"
    a = article_from_text(page, "x.txt")
    assert a.published_at == datetime(2026, 11, 12)
    assert any("Published Nov. 12, 2026" in n for n in a.notes)
    bare = article_from_text(f"By Mara Quinlan\nHarbour Times, 3 March 2026\n\n{BODY}", "x.txt")
    assert bare.published_at == datetime(2026, 3, 3)


@pytest.mark.parametrize(
    ("top", "published"),
    [
        ("Tarvik votes on 3 March 2027\nPublished 14 November 2026", datetime(2026, 11, 14)),  # the title: news
        ("Berlin Wall fell on 9 November 1989: a look back\nBy Ann Varga", None),
        ("Terminal delayed\nUpdated 15 Nov 2026 10:32 | Published 14 Nov 2026", datetime(2026, 11, 14)),
        ("Terminal delayed\nPUBLISHED NOVEMBER 14, 2026", datetime(2026, 11, 14)),
        ("Terminal delayed\nHarbour Times, 3 March 2099", None),  # not yet
        ("Harbour Times\nBerlin Wall fell on 9 November 1989", None),  # a headline's date, not first
        ("Terminal delayed\nhttps://example.com/news/1989-11-09-berlin-wall", None),  # a link
        ("Nov. 14, 2026\nTerminal delayed", datetime(2026, 11, 14)),  # above the headline
        ("Terminal delayed\n2026-11-14T10:32:00Z", datetime(2026, 11, 14)),
    ],
)
def test_the_date_line_is_the_first_publication(top: str, published: datetime | None) -> None:
    assert article_from_text(f"{top}\n\n{BODY}", "x.txt").published_at == published


def test_a_date_line_under_a_header_title_dates_the_article() -> None:
    text = f"Title: Terminal delayed\nOutlet: Harbour Times\n\nNov. 14, 2026\n\n{BODY}"
    assert article_from_text(text, "x.txt").published_at == datetime(2026, 11, 14)


def test_a_date_inside_a_sentence_is_no_publication_date() -> None:
    text = f"The strike that began on 3 March 2026 closed the port of Halvik for nine days, the union said.\n\n{BODY}"
    assert article_from_text(text, "x.txt").published_at is None


def test_wire_dateline() -> None:
    a = article_from_text(f"Outlet: Portside Herald\n\nHALVIK, March 3 (Reuters) - {BODY}", "x.txt")
    assert a.wire == "Reuters" and a.outlet == "Portside Herald"


def test_appeared_first_on_footer() -> None:
    a = article_from_text(f"{BODY}\n\nThe post Terminal delayed appeared first on Harbour Times.", "copy.txt")
    assert a.republished_from == "Harbour Times" and a.title == "Terminal delayed"


def test_same_text_resaved_is_the_same_article() -> None:
    a = article_from_text(f"Outlet: Harbour Times\n\n{BODY}", "a.txt")
    b = article_from_text(f"Outlet: Harbour Times\n\n  {BODY.replace(' ', '  ')}\n\n", "b.txt")
    c = article_from_text(f"Outlet: Other Daily\n\n{BODY}", "c.txt")
    assert a.content_hash == b.content_hash != c.content_hash


def test_jsonl_feed(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"text": BODY, "title": "Terminal delayed", "outlet": "Harbour Times", "date": "2026-03-02", "url": "u1"},
        {"no_text": True},
        {"text": "Cranes arrived on Tuesday, the terminal operator said in a statement.", "outlet": "Dock Daily"},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n")
    items = list(iter_articles([feed]))
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if not isinstance(i, Article)]
    assert [a.outlet for a in articles] == ["Harbour Times", "Dock Daily"]
    assert articles[0].outlet_source == "jsonl" and articles[0].url == "u1" and articles[0].title == "Terminal delayed"
    assert articles[0].published_at == datetime(2026, 3, 2)
    assert len(failures) == 2 and ":2:" in failures[0].message and ":4:" in failures[1].message


def test_html_page_through_trafilatura(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Terminal delayed</title><meta property='og:site_name' content='Harbour Times'>"
        "</head><body><nav>Home | World | Sport</nav><article><h1>Terminal delayed</h1>"
        f"<p>{BODY}</p><p>The operator said the cranes were now on site and being tested by engineers.</p>"
        "</article><footer>Subscribe to our newsletter</footer></body></html>"
    )
    a = read_article(page)
    assert "container terminal" in a.body and "Subscribe" not in a.body and "Home | World" not in a.body
    assert a.outlet == "Harbour Times" and a.outlet_source == "html"


def test_markdown_file(tmp_path: Path) -> None:
    md = tmp_path / "harbour-times.md"
    md.write_text(f"Outlet: Harbour Times\nTitle: Terminal delayed\n\n{BODY}\n\n*Reporting by staff.*\n")
    a = read_article(md)
    assert a.outlet == "Harbour Times" and a.title == "Terminal delayed" and "Reporting by staff" in a.body


def test_folder_is_read_in_order_skipping_hidden_files_and_readme(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(f"Outlet: B\n\n{BODY}")
    (tmp_path / "a.txt").write_text(f"Outlet: A\n\n{BODY}")
    (tmp_path / ".hidden.txt").write_text(f"Outlet: H\n\n{BODY}")
    (tmp_path / "README.md").write_text("# About this folder\n")
    assert [a.outlet for a in iter_articles([tmp_path]) if isinstance(a, Article)] == ["A", "B"]

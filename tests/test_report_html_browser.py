"""The HTML reports in a real headless Chromium: elements render, and nothing from article text runs.

Skipped when no chromium is installed (scripts/test.sh and .ci/run install Debian's `chromium`).
The screenshots land in artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from consistency.models import CheckResult
from consistency.overview import overview
from consistency.pipeline import check_file
from consistency.report import render_html, render_overview_html
from consistency.store import Store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio",
]  # fmt: skip

# The Continental Observer's money claim, re-told by a hostile page: its title, outlet and
# sentences carry scripts, an onerror image and a javascript: link.
HOSTILE = """Title: Drone deal <script>document.title='PWNED'</script> figures
Outlet: The Injector <img src=x onerror="document.title='PWNED'">
Date: 2026-03-10
URL: javascript:document.title='PWNED'

The package is worth about 250 million euros <script>document.title='PWNED';
document.body.setAttribute('data-pwned','1')</script>, according to a budget document.

Valdoria has not sent any drones to Korvenia <img src=x
onerror="document.body.setAttribute('data-pwned','1')">, officials said.
"""

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")


def _chromium(page: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *extra, page.as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def _dom(page: Path, tmp: Path) -> str:
    done = _chromium(page, tmp, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def hostile_check(_corpus_store_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CheckResult]:
    article = tmp_path_factory.mktemp("hostile") / "hostile.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    with Store.open(_corpus_store_master, read_only=True) as store:
        yield check_file(article, store, dry_run=True)


@needs_chromium
def test_chromium_runs_scripts_in_an_unescaped_page(tmp_path: Path) -> None:
    """The control: this browser does run inline scripts, so "PWNED is absent" below means something."""
    page = tmp_path / "raw.html"
    page.write_text("<html><head><title>x</title></head><body><script>document.title='PWNED'</script></body></html>")
    assert "<title>PWNED</title>" in _dom(page, tmp_path)


@needs_chromium
def test_check_report_renders_and_article_scripts_do_not_run(hostile_check: CheckResult, tmp_path: Path) -> None:
    assert any(m.relation == "contradicts" for r in hostile_check.claims for m in r.matches)
    page = tmp_path / "check.html"
    page.write_text(render_html(hostile_check), encoding="utf-8")
    dom = _dom(page, tmp_path)
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title and title.group(1).startswith("consist: ")  # not rewritten to "PWNED" by a script
    body = re.search(r"<body[^>]*>", dom)
    assert body and "data-pwned" not in body.group(0)  # no script set the attribute
    assert "<script" not in dom.lower() and "<img" not in dom.lower()  # no element came from article text
    assert "&lt;script&gt;" in dom  # ... the text is shown instead
    assert 'href="javascript' not in dom
    assert 'id="findings"' in dom and 'class="side-by-side"' in dom and '<mark class="conflict">' in dom
    assert 'id="summary"' in dom
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "check-report.png"
    done = _chromium(page, tmp_path, f"--screenshot={shot}", "--window-size=1200,1600")
    assert done.returncode == 0 and shot.stat().st_size > 10_000


@needs_chromium
def test_store_report_heatmap_and_timeline(_corpus_store_master: Path, tmp_path: Path) -> None:
    with Store.open(_corpus_store_master, read_only=True) as store:
        ov = overview(store, top=3)
    page = tmp_path / "store.html"
    page.write_text(render_overview_html(ov), encoding="utf-8")
    dom = _dom(page, tmp_path)
    assert 'id="matrix"' in dom and "background:hsl(" in dom.replace(" ", "")
    assert 'id="timeline-chart"' in dom and 'class="mark seed"' in dom and 'id="first-reporters"' in dom
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "store-report.png"
    done = _chromium(page, tmp_path, f"--screenshot={shot}", "--window-size=1200,1800")
    assert done.returncode == 0 and shot.stat().st_size > 10_000

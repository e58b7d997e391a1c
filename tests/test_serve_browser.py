"""`consist serve` in a real headless Chromium (Debian's, driven by Selenium through Debian's
chromium-driver): open the review page, click a verdict, and the verdicts table has it.

Skipped when chromium, chromedriver or selenium is missing (scripts/test.sh installs them). The
screenshot lands in artifacts/ (git-ignored); `UPDATE_DOCS_SCREENSHOT=1` also writes the README's
docs/review.png from the example corpus.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
try:
    import selenium  # noqa: F401

    HAVE_SELENIUM = True
except ImportError:
    HAVE_SELENIUM = False

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)"),
    pytest.mark.skipif(CHROMEDRIVER is None, reason="chromedriver not installed (apt-get install chromium-driver)"),
    pytest.mark.skipif(not HAVE_SELENIUM, reason="selenium not installed (pip install -e '.[test]')"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(corpus_store_dir: Path) -> Iterator[tuple[str, Path]]:
    """`consist serve` on the example corpus, in its own process, as a user starts it."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "consistency", "--index-dir", str(corpus_store_dir), "serve", "--port", str(port)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"serve did not start: {proc.stderr.read() if proc.stderr else ''}") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/", corpus_store_dir
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,1500", f"--user-data-dir={tmp_path / 'profile'}"):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_a_click_in_the_review_page_records_the_verdict(server: tuple[str, Path], browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    url, store = server
    driver = browser
    driver.get(url)  # type: ignore[attr-defined]
    findings = driver.find_elements(By.CSS_SELECTOR, ".finding.contradicts")  # type: ignore[attr-defined]
    assert findings, "the example corpus has contradictions to review"
    first = findings[0]
    a, b = (int(x) for x in first.get_attribute("data-pair").split("-"))
    assert first.find_element(By.CSS_SELECTOR, ".side-by-side mark.conflict")
    first.find_element(By.NAME, "note").send_keys("checked against the budget document")
    first.find_element(By.CSS_SELECTOR, "button[value=wrong]").click()
    status = first.find_element(By.CSS_SELECTOR, ".status")
    WebDriverWait(driver, 20).until(ec.text_to_be_present_in_element_attribute(  # type: ignore[arg-type]
        (By.ID, f"f-{a}-{b}"), "data-verdict", "wrong"))  # fmt: skip
    assert status.text.startswith("verdict: wrong")
    assert driver.current_url == url  # type: ignore[attr-defined]  # our script recorded it in place
    con = duckdb.connect(str(store / "consist.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "SELECT claim_id, other_claim_id, verdict, note FROM verdicts "
            "WHERE note IS NULL OR note NOT LIKE 'carried from%'"  # not those carried to verbatim copies
        ).fetchall()
    finally:
        con.close()
    assert rows == [(a, b, "wrong", "checked against the budget document")]
    # the page's policy held: nothing was blocked (our script and stylesheet are our own)
    logs = driver.get_log("browser")  # type: ignore[attr-defined]
    assert not [entry for entry in logs if "Content Security Policy" in entry.get("message", "")], logs
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "review-page.png"
    driver.save_screenshot(str(shot))  # type: ignore[attr-defined]
    assert shot.stat().st_size > 10_000
    if os.environ.get("UPDATE_DOCS_SCREENSHOT"):
        shutil.copyfile(shot, ROOT / "docs" / "review.png")

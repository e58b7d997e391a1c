"""`consist serve` over HTTP (Starlette's test client): the review page, its filters and safety,
and verdicts posted to it landing in the store, or refused with nothing written when the store
is busy. The real browser test is in test_serve_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from consistency.pipeline import add_paths  # noqa: E402
from consistency.serve import CSP, create_app  # noqa: E402
from consistency.store import Store  # noqa: E402
from tests.conftest import writer_lock_held_elsewhere  # noqa: E402

# An article whose text carries markup: it contradicts the corpus (the drones were not sent), so
# its sentences reach the review page.
HOSTILE = """Title: Drone deal <script>document.title='PWNED'</script>
Outlet: The Injector <img src=x onerror="document.title='PWNED'">
Date: 2026-03-10

Valdoria has not sent any attack drones to Korvenia <img src=x onerror="document.title='PWNED'">, officials said.

The package is worth about 250 million euros <script>document.title='PWNED'</script>, according to a budget document.
"""


@pytest.fixture(scope="module")
def review_store(_corpus_store_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example corpus plus the hostile article, added once for the module."""
    import shutil

    directory = tmp_path_factory.mktemp("review") / "store"
    shutil.copytree(_corpus_store_master, directory)
    article = directory.parent / "hostile.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    with Store.open(directory) as store:
        for event in add_paths([article], store):
            assert event.error is None, event.error
    return directory


@pytest.fixture
def store_dir(review_store: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "store"
    shutil.copytree(review_store, target)
    return target


@pytest.fixture
def client(store_dir: Path) -> TestClient:
    return TestClient(create_app(store_dir, lock_timeout=0.5), base_url="http://127.0.0.1")


def _verdicts(directory: Path) -> list[tuple]:
    """The verdicts a reviewer gave, not those carried to verbatim copies of the pair."""
    con = duckdb.connect(str(directory / "consist.duckdb"), read_only=True)
    try:
        return con.execute(
            "SELECT claim_id, other_claim_id, verdict, note FROM verdicts "
            "WHERE note IS NULL OR note NOT LIKE 'carried from%' ORDER BY 1, 2"
        ).fetchall()
    finally:
        con.close()


def _findings(page: str) -> list[tuple[int, int, str]]:
    """(claim, other claim, relation) of each finding on the page, in order."""
    return [(int(a), int(b), rel) for rel, a, b in re.findall(r'<div class="finding (\w+)" id="f-(\d+)-(\d+)"', page)]


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every element of the page as the browser's parser sees it: (tag, attributes)."""
    from html.parser import HTMLParser

    found: list[tuple[str, dict[str, str | None]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Collect().feed(page)
    return found


def _token(page: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_the_page_lists_contested_claims_escaped_under_a_strict_policy(client: TestClient) -> None:
    reply = client.get("/")
    assert reply.status_code == 200
    assert reply.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP and "http" not in CSP
    assert reply.headers["x-content-type-options"] == "nosniff"
    page = reply.text
    # our one script, from this server; no inline script, style or event handler anywhere
    tags = _tags(page)
    assert [attrs for tag, attrs in tags if tag == "script"] == [{"src": "/static/review.js", "defer": None}]
    assert "style" not in {tag for tag, _ in tags} and "img" not in {tag for tag, _ in tags}
    assert not [name for _, attrs in tags for name in attrs if name == "style" or name.startswith("on")]
    shown = "Valdoria has not sent any attack drones to Korvenia &lt;img src=x onerror=&quot;document.title="
    assert shown in page  # the hostile sentence is listed (it contradicts the corpus), as text
    findings = _findings(page)
    assert findings and {rel for _, _, rel in findings} == {"contradicts"}
    ranks = [int(n) for n in re.findall(r"contradicted by (\d+) outlet", page)]
    assert ranks == sorted(ranks, reverse=True)  # most contested first
    assert 'class="side-by-side"' in page and "reasons:" in page and '<mark class="conflict">' in page
    script = client.get("/static/review.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert "fetch(" in script.text
    assert client.get("/static/review.css").headers["content-type"].startswith("text/css")


def test_filters_by_outlet_relation_and_date(client: TestClient, store_dir: Path) -> None:
    con = duckdb.connect(str(store_dir / "consist.duckdb"), read_only=True)
    owner = dict(con.execute("SELECT c.claim_id, a.outlet FROM claims c JOIN articles a USING (article_id)").fetchall())
    con.close()
    everything = _findings(client.get("/").text)
    outlet = owner[everything[0][0]]
    mine = _findings(client.get("/", params={"outlet": outlet}).text)
    assert mine and len(mine) < len(everything)
    assert all(outlet in (owner[a], owner[b]) for a, b, _ in mine)
    agreeing = _findings(client.get("/", params={"relation": "agrees"}).text)
    assert agreeing and {rel for _, _, rel in agreeing} == {"agrees"}
    assert {rel for _, _, rel in _findings(client.get("/", params={"relation": "any"}).text)} >= {
        "agrees",
        "contradicts",
    }
    assert _findings(client.get("/", params={"since": "2030-01-01"}).text) == []
    assert _findings(client.get("/", params={"until": "2000-01-01"}).text) == []
    # a nonsense value is ignored, not an error
    assert client.get("/", params={"since": "yesterday", "relation": "<x>"}).status_code == 200


def test_a_verdict_posted_lands_in_the_table_and_its_page_shows_it(client: TestClient, store_dir: Path) -> None:
    page = client.get("/").text
    a, b, _ = _findings(page)[0]
    form = {"claim_id": a, "other_claim_id": b, "verdict": "wrong", "note": "not the same <b>shipment</b>"}
    refused = client.post("/verdict", data={**form, "token": "guess"}, headers={"Accept": "application/json"})
    assert refused.status_code == 403 and _verdicts(store_dir) == []
    reply = client.post("/verdict", data={**form, "token": _token(page)}, headers={"Accept": "application/json"})
    assert reply.status_code == 200, reply.text
    assert reply.json()["ok"] and reply.json()["verdict"] == "wrong"
    assert _verdicts(store_dir) == [(a, b, "wrong", "not the same <b>shipment</b>")]
    # without our script, the form posts and comes back to the list, at the finding
    plain = client.post(
        "/verdict", data={**form, "verdict": "unsure", "token": _token(page), "next": "https://elsewhere.example/"},
        follow_redirects=False,
    )  # fmt: skip
    assert plain.status_code == 303 and plain.headers["location"] == f"/#f-{a}-{b}"
    after = client.get("/").text
    assert "verdict: unsure · note: not the same &lt;b&gt;shipment&lt;/b&gt;" in after
    assert "<b>shipment" not in after
    unreviewed = _findings(client.get("/", params={"unreviewed": "1"}).text)
    assert (a, b, "contradicts") not in unreviewed and unreviewed


def test_a_busy_store_refuses_a_verdict_and_nothing_is_lost(client: TestClient, store_dir: Path) -> None:
    page = client.get("/").text
    a, b, _ = _findings(page)[0]
    form = {"claim_id": a, "other_claim_id": b, "verdict": "right", "note": "keep me", "token": _token(page)}
    with writer_lock_held_elsewhere(store_dir):
        reply = client.post("/verdict", data=form, headers={"Accept": "application/json"})
        assert reply.status_code == 503
        assert "writing to this store" in reply.json()["error"] and "not recorded" in reply.json()["error"]
        assert _verdicts(store_dir) == []
        assert client.get("/").status_code == 200  # reading goes on meanwhile
    assert client.post("/verdict", data=form, headers={"Accept": "application/json"}).status_code == 200
    assert _verdicts(store_dir) == [(a, b, "right", "keep me")]


def test_only_its_own_host_names_are_answered(store_dir: Path) -> None:
    """A page elsewhere that resolves its own name to 127.0.0.1 (DNS rebinding) gets nothing."""
    app = create_app(store_dir)
    assert TestClient(app, base_url="http://127.0.0.1").get("/").status_code == 200
    assert TestClient(app, base_url="http://localhost").get("/").status_code == 200
    assert TestClient(app, base_url="http://attacker.example").get("/").status_code == 400


def test_serving_a_missing_store_is_an_error_not_a_new_store(tmp_path: Path) -> None:
    from consistency.errors import StoreMissingError

    with pytest.raises(StoreMissingError):
        create_app(tmp_path / "typo")
    assert not (tmp_path / "typo").exists()

"""`consist report`: the store-wide overview on the example corpus, library values and CLI formats."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from consistency.cli import app
from consistency.overview import overview
from consistency.store import Store


def test_overview_on_the_corpus(corpus_store: Store) -> None:
    ov = overview(corpus_store, top=5)
    assert ov.articles == 9 and ov.outlets >= 6
    m = ov.matrix
    n = len(m.outlets)
    assert n == ov.outlets and "Der Abendbote" in m.outlets
    for i in range(n):
        assert m.agrees[i][i] == m.contradicts[i][i] == 0  # an outlet is never matched with itself
        for j in range(n):
            assert m.agrees[i][j] == m.agrees[j][i] and m.contradicts[i][j] == m.contradicts[j][i]
    assert sum(map(sum, m.contradicts)) > 0 and sum(map(sum, m.agrees)) > 0
    assert 0 < len(ov.contested) <= 5
    for c in ov.contested:
        assert c.opponents and c.supporters
        assert all(ref.outlet_key != c.claim.outlet_key for ref in c.contradicting)
    ranks = [min(len(c.supporters), len(c.opponents)) for c in ov.contested]
    assert ranks == sorted(ranks, reverse=True)
    # Der Abendbote published first (2 March) and later articles name it as the source
    top = ov.first_reporters[0]
    assert top.outlet == "Der Abendbote" and top.earliest > 0 and top.explicit_first >= 1
    # the timeline is the seed and its related claims, ordered by time, dated ones first
    assert ov.timeline and ov.timeline_seed is not None
    assert sum(e.relation == "seed" for e in ov.timeline) == 1
    dated = [e.claim.published_at for e in ov.timeline if e.dated]
    assert dated == sorted(dated)
    assert all(e.dated for e in ov.timeline[: len(dated)])


def test_report_formats(runner: CliRunner, corpus_store_dir: Path, tmp_path: Path) -> None:
    base = ["report", "--index-dir", str(corpus_store_dir), "--top", "3"]
    table = runner.invoke(app, base)
    assert table.exit_code == 0
    for heading in ("Most contested claims", "Outlet × outlet", "First reporters", "Timeline"):
        assert heading in table.stdout
    data = json.loads(runner.invoke(app, [*base, "-f", "json"]).stdout)
    assert {"contested", "matrix", "first_reporters", "timeline", "store"} <= set(data)
    assert len(data["contested"]) <= 3
    md = runner.invoke(app, [*base, "-f", "markdown"]).stdout
    assert md.startswith("# consist store report") and "| outlet |" in md
    seed = data["timeline"]["seed"]["claim_id"]
    out = tmp_path / "store.html"
    html_run = runner.invoke(app, [*base, "-f", "html", "-o", str(out), "--claim", str(seed)])
    page = out.read_text(encoding="utf-8")
    assert html_run.exit_code == 0 and 'id="matrix"' in page and "<svg" in page and f"Claim {seed}:" in page
    missing = runner.invoke(app, [*base, "--claim", "999999"])
    assert missing.exit_code == 2 and "no claim 999999" in missing.stderr


def test_report_on_an_empty_store(runner: CliRunner, store_dir: Path) -> None:
    Store.open(store_dir).close()  # a store with no articles yet (a missing one is an error)
    result = runner.invoke(app, ["report", "--index-dir", str(store_dir), "-f", "html"])
    assert result.exit_code == 0 and "no recorded contradictions" in result.stdout

"""A new user's first use (issue 17), through the real CLI: counts that name outlets, a missing
store, an article in another language, start-up, piped output, options, feeds and standard input,
`add`'s progress and Ctrl-C, and what the reports mark and quote.

The small store here is built with `consist add` from articles written in the test. No assertion
depends on which relation the judge picks: counts are compared with the report's own matches, and
the tests of feeds, progress and Ctrl-C run with a judge that finds nothing (`no_verdicts`).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.progress import Progress
from typer.testing import CliRunner

from consistency import pipeline
from consistency.cli import app
from consistency.models import Article, CheckResult, Claim, ClaimResult, Credit, Judgement, Match, StoredClaim
from consistency.overview import ClaimRef, OutletMatrix, Overview, TimelineEntry
from consistency.report import (
    render_html,
    render_json,
    render_markdown,
    render_overview_html,
    render_overview_markdown,
    render_overview_terminal,
    render_terminal,
)
from consistency.store import Store
from tests.conftest import ROOT
from tests.test_robust_input import GERMAN

HARBOR = (
    "Title: Council approves tram line\nOutlet: Harbor Times\nDate: 2026-03-01\n\n"
    "The city council approved a budget of 40 million euros for the new tram line in Lindmark on Monday.\n\n"
    "Construction of the Lindmark tram line will begin in May and last two years, the mayor said.\n\n"
    "The transport authority said the tram line will carry 20,000 passengers a day.\n"
)
VALLEY = (
    "Title: Tram line to open in 2028\nOutlet: Valley Post\nDate: 2026-03-02\n\n"
    "The Lindmark tram line will open to passengers in 2028, Harbor Times was first to report.\n\n"
    "The council approved 40 million euros for the new tram line in Lindmark on Monday, officials said.\n"
)
# Another outlet repeating Harbor Times' three statements in its own words: one outlet, three matched claims.
NEW = (
    "Title: Lindmark gets its tram\nOutlet: River Gazette\nDate: 2026-03-03\n\n"
    "Lindmark's city council on Monday approved a budget of 40 million euros for a new tram line.\n\n"
    "The mayor said building work on the Lindmark tram line would begin in May and take two years.\n\n"
    "The new tram line will carry 20,000 passengers every day, according to the transport authority.\n"
)
LONG_CLAIM = (
    "The regional transport authority said on Tuesday that it was considering extraordinary "
    "countermeasures, including temporarily suspending overnight maintenance contracts, after "
    "independent inspectors documented unexpectedly widespread corrosion underneath the Lindmark "
    "harbour bridge."
)
HEAVY = ("torch", "sentence_transformers", "spacy", "faiss", "duckdb", "onnxruntime")
RELATIONS = (("agreements", "agrees"), ("contradictions", "contradicts"), ("discussions", "discusses"))


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tram(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(store, new article): Harbor Times and Valley Post added with `consist add`."""
    folder = tmp_path_factory.mktemp("tram")
    corpus = folder / "corpus"
    _write(corpus, "harbor.txt", HARBOR)
    _write(corpus, "valley.txt", VALLEY)
    new = _write(folder, "new.txt", NEW)
    store = folder / "store"
    result = CliRunner().invoke(app, ["add", str(corpus), "--index-dir", str(store), "-q"])
    assert result.exit_code == 0, result.output
    yield store, new


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


# ---- (1) counts that name outlets count distinct outlets ------------------------------------


def test_summary_counts_distinct_outlets_not_matches(runner: CliRunner, tram: tuple[Path, Path]) -> None:
    store, new = tram
    base = ["check", str(new), "--index-dir", str(store), "--dry-run"]
    data = json.loads(runner.invoke(app, [*base, "-f", "json"]).stdout)
    summary = data["summary"]
    outlets = {rel: {m["other"]["outlet"] for c in data["claims"] for m in c["matches"] if m["relation"] == rel}
               for _, rel in RELATIONS}  # fmt: skip
    matches = {rel: sum(m["relation"] == rel for c in data["claims"] for m in c["matches"]) for _, rel in RELATIONS}
    # Harbor Times said all three things: on some side it matched several claims, yet is one outlet
    assert any(matches[rel] > len(outlets[rel]) >= 1 for _, rel in RELATIONS), data["claims"]

    text = runner.invoke(app, base).stdout
    line = next(x for x in text.splitlines() if x.startswith("Summary:"))
    for name, rel in RELATIONS:
        n = len(outlets[rel])
        assert f"{name} from {n} outlet{'' if n == 1 else 's'} ({matches[rel]} match" in line, line

    page = runner.invoke(app, [*base, "-f", "html"]).stdout
    for name, rel in RELATIONS:
        row = re.search(rf'<tr><th>{name}</th><td class="num">(\d+)</td><td class="num">(\d+)</td>', page)
        assert row is not None and row.groups() == (str(matches[rel]), str(len(outlets[rel]))), name
    markdown = runner.invoke(app, [*base, "--format", "Markdown"]).stdout  # any case (item 10)
    for name, rel in RELATIONS:
        assert f"| {name} | {matches[rel]} | {len(outlets[rel])} |" in markdown
        assert summary[name] == matches[rel]  # the JSON's old keys keep their meaning (match counts)
        assert summary[f"outlets_{rel}"] == len(outlets[rel])  # nothing here is a copy of another outlet


def test_credits_says_outlet_in_the_singular(runner: CliRunner, tram: tuple[Path, Path]) -> None:
    store, _ = tram
    groups = json.loads(runner.invoke(app, ["credits", "--index-dir", str(store), "-f", "json"]).stdout)
    sizes = {len(g["independent"]) for g in groups}
    assert 1 in sizes, groups  # Valley Post's "Harbor Times was first to report": one outlet, one credit
    table = runner.invoke(app, ["credits", "--index-dir", str(store)], env={"COLUMNS": "200"}).stdout
    assert "1 outlets" not in table and "1 outlet agrees" in table
    for n in sizes - {1}:
        assert f"{n} outlets agree" in table


# ---- (2) a missing store is an error; only `add` creates one -------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--dry-run", "ARTICLE"],
        ["check", "ARTICLE"],
        ["report"],
        ["report", "-f", "html"],
        ["credits"],
        ["credits", "--format", "json"],
        ["doctor"],
    ],
)
def test_missing_store_is_one_line_and_creates_nothing(runner: CliRunner, tmp_path: Path, args: list[str]) -> None:
    article = _write(tmp_path, "a.txt", HARBOR)
    typo = tmp_path / "typo"
    argv = [str(article) if a == "ARTICLE" else a for a in args]
    result = runner.invoke(app, [*argv, "--index-dir", str(typo)])
    assert result.exit_code == 4, result.output
    line = _one_line(result.stderr)
    assert str(typo) in line and "no store" in line and "consist add" in line
    assert result.stdout == ""
    assert not typo.exists(), "only `consist add` creates a store"


def test_missing_default_store_names_it(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONSIST_INDEX_DIR")
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 4 and "indexes" in _one_line(result.stderr)
    assert not (tmp_path / "indexes").exists()


# ---- (4) another language is said on screen -----------------------------------------------


def test_german_article_is_told_on_stderr(runner: CliRunner, tmp_path: Path) -> None:
    german = _write(tmp_path, "de.txt", GERMAN)
    store = tmp_path / "store"
    told = "written in German (de): consist reads English only"

    claims = runner.invoke(app, ["claims", str(german)])
    assert claims.exit_code == 0, claims.output
    assert _one_line(claims.stderr) == f"consist: note: {german}: {told}; no claims read"
    assert claims.stdout.startswith("0 claims")

    added = runner.invoke(app, ["add", str(german), "--index-dir", str(store)])
    assert added.exit_code == 0, added.output
    assert _one_line(added.stderr) == f"consist: note: {german}: {told}; stored without claims"

    dry = runner.invoke(app, ["check", "--dry-run", str(german), "--index-dir", str(store)])
    assert dry.exit_code == 0 and _one_line(dry.stderr).endswith(f"{german}: {told}; no claims read")
    other = _write(tmp_path, "de2.txt", GERMAN.replace("Lindmarker Anzeiger", "Lindmarker Kurier"))
    recorded = runner.invoke(app, ["check", str(other), "--index-dir", str(store), "-f", "json"])
    assert recorded.exit_code == 0 and _one_line(recorded.stderr).endswith(f"{other}: {told}; stored without claims")
    assert json.loads(recorded.stdout)["article"]["language"] == "de"  # the JSON still carries it

    english = _write(tmp_path, "en.txt", HARBOR)
    quiet = runner.invoke(app, ["claims", str(english)])
    assert quiet.exit_code == 0 and quiet.stderr == ""


# ---- (6) start-up loads no model ------------------------------------------------------------


def _child(argv: list[str]) -> tuple[int, str, list[str]]:
    """Run the CLI in a fresh interpreter; returns (exit code, stdout, heavy modules it imported)."""
    code = (
        "import json, sys\n"
        f"sys.argv = ['consist', *{argv!r}]\n"
        "from consistency.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    rc = exc.code or 0\nelse:\n    rc = 0\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "sys.stderr.write('\\nHEAVY ' + json.dumps([rc, heavy]) + '\\n')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    marker = done.stderr.rsplit("HEAVY ", 1)[-1]
    rc, heavy = json.loads(marker)
    return int(rc), done.stdout, heavy


@pytest.mark.parametrize("argv", [["--help"], ["chek", "x.txt"], ["--version"], ["check", "--help"], []])
def test_help_version_and_typos_load_no_model(argv: list[str]) -> None:
    rc, out, heavy = _child(argv)
    assert heavy == [], f"`consist {' '.join(argv)}` imported {heavy}"
    assert rc == (2 if argv[:1] in (["chek"], []) else 0)


def test_version_option() -> None:
    from importlib.metadata import version

    done = subprocess.run(
        [sys.executable, "-m", "consistency", "--version"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == f"consist {version('consist')}"


# ---- (7) piped output keeps words whole ------------------------------------------------------


def test_piped_claims_keep_words_whole(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "long.txt", f"Outlet: Harbor Times\nDate: 2026-03-01\n\n{LONG_CLAIM}\n")
    result = runner.invoke(app, ["claims", str(path)], env={"FORCE_COLOR": None, "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    words = set(result.stdout.split())
    assert all(w in words for w in LONG_CLAIM.split()), result.stdout
    assert LONG_CLAIM in result.stdout  # the claim on one line, as written
    assert "│" not in result.stdout  # no table frame in a pipe


# ---- (10) options ---------------------------------------------------------------------------


def test_flags_show_as_flags_in_help(runner: CliRunner) -> None:
    for command in (["check"], ["add"], ["doctor"], []):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "<bool>" not in result.stdout, result.stdout
    assert re.search(r"--dry-run\s+Record nothing", runner.invoke(app, ["check", "--help"]).stdout)


def test_formats_in_any_case(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", HARBOR)
    result = runner.invoke(app, ["claims", str(path), "-f", "JSON"])
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), list)
    # parsed, so the run gets as far as the (missing) store: exit 4, not a usage error (2)
    for fmt in ("Markdown", "HTML", "Table"):
        result = runner.invoke(app, ["check", str(path), "--format", fmt, "--index-dir", str(tmp_path / "none")])
        assert result.exit_code == 4, result.output
    result = runner.invoke(
        app, ["check", str(path), "--fail-on", "Contradictions", "--index-dir", str(tmp_path / "none")]
    )
    assert result.exit_code == 4, result.output


@pytest.mark.parametrize("command", [["check"], ["check", "--dry-run"], ["claims"], ["add"]])
def test_a_url_is_refused_with_a_hint(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    url = "https://edition.example.com/2026/03/01/world/tram/index.html"
    result = runner.invoke(app, [*command, url, "--index-dir", str(tmp_path / "store")] if command[0] != "claims"
                           else [*command, url])  # fmt: skip
    assert result.exit_code == 2, result.output
    line = _one_line(result.stderr)
    assert url in line and "URL" in line and ".html" in line and "no such file" not in line


def test_help_lists_commands_in_the_order_a_user_meets_them(runner: CliRunner) -> None:
    out = runner.invoke(app, ["--help"]).stdout
    names = re.findall(r"^│ (\w+)\s{2,}", out, re.MULTILINE)
    assert names == [
        "add", "check", "claims", "credits", "report", "verdict", "review", "verdicts", "serve", "judge", "doctor",
    ], out  # fmt: skip


# ---- a judge that finds nothing, for tests about reading, progress and Ctrl-C ----------------


class _NoVerdicts:
    """Every pair unrelated: what these tests check does not depend on the judge's verdicts."""

    def judge_pairs(self, pairs: list[Any]) -> list[Judgement]:
        return [Judgement("unrelated", 0.0) for _ in pairs]


def _judge_nothing(mp: pytest.MonkeyPatch) -> None:
    real = pipeline.Engine
    mp.setattr(pipeline, "Engine", lambda: real(judge=_NoVerdicts()))  # type: ignore[arg-type]


@pytest.fixture
def no_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    _judge_nothing(monkeypatch)


@pytest.fixture(scope="module")
def quiet_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store holding Harbor Times and Valley Post, added with `consist add` (no verdicts)."""
    folder = tmp_path_factory.mktemp("quiet")
    _write(folder / "corpus", "harbor.txt", HARBOR)
    _write(folder / "corpus", "valley.txt", VALLEY)
    with pytest.MonkeyPatch.context() as mp:
        _judge_nothing(mp)
        result = CliRunner().invoke(app, ["add", str(folder / "corpus"), "--index-dir", str(folder / "store"), "-q"])
    assert result.exit_code == 0, result.output
    yield folder / "store"


# ---- (5) feeds and standard input in `check` and `claims` ------------------------------------

KREMLIN = {
    "title": "Kremlin says talks are over",
    "outlet": "Wire One",
    "date": "2026-03-04",
    "text": "The Kremlin said on Monday that the talks with Kyiv had ended without an agreement.",
}
GAZETTE = {"title": "Tram budget approved", "outlet": "River Gazette", "date": "2026-03-03",
           "text": NEW.split("\n\n", 1)[1]}  # fmt: skip
GOOD_FEED = f"{json.dumps(KREMLIN)}\n{json.dumps(GAZETTE)}\n"
BAD_FEED = f"{json.dumps(KREMLIN)}\nnot json at all\n{json.dumps(GAZETTE)}\n"  # line 2 cannot be read


def test_claims_reads_a_feed_one_article_per_line(runner: CliRunner, tmp_path: Path) -> None:
    feed = _write(tmp_path, "feed.jsonl", BAD_FEED)
    result = runner.invoke(app, ["claims", str(feed)])
    assert result.exit_code == 2, result.output  # a line could not be read; the others are shown
    assert _one_line(result.stderr).startswith(f"consist: error: {feed}:2: not a JSON object")
    assert '"title"' not in result.stdout and "{" not in result.stdout  # no raw JSON read as prose
    headings = [line for line in result.stdout.splitlines() if line.startswith("== ")]
    assert headings == [
        f"== {feed}:1 · Wire One · Kremlin says talks are over",
        f"== {feed}:3 · River Gazette · Tram budget approved",
    ]
    assert "the talks with Kyiv had ended without an agreement" in result.stdout

    data = json.loads(runner.invoke(app, ["claims", str(feed), "-f", "json"]).stdout)
    assert [(d["source_path"], d["outlet"], d["title"]) for d in data] == [
        (f"{feed}:1", "Wire One", "Kremlin says talks are over"),
        (f"{feed}:3", "River Gazette", "Tram budget approved"),
    ]
    assert all(d["claims"] for d in data)
    assert all(not c["text"].lstrip().startswith("{") for d in data for c in d["claims"])


def test_claims_reads_standard_input(runner: CliRunner) -> None:
    text = runner.invoke(app, ["claims", "-", "-f", "json"], input=HARBOR)
    assert text.exit_code == 0, text.output
    found = json.loads(text.stdout)  # plain text: one article, the same list of claims as for a file
    assert found and all("proposition" in c for c in found)
    assert any("40 million euros" in c["text"] for c in found)

    feed = runner.invoke(app, ["claims", "-", "-f", "json"], input=GOOD_FEED)
    assert feed.exit_code == 0, feed.output
    assert [d["source_path"] for d in json.loads(feed.stdout)] == ["stdin:1", "stdin:2"]

    lines = runner.invoke(app, ["claims", "-"], input=GOOD_FEED)
    assert "== stdin:2 · River Gazette · Tram budget approved" in lines.stdout


@pytest.mark.usefixtures("no_verdicts")
def test_check_reports_each_article_of_a_feed(runner: CliRunner, quiet_store: Path, tmp_path: Path) -> None:
    feed = _write(tmp_path, "feed.jsonl", BAD_FEED)
    base = ["check", str(feed), "--index-dir", str(quiet_store), "--dry-run"]
    result = runner.invoke(app, [*base, "-f", "json"])
    assert result.exit_code == 2, result.output  # line 2 is told on stderr, the rest is checked
    assert _one_line(result.stderr).startswith(f"consist: error: {feed}:2: not a JSON object")
    data = json.loads(result.stdout)
    assert isinstance(data, list) and [d["article"]["source_path"] for d in data] == [f"{feed}:1", f"{feed}:3"]
    assert [d["article"]["outlet"] for d in data] == ["Wire One", "River Gazette"]
    assert all(d["claims"] and not c["text"].lstrip().startswith("{") for d in data for c in d["claims"])
    # each entry is the one-article object, unchanged: a plain file still gives that object alone
    plain = _write(tmp_path, "new.txt", NEW)
    single = json.loads(runner.invoke(app, ["check", str(plain), "--index-dir", str(quiet_store), "--dry-run",
                                            "-f", "json"]).stdout)  # fmt: skip
    assert isinstance(single, dict) and all(set(d) == set(single) for d in data)

    table = runner.invoke(app, base).stdout
    assert f"Article 1 of 2 · {feed}:1" in table and f"Article 2 of 2 · {feed}:3" in table
    assert "Wire One · Kremlin says talks are over" in table and "Checked 2 articles from" in table
    page = runner.invoke(app, [*base, "-f", "html"]).stdout
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) and {"a1-summary", "a2-summary"} <= set(ids), ids
    assert runner.invoke(app, [*base, "-f", "markdown"]).stdout.count("# Consistency report:") == 2


@pytest.mark.usefixtures("no_verdicts")
def test_check_of_a_feed_records_each_article(runner: CliRunner, quiet_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(quiet_store, store)
    feed = _write(tmp_path, "feed.jsonl", GOOD_FEED)
    result = runner.invoke(app, ["check", str(feed), "--index-dir", str(store), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert all(d["article"]["article_id"] is not None for d in json.loads(result.stdout))
    with Store.open(store, read_only=True) as s:
        assert s.counts()["articles"] == 4


@pytest.mark.usefixtures("no_verdicts")
def test_check_reads_standard_input(runner: CliRunner, quiet_store: Path) -> None:
    base = ["check", "-", "--index-dir", str(quiet_store), "--dry-run", "-f", "json"]
    plain = runner.invoke(app, base, input=NEW)
    assert plain.exit_code == 0, plain.output
    article = json.loads(plain.stdout)["article"]  # plain text: the one-article object
    assert (article["outlet"], article["source_path"]) == ("River Gazette", "stdin")
    feed = runner.invoke(app, base, input=GOOD_FEED)
    assert feed.exit_code == 0, feed.output
    assert [d["article"]["source_path"] for d in json.loads(feed.stdout)] == ["stdin:1", "stdin:2"]
    empty = runner.invoke(app, base, input="")
    assert empty.exit_code == 2 and _one_line(empty.stderr) == "consist: error: stdin: empty file"


# ---- (8) `add`: a bar that moves per file, and Ctrl-C -----------------------------------------

FOURTH = (
    "Title: Harbour bridge reopens\nOutlet: Lindmark Herald\nDate: 2026-03-05\n\n"
    "The harbour bridge in Lindmark reopened on Saturday after six weeks of repairs, the council said.\n"
)


def _corpus(folder: Path) -> list[Path]:
    """Four articles from four outlets, named in the order `add` reads them."""
    texts = (("a-harbor.txt", HARBOR), ("b-valley.txt", VALLEY), ("c-river.txt", NEW), ("d-herald.txt", FOURTH))
    return [_write(folder, name, text) for name, text in texts]


@pytest.mark.usefixtures("no_verdicts")
def test_add_bar_moves_per_file_and_lines_go_above_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _corpus(tmp_path / "corpus")
    log: list[tuple[str, Any, Any]] = []
    real_update, real_add = Progress.update, pipeline.add_paths

    def update(self: Progress, task_id: Any, **fields: Any) -> None:
        if "completed" in fields:
            log.append(("bar", fields["completed"], fields.get("now")))
        real_update(self, task_id, **fields)

    def add_paths(*args: Any, **kwargs: Any) -> Iterator[pipeline.AddEvent]:
        for event in real_add(*args, **kwargs):
            log.append(("event", event.path, None))
            yield event

    monkeypatch.setattr(Progress, "update", update)
    monkeypatch.setattr(pipeline, "add_paths", add_paths)
    # a terminal for rich (both streams), wide enough for the file names
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "200"}
    result = runner.invoke(app, ["add", str(tmp_path / "corpus"), "--index-dir", str(tmp_path / "store")], env=env)
    assert result.exit_code == 0, result.output
    # all four are one batch, committed (and told as events) at once: the bar moved before that, per file
    first_event = next(i for i, entry in enumerate(log) if entry[0] == "event")
    before = [entry for entry in log[:first_event] if entry[0] == "bar"]
    assert [1, 2, 3, 4] == sorted({completed for _, completed, _ in before} - {0}), log
    shown = {now for _, _, now in before if now}
    assert {f.name for f in files} <= shown, shown  # each file's name while it was worked on
    # per-file lines go through the bar's console (stderr here), so they never run into the bar
    assert result.stdout.splitlines() == [result.stdout.splitlines()[-1]] and result.stdout.startswith("4 added")
    for f in files:
        assert f"+ {f}: " in result.stderr
    assert "4/4" in result.stderr


@pytest.mark.usefixtures("no_verdicts")
def test_ctrl_c_in_add_says_what_was_committed(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _corpus(tmp_path / "corpus")
    store = tmp_path / "store"
    real, calls = pipeline._process, [0]

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == 3:  # Ctrl-C while the third article is matched, in the middle of the batch
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_process", interrupted)
    result = runner.invoke(app, ["add", str(tmp_path / "corpus"), "--index-dir", str(store)])
    assert result.exit_code == 130, result.output
    with Store.open(store, read_only=True) as s:
        counts = s.counts()
        kept = [row[0] for row in s.rows("SELECT source_path FROM articles ORDER BY article_id")]
    assert kept == [str(f) for f in files[:2]]  # exactly the articles finished before Ctrl-C
    line = _one_line(result.stderr)
    assert "interrupted" in line and f"2 articles, {counts['claims']} claims" in line, line
    out = result.stdout.splitlines()
    assert [x.split(":")[0] for x in out[:-1]] == [f"+ {f}" for f in files[:2]]
    assert out[-1].startswith(f"2 added, 0 already stored, 0 failed; {counts['claims']} claims")

    monkeypatch.setattr(pipeline, "_process", real)
    again = runner.invoke(app, ["add", str(tmp_path / "corpus"), "--index-dir", str(store), "-q"])
    assert again.exit_code == 0 and again.stdout.startswith("2 added, 2 already stored"), again.output


# ---- (9) what the reports mark and quote ------------------------------------------------------


def _claim(text: str, **kw: Any) -> Claim:
    return Claim(text=text, start_char=0, end_char=len(text), proposition=text, **kw)


def _stored(cid: int, outlet: str, text: str, **kw: Any) -> StoredClaim:
    c = _claim(text, **kw)
    c.claim_id, c.article_id = cid, cid + 10
    return StoredClaim(c, outlet, f"{outlet} story", datetime(2026, 3, 3), datetime(2026, 3, 10), cid + 10, url=None)


def _checked(results: list[ClaimResult], credits: list[Credit] | None = None) -> CheckResult:
    article = Article(outlet="Test Outlet", body="...", title="T")
    article.published_at = datetime(2026, 3, 9)
    r = CheckResult(article, results, credits or [], dry_run=True)
    r.summary = pipeline.summarize(r)
    return r


def _marked(page: str) -> list[str]:
    return re.findall(r'<mark class="conflict">(.*?)</mark>', page)


def test_html_marks_only_the_words_that_differ() -> None:
    """Names both sentences share (the judge's `shared_entities`, a reason's "aimed at ..., moscow")
    are common ground: only the denial cue, or the two figures, are marked."""
    mine = _claim("China and Russia denied that Moscow had sent troops to the border.",
                  polarity="negated", polarity_cues=["denied"])  # fmt: skip
    other = _stored(1, "Global Times", "Moscow had sent troops to the border, officials in China and Russia said.")
    reason = "denial: 'denied' (new claim) aimed at beij, moscow"
    evidence = {
        "old": other.claim.text,
        "new": mine.text,
        "shared_entities": ["China", "Russia", "Moscow"],
        "findings": [{"kind": "denial", "reason": reason, "new_span": "denied",
                      "details": {"denier": "new", "shared": ["beij", "moscow"]}}],
    }  # fmt: skip
    denial = Match("contradicts", 0.8, [reason], 0.9, other, evidence)
    page = render_html(_checked([ClaimResult(mine, [denial])]))
    assert _marked(page) == ["denied"]
    terms = json.loads(render_json(_checked([ClaimResult(mine, [denial])])))["claims"][0]["matches"][0]
    assert terms["conflict_terms"] == {"claim": ["denied"], "other": []}

    money = _claim("The package is worth about 250 million euros, Valdoria's finance ministry said.")
    before = _stored(
        2, "Meridian", "The package could be worth about 90 million euros, Valdoria's finance ministry said."
    )
    numbers = Match(
        "contradicts", 0.8, ["number conflict: about 90 million euros vs about 250 million euros"], 0.9, before,
        {"shared_entities": ["Valdoria"], "findings": [{"kind": "quantity", "old_span": "about 90 million euros",
                                                        "new_span": "about 250 million euros"}]},
    )  # fmt: skip
    marked = _marked(render_html(_checked([ClaimResult(money, [numbers])])))
    assert marked == ["about 250 million euros", "about 90 million euros"], marked


QUOTE = '"China has never sent weapons to either side," the ministry said.'


def test_a_quote_that_opens_with_a_quotation_mark_is_not_quoted_twice() -> None:
    led = Match("contradicts", 0.8, ["polarity conflict"], 0.9, _stored(1, "Global Times", QUOTE))
    bare = Match(
        "contradicts", 0.7, ["polarity conflict"], 0.9, _stored(2, "Kestrel News", "China has sent no weapons.")
    )
    credit = Credit("Global Times", "explicit", "“Global Times was first to report it,” the paper said.", claim_index=0)
    r = _checked([ClaimResult(_claim("China has sent weapons to Russia."), [led, bare])], [credit])
    buf = io.StringIO()
    render_terminal(r, Console(file=buf, no_color=True, width=300, soft_wrap=True))
    for text in (buf.getvalue(), render_markdown(r)):
        assert '“"' not in text and "““" not in text, text
        assert QUOTE in text and "“China has sent no weapons.”" in text  # a bare sentence is still quoted
    page = render_html(r)
    assert "“&quot;" not in page and "““" not in page  # the credit's own quote marks, once
    assert "&quot;China has" in page and "“Global Times was first to report it,” the paper said." in page


def _ref(cid: int, outlet: str, text: str, published: datetime | None, added: datetime) -> ClaimRef:
    return ClaimRef(cid, text, None, "asserted", cid, outlet, outlet.lower(), None, published, added, None)


def test_store_timeline_keeps_an_undated_entry_in_its_column() -> None:
    seed = _ref(1, "Harbor Times", QUOTE, datetime(2026, 3, 1), datetime(2026, 3, 2))
    undated = _ref(2, "Valley Post", "China has sent weapons to both sides.", None, datetime(2026, 12, 4))
    timeline = [TimelineEntry(seed, "seed", None, True), TimelineEntry(undated, "contradicts", 0.8, False)]
    ov = Overview(2, 2, 2, 0.0, [], OutletMatrix([], [], []), [], seed, timeline)
    page = render_overview_html(ov)
    assert '<td class="when">undated<br><span class="added">added 2026-12-04</span></td>' in page
    assert "#timeline td.when{white-space:nowrap" in page  # a date never wraps into, or runs over, the next cell
    assert "“&quot;" not in page

    buf = io.StringIO()
    render_overview_terminal(ov, Console(file=buf, no_color=True, width=300, soft_wrap=True))
    rows = [line for line in buf.getvalue().splitlines() if "CLAIM" in line or "CONTRADICT" in line]
    assert len(rows) == 2 and "undated, added 2026-12-04" in rows[1]
    assert rows[0].index("CLAIM") == rows[1].index("CONTRADICT"), rows  # the relation column lines up
    assert '“"' not in buf.getvalue() and '“"' not in render_overview_markdown(ov)


def test_a_closed_stdin_does_not_matter_for_a_file(tmp_path: Path) -> None:
    """Under a scheduler stdin may be closed (`<&-`): only `-` reads it, a file is read as usual."""
    article = tmp_path / "a.txt"
    article.write_text("Title: Closure\nOutlet: Sallmo Post\n\nThe ferry company will close its yard in May.\n")
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.stdin.close(); sys.stdin = None; "
         "from consistency.cli import main; sys.argv = ['consist', 'claims', sys.argv[1]]; main()", str(article)],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "ferry company" in done.stdout


def test_a_feed_on_stdin_may_open_with_a_byte_order_mark() -> None:
    from consistency.articles import read_input

    line = '{"text": "The ferry company will close its yard in May.", "outlet": "Sallmo Post"}\n'
    given = read_input(Path("-"), io.BytesIO(b"\xef\xbb\xbf" + (line * 2).encode("utf-8")))
    articles = list(given) if not isinstance(given, Article) else [given]
    assert len(articles) == 2
    assert all(isinstance(a, Article) and a.outlet == "Sallmo Post" for a in articles)


def test_a_piped_article_without_an_outlet_is_not_recorded(quiet_store: Path) -> None:
    """Recorded under the outlet "stdin", it would never meet the next piped article."""
    result = CliRunner().invoke(
        app, ["--index-dir", str(quiet_store), "check", "-"], input="The ferry company will close its yard in May.\n"
    )
    assert result.exit_code == 2
    assert "no outlet named" in result.output


def test_claims_table_shows_brackets_in_article_text_as_written() -> None:
    """On a terminal the claims table reads article text as data: "[/x]" once raised rich's MarkupError."""
    from consistency.claims import extract_claims
    from consistency.cli.claims import _render

    claims = extract_claims("The mayor said the [bold] plan [/x] would cost 40 million euros.")
    console = Console(record=True, width=200)
    _render(claims, console)
    shown = console.export_text()
    assert "[bold] plan [/x]" in shown


def test_piped_credits_and_report_tables_keep_words_whole(runner: CliRunner, tram: tuple[Path, Path]) -> None:
    """Piped without COLUMNS, rich would lay tables out at 80 columns and cut words in two."""
    store, _ = tram
    groups = json.loads(runner.invoke(app, ["credits", "--index-dir", str(store), "-f", "json"]).stdout)
    claim_words = {w for g in groups for w in g["claim"].split()}
    for command in (["credits"], ["report"]):
        out = runner.invoke(app, [*command, "--index-dir", str(store)], env={"COLUMNS": None, "FORCE_COLOR": None})
        assert out.exit_code == 0, out.output
        if command == ["credits"]:
            printed = set(re.findall(r"[\w’'-]+", out.stdout))
            whole = {w.strip('.,;:“”"()') for w in claim_words if re.fullmatch(r"[\w’'-]+[.,;:]?", w)}
            assert whole <= printed, sorted(whole - printed)[:5]
        assert max(len(line) for line in out.stdout.splitlines()) > 80  # laid out wider than a terminal


def test_reasons_show_words_as_written_not_stems(runner: CliRunner) -> None:
    """A denial's reason names what it is aimed at in the article's own words ("Beijing", "planned"),
    not the stems the detector compares ("beij", "plann")."""
    line = json.dumps(
        {
            "a": "Beijing planned to send fighter jets to Moscow next month, officials said.",
            "b": "China denied that Beijing planned to send fighter jets to Moscow.",
        }
    )
    result = runner.invoke(app, ["judge"], input=line + "\n")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output.strip().splitlines()[-1])
    denial = next(r for r in out["reasons"] if r.startswith("denial:"))
    aimed = [w.strip() for w in denial.split("aimed at", 1)[1].split(",")]
    texts = json.loads(line)["a"] + " " + json.loads(line)["b"]
    assert aimed and all(re.search(rf"\b{re.escape(w)}\b", texts) for w in aimed), denial
    assert "Beijing" in aimed


COURIER = {
    "title": "Fewer riders for the tram",
    "outlet": "Lake Courier",
    "date": "2026-03-04",
    "text": "The new tram line in Lindmark will carry only 2,000 passengers a day, the transport authority said.",
}


def test_fail_on_outranks_an_unreadable_feed_line(runner: CliRunner, tram: tuple[Path, Path], tmp_path: Path) -> None:
    """A pipeline gating on contradictions gets exit 3 when one is found, even where another line of
    the feed could not be read (that line is still told on stderr)."""
    store, _ = tram
    feed = _write(tmp_path, "feed.jsonl", f"not json at all\n{json.dumps(COURIER)}\n")
    base = ["check", str(feed), "--index-dir", str(store), "--dry-run", "-f", "json"]
    plain = runner.invoke(app, base)
    assert plain.exit_code == 2, plain.output  # without --fail-on, the unreadable line decides
    found = [m for c in json.loads(plain.stdout)[0]["claims"] for m in c["matches"] if m["relation"] == "contradicts"]
    assert found, plain.stdout  # the figure 2,000 disputes Harbor Times' 20,000
    gated = runner.invoke(app, [*base, "--fail-on", "contradictions"])
    assert gated.exit_code == 3, gated.output
    assert f"{feed}:1: not a JSON object" in gated.stderr and "1 line of the feed could not be read" in gated.stderr


@pytest.mark.usefixtures("no_verdicts")
def test_ctrl_c_in_a_feed_check_reports_what_was_recorded(
    runner: CliRunner, quiet_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    shutil.copytree(quiet_store, store)
    feed = _write(tmp_path, "feed.jsonl", GOOD_FEED)
    real, calls = pipeline.check_article, [0]

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == 2:  # Ctrl-C while the second article of the feed is checked
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "check_article", interrupted)
    result = runner.invoke(app, ["check", str(feed), "--index-dir", str(store), "-f", "json"])
    assert result.exit_code == 130, result.output
    reported = json.loads(result.stdout)
    assert [d["article"]["outlet"] for d in reported] == ["Wire One"]  # the article recorded is reported
    with Store.open(store, read_only=True) as s:
        outlets = [row[0] for row in s.rows("SELECT outlet FROM articles ORDER BY article_id")]
    assert outlets[-1] == "Wire One" and "River Gazette" not in outlets[2:]
    assert _one_line(result.stderr) == "consist: error: interrupted after 1 article; it is recorded and reported"


def test_conflict_spans_keep_the_case_the_article_wrote(runner: CliRunner) -> None:
    """A polarity conflict quotes both sides as written ("Korvenia", not "korvenia")."""
    line = json.dumps(
        {
            "a": "The Valdorian government is considering sending attack drones to Korvenia, officials said.",
            "b": '"Valdoria has not supplied and will not supply attack drones to Korvenia," a spokesperson said.',
        }
    )
    out = json.loads(runner.invoke(app, ["judge"], input=line + "\n").stdout.strip().splitlines()[-1])
    polarity = [f for f in out["evidence"]["findings"] if f["kind"] == "polarity"]
    assert polarity, out["reasons"]
    spans = [s for f in polarity for s in (f.get("old_span"), f.get("new_span")) if s]
    texts = json.loads(line)["a"] + " " + json.loads(line)["b"]
    assert "Korvenia" in " ".join(spans), spans
    assert all(re.search(rf"\b{re.escape(w)}\b", texts) for s in spans for w in s.split()), spans

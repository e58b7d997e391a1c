"""`consist check` output options and exit codes, and `consist add`'s progress bar, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from consistency.cli import app

ROOT = Path(__file__).resolve().parent.parent
NEW_ARTICLE = ROOT / "examples" / "new_article.txt"
CORPUS = ROOT / "examples" / "corpus"


def _check(runner: CliRunner, store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", str(NEW_ARTICLE), "--index-dir", str(store), "--dry-run", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_to_output_file(runner: CliRunner, corpus_store_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    code, out, _ = _check(runner, corpus_store_dir, "--format", "json", "--output", str(target))
    assert code == 0 and out == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    assert {"article", "claims", "credits", "summary"} <= set(data)
    assert data["article"]["outlet"] == "The Continental Observer"


def test_markdown_html_and_terminal_formats(runner: CliRunner, corpus_store_dir: Path, tmp_path: Path) -> None:
    code, md, _ = _check(runner, corpus_store_dir, "-f", "markdown")
    assert code == 0 and md.startswith("# Consistency report: ") and "## Summary" in md
    code, out, _ = _check(runner, corpus_store_dir, "-f", "html", "-o", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert code == 0 and page.startswith("<!DOCTYPE html>") and 'class="side-by-side"' in page
    code, text, _ = _check(runner, corpus_store_dir)
    assert code == 0 and "claims found" in text and "Summary:" in text and "\x1b[" not in text
    code, _, _ = _check(runner, corpus_store_dir, "-o", str(tmp_path / "r.txt"))
    assert "CONTRADICT" in (tmp_path / "r.txt").read_text(encoding="utf-8")


def test_fail_on_contradictions_exit_code(runner: CliRunner, corpus_store_dir: Path) -> None:
    code, out, _ = _check(runner, corpus_store_dir, "-f", "json")
    assert code == 0  # findings alone never fail a run
    scores = [m["score"] for c in json.loads(out)["claims"] for m in c["matches"] if m["relation"] == "contradicts"]
    assert scores, "the example article is meant to contradict the corpus"
    code, out, stderr = _check(runner, corpus_store_dir, "-f", "json", "--fail-on", "contradictions")
    assert code == 3 and json.loads(out)["summary"]["contradictions"] == len(scores)  # the report is still written
    assert "exit 3 (--fail-on contradictions)" in stderr  # says why the run failed
    code, _, _ = _check(
        runner, corpus_store_dir, "--fail-on", "contradictions", "--min-score", f"{max(scores) - 0.0001:.4f}"
    )
    assert code == 3  # "at or above" (JSON scores are rounded to 4 places)
    if max(scores) < 0.999:
        above = f"{min(1.0, max(scores) + 0.001):.4f}"
        code, _, _ = _check(runner, corpus_store_dir, "--fail-on", "contradictions", "--min-score", above)
        assert code == 0


def test_add_progress_bar_only_on_a_terminal(runner: CliRunner, store_dir: Path) -> None:
    files = [str(p) for p in sorted(CORPUS.glob("0[12]-*.txt"))]
    plain = runner.invoke(app, ["add", *files, "--index-dir", str(store_dir)])
    assert plain.exit_code == 0 and "files ·" not in plain.stderr  # not a terminal: no bar
    tty = runner.invoke(app, ["add", *files, "--index-dir", str(store_dir / "b")], env={"FORCE_COLOR": "1"})
    assert tty.exit_code == 0
    assert "2/2" in tty.stderr and "files ·" in tty.stderr and "claims" in tty.stderr and "articles/s" in tty.stderr
    quiet = runner.invoke(app, ["add", *files, "-q", "--index-dir", str(store_dir / "c")], env={"FORCE_COLOR": "1"})
    assert quiet.exit_code == 0 and "files ·" not in quiet.stderr
    assert "2 added" in quiet.stdout

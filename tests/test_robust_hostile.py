"""Hostile text in an article is data: never run, never spliced into SQL, escaped in every report."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from consistency.cli import app
from consistency.store import Store
from tests.conftest import NEW_ARTICLE

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "<script>alert('owned')</script>"
JS_LINK = "[read more](javascript:alert(1))"
MD_INJECTION = "\n# Fake heading\n| a | b |\n|---|---|\n![x](http://evil.example/x.png)"
ANSI = "\x1b[2J\x1b[31mRED\x1b[0m\x1b]0;title\x07"
SQL = "Robert'); DROP TABLE claims; --"


def _hostile(tmp_path: Path) -> Path:
    """The example new article with hostile text in its title, outlet and sentences."""
    body = NEW_ARTICLE.read_text().split("\n\n", 1)[1]
    hostile = (
        f"Title: Drones {SCRIPT} {JS_LINK} {ANSI}\nOutlet: Evil {SCRIPT} News {SQL}\nDate: 2026-03-08\n\n"
        f"The minister said {SCRIPT} the drones were sent, according to {JS_LINK}. {ANSI}\n\n"
        f"Officials in Halvik said the shipment left on Monday. {MD_INJECTION}\n\n{body}"
    )
    path = tmp_path / "hostile.txt"
    path.write_text(hostile)
    return path


def _check(runner, store: Path, path: Path, fmt: str) -> str:
    result = runner.invoke(app, ["check", "--index-dir", str(store), "--dry-run", "--format", fmt, str(path)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_terminal_report_strips_escape_sequences(corpus_store_dir: Path, tmp_path: Path, runner) -> None:
    out = _check(runner, corpus_store_dir, _hostile(tmp_path), "table")
    assert "\x1b" not in out and "\x07" not in out
    assert "Evil" in out


def test_json_keeps_hostile_text_as_data(corpus_store_dir: Path, tmp_path: Path, runner) -> None:
    data = json.loads(_check(runner, corpus_store_dir, _hostile(tmp_path), "json"))
    assert SCRIPT in data["article"]["title"]  # exact text, escaped by JSON itself
    assert any(SCRIPT in c["text"] for c in data["claims"])


def test_html_report_escapes_article_text(corpus_store_dir: Path, tmp_path: Path, runner) -> None:
    out = _check(runner, corpus_store_dir, _hostile(tmp_path), "html")
    assert "<script>alert" not in out
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", out, re.IGNORECASE)
    assert html.escape(SCRIPT) in out or "&lt;script&gt;" in out
    assert "\x1b" not in out


def test_markdown_report_escapes_article_text(corpus_store_dir: Path, tmp_path: Path, runner) -> None:
    out = _check(runner, corpus_store_dir, _hostile(tmp_path), "markdown")
    assert "<script>alert" not in out
    assert "](javascript:" not in out
    assert not re.search(r"^# Fake heading", out, re.MULTILINE)
    assert "\x1b" not in out


def test_sql_text_is_stored_verbatim_and_tables_survive(store_dir: Path, tmp_path: Path, runner) -> None:
    result = runner.invoke(app, ["add", "--index-dir", str(store_dir), str(_hostile(tmp_path))])
    assert result.exit_code == 0, result.output
    with Store.open(store_dir, read_only=True) as store:
        assert store.counts()["claims"] > 0
        (outlet,) = store.rows("SELECT outlet FROM articles")[0]
        assert SQL.split(";")[0] in outlet


def _sources() -> list[Path]:
    return sorted((ROOT / "consistency").rglob("*.py"))


def test_no_shell_no_pickle_in_the_package() -> None:
    """Nothing in the package can hand text to a shell or unpickle a file."""
    banned = [
        r"\bos\.system\(", r"\bos\.popen\(", r"shell\s*=\s*True", r"\bsubprocess\b", r"\beval\(", r"\bexec\(",
        r"^\s*import pickle", r"\bpickle\.loads?\(", r"\bjoblib\.load\(", r"allow_pickle\s*=\s*True",
        r"torch\.load\((?![^)]*weights_only\s*=\s*True)",
    ]  # fmt: skip
    found = []
    for path in _sources():
        text = path.read_text()
        for pattern in banned:
            for m in re.finditer(pattern, text, re.MULTILINE):
                found.append(f"{path.relative_to(ROOT)}: {m.group(0)}")
    assert not found, found


def test_sql_is_never_built_from_values() -> None:
    """SQL text is fixed; values go in as bound parameters. The only f-strings allowed in an
    execute() interpolate table/column names from code or an int(), and say so with `noqa: S608`."""
    offenders = []
    for path in _sources():
        for lineno, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"""\.(execute|executemany|sql|query)\(\s*f["']""", line) and "noqa: S608" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
            if re.search(r"""\.(execute|executemany)\([^)]*["']\s*(\+|%)\s*""", line):
                offenders.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
    assert not offenders, offenders


@pytest.mark.parametrize("fmt", ["json", "markdown", "html"])
def test_store_report_escapes_stored_hostile_text(corpus_store_dir: Path, tmp_path: Path, runner, fmt: str) -> None:
    result = runner.invoke(app, ["add", "--index-dir", str(corpus_store_dir), str(_hostile(tmp_path))])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["report", "--index-dir", str(corpus_store_dir), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    if fmt != "json":
        assert "<script>alert" not in result.stdout
        assert "](javascript:" not in result.stdout

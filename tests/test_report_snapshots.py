"""Snapshot-style tests of the JSON and Markdown reports for examples/new_article.txt against the corpus.

The snapshots are structural, so they hold while the claim extractor and the judge improve:
the JSON snapshot is the set of key paths (a contract: keys may be added, never dropped), the
Markdown one the document outline with claim numbers normalised. Regenerate them with
UPDATE_SNAPSHOTS=1 after an intended change, and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from consistency.models import CheckResult
from consistency.pipeline import check_file
from consistency.report import check_to_dict, render_markdown
from consistency.store import Store

SNAPSHOTS = Path(__file__).parent / "snapshots"
NEW_ARTICLE = Path(__file__).resolve().parent.parent / "examples" / "new_article.txt"


@pytest.fixture(scope="module")
def example_check(_corpus_store_master: Path) -> Iterator[CheckResult]:
    with Store.open(_corpus_store_master, read_only=True) as store:
        yield check_file(NEW_ARTICLE, store, dry_run=True)


def _paths(value: Any, prefix: str = "") -> set[str]:
    """Every key path in a JSON value; list items share one path ("claims[].matches[].score")."""
    out = {prefix} if prefix else set()
    if prefix.endswith((".evidence", ".metadata")):  # free-form maps: their keys are not the schema
        return out
    if isinstance(value, dict):
        for k, v in value.items():
            out |= _paths(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(value, list):
        for item in value:
            out |= _paths(item, prefix + "[]")
    return out


def _snapshot(name: str, lines: list[str]) -> list[str]:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8").splitlines()


def test_json_schema_only_grows(example_check: CheckResult) -> None:
    data = json.loads(json.dumps(check_to_dict(example_check)))
    actual = _paths(data)
    expected = set(_snapshot("check_json_paths.txt", sorted(actual)))
    missing = sorted(expected - actual)
    assert not missing, f"JSON keys dropped or renamed (a contract other tools read): {missing}"


def test_json_key_content(example_check: CheckResult) -> None:
    data = check_to_dict(example_check)
    a = data["article"]
    assert a["outlet"] == "The Continental Observer" and a["date_known"]
    assert a["published_at"].startswith("2026-03-09")
    assert a["title"] == "Valdoria has already delivered first attack drones to Korvenia"
    relations = [m["relation"] for c in data["claims"] for m in c["matches"]]
    s = data["summary"]
    assert s["claims"] == len(data["claims"])
    assert s["agreements"] == relations.count("agrees") > 0
    assert s["contradictions"] == relations.count("contradicts") > 0
    for c in data["claims"]:
        for m in c["matches"]:
            assert m["other"]["outlet"] != a["outlet"] and m["other"]["text"] and 0 <= m["score"] <= 1
            for rel, found in c["findings"].items():
                assert found["independent"] <= len([x for x in c["matches"] if x["relation"] == rel])
    # the corpus' headline conflict: 250 million euros here, 90 million in The Meridian Post
    money = next(c for c in data["claims"] if "250 million" in c["text"])
    against = [m for m in money["matches"] if m["relation"] == "contradicts"]
    assert any("90 million" in m["other"]["text"] for m in against)
    assert any(m["conflict_terms"]["other"] for m in against)  # the words a reader should compare
    # the article credits Der Abendbote as first, in so many words
    assert any(
        c["credited_outlet"] == "Der Abendbote" and c["kind"] == "explicit" and c["first"] for c in data["credits"]
    )


def _outline(markdown: str) -> list[str]:
    out: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("#"):
            line = re.sub(r"\d+", "N", line)
            if not out or out[-1] != line:
                out.append(line)
    return out


def test_markdown_outline_and_findings(example_check: CheckResult) -> None:
    text = render_markdown(example_check)
    assert _outline(text) == _snapshot("check_markdown_outline.txt", _outline(text))
    assert "**Outlet:** The Continental Observer · **Published:** 2026-03-09" in text
    data = check_to_dict(example_check)
    sections = text.split("### Claim ")[1:]
    shown = {int(s.split("\n", 1)[0]) for s in sections}
    for n, c in enumerate(data["claims"], 1):
        has = c["matches"] or c["credits"]
        assert (n in shown) == bool(has), f"claim {n}: shown {n in shown}, findings {bool(has)}"
    for section in sections:
        n = int(section.split("\n", 1)[0])
        claim = data["claims"][n - 1]
        for m in claim["matches"]:
            if m["relation"] == "contradicts":  # each contradicting outlet (or the voice it folds into) is named
                assert "CONTRADICT" in section
        if claim["findings"]["agrees"]["independent"]:
            assert f"{claim['findings']['agrees']['independent']} outlet" in section
    if any(not (c["matches"] or c["credits"]) for c in data["claims"]):
        assert "**No findings** for" in text

"""Speaker kinds and alias folding: the parts of a claim that reports and credit rely on."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from consistency.aliases import fold_entity
from consistency.cli import app


@pytest.mark.parametrize(
    ("name", "norm"),
    [
        ("Beijing", "china"),
        ("the Kremlin", "russia"),
        ("Moscow", "russia"),
        ("U.S.", "united states"),
        ("Washington", "united states"),
        ("America", "united states"),
        ("Britain", "united kingdom"),
        ("London", "united kingdom"),
        ("the Kremlin's", "russia"),
        ("Vantor Aerospace", "vantor aerospace"),  # unknown names pass through, cleaned
        ("", ""),
    ],
)
def test_fold_entity(name: str, norm: str) -> None:
    assert fold_entity(name) == norm


def test_claims_command_json(tmp_path, runner: CliRunner) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text(
        "Title: Drones\nOutlet: Daily Ledger\nDate: 2024-05-16\n\n"
        "KYIV (Daily Ledger) \u2014 Air defences shot down 20 missiles overnight, the air force said.\n\n"
        "Photo: Getty Images\n\nThe ministry declined to comment.\n"
    )
    result = runner.invoke(app, ["claims", str(article), "--format", "json"])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.output)
    assert [c["speaker_kind"] for c in claims] == ["official_body", "self"]
    assert claims[0]["proposition"] == "Air defences shot down 20 missiles overnight"
    assert claims[0]["quantities"][0]["counted"] == "missiles"
    assert claims[1]["non_answer"] is True


def test_claims_command_table_and_missing_file(tmp_path, runner: CliRunner) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "b.txt"
    article.write_text("The port reopened on Tuesday, officials said.\n")
    result = runner.invoke(app, ["claims", str(article)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "officials" in result.output and "reported" in result.output
    missing = runner.invoke(app, ["claims", str(tmp_path / "nope.txt")])
    assert missing.exit_code != 0

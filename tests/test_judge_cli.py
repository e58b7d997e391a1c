"""`consist judge` through the CLI."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from consistency.cli import app

runner = CliRunner()


def lines(result_output: str) -> list[dict[str, object]]:
    return [json.loads(x) for x in result_output.splitlines() if x.startswith("{")]


def test_judge_reads_json_lines_and_writes_one_line_each() -> None:
    stdin = "\n".join(
        json.dumps(x)
        for x in (
            {
                "a": "Russia launched 100 drones at Kyiv overnight.",
                "b": "Russia launched dozens of drones at Kyiv overnight.",
            },
            {
                "a": "The ceasefire talks are continuing.",
                "b": "The ceasefire talks are continuing, mediators said on Sunday.",
            },
        )
    )
    result = runner.invoke(app, ["judge"], input=stdin + "\n")
    assert result.exit_code == 0, result.output
    out = lines(result.output)
    assert len(out) == 2
    assert out[0]["relation"] == "contradicts"
    assert "number conflict: 100 drones vs dozens of drones" in out[0]["reasons"]  # type: ignore[operator]
    spans = [f for f in out[0]["evidence"]["findings"] if f["kind"] == "quantity"]  # type: ignore[index]
    assert spans and spans[0]["old_span"] == "100 drones"
    assert out[1]["relation"] in ("agrees", "discusses")
    for o in out:
        assert 0.0 <= float(o["score"]) <= 1.0  # type: ignore[arg-type]


def test_multi_sentence_b_reports_the_sentence() -> None:
    article = "The weather in Kyiv was cold. Russia launched dozens of drones at Kyiv overnight. Shops opened late."
    stdin = json.dumps({"a": "Russia launched 100 drones at Kyiv overnight.", "b": article}) + "\n"
    result = runner.invoke(app, ["judge"], input=stdin)
    out = lines(result.output)[0]
    assert out["relation"] == "contradicts"
    assert "dozens of drones" in str(out["sentence"])
    assert int(out["sentences_judged"]) >= 2  # type: ignore[call-overload]


def test_bad_lines_get_an_error_line_and_exit_2() -> None:
    stdin = 'not json\n{"a": "x"}\n' + json.dumps({"a": "Troops were sent.", "b": "Troops were not sent."}) + "\n"
    result = runner.invoke(app, ["judge"], input=stdin)
    assert result.exit_code == 2
    out = lines(result.output)
    assert [("error" in o) for o in out] == [True, True, False]


def test_a_lone_surrogate_in_the_json_is_read_not_a_crash() -> None:
    """JSON can escape a surrogate no UTF-8 can carry ("\\ud800"); the line is still judged."""
    stdin = '{"a": "The bridge opened in 1998 \\ud800.", "b": "The bridge opened in 2001."}\n'
    result = runner.invoke(app, ["judge"], input=stdin)
    assert result.exit_code == 0, result.output
    assert lines(result.output)[0]["relation"] == "contradicts"

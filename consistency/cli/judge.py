"""`consist judge`: judge (earlier claim, new text) pairs read as JSON lines on stdin."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer

from consistency.cli.app import app, err, user_errors
from consistency.language import replace_surrogates
from consistency.models import to_jsonable


def _answer(line: str, judge: Any) -> dict[str, Any]:
    from consistency.judge import judge_texts

    item = json.loads(line)
    if not isinstance(item, dict) or not isinstance(item.get("a"), str) or not isinstance(item.get("b"), str):
        raise ValueError('each line needs {"a": "earlier claim", "b": "new claim or article text"}')
    if not item["a"].strip() or not item["b"].strip():
        raise ValueError('"a" and "b" must not be empty')
    a, b = replace_surrogates(item["a"]), replace_surrogates(item["b"])  # JSON may escape "\ud800"
    best, claim, all_ = judge_texts(a, b, judge)
    out = to_jsonable(best)
    out.pop("probabilities", None)
    out["probabilities"] = best.probabilities
    if len(all_) > 1:
        out["sentence"] = claim.text
        out["sentence_span"] = [claim.start_char, claim.end_char]
        out["sentences_judged"] = len(all_)
    return dict(out)


@app.command()
def judge() -> None:
    """Does b agree with, contradict, discuss, or ignore claim a? One JSON line in, one out.

    Input lines: {"a": "earlier claim", "b": "new claim or a whole article"}. Output lines:
    relation, score (0..1), reasons, evidence; for a multi-sentence b, the strongest finding
    and the sentence it came from. A line that cannot be read gets {"error": ...} and the
    command exits 2 at the end.

    Example: echo '{"a": "Russia launched 100 drones", "b": "Russia launched dozens of drones"}' | consist judge
    """
    with user_errors():
        from consistency.judge import default_judge

        the_judge = default_judge()
        bad = 0
        for n, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            try:
                out = _answer(line, the_judge)
            except ValueError as exc:  # json.JSONDecodeError is a ValueError
                bad += 1
                err(f"line {n}: {exc}")
                out = {"line": n, "error": str(exc)}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        if bad:
            raise typer.Exit(2)

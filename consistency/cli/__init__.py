"""Command-line interface: `consist add | check | claims | credits | report | judge | doctor`, and the
reviewer's `verdict | review | verdicts | serve`.

Importing it loads no model, DuckDB or FAISS: each command imports what it uses when it runs, so
`consist --help`, `--version` and a mistyped command answer at once.
"""

from __future__ import annotations

from consistency.cli import claims, credits, doctor, ingest, judge, report, review  # noqa: F401  (register commands)
from consistency.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]

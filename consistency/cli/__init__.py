"""Command-line interface: `consist add | check | claims | judge | credits | report | doctor`."""

from __future__ import annotations

from consistency.cli import claims, credits, doctor, ingest, judge, report  # noqa: F401  (register commands)
from consistency.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]

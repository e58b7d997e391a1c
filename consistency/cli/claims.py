"""`consist claims` (filled in by its issue)."""

from __future__ import annotations

from consistency.cli.app import app  # noqa: F401

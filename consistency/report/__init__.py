"""Renderers for check results: terminal (rich), JSON; the report issue adds Markdown and HTML."""

from __future__ import annotations

from consistency.report.json_report import check_to_dict, render_json
from consistency.report.terminal import render_terminal

__all__ = ["check_to_dict", "render_json", "render_terminal"]

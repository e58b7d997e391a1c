"""Renderers for check results and the store overview: terminal (rich), JSON, Markdown, HTML."""

from __future__ import annotations

from consistency.report.html import render_html
from consistency.report.json_report import check_to_dict, render_json
from consistency.report.markdown import render_markdown
from consistency.report.store_report import (
    overview_to_dict,
    render_overview_html,
    render_overview_json,
    render_overview_markdown,
    render_overview_terminal,
)
from consistency.report.terminal import render_terminal

__all__ = [
    "check_to_dict",
    "overview_to_dict",
    "render_html",
    "render_json",
    "render_markdown",
    "render_overview_html",
    "render_overview_json",
    "render_overview_markdown",
    "render_overview_terminal",
    "render_terminal",
]

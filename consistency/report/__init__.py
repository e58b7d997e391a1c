"""Renderers for check results and the store overview: terminal (rich), JSON, Markdown, HTML."""

from __future__ import annotations

from consistency.report.html import render_html, render_html_many
from consistency.report.json_report import check_to_dict, render_json, render_json_many
from consistency.report.markdown import render_markdown, render_markdown_many
from consistency.report.store_report import (
    overview_to_dict,
    render_overview_html,
    render_overview_json,
    render_overview_markdown,
    render_overview_terminal,
)
from consistency.report.terminal import render_terminal, render_terminal_many

__all__ = [
    "check_to_dict",
    "overview_to_dict",
    "render_html",
    "render_html_many",
    "render_json",
    "render_json_many",
    "render_markdown",
    "render_markdown_many",
    "render_overview_html",
    "render_overview_json",
    "render_overview_markdown",
    "render_overview_terminal",
    "render_terminal",
    "render_terminal_many",
]

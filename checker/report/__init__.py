"""Renderers: AuditResult -> text. Each returns a string; writing is done by `write_atomic`."""

from checker.report.jsonout import render_json
from checker.report.markdown import render_markdown, write_markdown
from checker.report.terminal import render_terminal
from checker.report.write import write_atomic

RENDERERS = {"terminal": render_terminal, "markdown": render_markdown, "json": render_json}

__all__ = ["RENDERERS", "render_json", "render_markdown", "render_terminal", "write_atomic", "write_markdown"]

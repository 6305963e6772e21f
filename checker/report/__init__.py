"""Renderers: AuditResult -> text. Each returns a string; writing is done by `write_atomic`.

The names below are looked up when first used, not at import: the engine imports the message
wording (checker.report.messages), and a JSON run should not pay for rich, the charts or the
gate reports it never uses.
"""

from __future__ import annotations

import importlib

_HOMES = {
    "render_json": "checker.report.jsonout",
    "render_markdown": "checker.report.markdown",
    "write_markdown": "checker.report.markdown",
    "render_terminal": "checker.report.terminal",
    "write_atomic": "checker.report.write",
}
FORMAT_RENDERERS = {"terminal": "render_terminal", "markdown": "render_markdown", "json": "render_json"}

__all__ = ["RENDERERS", "render_json", "render_markdown", "render_terminal", "write_atomic", "write_markdown"]


def __getattr__(name: str):
    if name == "RENDERERS":
        return {fmt: __getattr__(function) for fmt, function in FORMAT_RENDERERS.items()}
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)

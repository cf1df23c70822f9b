"""Render a brief: one function per format, all pure (Brief in, str out)."""

from __future__ import annotations

from briefing.render.json import render_json
from briefing.render.markdown import render_markdown
from briefing.render.text import render_text

__all__ = ["render_json", "render_markdown", "render_text"]

"""JSON brief: the Brief JSON of CONTRACTS.md."""

from __future__ import annotations

import json

from briefing.models import Brief


def render_json(brief: Brief, *, indent: int | None = 2) -> str:
    """``brief.to_dict()`` as JSON text (UTF-8 characters kept, not escaped)."""
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=indent)

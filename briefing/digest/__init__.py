"""The daily brief: a day's stored briefs as stories, ranked, with the day's numbers.

Pure: briefs in, a ``Digest`` out; no database, no rendering. ``build_digest`` groups
articles about one story (``grouping``), ranks the stories and brings their facts together.
"""

from __future__ import annotations

from briefing.digest.build import build_digest
from briefing.digest.model import (
    DIGEST_SCHEMA,
    Deployed,
    Digest,
    ReactionRow,
    Story,
    StorySource,
    Toll,
)

__all__ = [
    "DIGEST_SCHEMA",
    "Deployed",
    "Digest",
    "ReactionRow",
    "Story",
    "StorySource",
    "Toll",
    "build_digest",
]

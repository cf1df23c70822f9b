"""briefing: news articles in, one-page briefs out.

The public Python API. Importing it loads the core only (no Flask, no database).
"""

from __future__ import annotations

from briefing.brief import build_brief
from briefing.config import Settings
from briefing.errors import BriefingError, InputError, NotFoundError, OptionsError
from briefing.ingest import read_article
from briefing.models import (
    Article,
    Brief,
    Casualty,
    Deployment,
    Document,
    Evidence,
    Facts,
    Reaction,
    Summary,
    SummarySentence,
)
from briefing.options import BriefOptions
from briefing.summarise import METHODS, Length

__version__ = "0.1.0"

__all__ = [
    "METHODS",
    "Article",
    "Brief",
    "BriefOptions",
    "BriefingError",
    "Casualty",
    "Deployment",
    "Document",
    "Evidence",
    "Facts",
    "InputError",
    "Length",
    "NotFoundError",
    "OptionsError",
    "Reaction",
    "Settings",
    "Summary",
    "SummarySentence",
    "__version__",
    "build_brief",
    "read_article",
]

"""What the database can hold, checked before a query is sent.

PostgreSQL refuses a NUL character in text and an id longer than its column; sent anyway,
such input came back as "the archive is unavailable" (503). Reads treat an id nothing can
be stored under as not found (404); a filter or a name holding NUL is refused (400). The
request layer (``briefing.request``) refuses such input before it reaches a write.
"""

from __future__ import annotations

from briefing.errors import NotFoundError, RequestError
from briefing.options import MAX_ID_CHARS

__all__ = ["MAX_BRIEF_ID", "MAX_JOB_ID", "check_id", "check_text"]

#: the longest brief id (the ``briefs.id`` column); a batch line's own id counts
MAX_BRIEF_ID = MAX_ID_CHARS
#: the longest job id (the ``jobs.id`` column)
MAX_JOB_ID = 64


def check_id(value: str, limit: int, what: str) -> str:
    """``value`` when something could be stored under it, else NotFoundError."""
    if "\x00" in value or len(value) > limit:
        raise NotFoundError(f"no {what} with id {value[:80]!r}")
    return value


def check_text(value: str | None, what: str) -> str | None:
    """``value`` when the database can hold it, else RequestError (400)."""
    if value is not None and "\x00" in value:
        raise RequestError(f"{what} holds a NUL character")
    return value

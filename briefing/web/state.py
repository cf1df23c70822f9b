"""What every view needs from the app: its settings, its archive, the request envelope.

The bottom of the web package: it imports no other web module, so every one can use it.
"""

from __future__ import annotations

from flask import current_app

from briefing.config import Settings
from briefing.store import Archive

#: Room for the JSON or multipart envelope around an article of the largest accepted size,
#: so that the article's own limit (``Settings.max_input_bytes``) is the one users meet.
ENVELOPE_BYTES = 64 * 1024


def current_settings() -> Settings:
    """The Settings the running app was built with."""
    settings: Settings = current_app.extensions["briefing.settings"]
    return settings


def current_archive() -> Archive:
    """The running app's archive (one per process, shared by its threads)."""
    archive: Archive = current_app.extensions["briefing.archive"]
    return archive

"""What every view needs from the app: its settings and its archive."""

from __future__ import annotations

from flask import current_app

from briefing.config import Settings
from briefing.store import Archive


def current_settings() -> Settings:
    """The Settings the running app was built with."""
    settings: Settings = current_app.extensions["briefing.settings"]
    return settings


def current_archive() -> Archive:
    """The running app's archive (one per process, shared by its threads)."""
    archive: Archive = current_app.extensions["briefing.archive"]
    return archive

"""gunicorn's configuration for the Procfile's ``web:`` process (``--config
python:briefing.web.gunicorn_conf``); the Procfile's flags (bind, workers, timeout, ...)
come on top of it.

- logging: gunicorn's error and access lines and the app's through one formatter
  (``BRIEFING_LOG_FORMAT``), the access line carrying the request's id;
- metrics: every worker process counts in one folder (``BRIEFING_METRICS_DIR``, else
  ``metrics/web`` in the instance folder), emptied when gunicorn starts, so ``/metrics``
  answered by any worker sums them all.
"""

from __future__ import annotations

from typing import Any

from briefing import logs, metrics
from briefing.config import Settings

_settings = Settings.from_env()

accesslog = "-"
access_log_format = logs.ACCESS_FORMAT
logconfig_dict = logs.gunicorn_logconfig(_settings.log_format, _settings.log_level or "INFO")
_folder = _settings.metrics_folder / "web"


def on_starting(server: Any) -> None:
    """Before the workers start: a fresh metrics folder they all inherit."""
    metrics.use_folder(_folder, clear=True)


def child_exit(server: Any, worker: Any) -> None:
    """A worker ended: its live values (gauges) no longer count."""
    metrics.process_gone(worker.pid)

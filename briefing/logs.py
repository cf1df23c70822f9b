"""One logging setup for the web app, the workers and the command line.

``configure(settings)`` sends every log line to stderr, for people (``text``, the default)
or as one JSON object a line (``BRIEFING_LOG_FORMAT=json``). What a line was logged *for*
comes from context variables, so no call site passes it along:

- a web request's id (``request_context``: taken from the client's ``X-Request-ID`` when
  it is a sane token, else made here), on every line logged while it is answered, in
  gunicorn's access line, in the ``X-Request-ID`` response header and in problem+json
  bodies (``instance``);
- a worker's job and line (``job_context``), on every line of that task.

Gunicorn's access lines go through the same formatter (``gunicorn_logconfig``); in JSON
their fields (method, path, status, duration, request id) are keys of their own.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import logging.config
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

__all__ = [
    "JsonFormatter",
    "TextFormatter",
    "configure",
    "current_request_id",
    "gunicorn_logconfig",
    "job_context",
    "new_request_id",
    "request_context",
]

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "briefing_request_id", default=None
)
_job: contextvars.ContextVar[tuple[str, int] | None] = contextvars.ContextVar(
    "briefing_job", default=None
)

#: a client's X-Request-ID is kept when it reads like an id (a load balancer's, a UUID);
#: anything else (spaces, quotes, newlines: log injection) is replaced by one of ours
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}")
_HANDLER_MARK = "_briefing_handler"
#: gunicorn's access line: the atoms it passes as the record's args
ACCESS_FORMAT = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" request_id=%({x-request-id}o)s'
_ACCESS_FIELDS = {
    "h": "remote",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "a": "user_agent",
    "{x-request-id}o": "request_id",
}


def new_request_id(given: str | None = None) -> str:
    """The id of a request: ``given`` (the client's X-Request-ID) when sane, else a new one."""
    if given is not None and _SANE_ID.fullmatch(given.strip()):
        return given.strip()
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    """The id of the request being answered in this context (None outside a request)."""
    return _request_id.get()


@contextmanager
def request_context(request_id: str) -> Iterator[None]:
    """Lines logged inside carry ``request_id``."""
    token = _request_id.set(request_id)
    try:
        yield
    finally:
        _request_id.reset(token)


@contextmanager
def job_context(job_id: str, line: int) -> Iterator[None]:
    """Lines logged inside carry the job id and the line."""
    token = _job.set((job_id, line))
    try:
        yield
    finally:
        _job.reset(token)


def set_job(job_id: str | None, line: int | None = None) -> None:
    """Mark (or, with None, unmark) this process's current task: for Celery's signals,
    which begin and end a task in two calls."""
    _job.set((job_id, int(line or 0)) if job_id else None)


def _context(record: logging.LogRecord) -> dict[str, Any]:
    found: dict[str, Any] = {}
    request_id = _request_id.get()
    if request_id:
        found["request_id"] = request_id
    job = _job.get()
    if job:
        found["job_id"], found["line"] = job
    return found


class TextFormatter(logging.Formatter):
    """``2026-01-05 10:00:00,123 INFO briefing.tasks [job=ab12 line=3] message``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        context = _context(record)
        if not context:
            return line
        tags = " ".join(
            f"{'job' if key == 'job_id' else key}={value}" for key, value in context.items()
        )
        head, _, rest = line.partition(f" {record.name} ")
        return f"{head} {record.name} [{tags}] {rest}"


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, the context, any error."""

    def format(self, record: logging.LogRecord) -> str:
        moment = dt.datetime.fromtimestamp(record.created, dt.UTC)
        entry: dict[str, Any] = {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry["message"] = record.getMessage()
            for atom, key in _ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value not in (None, "-", ""):
                    entry[key] = _number(value) if key in {"status", "bytes"} else value
            if "duration_ms" in entry:
                entry["duration_ms"] = int(entry["duration_ms"])
        else:
            entry["message"] = record.getMessage()
        entry.update(_context(record))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["error"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def _number(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """A handler on whatever ``sys.stderr`` is when a line is written (a test runner or a
    daemon may swap it), rather than the stream of the moment it was made."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def _formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else TextFormatter()


def configure(
    log_format: str = "text", level: str = "INFO", *, only_if_unset: bool = False
) -> None:
    """Send every log line to stderr in ``log_format`` from ``level`` up.

    Called once by each process (``create_app``, the ``briefing`` command, a worker);
    calling it again replaces the handler it made. With ``only_if_unset``, a process
    whose logging someone else configured already (gunicorn, a host application, a test
    runner) is left as it is.
    """
    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]
    if only_if_unset and root.handlers:
        return
    for handler in ours:
        root.removeHandler(handler)
    handler = _Stderr()
    handler.setFormatter(_formatter(log_format))
    setattr(handler, _HANDLER_MARK, True)
    root.addHandler(handler)
    root.setLevel(level)


def gunicorn_logconfig(log_format: str, level: str = "INFO") -> dict[str, Any]:
    """gunicorn's ``logconfig_dict``: its error and access lines, and the app's, through
    one formatter on stderr."""
    formatter = "json" if log_format == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "text": {"()": TextFormatter},
            "json": {"()": JsonFormatter},
        },
        "handlers": {
            "stderr": {"()": _Stderr, "formatter": formatter},
            "access": {
                "class": "logging.StreamHandler",
                "formatter": formatter,
                "stream": "ext://sys.stdout",
            },
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
        },
    }

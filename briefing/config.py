"""Settings: every limit and option of briefing, read from the environment in one place.

Nothing else in the package reads ``os.environ``. Edges (the CLI, the app factory) build a
``Settings`` once and pass it down; tests build ``Settings(...)`` directly.

Environment variables (all optional):

=============================  ===============================================  ===========
variable                       meaning                                          default
=============================  ===============================================  ===========
BRIEFING_MAX_INPUT_BYTES       largest article accepted, in bytes               2000000
BRIEFING_MAX_SENTENCES         most sentences one article is split into;        20000
                               longer texts are refused, not truncated
BRIEFING_MAX_SUMY_SENTENCES    most sentences a sumy algorithm is run on: most  600
                               are quadratic (LexRank takes ~3 s at 600, ~17 s
                               at 1,300); news and lead have no such limit
BRIEFING_RATE_LIMIT            requests per client or API key on the API's      none
                               POST routes ("60/minute"; Flask-Limiter's
                               notation); over it: 429 with Retry-After
BRIEFING_RATE_LIMIT_STORAGE    where the counts live: memory:// (per process)   memory://
                               or redis://host:6379/0, shared by every worker
BRIEFING_MAX_DRAIN_BYTES       most of a refused request body (413, 415, ...)   33554432
                               read and dropped so that clients which send the
                               whole body first (urllib) see the answer; a
                               larger body is left unread and the connection
                               closed
BRIEFING_DATABASE_URL /        SQLAlchemy URL of the archive                    SQLite file
DATABASE_URL                                                                    in instance
BRIEFING_INSTANCE_PATH         folder for the SQLite file and other state       ./instance
BRIEFING_TIMEZONE              zone in which a brief's ingest date is taken     UTC
BRIEFING_BASE_URL              public URL of the web app, for links in emails   (none)
BRIEFING_API_KEYS              comma-separated keys; when set, API writes       (none)
                               need ``Authorization: Bearer <key>``
BRIEFING_SECRET_KEY            Flask secret (sessions, CSRF tokens)             kept in
                                                                                instance
BRIEFING_SMTP_HOST/PORT        SMTP server for the daily brief                  localhost/25
BRIEFING_SMTP_SECURITY         none, starttls or ssl                            none
BRIEFING_SMTP_USER/PASSWORD    SMTP login                                       (none)
BRIEFING_SMTP_TIMEOUT          seconds before an SMTP call gives up             30
BRIEFING_MAIL_FROM             sender of the daily brief                        briefing@localhost
BRIEFING_DIGEST_FULL_STORIES   stories the digest email shows in full; the      40
                               rest are listed by headline (keeps the HTML
                               under Gmail's ~100 kB clipping)
BRIEFING_FETCH_ALLOW_HOSTS     comma-separated host names (or IPs) that may be  (none)
                               fetched although they resolve to private,
                               loopback or link-local addresses
BRIEFING_FETCH_CONNECT_TIMEOUT seconds to connect to a page's server            5
BRIEFING_FETCH_TIMEOUT         seconds for a whole page fetch, redirects and    10
                               body included
BRIEFING_FETCH_MAX_BYTES       largest page or feed downloaded, counted as it   2000000
                               streams
BRIEFING_FETCH_MAX_REDIRECTS   redirects followed, each one checked again       5
BRIEFING_FEED_RETRY_SECONDS    wait before polling a failed feed again; doubled 300
                               per further failure
BRIEFING_FEED_RETRY_MAX        longest such wait, in seconds                    86400
BRIEFING_FEED_MAX_ENTRIES      newest entries of one feed read per poll         50
BRIEFING_CORPUS                folder of the shared evaluation corpora          ../shared/corpus
BRIEFING_BROKER_URL           Celery broker (and result store), e.g.           (none: no
                               redis://127.0.0.1:6379/0; unset, every brief     queue)
                               and batch is built in-process, as before
BRIEFING_QUEUE                 name of the Celery queue the tasks go to         briefing
BRIEFING_TASK_TIME_LIMIT       seconds one task may run before its worker       300
                               child is killed (a soft limit 10 s earlier)
BRIEFING_TASK_VISIBILITY_TIMEOUT  seconds after which a task taken by a worker  3600
                               that vanished (kill -9, lost machine) is given
                               to another worker; keep it above the time limit
BRIEFING_TASK_RETRIES          retries of a task on a transient archive error   8
                               (exponential backoff, at most 60 s apart)
BRIEFING_BATCH_MAX_LINES       most lines one batch upload may hold             10000
BRIEFING_BATCH_SYNC_MAX_LINES  most lines of a batch run inside the request    200
                               when no broker is configured
BRIEFING_DIGEST_SCHEDULE       when Celery beat sends the daily digest,         (none)
                               "HH:MM Zone", e.g. "06:30 Europe/London"
BRIEFING_DIGEST_RECIPIENTS     comma-separated addresses of that digest         (none)
BRIEFING_DIGEST_DAY            which date the scheduled digest covers:          yesterday
                               today or yesterday (in the schedule's zone)
PORT / WEB_CONCURRENCY         gunicorn bind port / worker count (Procfile)     8000 / 2
BRIEFING_REQUEST_TIMEOUT       seconds gunicorn lets one request run before     60
                               it restarts the worker (Procfile)
WORKER_CONCURRENCY             pool processes of the Procfile's worker          1
=============================  ===============================================  ===========
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefing.errors import OptionsError
from briefing.options import (
    DEFAULT_MAX_INPUT_BYTES,
    DEFAULT_MAX_SENTENCES,
    DEFAULT_MAX_SUMY_SENTENCES,
    Limits,
)

DEFAULT_MAX_DRAIN_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """Every tunable limit and option; the defaults are safe for a single-user install."""

    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    max_sentences: int = DEFAULT_MAX_SENTENCES
    max_sumy_sentences: int = DEFAULT_MAX_SUMY_SENTENCES
    #: how much of a refused request body is read so the client sees the answer
    max_drain_bytes: int = DEFAULT_MAX_DRAIN_BYTES
    database_url: str | None = None
    instance_path: Path = field(default_factory=lambda: Path("instance"))
    timezone: str = "UTC"
    base_url: str | None = None
    api_keys: tuple[str, ...] = ()
    #: requests per client (or per API key) on the API's POST routes, in Flask-Limiter's
    #: notation ("60/minute", "1000/day;60/minute"); None = no limit
    rate_limit: str | None = None
    #: where the counts live: memory (per process) or a Redis URL shared by every worker
    rate_limit_storage: str = "memory://"
    #: signs sessions and CSRF tokens; None = the key kept in ``instance_path/secret_key``
    secret_key: str | None = None
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_security: str = "none"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_timeout: float = 30.0
    mail_from: str = "briefing@localhost"
    digest_full_stories: int = 40
    fetch_allow_hosts: tuple[str, ...] = ()
    fetch_connect_timeout: float = 5.0
    fetch_timeout: float = 10.0
    fetch_max_bytes: int = DEFAULT_MAX_INPUT_BYTES
    fetch_max_redirects: int = 5
    feed_retry_seconds: float = 300.0
    feed_retry_max: float = 86400.0
    feed_max_entries: int = 50
    corpus_path: Path = field(default_factory=lambda: Path("..") / "shared" / "corpus")
    broker_url: str | None = None
    queue: str = "briefing"
    task_time_limit: int = 300
    task_visibility_timeout: int = 3600
    task_retries: int = 8
    batch_max_lines: int = 10_000
    batch_sync_max_lines: int = 200
    digest_schedule: str | None = None
    digest_recipients: tuple[str, ...] = ()
    digest_day: str = "yesterday"

    def __post_init__(self) -> None:
        for name in (
            "task_time_limit",
            "task_visibility_timeout",
            "batch_max_lines",
            "batch_sync_max_lines",
        ):
            if getattr(self, name) <= 0:
                raise OptionsError(f"{name} must be positive")
        if self.task_time_limit <= 10:
            raise OptionsError("task_time_limit must be more than 10 seconds")
        if self.task_retries < 0:
            raise OptionsError("task_retries must be 0 or more")
        if self.digest_day not in {"today", "yesterday"}:
            raise OptionsError(
                f"BRIEFING_DIGEST_DAY must be today or yesterday, not {self.digest_day!r}"
            )
        if self.digest_schedule is not None:
            digest_schedule_parts(self.digest_schedule)
        if self.max_input_bytes <= 0:
            raise OptionsError("max_input_bytes must be positive")
        if self.max_sentences <= 0:
            raise OptionsError("max_sentences must be positive")
        if self.max_sumy_sentences <= 0:
            raise OptionsError("max_sumy_sentences must be positive")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise OptionsError(f"unknown time zone {self.timezone!r} (BRIEFING_TIMEZONE)") from None
        if self.max_drain_bytes < 0:
            raise OptionsError("max_drain_bytes must be 0 or more")
        if self.rate_limit is not None:
            from limits import parse_many  # Flask-Limiter's own parser, no Flask import

            try:
                parse_many(self.rate_limit)
            except ValueError:
                raise OptionsError(
                    f"BRIEFING_RATE_LIMIT must read like '60/minute', not {self.rate_limit!r}"
                ) from None
        if self.digest_full_stories < 0:
            raise OptionsError("digest_full_stories must be 0 or more")
        if self.fetch_timeout <= 0 or self.fetch_connect_timeout <= 0:
            raise OptionsError("fetch timeouts must be positive")
        if self.fetch_max_bytes <= 0 or self.fetch_max_redirects < 0:
            raise OptionsError("fetch_max_bytes must be positive, fetch_max_redirects 0 or more")
        if self.feed_retry_seconds < 0 or self.feed_retry_max < 0 or self.feed_max_entries < 1:
            raise OptionsError("feed retry waits must be 0 or more, feed_max_entries at least 1")
        if self.smtp_security not in {"none", "starttls", "ssl"}:
            raise OptionsError(
                f"smtp_security must be none, starttls or ssl, not {self.smtp_security!r}"
            )

    @property
    def limits(self) -> Limits:
        """What the core needs of the settings: the limits of one article's work."""
        return Limits(
            max_input_bytes=self.max_input_bytes,
            max_sentences=self.max_sentences,
            max_sumy_sentences=self.max_sumy_sentences,
        )

    @property
    def zone(self) -> ZoneInfo:
        """The configured time zone (checked when the settings are built)."""
        return ZoneInfo(self.timezone)

    @property
    def resolved_database_url(self) -> str:
        """The archive URL: the configured one, else a SQLite file in the instance folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.instance_path / 'briefing.sqlite3').resolve()}"

    def with_changes(self, **changes: object) -> Settings:
        """A copy with some fields replaced (validated again)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from environment variables; unknown values raise OptionsError."""
        env = os.environ if environ is None else environ
        kwargs: dict[str, object] = {}

        def integer(name: str) -> int | None:
            raw = env.get(name)
            if raw is None or raw == "":
                return None
            try:
                return int(raw)
            except ValueError:
                raise OptionsError(f"{name} must be a whole number, not {raw!r}") from None

        if (value := integer("BRIEFING_MAX_INPUT_BYTES")) is not None:
            kwargs["max_input_bytes"] = value
        if (value := integer("BRIEFING_MAX_SENTENCES")) is not None:
            kwargs["max_sentences"] = value
        if (value := integer("BRIEFING_MAX_SUMY_SENTENCES")) is not None:
            kwargs["max_sumy_sentences"] = value
        if (value := integer("BRIEFING_MAX_DRAIN_BYTES")) is not None:
            kwargs["max_drain_bytes"] = value
        if (value := integer("BRIEFING_SMTP_PORT")) is not None:
            kwargs["smtp_port"] = value
        if (value := integer("BRIEFING_DIGEST_FULL_STORIES")) is not None:
            kwargs["digest_full_stories"] = value
        for name, key in (
            ("BRIEFING_TASK_TIME_LIMIT", "task_time_limit"),
            ("BRIEFING_TASK_VISIBILITY_TIMEOUT", "task_visibility_timeout"),
            ("BRIEFING_TASK_RETRIES", "task_retries"),
            ("BRIEFING_BATCH_MAX_LINES", "batch_max_lines"),
            ("BRIEFING_BATCH_SYNC_MAX_LINES", "batch_sync_max_lines"),
        ):
            if (value := integer(name)) is not None:
                kwargs[key] = value
        if (value := integer("BRIEFING_FETCH_MAX_BYTES")) is not None:
            kwargs["fetch_max_bytes"] = value
        if (value := integer("BRIEFING_FETCH_MAX_REDIRECTS")) is not None:
            kwargs["fetch_max_redirects"] = value
        if (value := integer("BRIEFING_FEED_MAX_ENTRIES")) is not None:
            kwargs["feed_max_entries"] = value
        for name, key in (
            ("BRIEFING_FETCH_CONNECT_TIMEOUT", "fetch_connect_timeout"),
            ("BRIEFING_FETCH_TIMEOUT", "fetch_timeout"),
            ("BRIEFING_FEED_RETRY_SECONDS", "feed_retry_seconds"),
            ("BRIEFING_FEED_RETRY_MAX", "feed_retry_max"),
        ):
            if env.get(name):
                try:
                    kwargs[key] = float(env[name])
                except ValueError:
                    raise OptionsError(f"{name} must be a number of seconds") from None
        if env.get("BRIEFING_FETCH_ALLOW_HOSTS"):
            kwargs["fetch_allow_hosts"] = tuple(
                h.strip().lower() for h in env["BRIEFING_FETCH_ALLOW_HOSTS"].split(",") if h.strip()
            )
        url = env.get("BRIEFING_DATABASE_URL") or env.get("DATABASE_URL")
        if url:
            kwargs["database_url"] = url
        if env.get("BRIEFING_CORPUS"):
            kwargs["corpus_path"] = Path(env["BRIEFING_CORPUS"])
        if env.get("BRIEFING_INSTANCE_PATH"):
            kwargs["instance_path"] = Path(env["BRIEFING_INSTANCE_PATH"])
        for name, key in (
            ("BRIEFING_TIMEZONE", "timezone"),
            ("BRIEFING_BASE_URL", "base_url"),
            ("BRIEFING_SECRET_KEY", "secret_key"),
            ("BRIEFING_SMTP_HOST", "smtp_host"),
            ("BRIEFING_SMTP_SECURITY", "smtp_security"),
            ("BRIEFING_SMTP_USER", "smtp_user"),
            ("BRIEFING_SMTP_PASSWORD", "smtp_password"),
            ("BRIEFING_MAIL_FROM", "mail_from"),
            ("BRIEFING_BROKER_URL", "broker_url"),
            ("BRIEFING_QUEUE", "queue"),
            ("BRIEFING_DIGEST_SCHEDULE", "digest_schedule"),
            ("BRIEFING_DIGEST_DAY", "digest_day"),
            ("BRIEFING_RATE_LIMIT", "rate_limit"),
            ("BRIEFING_RATE_LIMIT_STORAGE", "rate_limit_storage"),
        ):
            if env.get(name):
                kwargs[key] = env[name]
        if env.get("BRIEFING_SMTP_TIMEOUT"):
            try:
                kwargs["smtp_timeout"] = float(env["BRIEFING_SMTP_TIMEOUT"])
            except ValueError:
                raise OptionsError("BRIEFING_SMTP_TIMEOUT must be a number of seconds") from None
        if env.get("BRIEFING_API_KEYS"):
            keys = tuple(k.strip() for k in env["BRIEFING_API_KEYS"].split(",") if k.strip())
            kwargs["api_keys"] = keys
        if env.get("BRIEFING_DIGEST_RECIPIENTS"):
            kwargs["digest_recipients"] = tuple(
                a.strip() for a in env["BRIEFING_DIGEST_RECIPIENTS"].split(",") if a.strip()
            )
        return cls(**kwargs)  # type: ignore[arg-type]


def digest_schedule_parts(text: str) -> tuple[int, int, str]:
    """``"06:30 Europe/London"`` as (hour, minute, zone); a bad value raises OptionsError."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    clock, _, zone = text.strip().partition(" ")
    zone = zone.strip() or "UTC"
    hour_text, _, minute_text = clock.partition(":")
    try:
        hour, minute = int(hour_text), int(minute_text)
        if not (0 <= hour < 24 and 0 <= minute < 60):
            raise ValueError
        ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):
        raise OptionsError(
            f'BRIEFING_DIGEST_SCHEDULE must look like "06:30 Europe/London", not {text!r}'
        ) from None
    return hour, minute, zone

"""Settings: every limit and option of briefing, declared once, read in one place.

Each setting is one field of ``Settings``: its name, type, default and help text. Its
environment variable is ``BRIEFING_`` and the name in capitals (the few exceptions name
theirs in ``validation_alias``). ``Settings.from_env()`` reads the environment and a
``.env`` file in the working directory (pydantic-settings); nothing else in the package
reads ``os.environ``. ``Settings(...)`` is exactly what it is given, so tests build it
directly. Secrets (``BRIEFING_SMTP_PASSWORD``, ``BRIEFING_SECRET_KEY``) are ``SecretStr``:
they never appear in a repr, a log or an error.

The README's configuration table is ``settings_table()`` (``python -m briefing.config``
prints it; a test keeps the README's copy equal to it). The core is given
``Settings.limits`` only.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from briefing.errors import OptionsError
from briefing.options import (
    DEFAULT_MAX_FIELD_CHARS,
    DEFAULT_MAX_INPUT_BYTES,
    DEFAULT_MAX_JSON_DEPTH,
    DEFAULT_MAX_MARKDOWN_MARKUP,
    DEFAULT_MAX_NESTING,
    DEFAULT_MAX_SENTENCES,
    DEFAULT_MAX_SUMY_SENTENCES,
    Limits,
    OutputOptions,
)

__all__ = ["Settings", "digest_schedule_parts", "settings_table"]

PREFIX = "BRIEFING_"
#: a browser's User-Agent that names briefing and where to read about it: sites that
#: refuse unknown agents let it in, and robots.txt rules for "briefing" still match it
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36 briefing/0.1 (+https://github.com/briefing)"
)
#: a comma-separated list in the environment ("k1, k2"), a tuple in Python
Names = Annotated[tuple[str, ...], NoDecode]
Positive = Annotated[int, Field(gt=0)]
Seconds = Annotated[float, Field(gt=0)]


class Settings(BaseSettings):
    """Every tunable limit and option; the defaults are safe for a single-user install."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX, frozen=True, extra="forbid", populate_by_name=True
    )

    # -- articles ------------------------------------------------------------------------
    max_input_bytes: Positive = Field(
        DEFAULT_MAX_INPUT_BYTES, description="largest article accepted, in bytes"
    )
    max_sentences: Positive = Field(
        DEFAULT_MAX_SENTENCES,
        description="most sentences one article is split into; longer texts are refused, "
        "not truncated",
    )
    max_markdown_markup: Positive = Field(
        DEFAULT_MAX_MARKDOWN_MARKUP,
        description="most lines plus markup characters (emphasis, links, code, tables) a "
        "Markdown file may hold: markdown-it-py pays 20-100 µs for each; more is refused (413)",
    )
    max_field_chars: Annotated[int, Field(gt=0, le=600)] = Field(
        DEFAULT_MAX_FIELD_CHARS,
        description="longest title, source or author given with an article, in characters "
        "(at most 600: PostgreSQL indexes titles up to ~2,700 bytes); longer is refused (400)",
    )
    max_nesting: Positive = Field(
        DEFAULT_MAX_NESTING,
        description="most elements nested in one another in a .docx (more is refused, 413); "
        "HTML is read by libxml2, which stops at 256 levels",
    )
    max_json_depth: Positive = Field(
        DEFAULT_MAX_JSON_DEPTH,
        description="most arrays and objects nested in one another in a JSON body or "
        "batch line; deeper is refused (400) before it is parsed",
    )
    max_upload_files: Positive = Field(
        20,
        description="most files one upload on the form may hold (each becomes a brief)",
    )
    max_export_briefs: Positive = Field(
        1000,
        description="most briefs one archive export (CSV or Markdown bundle) holds; a "
        "larger search or day is cut there and the export says so",
    )
    max_sumy_sentences: Positive = Field(
        DEFAULT_MAX_SUMY_SENTENCES,
        description="most sentences a sumy algorithm is run on: most are quadratic "
        "(LexRank takes ~3 s at 600, ~17 s at 1,300); news and lead have no such limit",
    )
    # -- the web app ---------------------------------------------------------------------
    request_budget: Seconds = Field(
        30.0,
        description="seconds of work one web request may be estimated to cost (keep it "
        "under gunicorn's timeout, BRIEFING_REQUEST_TIMEOUT): a summary or a synchronous "
        "batch estimated to cost more is refused up front (413, use the queue)",
    )
    body_timeout: Seconds = Field(
        20.0,
        description="seconds a client may take to send a request body; a slower one is "
        "answered 408 and its worker thread freed",
    )
    rate_limit: str | None = Field(
        None,
        description='requests per client or API key on the API\'s POST routes ("60/minute", '
        "Flask-Limiter's notation); over it: 429 with Retry-After",
    )
    rate_limit_storage: str = Field(
        "memory://",
        description="where the counts live: memory:// (per process) or "
        "redis://host:6379/0, shared by every worker",
    )
    max_drain_bytes: int = Field(
        32 * 1024 * 1024,
        ge=0,
        description="most of a refused request body (413, 415, ...) read and dropped so "
        "that clients which send the whole body first (urllib) see the answer; a larger "
        "body is left unread and the connection closed",
    )
    base_url: str | None = Field(
        None, description="public URL of the web app, for links in emails and Markdown"
    )
    api_keys: Names = Field(
        (),
        description="comma-separated keys; when set, writes need one: the API's as "
        "`Authorization: Bearer <key>`, the pages' (store, delete) signed in with it at /signin",
    )
    read_keys: Names = Field(
        (),
        description="comma-separated keys that may only read; when set, every page and API "
        "read needs a read or write key (probes stay open); see docs/security.md",
    )
    secret_key: SecretStr | None = Field(
        None,
        description="Flask secret (sessions, CSRF tokens); unset, one is kept in the "
        "instance folder",
    )
    # -- the archive -----------------------------------------------------------------------
    database_url: str | None = Field(
        None,
        validation_alias=AliasChoices("BRIEFING_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy URL of the archive (`DATABASE_URL` too); unset, a SQLite "
        "file in the instance folder",
    )
    instance_path: Path = Field(
        Path("instance"), description="folder for the SQLite file and other state"
    )
    timezone: str = Field("UTC", description="zone in which a brief's ingest date is taken")
    # -- email -----------------------------------------------------------------------------
    smtp_host: str = Field("localhost", description="SMTP server for the daily brief")
    smtp_port: int = Field(25, ge=1, le=65535, description="its port")
    smtp_security: Literal["none", "starttls", "ssl"] = Field(
        "none", description="none, starttls or ssl"
    )
    smtp_user: str | None = Field(None, description="SMTP login")
    smtp_password: SecretStr | None = Field(None, description="SMTP password")
    smtp_timeout: Seconds = Field(30.0, description="seconds before an SMTP call gives up")
    mail_from: str = Field("briefing@localhost", description="sender of the daily brief")
    digest_full_stories: int = Field(
        40,
        ge=0,
        description="stories the digest email shows in full; the rest are listed by "
        "headline (keeps the HTML under Gmail's ~100 kB clipping)",
    )
    digest_schedule: str | None = Field(
        None,
        description='when Celery beat sends the daily digest, "HH:MM Zone", e.g. '
        '"06:30 Europe/London"',
    )
    digest_recipients: Names = Field(
        (), description="comma-separated addresses of the scheduled digest"
    )
    digest_day: Literal["today", "yesterday"] = Field(
        "yesterday",
        description="which date the scheduled digest covers: today or yesterday (in the "
        "schedule's zone)",
    )
    # -- fetching pages and feeds ----------------------------------------------------------
    fetch_allow_hosts: Names = Field(
        (),
        description="comma-separated host names (or IPs) that may be fetched although "
        "they resolve to private, loopback or link-local addresses",
    )
    fetch_connect_timeout: Seconds = Field(5.0, description="seconds to connect to a page's server")
    fetch_timeout: Seconds = Field(
        10.0, description="seconds for a whole page fetch, redirects and body included"
    )
    fetch_max_bytes: Positive = Field(
        DEFAULT_MAX_INPUT_BYTES,
        description="largest page or feed downloaded, counted as it streams",
    )
    fetch_max_redirects: int = Field(
        5, ge=0, description="redirects followed, each one checked again"
    )
    fetch_user_agent: str = Field(
        USER_AGENT,
        min_length=1,
        description="the User-Agent of every fetch: a browser's, naming briefing (sites "
        "that refuse unknown agents answer 403); robots.txt rules for briefing apply",
    )
    fetch_proxy: str | None = Field(
        None,
        description="an http:// proxy every page, feed and robots.txt is fetched through "
        "(an egress proxy); the proxy is allowed because it is named here, every rule "
        "still applies to the target, and the environment's HTTP(S)_PROXY is never used",
    )
    fetch_robots_ignore_hosts: Names = Field(
        (),
        description="comma-separated hosts whose robots.txt is not read (one's own sites); "
        "feeds and their entries elsewhere are fetched only where robots.txt allows",
    )
    fetch_robots_cache_seconds: float = Field(
        3600.0, ge=0, description="how long a site's robots.txt is kept before it is read again"
    )
    feed_retry_seconds: float = Field(
        300.0,
        ge=0,
        description="wait before polling a failed feed again; doubled per further failure",
    )
    feed_retry_max: float = Field(86400.0, ge=0, description="longest such wait, in seconds")
    feed_max_entries: int = Field(50, ge=1, description="newest entries of one feed read per poll")
    # -- the task queue --------------------------------------------------------------------
    broker_url: str | None = Field(
        None,
        description="Celery broker: amqp://user:password@host:5672// (RabbitMQ, "
        "recommended: a killed worker's tasks come back at once) or redis://host:6379/0; "
        "unset, every brief and batch is built in-process. Needs briefing[queue]",
    )
    result_backend: str | None = Field(
        None,
        description="where task results are kept (the digest task's report); unset, the "
        "broker itself: the same Redis, or rpc:// (replies over RabbitMQ)",
    )
    queue: str = Field("briefing", description="name of the Celery queue the tasks go to")
    task_time_limit: int = Field(
        120,
        gt=10,
        description="seconds one task may run before its worker child is killed (a soft "
        "limit 10 s earlier)",
    )
    task_visibility_timeout: Positive = Field(
        150,
        description="Redis only: seconds after which a task taken by a worker that vanished "
        "(kill -9, lost machine) is given to another worker; keep it above the time limit "
        "(RabbitMQ gives such a task to another worker as soon as the connection drops)",
    )
    task_retries: int = Field(
        8,
        ge=0,
        description="retries of a task on a transient archive error (exponential "
        "backoff, at most 60 s apart)",
    )
    batch_max_lines: Positive = Field(10_000, description="most lines one batch may hold")
    batch_sync_max_lines: Positive = Field(
        200, description="most lines of a batch run inside the request when no broker is set"
    )
    # -- running it: logs, metrics, the edge ----------------------------------------------
    log_format: Literal["text", "json"] = Field(
        "text",
        description="log lines for people (text) or one JSON object a line (json), in the "
        "web app, the workers and the command line alike",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] | None = Field(
        None,
        description="least severe level logged; unset, INFO for servers and workers and "
        "WARNING for one-off commands",
    )
    metrics: bool = Field(True, description="serve Prometheus metrics at /metrics (on or off)")
    metrics_key: SecretStr | None = Field(
        None,
        description="when set, /metrics (and a worker's metrics port) needs "
        "`Authorization: Bearer <key>`",
    )
    metrics_dir: Path | None = Field(
        None,
        description="folder where gunicorn's and the worker's processes keep their counts "
        "(prometheus-client's multiprocess mode); unset, metrics/ in the instance folder",
    )
    worker_metrics_port: int | None = Field(
        None,
        ge=1,
        le=65535,
        description="port on which `briefing worker` serves its metrics (all its pool "
        "processes); unset, it serves none",
    )
    trusted_proxies: Names = Field(
        (),
        description="the proxies in front of the app: how many (e.g. 1) or their "
        "comma-separated addresses or networks; their X-Forwarded-For and -Proto are "
        "believed (client address for rate limits and logs, https links)",
    )
    # -- evaluation ------------------------------------------------------------------------
    corpus_path: Path = Field(
        Path("..") / "shared" / "corpus",
        validation_alias=AliasChoices("BRIEFING_CORPUS", "corpus_path"),
        description="folder of the shared evaluation corpora",
    )

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as error:
            raise OptionsError(_first_problem(error)) from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """``Settings(...)`` is what it is given; ``from_env`` reads the environment."""
        return (init_settings,)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, env_file: Path | None = Path(".env")
    ) -> Settings:
        """Settings from environment variables (and, reading the real environment, the
        ``.env`` file, whose values the environment overrides).

        Raises:
            OptionsError: a value that is not of its setting's type or range.
        """
        sources: list[PydanticBaseSettingsSource] = [_Environment(cls, environ)]
        if environ is None and env_file is not None and env_file.is_file():
            sources.append(DotEnvSettingsSource(cls, env_file=env_file))
        values: dict[str, Any] = {}
        for source in reversed(sources):
            values.update(source())
        return cls(**values)

    # -- checks a type cannot state ----------------------------------------------------------

    @field_validator(
        "api_keys",
        "read_keys",
        "fetch_allow_hosts",
        "fetch_robots_ignore_hosts",
        "digest_recipients",
        "trusted_proxies",
        mode="before",
    )
    @classmethod
    def _names(cls, value: Any) -> Any:
        """A comma-separated list; blanks dropped."""
        if isinstance(value, str):
            return tuple(item.strip() for item in value.split(",") if item.strip())
        return value

    @field_validator("fetch_allow_hosts", "fetch_robots_ignore_hosts", mode="after")
    @classmethod
    def _lower_hosts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(host.lower() for host in value)

    @field_validator("fetch_proxy", mode="after")
    @classmethod
    def _proxy(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from urllib.parse import urlsplit

        parts = urlsplit(value.strip())
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(
                f"BRIEFING_FETCH_PROXY must be an http:// address with a host, not {value!r}"
            )
        return value.strip()

    @field_validator("trusted_proxies", mode="after")
    @classmethod
    def _proxies(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) == 1 and value[0].isdigit():
            return value  # how many proxies stand in front
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(
                    "BRIEFING_TRUSTED_PROXIES must be a count (1) or addresses and networks "
                    f"(10.0.0.1, 10.1.0.0/16), not {item!r}"
                ) from None
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _extras_installed(self) -> Settings:
        """A setting that needs an optional part names the extra that installs it."""
        from briefing.extras import require

        if self.broker_url:
            require("queue", "BRIEFING_BROKER_URL", "celery")
            if self.broker_url.startswith(("redis://", "rediss://")):
                require("queue", "BRIEFING_BROKER_URL=redis://...", "redis")
        if self.rate_limit_storage.startswith(("redis://", "rediss://")):
            require("queue", "BRIEFING_RATE_LIMIT_STORAGE=redis://...", "redis")
        if self.database_url and self.database_url.startswith(("postgres://", "postgresql")):
            require("postgres", "a PostgreSQL DATABASE_URL", "psycopg")
        return self

    @field_validator("timezone", mode="after")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (BRIEFING_TIMEZONE)") from None
        return value

    @field_validator("rate_limit", mode="after")
    @classmethod
    def _rate(cls, value: str | None) -> str | None:
        if value is not None:
            from limits import parse_many  # Flask-Limiter's own parser, no Flask import

            try:
                parse_many(value)
            except ValueError:
                raise ValueError(
                    f"BRIEFING_RATE_LIMIT must read like '60/minute', not {value!r}"
                ) from None
        return value

    @field_validator("digest_schedule", mode="after")
    @classmethod
    def _schedule(cls, value: str | None) -> str | None:
        if value is not None:
            digest_schedule_parts(value)
        return value

    # -- derived -------------------------------------------------------------------------

    @property
    def limits(self) -> Limits:
        """What the core needs of the settings: the limits of one article's work."""
        return Limits(
            max_input_bytes=self.max_input_bytes,
            max_sentences=self.max_sentences,
            max_sumy_sentences=self.max_sumy_sentences,
            max_markdown_markup=self.max_markdown_markup,
            max_nesting=self.max_nesting,
            max_field_chars=self.max_field_chars,
        )

    @property
    def output(self) -> OutputOptions:
        """What the renderers need of the settings: links, sender, digest length."""
        return OutputOptions(
            base_url=self.base_url,
            mail_from=self.mail_from,
            digest_full_stories=self.digest_full_stories,
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

    @property
    def metrics_folder(self) -> Path:
        """Where the processes of one machine keep their metrics (multiprocess mode)."""
        return self.metrics_dir or self.instance_path / "metrics"

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some fields replaced (validated again)."""
        return type(self)(**{**dict(self), **changes})


class _Environment(EnvSettingsSource):
    """The environment source, reading a given mapping instead of ``os.environ``."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str] | None):
        self._environ = os.environ if environ is None else environ
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {name.lower(): value for name, value in self._environ.items() if value != ""}


def env_names(name: str) -> tuple[str, ...]:
    """The environment variables of setting ``name``, the first one preferred."""
    field = Settings.model_fields[name]
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return tuple(str(a) for a in alias.choices if str(a).isupper())
    return (PREFIX + name.upper(),)


_KIND_WORDS = {
    "int_parsing": "must be a whole number",
    "positive": "must be positive",
    "float_parsing": "must be a number",
    "greater_than": "must be more than {gt}",
    "greater_than_equal": "must be {ge} or more",
    "less_than_equal": "must be at most {le}",
    "literal_error": "must be {expected}",
}


def _first_problem(error: ValidationError) -> str:
    """The first failed setting, in words that name its variable."""
    problem = error.errors(include_url=False)[0]
    if problem.get("type") == "greater_than" and (problem.get("ctx") or {}).get("gt") == 0:
        problem["type"] = "positive"
    name = str(problem["loc"][0]) if problem.get("loc") else ""
    message = str(problem.get("msg", "is not valid")).removeprefix("Value error, ")
    if problem.get("type") == "value_error":
        return message
    if name not in Settings.model_fields:
        return f"unknown setting {name!r}" if name else message
    words = _KIND_WORDS.get(str(problem.get("type")))
    if words is not None:
        context = dict(problem.get("ctx") or {})
        if "expected" in context:
            context["expected"] = str(context["expected"]).replace("'", "")
        message = words.format(**context)
    given = problem.get("input")
    tail = f", not {given!r}" if isinstance(given, str) else ""
    return f"{env_names(name)[0]} {message}{tail}"


def digest_schedule_parts(text: str) -> tuple[int, int, str]:
    """``"06:30 Europe/London"`` as (hour, minute, zone); a bad value raises OptionsError."""
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


#: variables the Procfile reads (gunicorn's and the worker's), listed with the settings
PROCFILE_VARIABLES: tuple[tuple[str, str, str], ...] = (
    ("PORT", "gunicorn's bind port (Procfile)", "8000"),
    ("WEB_CONCURRENCY", "gunicorn worker processes (Procfile)", "2"),
    (
        "WEB_THREADS",
        "threads of each gunicorn worker (gthread, Procfile): a slow client holds one "
        "thread, never a whole worker",
        "4",
    ),
    (
        "BRIEFING_REQUEST_TIMEOUT",
        "seconds gunicorn lets one request run before it restarts the worker (Procfile)",
        "60",
    ),
    ("WORKER_CONCURRENCY", "pool processes of the Procfile's worker", "1"),
)


def settings_table() -> str:
    """The configuration table of the README (Markdown), made from the fields."""
    rows = ["| variable | meaning | default |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        variables = " / ".join(f"`{variable}`" for variable in env_names(name))
        rows.append(f"| {variables} | {field.description} | {_default(field.default)} |")
    for variable, meaning, default in PROCFILE_VARIABLES:
        rows.append(f"| `{variable}` | {meaning} | {default} |")
    return "\n".join(rows) + "\n"


def _default(value: Any) -> str:
    if value is None or value == ():
        return "(none)"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, Path):
        return f"`{value.as_posix()}`"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,}" if isinstance(value, int) else f"{value:g}"
    return f"`{value}`"


if __name__ == "__main__":  # pragma: no cover
    print(settings_table(), end="")

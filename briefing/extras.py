"""The optional parts of briefing and the extra that installs each.

The embedded install (``pip install briefing``: SQLite, no broker) carries none of them:

    briefing[queue]     Celery and the broker clients (RabbitMQ's amqp, Redis's redis):
                        BRIEFING_BROKER_URL, and Redis for BRIEFING_RATE_LIMIT_STORAGE
    briefing[postgres]  psycopg 3: a PostgreSQL DATABASE_URL
    briefing[eval]      rouge-score: ``briefing eval summary``

A setting that needs one of them is refused when the settings are read, with one line
that names the setting and the extra, rather than an ImportError in the first request.
"""

from __future__ import annotations

import importlib.util

from briefing.errors import OptionsError

__all__ = ["EXTRAS", "installed", "require"]

#: extra -> the modules it installs that briefing imports
EXTRAS: dict[str, tuple[str, ...]] = {
    "queue": ("celery", "kombu", "amqp", "redis"),
    "postgres": ("psycopg",),
    "eval": ("rouge_score",),
}


def installed(module: str) -> bool:
    """Whether ``module`` can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def require(extra: str, what: str, module: str) -> None:
    """Refuse ``what`` (a setting, a command) unless ``module`` of ``extra`` is installed.

    Raises:
        OptionsError: it is not; the message says what to install.
    """
    if not installed(module):
        raise OptionsError(
            f"{what} needs {module}, which the embedded install leaves out: "
            f"pip install 'briefing[{extra}]'"
        )

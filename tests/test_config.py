"""Settings: every limit read from the environment in one place, with safe defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.errors import OptionsError


def test_defaults_are_safe_for_a_single_user_install() -> None:
    settings = Settings.from_env({})
    assert settings.max_input_bytes == 2_000_000
    assert settings.database_url is None
    assert settings.resolved_database_url.startswith("sqlite:///")
    assert settings.resolved_database_url.endswith("instance/briefing.sqlite3")
    assert settings.api_keys == ()


def test_environment_variables_override_defaults() -> None:
    settings = Settings.from_env(
        {
            "BRIEFING_MAX_INPUT_BYTES": "5000",
            "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test",
            "BRIEFING_API_KEYS": "k1, k2,,",
            "BRIEFING_INSTANCE_PATH": "/tmp/briefing-x",
            "BRIEFING_SMTP_SECURITY": "starttls",
        }
    )
    assert settings.max_input_bytes == 5000
    assert settings.resolved_database_url == "postgresql://postgres@127.0.0.1:5432/test"
    assert settings.api_keys == ("k1", "k2")
    assert settings.instance_path == Path("/tmp/briefing-x")
    assert settings.smtp_security == "starttls"


def test_briefing_database_url_wins_over_the_generic_one() -> None:
    settings = Settings.from_env(
        {"DATABASE_URL": "sqlite:///a", "BRIEFING_DATABASE_URL": "sqlite:///b"}
    )
    assert settings.database_url == "sqlite:///b"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"BRIEFING_MAX_INPUT_BYTES": "lots"}, "BRIEFING_MAX_INPUT_BYTES must be a whole number"),
        ({"BRIEFING_MAX_INPUT_BYTES": "0"}, "max_input_bytes must be positive"),
        ({"BRIEFING_SMTP_SECURITY": "tls"}, "smtp_security must be none, starttls or ssl"),
        ({"BRIEFING_SMTP_TIMEOUT": "soon"}, "BRIEFING_SMTP_TIMEOUT must be a number"),
        # one check of the zone, for the archive, the CLI's "today" and the web alike
        ({"BRIEFING_TIMEZONE": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
        ({"BRIEFING_RATE_LIMIT": "often"}, "BRIEFING_RATE_LIMIT must read like '60/minute'"),
        ({"BRIEFING_MAX_DRAIN_BYTES": "-1"}, "max_drain_bytes must be 0 or more"),
    ],
)
def test_bad_settings_are_refused_at_start(environ: dict[str, str], message: str) -> None:
    with pytest.raises(OptionsError, match=message):
        Settings.from_env(environ)


def test_the_sumy_sentence_limit_is_configurable() -> None:
    assert Settings.from_env({}).max_sumy_sentences == 600
    assert Settings.from_env({"BRIEFING_MAX_SUMY_SENTENCES": "50"}).max_sumy_sentences == 50

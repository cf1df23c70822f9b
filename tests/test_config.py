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
        ({"BRIEFING_MAX_INPUT_BYTES": "0"}, "BRIEFING_MAX_INPUT_BYTES must be positive"),
        ({"BRIEFING_SMTP_SECURITY": "tls"}, "BRIEFING_SMTP_SECURITY must be none, starttls or ssl"),
        ({"BRIEFING_SMTP_TIMEOUT": "soon"}, "BRIEFING_SMTP_TIMEOUT must be a number"),
        # one check of the zone, for the archive, the CLI's "today" and the web alike
        ({"BRIEFING_TIMEZONE": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
        ({"BRIEFING_RATE_LIMIT": "often"}, "BRIEFING_RATE_LIMIT must read like '60/minute'"),
        ({"BRIEFING_MAX_DRAIN_BYTES": "-1"}, "BRIEFING_MAX_DRAIN_BYTES must be 0 or more"),
        ({"BRIEFING_DIGEST_DAY": "monday"}, "BRIEFING_DIGEST_DAY must be today or yesterday"),
        ({"BRIEFING_TASK_TIME_LIMIT": "5"}, "BRIEFING_TASK_TIME_LIMIT must be more than 10"),
        ({"BRIEFING_DIGEST_SCHEDULE": "6am"}, "BRIEFING_DIGEST_SCHEDULE must look like"),
    ],
)
def test_bad_settings_are_refused_at_start(environ: dict[str, str], message: str) -> None:
    with pytest.raises(OptionsError, match=message):
        Settings.from_env(environ)


def test_the_sumy_sentence_limit_is_configurable() -> None:
    assert Settings.from_env({}).max_sumy_sentences == 600
    assert Settings.from_env({"BRIEFING_MAX_SUMY_SENTENCES": "50"}).max_sumy_sentences == 50


# -- the time zone: checked once, when Settings is built ------------------------------------------
def test_unknown_time_zone_fails_when_settings_are_built() -> None:
    from briefing.errors import OptionsError

    with pytest.raises(
        OptionsError, match=r"unknown time zone 'Mars/Olympus' \(BRIEFING_TIMEZONE\)"
    ):
        Settings(timezone="Mars/Olympus")


def test_cli_reports_an_unknown_time_zone_in_one_line() -> None:
    from click.testing import CliRunner

    from briefing.cli import main

    result = CliRunner(env={"BRIEFING_TIMEZONE": "Mars/Olympus"}).invoke(
        main, ["digest", "--date", "today", "--out", "-"]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "briefing: error: unknown time zone 'Mars/Olympus' (BRIEFING_TIMEZONE)"
    ]


# -- declared once: the environment, a .env file, secrets, the README's table -------------------
def test_every_setting_has_a_type_a_default_and_help() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, name
        assert field.annotation is not None, name
        assert not field.is_required(), name  # every setting has a safe default


def test_a_dotenv_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("BRIEFING_MAX_SENTENCES=77\nBRIEFING_QUEUE=from-file\n")
    import os

    before = os.environ.get("BRIEFING_QUEUE")
    os.environ["BRIEFING_QUEUE"] = "from-environment"
    try:
        settings = Settings.from_env(env_file=env_file)
    finally:
        if before is None:
            del os.environ["BRIEFING_QUEUE"]
        else:
            os.environ["BRIEFING_QUEUE"] = before
    assert settings.max_sentences == 77
    assert settings.queue == "from-environment"


def test_secrets_never_show_in_a_repr_or_an_error() -> None:
    settings = Settings.from_env({"BRIEFING_SMTP_PASSWORD": "s3cret", "BRIEFING_SECRET_KEY": "k"})
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings)
    assert settings.smtp_password is not None
    assert settings.smtp_password.get_secret_value() == "s3cret"


def test_settings_built_in_code_do_not_read_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BRIEFING_MAX_INPUT_BYTES", "5")
    assert Settings().max_input_bytes == 2_000_000
    assert Settings.from_env().max_input_bytes == 5


def test_the_core_is_given_the_limits_only() -> None:
    limits = Settings(max_input_bytes=10, max_sentences=20, max_sumy_sentences=30).limits
    assert (limits.max_input_bytes, limits.max_sentences, limits.max_sumy_sentences) == (
        10,
        20,
        30,
    )


def test_the_readme_configuration_table_is_the_one_the_settings_make() -> None:
    from briefing.config import settings_table

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- settings-table -->") + len("<!-- settings-table -->\n")
    end = readme.index("<!-- /settings-table -->")
    assert readme[start:end] == settings_table(), "run: python -m briefing.config"

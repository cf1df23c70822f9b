"""`briefing digest`: what cron and a person at the terminal get."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from click.testing import CliRunner
from digest_texts import FLOOD_LOCAL, FLOOD_WIRE, ROBOT

from briefing import build_brief
from briefing.cli import EXIT_NO_ARTICLES, main
from briefing.config import Settings
from briefing.store import Archive

DAY = dt.date(2020, 1, 3)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An archive holding 3 Jan 2020 (a flood in two reports, a robot launch)."""
    archive = Archive.from_settings(Settings(instance_path=tmp_path / "instance"))
    for name, text in (("wire", FLOOD_WIRE), ("local", FLOOD_LOCAL), ("robot", ROBOT)):
        headline, _, body = text.partition("\n\n")
        archive.save(build_brief(body, title=headline, id=name), day=DAY)
    archive.close()
    return {"BRIEFING_INSTANCE_PATH": str(tmp_path / "instance"), "BRIEFING_TIMEZONE": "UTC"}


def run(env: dict[str, str], *args: str) -> tuple[int, str, bytes]:
    result = CliRunner().invoke(main, ["digest", *args], env=env)
    return result.exit_code, result.stderr, result.stdout_bytes


def test_out_writes_the_digest_as_an_eml_file(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "brief.eml"
    code, err, stdout = run(env, "--date", "2020-01-03", "--out", str(out))
    assert (code, err, stdout) == (0, "", b"")
    message = message_from_bytes(out.read_bytes(), policy=policy.default)
    assert message["Subject"] == "Daily brief — 3 Jan 2020: 2 stories"
    assert message.get_content_type() == "multipart/alternative"


def test_out_dash_writes_to_standard_output(env: dict[str, str]) -> None:
    code, _, stdout = run(env, "--date", "2020-01-03", "--out", "-")
    assert code == 0
    assert stdout.startswith(b"Subject: Daily brief")
    assert b"\r\n" in stdout


def test_verbose_says_what_was_written(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "brief.eml"
    code, err, _ = run(env, "--date", "2020-01-03", "--out", str(out), "-v")
    assert code == 0
    assert err == f"wrote {out}: 2 stories from 3 articles\n"


@pytest.mark.parametrize(
    ("flag", "code", "subject", "stderr"),
    [
        # by default an empty day still gives a short digest that says so
        ([], 0, "Daily brief — 4 Jan 2020: no articles", ""),
        (["--if-empty", "notice"], 0, "Daily brief — 4 Jan 2020: no articles", ""),
        # or a clear message and a distinct exit status, and no file
        (["--if-empty", "fail"], EXIT_NO_ARTICLES, None,
         "briefing: error: no articles stored for 2020-01-04; nothing to send\n"),
    ],
)  # fmt: skip
def test_a_date_with_no_articles(
    env: dict[str, str],
    tmp_path: Path,
    flag: list[str],
    code: int,
    subject: str | None,
    stderr: str,
) -> None:
    out = tmp_path / "empty.eml"
    exit_code, err, _ = run(env, "--date", "2020-01-04", "--out", str(out), *flag)
    assert (exit_code, err) == (code, stderr)
    if subject is None:
        assert EXIT_NO_ARTICLES not in (0, 1, 2)
        assert not out.exists()
    else:
        message = message_from_bytes(out.read_bytes(), policy=policy.default)
        assert message["Subject"] == subject


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # neither output
        (["--date", "2020-01-03"], "say what to do with the digest: --out FILE.eml and/or --send"),
        # --send without anyone to send to
        (["--date", "2020-01-03", "--send"], "--send needs at least one --to ADDR"),
        # --to without --send
        (["--date", "2020-01-03", "--out", "x.eml", "--to", "a@example.org"], "--to is for --send"),
        # no date
        (["--out", "x.eml"], "Missing option '--date'"),
        # not a date
        (["--date", "2020-02-30", "--out", "x.eml"], "'2020-02-30' is not a date"),
        (["--date", "tomorrow", "--out", "x.eml"], "use YYYY-MM-DD, today or yesterday"),
        # an unknown choice
        (["--date", "2020-01-03", "--out", "x.eml", "--if-empty", "skip"], "'skip' is not one of"),
    ],
)  # fmt: skip
def test_bad_usage_exits_2_with_a_message(
    env: dict[str, str], args: list[str], message: str
) -> None:
    code, err, stdout = run(env, *args)
    assert code == 2
    assert message in err
    assert stdout == b""


@pytest.mark.parametrize(("word", "days_back"), [("today", 0), ("yesterday", 1)])
def test_today_and_yesterday_are_taken_in_the_configured_zone(
    env: dict[str, str], tmp_path: Path, word: str, days_back: int
) -> None:
    out = tmp_path / "d.eml"
    # Kiribati (UTC+14) is a day ahead of UTC for most of the UTC day
    code, _, _ = run(
        env | {"BRIEFING_TIMEZONE": "Pacific/Kiritimati"}, "--date", word, "--out", str(out)
    )
    assert code == 0
    from zoneinfo import ZoneInfo

    day = dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date() - dt.timedelta(days=days_back)
    message = message_from_bytes(out.read_bytes(), policy=policy.default)
    assert f"{day.day} {day:%b %Y}" in message["Subject"]


def test_an_unwritable_file_is_one_line_and_exit_1(env: dict[str, str], tmp_path: Path) -> None:
    code, err, _ = run(env, "--date", "2020-01-03", "--out", str(tmp_path / "missing" / "d.eml"))
    assert code == 1
    assert err.startswith("briefing: error: No such file or directory")
    assert err.count("\n") == 1


def test_an_unreachable_archive_is_one_line_and_exit_1(tmp_path: Path) -> None:
    env = {"BRIEFING_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    code, err, _ = run(env, "--date", "2020-01-03", "--out", str(tmp_path / "d.eml"))
    assert code == 1
    assert err.startswith("briefing: error: ")
    assert err.count("\n") == 1

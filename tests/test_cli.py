"""The `briefing` command as a user runs it: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_brief_prints_headline_and_five_sentence_summary(
    runner: CliRunner, seed_path: Path
) -> None:
    result = runner.invoke(main, ["brief", str(seed_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Donald Trump deploys 3,500 more troops")
    numbered = [line for line in lines if line[:3] in {"1. ", "2. ", "3. ", "4. ", "5. "}]
    assert len(numbered) == 5
    assert "Read Full Article" not in result.output


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("text", lambda out: "Summary\n-------" in out),
        ("markdown", lambda out: out.startswith("# Donald Trump") and "## Summary" in out),
        ("json", lambda out: json.loads(out)["schema"] == "briefing.brief/1"),
    ],
)
def test_formats(runner: CliRunner, seed_path: Path, fmt: str, check: object) -> None:
    result = runner.invoke(main, ["brief", "--format", fmt, str(seed_path)])
    assert result.exit_code == 0, result.output
    assert check(result.output)  # type: ignore[operator]


def test_length_and_method_options(runner: CliRunner, seed_path: Path) -> None:
    result = runner.invoke(
        main, ["brief", "--format", "json", "--method", "lead", "--sentences", "2", str(seed_path)]
    )
    data = json.loads(result.output)
    assert data["method"] == "lead" and len(data["summary"]) == 2


def test_standard_input_is_read_with_a_dash(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        ["brief", "--format", "json", "--sentences", "2", "-"],
        input="The storm hit. Crews cleared roads.",
    )
    assert result.exit_code == 0
    assert len(json.loads(result.output)["summary"]) == 2


def test_several_files_give_one_json_line_each(runner: CliRunner, tmp_path: Path) -> None:
    names = []
    for number in range(3):
        path = tmp_path / f"a{number}.txt"
        path.write_text(f"Story {number} happened today. It was news number {number}.")
        names.append(str(path))
    result = runner.invoke(main, ["brief", "--format", "json", *names])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert [json.loads(line)["title"] for line in lines] == [
        "Story 0 happened today.",
        "Story 1 happened today.",
        "Story 2 happened today.",
    ]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        # a missing file
        (["brief", "missing.txt"], None, "briefing: error: missing.txt: no such file"),
        # an empty article from standard input
        (["brief", "-"], "   \n\t ", "briefing: error: <stdin>: the article is empty"),
        # binary data
        (
            ["brief", "-"],
            "\x00\x01\x02ELF",
            "briefing: error: <stdin>: the input looks like binary",
        ),
        # text with no sentence
        (["brief", "-"], "--- *** ---", "briefing: error: <stdin>: the article has no sentence"),
        # a length option out of range
        (["brief", "--sentences", "0", "-"], "x", "briefing: error: sentences must be a whole"),
        (["brief", "--ratio", "2", "-"], "x", "briefing: error: ratio must be a number above 0"),
        (["brief", "--words", "5", "--sentences", "2", "-"], "x", "briefing: error: give only one"),
    ],
)
def test_bad_input_gives_one_line_and_exit_1(
    runner: CliRunner, args: list[str], stdin: str | None, message: str
) -> None:
    result = runner.invoke(main, args, input=stdin)
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["brief"],  # no file
        ["brief", "--method", "magic", "-"],
        ["brief", "--format", "pdf", "-"],
        ["brief", "--sentences", "three", "-"],
        ["frobnicate"],
    ],
)
def test_bad_usage_exits_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(main, args, input="The storm hit. Crews came.")
    assert result.exit_code == 2


def test_one_bad_file_among_good_ones_still_prints_the_good_ones(
    runner: CliRunner, seed_path: Path
) -> None:
    result = runner.invoke(main, ["brief", "--format", "json", "missing.txt", str(seed_path)])
    assert result.exit_code == 1
    assert "missing.txt: no such file" in result.stderr
    assert json.loads(result.stdout)["title"].startswith("Donald Trump")


def _write_batch(path: Path, items: list[dict[str, str]]) -> None:
    path.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")


def test_batch_writes_one_brief_per_line_in_input_order(runner: CliRunner, tmp_path: Path) -> None:
    batch = tmp_path / "in.jsonl"
    _write_batch(
        batch,
        [
            {"id": "b", "text": "Second story happened. It was big."},
            {"id": "a", "text": "First story happened. It was small.", "title": "First"},
        ],
    )
    result = runner.invoke(main, ["brief", "--batch", str(batch), "--sentences", "1"])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(d["id"], d["title"]) for d in lines] == [
        ("b", "Second story happened."),
        ("a", "First"),
    ]
    assert all(len(d["summary"]) == 1 for d in lines)


def test_batch_keeps_going_past_bad_lines_and_reports_them(
    runner: CliRunner, tmp_path: Path
) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text(
        '{"id": "ok", "text": "A story. It happened."}\n'
        "not json\n"
        '{"id": "empty", "text": "   "}\n'
        '{"id": "no-text"}\n',
        encoding="utf-8",
    )
    result = runner.invoke(main, ["brief", "--batch", str(batch)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["id"] == "ok" and "summary" in out[0]
    assert [o.get("error", "")[:20] for o in out[1:]] == [
        "bad JSON: Expecting ",
        "the article is empty",
        "the article is empty",
    ]
    assert "line 2: bad JSON" in result.stderr


def test_batch_with_files_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["brief", "--batch", str(tmp_path / "x.jsonl"), "a.txt"])
    assert result.exit_code == 2


def test_batch_over_500_corpus_articles_shows_progress_and_writes_500_lines(
    corpus: Path, tmp_path: Path
) -> None:
    """The acceptance run of issue 2, as a user runs it (real process, real stderr)."""
    items = []
    for source in ("cnndm-test-frank250/dev.jsonl", "bbc-news-summary/dev.jsonl"):
        with (corpus / source).open(encoding="utf-8") as handle:
            for line in handle:
                item = json.loads(line)
                items.append({"id": item["id"], "text": item["text"], "title": item["title"]})
                if len(items) == 500:
                    break
    batch = tmp_path / "in.jsonl"
    _write_batch(batch, items)
    done = subprocess.run(
        [sys.executable, "-m", "briefing.cli", "brief", "--batch", str(batch)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 500
    assert [json.loads(line)["id"] for line in lines] == [i["id"] for i in items]
    assert "500/500" in done.stderr and "article" in done.stderr


def test_html_format_is_a_whole_page_with_the_summary(runner: CliRunner, seed_path: Path) -> None:
    result = runner.invoke(main, ["brief", "--format", "html", "--sentences", "2", str(seed_path)])
    assert result.exit_code == 0, result.output
    assert result.output.lstrip().lower().startswith("<!doctype html>")
    assert "Donald Trump deploys 3,500 more troops" in result.output
    assert "<script" not in result.output.lower()


def test_eml_format_is_a_mime_message_of_the_brief(runner: CliRunner, seed_path: Path) -> None:
    from email import message_from_bytes

    result = runner.invoke(main, ["brief", "--format", "eml", str(seed_path)])
    assert result.exit_code == 0, result.output
    message = message_from_bytes(result.stdout_bytes)
    assert message.get_content_type() == "multipart/alternative"
    assert str(message["Subject"]).startswith("Brief: Donald Trump deploys 3,500")
    assert [p.get_content_type() for p in message.get_payload()] == ["text/plain", "text/html"]


def test_eml_format_takes_one_file(runner: CliRunner, seed_path: Path) -> None:
    result = runner.invoke(main, ["brief", "--format", "eml", str(seed_path), str(seed_path)])
    assert result.exit_code == 2


# -- the facts option, named as the API names it ------------------------------------------------
@pytest.mark.parametrize(
    ("flag", "has_facts"),
    [
        ([], True),  # default: facts extracted
        (["--facts"], True),
        (["--no-facts"], False),  # the API's {"facts": false}
    ],
)
def test_brief_facts_flag(flag: list[str], has_facts: bool, seed_path: Path) -> None:
    result = CliRunner().invoke(main, ["brief", "--format", "json", *flag, str(seed_path)])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output)["facts"]
    assert bool(facts["casualties"] or facts["reactions"]) is has_facts


def test_serve_on_a_busy_port_says_so_and_names_a_free_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    import re
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = runner.invoke(
            main, ["serve", "--port", str(port)], env={"BRIEFING_INSTANCE_PATH": str(tmp_path)}
        )
    assert result.exit_code != 0
    found = re.search(rf"port {port} is in use; try --port (\d+)", result.output)
    assert found, result.output
    suggested = int(found.group(1))
    assert suggested > port
    assert "serving on" not in result.output
    with socket.socket() as probe:  # the suggestion was free when it was made
        probe.bind(("127.0.0.1", suggested))


def test_the_language_may_be_given_on_the_command_line(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        ["brief", "--format", "json", "--language", "fr", "-"],
        input="Le barrage a tenu dimanche. Les ingénieurs ont dit que l'eau baissait.",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["language"], data["language_source"]) == ("fr", "given")

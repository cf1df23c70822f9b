"""The embedded install carries no scale-out stack; a setting that needs it names the extra.

``pip install briefing`` (the README's run command) must serve the app with SQLite and no
broker, without Celery, the Redis client, psycopg or rouge-score; ``briefing[queue]``,
``briefing[postgres]`` and ``briefing[eval]`` add them.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement

from briefing.config import Settings
from briefing.errors import OptionsError

#: what the scale-out extras install, and their own dependencies
SCALE_OUT = {"celery", "kombu", "amqp", "billiard", "redis", "psycopg", "psycopg-binary",
             "rouge-score", "absl-py"}  # fmt: skip
HIDDEN_MODULES = ("celery", "kombu", "amqp", "billiard", "redis", "psycopg", "rouge_score", "absl")


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def closure(requirements: list[str], extras: frozenset[str] = frozenset()) -> set[str]:
    """Every distribution the requirements pull in, as installed here (markers evaluated)."""
    seen: set[str] = set()
    pending = [(Requirement(r), extras) for r in requirements]
    while pending:
        requirement, wanted = pending.pop()
        environment = dict(default_environment())
        marker = requirement.marker
        if marker is not None and not any(
            marker.evaluate({**environment, "extra": extra}) for extra in (wanted or {""})
        ):
            continue
        name = _name(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        try:
            distribution = importlib.metadata.distribution(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            continue
        chosen = frozenset(requirement.extras)
        pending.extend((Requirement(r), chosen) for r in distribution.requires or [])
    return seen


def test_the_embedded_install_pulls_none_of_the_scale_out_stack() -> None:
    requires = importlib.metadata.distribution("briefing").requires or []
    plain = [r for r in requires if "extra ==" not in r]
    pulled = closure(plain)
    assert "flask" in pulled and "sqlalchemy" in pulled  # the walk follows dependencies
    assert not pulled & SCALE_OUT, sorted(pulled & SCALE_OUT)


@pytest.mark.parametrize(
    ("extra", "brings"),
    [("queue", {"celery", "redis", "amqp"}), ("postgres", {"psycopg"}),
     ("eval", {"rouge-score"}), ("test", {"celery", "psycopg", "rouge-score"})],
)  # fmt: skip
def test_each_extra_brings_its_part(extra: str, brings: set[str]) -> None:
    requires = importlib.metadata.distribution("briefing").requires or []
    mine = [r for r in requires if f"extra == '{extra}'" in r or f'extra == "{extra}"' in r]
    assert brings <= closure(mine, frozenset({extra}))


BLOCKER = textwrap.dedent(
    f"""
    import importlib.abc, sys

    class Missing(importlib.abc.MetaPathFinder):
        # what a `pip install briefing` without extras has: none of these modules
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {HIDDEN_MODULES!r}:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, Missing())
    """
)


def run_without_extras(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    environment.pop("DATABASE_URL", None)
    environment.update(BRIEFING_INSTANCE_PATH=str(tmp_path / "instance"), **env)
    return subprocess.run(
        [sys.executable, "-c", BLOCKER + textwrap.dedent(code)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_the_extras_the_app_serves_briefs_and_stores_them(tmp_path: Path) -> None:
    code = """
        import json, sys
        from briefing.web import create_app
        client = create_app().test_client()
        article = {"text": "The council approved the budget on Monday. Critics said it was late."}
        stored = client.post("/api/v1/briefs", json=article)
        batch = client.post("/api/v1/batches", data=json.dumps(article) + "\\n",
                            headers={"Content-Type": "application/x-ndjson"})
        statuses = [client.get(path).status_code for path in ("/", "/briefs", "/healthz",
                                                            "/readyz", "/metrics")]
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in {HIDDEN})
        print(json.dumps([stored.status_code, batch.status_code, statuses, loaded]))
    """.replace("{HIDDEN}", repr(set(HIDDEN_MODULES)))
    result = run_without_extras(code, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    stored, batch, statuses, loaded = __import__("json").loads(result.stdout.splitlines()[-1])
    assert (stored, batch, statuses, loaded) == (201, 201, [200, 200, 200, 200, 200], [])


@pytest.mark.parametrize(
    ("variable", "value", "extra"),
    [
        ("BRIEFING_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//", "queue"),
        ("BRIEFING_BROKER_URL", "redis://127.0.0.1:6379/0", "queue"),
        ("BRIEFING_RATE_LIMIT_STORAGE", "redis://127.0.0.1:6379/0", "queue"),
        ("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test", "postgres"),
    ],
)
def test_a_setting_that_needs_an_extra_stops_the_command_with_one_line(
    tmp_path: Path, variable: str, value: str, extra: str
) -> None:
    code = """
        import sys
        from briefing.cli import main
        sys.argv = ["briefing", "feeds", "list"]
        main()
    """
    result = run_without_extras(code, tmp_path, **{variable: value})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"pip install 'briefing[{extra}]'" in lines[0]
    assert variable.removeprefix("BRIEFING_") in lines[0] or "PostgreSQL" in lines[0]


def test_rouge_without_the_eval_extra_says_which_extra(tmp_path: Path) -> None:
    code = """
        from briefing.errors import BriefingError
        from briefing.evaluation.summary import RougeScorer
        try:
            RougeScorer()
        except BriefingError as error:
            print(error.message)
    """
    result = run_without_extras(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "pip install 'briefing[eval]'" in result.stdout


def test_the_settings_check_names_the_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "celery", None)  # what find_spec reports as missing
    with pytest.raises(OptionsError, match=r"BRIEFING_BROKER_URL needs celery.*briefing\[queue\]"):
        Settings(broker_url="amqp://guest:guest@127.0.0.1:5672//")
    assert Settings().broker_url is None  # the embedded default needs nothing

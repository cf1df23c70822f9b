"""The web package's shape: no import circle, one problem table built from the error tree."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from flask.testing import FlaskClient

import briefing.web
from briefing import errors
from briefing.errors import BriefingError
from briefing.web.errors import WEB_PROBLEM_TYPES, ProblemError, problem_types

WEB = Path(briefing.web.__file__).parent
WEB_MODULES = [
    "briefing.web",
    *sorted(f"briefing.web.{m.name}" for m in pkgutil.iter_modules(briefing.web.__path__)),
]


@pytest.mark.parametrize("module", WEB_MODULES)
def test_each_web_module_imports_alone_in_a_fresh_interpreter(module: str) -> None:
    # a circle hidden in function-level imports fails here, whichever module comes first
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def _imports_inside_functions(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith(
                    "briefing.web"
                ):
                    found.append(f"{path.name}:{inner.lineno} {inner.module}")
    return found


@pytest.mark.parametrize("module", WEB_MODULES[1:])
def test_no_web_module_hides_an_import_of_another_in_a_function(module: str) -> None:
    # a function-level import is how a circle hides; only create_app (in __init__) may
    # import the blueprints late, so that `import briefing.web` stays light
    path = WEB / f"{module.rsplit('.', 1)[1]}.py"
    assert _imports_inside_functions(path) == []


def _all_errors() -> list[type[BriefingError]]:
    found = [
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, BriefingError)
    ]
    return [*found, ProblemError]


def test_every_error_class_has_a_problem_page_from_its_docstring() -> None:
    table = problem_types()
    for cls in _all_errors():
        if cls is ProblemError or "code" not in vars(cls):
            continue  # a class that keeps its parent's code shares its parent's page
        assert table[cls.code] == (cls.__doc__ or "").strip().splitlines()[0], cls


def test_web_only_slugs_are_in_the_table_and_no_class_restates_them() -> None:
    codes = {cls.code for cls in _all_errors() if cls is not ProblemError}
    assert not codes & set(WEB_PROBLEM_TYPES)
    assert set(WEB_PROBLEM_TYPES) <= set(problem_types())


@pytest.mark.parametrize(
    ("slug", "status"),
    [
        ("input-too-large", 200),  # from InputTooLargeError
        ("no-sentences", 200),  # from NoSentencesError
        ("malformed-json", 200),  # web-only
        ("no-such-thing", 404),
    ],
)
def test_problem_pages(client: FlaskClient, slug: str, status: int) -> None:
    assert client.get(f"/problems/{slug}").status_code == status


def test_every_briefing_error_carries_headers_and_extra() -> None:
    # one error shape: the handler reads the same attributes from every error
    plain = errors.NotFoundError("gone")
    assert plain.headers == {} and plain.extra == {}
    shaped = errors.OptionsError("x", headers={"Retry-After": "3"}, extra={"errors": []})
    assert shaped.headers == {"Retry-After": "3"} and shaped.extra == {"errors": []}

"""The web package has no import circle, not even one hidden inside a function."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parent.parent / "briefing" / "web"
MODULES = sorted(p.stem for p in WEB.glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("module", MODULES)
def test_each_web_module_imports_alone_in_a_fresh_interpreter(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import briefing.web.{module}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


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


@pytest.mark.parametrize("module", MODULES)
def test_no_web_module_hides_an_import_of_another_in_a_function(module: str) -> None:
    # a function-level import is how a circle hides; only create_app (in __init__) may
    # import the blueprints late, so that `import briefing.web` stays light
    assert _imports_inside_functions(WEB / f"{module}.py") == []

"""The package's shape: no import circle, no function too complex to read.

Both are measured from the source, the way a new maintainer would: every ``import`` in
``briefing/`` (at module level or inside a function: a late import hides a circle, it does
not open one), and radon's cyclomatic complexity of every function.
"""

from __future__ import annotations

import ast
from pathlib import Path

from radon.complexity import cc_visit

PACKAGE = Path(__file__).resolve().parent.parent / "briefing"
#: most decision points one function may have (radon's cyclomatic complexity)
MAX_COMPLEXITY = 25


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """The package modules ``name`` imports anywhere in its file (TYPE_CHECKING aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.append(sub if sub in modules else base)
        found |= {t for t in targets if t in modules and t != name}
    return found


def _circles() -> list[list[str]]:
    modules = _modules()
    graph = {name: _imports(path, name, modules) for name, path in modules.items()}
    circles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    return circles


def test_no_module_of_the_package_imports_itself_back() -> None:
    assert _circles() == []


def _complexities() -> dict[str, int]:
    scores: dict[str, int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        for block in cc_visit(path.read_text(encoding="utf-8")):
            for item in [block, *getattr(block, "closures", []), *getattr(block, "methods", [])]:
                key = f"{relative}:{item.name}"
                scores[key] = max(scores.get(key, 0), item.complexity)
    return scores


def test_no_function_is_more_complex_than_the_bound() -> None:
    too_complex = {key: score for key, score in _complexities().items() if score > MAX_COMPLEXITY}
    assert too_complex == {}


#: the core: text in, dataclasses out; it is given Limits and OutputOptions, never Settings
CORE = ("ingest", "text", "summarise", "facts", "brief", "request", "render", "digest")


def test_the_core_is_given_what_it_needs_and_never_the_settings() -> None:
    modules = _modules()
    reading = {
        name: sorted(_imports(path, name, modules) & {"briefing.config", "briefing.service"})
        for name, path in modules.items()
        if name.split(".")[1:2] and name.split(".")[1] in CORE
    }
    assert {name: found for name, found in reading.items() if found} == {}

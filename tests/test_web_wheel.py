"""The installed package finds its templates: a built wheel carries them as briefing/templates.

The templates live at the top of the repository (templates/); pyproject's force-include
copies them into the wheel. This builds the wheel, installs it into a folder of its own
and renders a brief from there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from briefing.migrate import head_revision

ROOT = Path(__file__).resolve().parent.parent
SOURCE_TEMPLATES = sorted(p.name for p in (ROOT / "templates").iterdir() if p.is_file())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="hatchling (the build backend) builds the wheel")
    out = tmp_path_factory.mktemp("dist")
    build = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    (built,) = out.glob("briefing-*.whl")
    return built


def test_the_wheel_carries_every_template(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"brief.html", "base.html", "style.css", "index.html"} <= set(SOURCE_TEMPLATES)
    for name in SOURCE_TEMPLATES:
        assert f"briefing/templates/{name}" in names, name


def test_the_installed_package_renders_from_its_own_templates(
    wheel: Path, tmp_path: Path, seed_path: Path
) -> None:
    target = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    code = (
        "import sys, briefing.render.templates as t, briefing.render.html as h, briefing;"
        "print(t.templates_dir());"
        "b = briefing.build_brief(open(sys.argv[1], encoding='utf-8').read());"
        "print('<h1>' + b.title in h.render_html(b))"
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    run = subprocess.run(
        [sys.executable, "-c", code, str(seed_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    where, rendered = run.stdout.split()
    assert Path(where) == target / "briefing" / "templates"
    assert rendered == "True"


def test_the_installed_package_migrates_an_archive_with_no_alembic_ini(
    wheel: Path, tmp_path: Path
) -> None:
    # `briefing db upgrade` from an installed wheel: the migrations ship inside the package
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--target", str(target), str(wheel)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    env = dict(os.environ, PYTHONPATH=str(target), BRIEFING_INSTANCE_PATH=str(tmp_path / "i"))
    run = subprocess.run(
        [sys.executable, "-c", "from briefing.cli import main; main()", "db", "upgrade"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert f"archive at revision {head_revision()}" in run.stderr
    assert (tmp_path / "i" / "briefing.sqlite3").is_file()

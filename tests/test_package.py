"""The package as users meet it: public names, import cost, no NLTK download."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import briefing


def test_public_api_is_exactly_what_is_documented() -> None:
    assert set(briefing.__all__) == {
        "METHODS",
        "Article",
        "Brief",
        "BriefOptions",
        "BriefingError",
        "Casualty",
        "Deployment",
        "Document",
        "Evidence",
        "Facts",
        "InputError",
        "Length",
        "NotFoundError",
        "OptionsError",
        "Reaction",
        "Settings",
        "Summary",
        "SummarySentence",
        "__version__",
        "build_brief",
        "read_article",
    }
    for name in briefing.__all__:
        assert hasattr(briefing, name), name


def test_importing_the_core_does_not_load_flask_or_a_database() -> None:
    code = (
        "import sys, briefing; briefing.build_brief('One sentence here. And another one.');"
        "bad = [m for m in ('flask', 'sqlalchemy', 'werkzeug') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_whole_pipeline_runs_with_an_empty_nltk_data_folder(
    tmp_path: Path, seed_path: Path
) -> None:
    env = dict(os.environ, NLTK_DATA=str(tmp_path), HOME=str(tmp_path))
    code = (
        "import sys, briefing;"
        "b = briefing.build_brief(open(sys.argv[1], encoding='utf-8').read(), method='lexrank');"
        "b2 = briefing.build_brief(open(sys.argv[1], encoding='utf-8').read());"
        "print(len(b.summary.sentences), len(b2.summary.sentences))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(seed_path)], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["5", "5"]
    assert list(tmp_path.iterdir()) == []

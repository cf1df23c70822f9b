"""The API's response models describe Brief.to_dict() exactly, checked on real briefs."""

from __future__ import annotations

from typing import Any

import pytest

from briefing import build_brief
from briefing.web.schema import BriefOut


def _same_shape(given: Any, dumped: Any, where: str = "brief") -> None:
    """Every key of the JSON is in the model's dump and the other way round, at every level."""
    if isinstance(given, dict):
        assert isinstance(dumped, dict), where
        assert set(given) == set(dumped), f"{where}: {set(given) ^ set(dumped)}"
        for key in given:
            _same_shape(given[key], dumped[key], f"{where}.{key}")
    elif isinstance(given, list) and given and isinstance(given[0], dict):
        for number, (a, b) in enumerate(zip(given, dumped, strict=True)):
            _same_shape(a, b, f"{where}[{number}]")


@pytest.mark.parametrize(
    "facts",
    [
        True,  # the seed has casualties, deployments and reactions: every nested model
        False,  # empty fact lists
    ],
)
def test_brief_model_matches_to_dict(seed_text: str, facts: bool) -> None:
    brief = build_brief(seed_text, sentences=3, facts=facts)
    data = brief.to_dict()
    if facts:
        assert all(data["facts"][kind] for kind in ("casualties", "deployments", "reactions"))
    model = BriefOut.model_validate(data)
    _same_shape(data, model.model_dump(mode="json", by_alias=True))

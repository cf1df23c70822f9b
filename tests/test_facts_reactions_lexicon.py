"""The reaction word lists: data files, one word a line, read once."""

from __future__ import annotations

from collections import Counter

import pytest

from briefing.facts.reactions import lexicon


@pytest.mark.parametrize(
    "name",
    [
        "verbs.txt",
        "agent_nouns.txt",
        "stance_cues.txt",
        "titles.txt",
        "roles.txt",
        "groups.txt",
        "group_nouns.txt",
        "bodies.txt",
        "press.txt",
        "private_roles.txt",
        "channels.txt",
        "sources.txt",
        "source_roles.txt",
        "institutions.txt",
    ],
)
def test_every_list_is_lower_case_words_without_repeats(name: str) -> None:
    lines = lexicon.data_lines(name)
    assert lines, f"{name} is empty"
    words = [line for line in lines if not line.startswith("[")]
    assert not [w for w, n in Counter(words).items() if n > 1], f"{name} repeats a line"
    if name != "channels.txt":  # channels name what is shown ("state TV")
        assert all(w == w.lower() for w in words), f"{name} has capitals"


def test_verbs_carry_known_stances() -> None:
    assert lexicon.REACTION_VERBS["said"] is None  # the words decide
    assert lexicon.REACTION_VERBS["condemned"] == "condemn"
    assert lexicon.REACTION_VERBS["denied"] == "other"
    assert set(lexicon.REACTION_VERBS.values()) <= lexicon.STANCES | {None}


def test_stance_cues_keep_their_sections_in_file_order() -> None:
    assert [stance for stance, _ in lexicon.STANCE_CUES] == [
        "de-escalate",
        "threaten",
        "condemn",
        "support",
    ]
    cues = dict(lexicon.STANCE_CUES)
    assert "restraint" in cues["de-escalate"] and "illegal" in cues["condemn"]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["hailed praise"], "unknown stance 'praise' for 'hailed'"),  # not a stance
        (["[praise]", "hail"], "unknown stance section"),  # a section that is no stance
        (["hail"], "before any"),  # a cue outside every section
    ],
)
def test_a_bad_line_is_a_clear_error(lines: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        if lines[0].startswith("[") or " " not in lines[0]:
            lexicon.parse_sections(lines, "test.txt")
        else:
            lexicon.parse_stances(lines, "test.txt")


def test_a_stance_word_and_a_plain_word() -> None:
    assert lexicon.parse_stances(["vowed threaten", "said"], "test.txt") == {
        "vowed": "threaten",
        "said": None,
    }

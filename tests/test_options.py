"""Options: the same names and the same checks for the CLI, the form and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from briefing.errors import OptionsError
from briefing.options import OPTION_NAMES, OPTIONS, BriefOptions, OptionSpec, read_day
from briefing.summarise import METHOD_HELP, METHODS, Length


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # nothing given: 5 sentences with the news ranker
        ({}, BriefOptions()),
        # form fields arrive as strings; empty ones count as not given
        ({"sentences": "3", "words": "", "method": "LexRank"}, BriefOptions("lexrank", Length(3))),
        # JSON numbers
        ({"words": 120}, BriefOptions(length=Length(words=120))),
        ({"ratio": 0.25}, BriefOptions(length=Length(ratio=0.25))),
        # a whole float is a whole number
        ({"sentences": 4.0}, BriefOptions(length=Length(sentences=4))),
        # facts can be switched off, from JSON or a form
        ({"facts": False}, BriefOptions(facts=False)),
        ({"facts": "off"}, BriefOptions(facts=False)),
    ],
)
def test_options_from_a_mapping(given: dict[str, Any], expected: BriefOptions) -> None:
    assert BriefOptions.from_mapping(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"colour": "red"}, "unknown option 'colour'"),
        ({"method": "magic"}, "unknown method 'magic'"),
        ({"sentences": 0}, "sentences must be a whole number from 1 to 100"),
        ({"sentences": 101}, "sentences must be a whole number from 1 to 100"),
        ({"sentences": 2.5}, "sentences must be a whole number"),
        ({"sentences": "three"}, "sentences must be a number, not 'three'"),
        ({"sentences": True}, "sentences must be a number"),
        ({"words": -5}, "words must be a whole number from 1 to 10000"),
        ({"ratio": 0}, "ratio must be a number above 0 and at most 1"),
        ({"ratio": 1.5}, "ratio must be a number above 0 and at most 1"),
        ({"ratio": "nan"}, "ratio must be a number above 0 and at most 1"),
        ({"sentences": 3, "words": 50}, "give only one of sentences, words or ratio"),
        ({"facts": 3}, "facts must be true or false"),
    ],
)
def test_bad_options_are_refused_with_a_message_naming_them(
    given: dict[str, Any], message: str
) -> None:
    with pytest.raises(OptionsError) as caught:
        BriefOptions.from_mapping(given)
    assert caught.value.message.startswith(message)


@pytest.mark.parametrize(
    ("length", "available", "limit"),
    [
        (Length(sentences=5), 3, 3),
        (Length(sentences=2), 10, 2),
        (Length(ratio=0.3), 10, 3),
        # a tiny ratio still gives one sentence
        (Length(ratio=0.01), 10, 1),
        # a word budget does not cap the count of a long article
        (Length(words=50), 40, 40),
        # unless sentences or a ratio are asked for, a short article keeps about half
        (Length(), 6, 3),
        (Length(), 9, 4),
        (Length(), 10, 5),
        (Length(words=50), 12, 12),
        (Length(words=50), 8, 4),
        (Length(), 1, 1),
        (Length(sentences=5), 6, 5),
        (Length(ratio=1), 6, 6),
    ],
)
def test_sentence_limit(length: Length, available: int, limit: int) -> None:
    assert length.sentence_limit(available) == limit


# -- the table the edges offer the options from --------------------------------------------


@pytest.mark.parametrize(
    "option", [o for o in OPTIONS if o.minimum is not None], ids=lambda o: o.name
)
def test_the_table_states_the_bounds_briefoptions_enforces(option: OptionSpec) -> None:
    assert option.minimum is not None and option.maximum is not None
    step = 1 if option.kind is int else 0.001
    lowest = option.minimum + step if option.above else option.minimum
    for allowed in (lowest, option.maximum):
        BriefOptions.from_mapping({option.name: allowed})
    for refused in (lowest - step, option.maximum + step):
        with pytest.raises(OptionsError, match=option.name):
            BriefOptions.from_mapping({option.name: refused})


def test_the_table_names_every_option_and_every_method() -> None:
    assert tuple(o.name for o in OPTIONS) == OPTION_NAMES
    method = next(o for o in OPTIONS if o.name == "method")
    assert method.choices == METHODS and method.default == BriefOptions().method
    assert set(METHOD_HELP) == set(METHODS)


@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: o.name)
def test_every_edge_offers_each_option_from_the_table(option: OptionSpec) -> None:
    from click.testing import CliRunner

    from briefing.cli import main
    from briefing.web.schema import ArticleUpload, OptionsInput

    cli_help = CliRunner().invoke(main, ["brief", "--help"], terminal_width=200).output
    assert f"--{option.name}" in cli_help
    assert option.help.removesuffix(".") in " ".join(cli_help.split())
    for model in (OptionsInput, ArticleUpload):
        schema = model.model_json_schema()["properties"][option.name]
        assert schema["description"] == option.help
        if option.maximum is not None:
            assert option.maximum in {schema.get("maximum"), schema.get("exclusiveMaximum")}


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("7 Dec 2026", dt.date(2026, 12, 7)),  # as every page shows a date
        ("7 December 2026", dt.date(2026, 12, 7)),
        ("  07  dec.  2026 ", dt.date(2026, 12, 7)),  # spacing, case and a dot
        ("3 Sept 2020", dt.date(2020, 9, 3)),
        ("2026-12-07", dt.date(2026, 12, 7)),  # ISO, as machine formats write it
    ],
)
def test_a_date_typed_on_a_page_is_read(typed: str, day: dt.date) -> None:
    assert read_day(typed) == day


@pytest.mark.parametrize("typed", ["soon", "31 Feb 2026", "7 Dek 2026", "12/07/2026", ""])
def test_what_is_not_a_date_is_refused_with_the_format_to_use(typed: str) -> None:
    with pytest.raises(OptionsError) as refused:
        read_day(typed)
    assert refused.value.message.endswith("is not a date: write it like 7 Dec 2026")

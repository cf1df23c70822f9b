"""The digest core: same-story grouping, ranking, the day's numbers, reactions, JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from digest_texts import COUNCIL, FLOOD_LOCAL, FLOOD_WIRE, ROBOT, re_edit

from briefing import build_brief
from briefing.digest import DIGEST_SCHEMA, Deployed, Digest, Toll, build_digest
from briefing.digest.grouping import (
    DUPLICATE_CONTAINMENT,
    EVENT_SCORE,
    group_articles,
    pair_scores,
    text_features,
)
from briefing.facts.totals import current_toll
from briefing.models import Brief, Casualty, Deployment, Evidence, Facts, Reaction

DAY = dt.date(2020, 1, 3)
NO_FACTS = Facts()


def make_brief(
    text: str, brief_id: str, *, source: str | None = None, facts: Facts = NO_FACTS
) -> Brief:
    """A real brief of an invented report: headline is the first paragraph."""
    headline, _, body = text.partition("\n\n")
    brief = build_brief(body, title=headline, source=source, id=brief_id)
    return replace(brief, facts=facts)


def evidence(brief_text: str = "x") -> Evidence:
    return Evidence(brief_text, 0, len(brief_text))


def killed(count: int | None, *, status: str = "killed", historical: bool = False) -> Casualty:
    return Casualty(count, str(count or "dozens"), status, None, None, evidence(), historical)


def sent(count: int, asset: str = "troops", *, earlier: bool = False) -> Deployment:
    return Deployment(count, asset, None, None, None, evidence(), earlier=earlier)


def said(speaker: str, stance: str | None = "condemn", role: str | None = None) -> Reaction:
    return Reaction(speaker, role, "words", stance, evidence())


def feature(text: str) -> object:
    headline, _, body = text.partition("\n\n")
    return text_features(headline, body)


# -- grouping ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        # one report re-edited: new headline, paragraph cut, two swapped, a sentence changed
        (FLOOD_WIRE, re_edit(FLOOD_WIRE), True),
        (ROBOT, re_edit(ROBOT), True),
        # one event written up by two outlets in their own words
        (FLOOD_WIRE, FLOOD_LOCAL, True),
        # same city and mayor, different event
        (FLOOD_WIRE, COUNCIL, False),
        (FLOOD_LOCAL, COUNCIL, False),
        # nothing in common
        (FLOOD_WIRE, ROBOT, False),
        (COUNCIL, ROBOT, False),
    ],
)
def test_two_reports_group_only_when_they_tell_the_same_story(
    first: str, second: str, same: bool
) -> None:
    grouping = group_articles([feature(first), feature(second)])  # type: ignore[list-item]
    assert (grouping.stories == ((0, 1),)) is same


def test_a_re_edited_report_is_a_near_duplicate_not_merely_similar() -> None:
    scores = pair_scores(feature(FLOOD_WIRE), feature(re_edit(FLOOD_WIRE)))  # type: ignore[arg-type]
    assert scores["containment"] >= DUPLICATE_CONTAINMENT
    # two outlets' own words share few 4-word runs: same event, not a duplicate
    other = pair_scores(feature(FLOOD_WIRE), feature(FLOOD_LOCAL))  # type: ignore[arg-type]
    assert other["containment"] < DUPLICATE_CONTAINMENT <= 1
    assert other["score"] >= EVENT_SCORE


def test_an_article_between_two_stories_does_not_chain_them() -> None:
    # Two flood reports and two robot reports with one article made of half of each:
    # average linkage keeps the two stories apart whatever the bridge does.
    flood, robot = FLOOD_WIRE.split("\n\n"), ROBOT.split("\n\n")
    bridge = "\n\n".join(["Today's news", *flood[1:3], *robot[1:3]])
    texts = [FLOOD_WIRE, FLOOD_LOCAL, bridge, ROBOT, re_edit(ROBOT)]
    stories = group_articles([feature(t) for t in texts]).stories  # type: ignore[misc]
    flood_story = next(s for s in stories if 0 in s)
    robot_story = next(s for s in stories if 3 in s)
    assert flood_story != robot_story
    assert {0, 1} <= set(flood_story) and {3, 4} <= set(robot_story)


def test_grouping_nothing_gives_no_story() -> None:
    assert group_articles([]).stories == ()


# -- build_digest -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def day_briefs() -> list[Brief]:
    """A day of five articles: a flood (three reports), a council vote and a robot launch."""
    return [
        make_brief(COUNCIL, "council", source="Le Progrès"),
        make_brief(
            FLOOD_WIRE,
            "flood-wire",
            source="Wire",
            facts=Facts(
                casualties=(killed(6), killed(40, status="wounded"), killed(120, historical=True)),
                deployments=(
                    sent(300, "soldiers"),
                    sent(800, "firefighters"),
                    sent(5000, earlier=True),
                ),
                reactions=(said("Marc Laurent", "other", "prefect"), said("Claire Dubois", None)),
            ),
        ),
        make_brief(ROBOT, "robot", source="Hamburger Blatt"),
        make_brief(
            FLOOD_LOCAL,
            "flood-local",
            source="Le Dauphiné",
            facts=Facts(
                casualties=(killed(7),),
                reactions=(
                    said("marc  laurent", "condemn"),
                    said("Claire Dubois", "support", "mayor of Lyon"),
                ),
            ),
        ),
        make_brief(re_edit(FLOOD_WIRE), "flood-wire-update", source="Wire"),
    ]


def test_the_digest_groups_a_day_into_stories(day_briefs: list[Brief]) -> None:
    digest = build_digest(day_briefs, DAY)
    assert digest.day == DAY
    assert digest.article_count == 5
    assert [sorted(s.brief_id for s in story.sources) for story in digest.stories] == [
        ["flood-local", "flood-wire", "flood-wire-update"],
        ["council"],
        ["robot"],
    ]
    flood = digest.stories[0]
    assert flood.number == 1
    assert flood.outlets == ("Wire", "Le Dauphiné")


def test_a_story_takes_the_highest_toll_any_report_gives_and_shows_but_never_adds_background(
    day_briefs: list[Brief],
) -> None:
    flood = build_digest(day_briefs, DAY).stories[0]
    # 6 and 7 killed are two reports of one toll, not 13; the 120 is a background toll
    assert flood.toll == Toll(killed=7, wounded=40)
    assert [c.count for c in flood.casualties if c.historical] == [120]  # shown, not added
    # the earlier deployment of 5,000 troops is background too
    assert flood.deployed == (Deployed("firefighters", 800), Deployed("soldiers", 300))


def test_reactions_are_one_row_per_speaker_with_role_and_stance_completed(
    day_briefs: list[Brief],
) -> None:
    digest = build_digest(day_briefs, DAY)
    rows = [(r.speaker, r.role, r.stance, r.story) for r in digest.reactions]
    assert rows == [
        # "other" gives way to a stance a later report states; spacing and case are ignored
        ("Marc Laurent", "prefect", "condemn", 1),
        # an unknown stance and role are filled from the report that knows them
        ("Claire Dubois", "mayor of Lyon", "support", 1),
    ]


def test_who_reacted_how_lists_every_speaker_of_the_story_with_every_stance() -> None:
    # what the brief pages show: every speaker, also a body ("Pentagon") or one name with
    # no role, with each stance they take; one row a speaker across the story's reports
    wire = make_brief(
        FLOOD_WIRE,
        "wire",
        facts=Facts(
            reactions=(
                said("Pentagon", "support"),
                said("Marc Laurent", "condemn", "prefect"),
                said("Laurent", "other"),
            )
        ),
    )
    local = make_brief(
        FLOOD_LOCAL,
        "local",
        facts=Facts(reactions=(said("Marc  LAURENT", "threaten"), said("Marc Laurent", "condemn"))),
    )
    digest = build_digest([wire, local], DAY)
    assert len(digest.stories) == 1
    rows = [(r.speaker, r.role, r.stances, r.stance) for r in digest.reactions]
    assert rows == [
        ("Pentagon", None, ("support",), "support"),
        ("Marc Laurent", "prefect", ("condemn", "threaten"), "condemn"),
        ("Laurent", None, ("other",), "other"),
    ]
    assert digest.to_dict()["reactions"][1]["stances"] == ["condemn", "threaten"]


def test_the_lead_report_is_the_fullest(day_briefs: list[Brief]) -> None:
    flood = build_digest(day_briefs, DAY).stories[0]
    assert flood.lead_brief_id == "flood-wire"  # most facts
    assert flood.headline == day_briefs[1].title
    assert 0 < len(flood.summary) <= 3


def _story(name: str, text: str, facts: Facts = NO_FACTS, copies: int = 0) -> list[Brief]:
    briefs = [make_brief(text, name, facts=facts)]
    briefs += [make_brief(re_edit(text), f"{name}-{n}") for n in range(copies)]
    return briefs


@pytest.mark.parametrize(
    ("council_facts", "robot_copies", "expected"),
    [
        # no facts anywhere: the story with more articles first
        (Facts(), 1, ["robot", "council"]),
        # casualties outrank a story with more articles
        (Facts(casualties=(killed(1),)), 1, ["council", "robot"]),
        # so do deployments
        (Facts(deployments=(sent(50),)), 1, ["council", "robot"]),
        # a casualty with no number still counts as a casualty story
        (Facts(casualties=(killed(None),)), 1, ["council", "robot"]),
        # a background toll alone does not
        (Facts(casualties=(killed(9, historical=True),)), 1, ["robot", "council"]),
        # equal articles: more reactions first
        (Facts(reactions=(said("Paul Mercier"),)), 0, ["council", "robot"]),
        # all equal: the story whose first article came first
        (Facts(), 0, ["council", "robot"]),
    ],
)
def test_stories_are_ranked_by_importance(
    council_facts: Facts, robot_copies: int, expected: list[str]
) -> None:
    briefs = _story("council", COUNCIL, council_facts) + _story("robot", ROBOT, copies=robot_copies)
    digest = build_digest(briefs, DAY)
    assert [s.lead_brief_id for s in digest.stories] == expected
    assert [s.number for s in digest.stories] == [1, 2]


def test_the_days_numbers_add_up_over_stories() -> None:
    briefs = _story(
        "flood",
        FLOOD_WIRE,
        Facts(casualties=(killed(7), killed(40, status="wounded")), deployments=(sent(300),)),
    )
    briefs += _story(
        "council",
        COUNCIL,
        Facts(casualties=(killed(2),), deployments=(sent(100), sent(2, "warships"))),
    )
    briefs += _story("robot", ROBOT)
    digest = build_digest(briefs, DAY)
    assert digest.toll == Toll(killed=9, wounded=40)
    assert digest.deployed == (Deployed("troops", 400), Deployed("warships", 2))
    assert [s.lead_brief_id for s in digest.numbered_stories] == ["flood", "council"]


def test_a_brief_listed_twice_counts_once(day_briefs: list[Brief]) -> None:
    digest = build_digest([*day_briefs, day_briefs[0]], DAY)
    assert digest.article_count == 5


def test_an_empty_day_gives_an_empty_digest() -> None:
    digest = build_digest([], DAY)
    assert digest == Digest(day=DAY, stories=(), article_count=0, reactions=())
    assert digest.toll == Toll() and not digest.toll
    assert digest.to_dict()["story_count"] == 0


def test_the_digest_json(day_briefs: list[Brief]) -> None:
    data = build_digest(day_briefs, DAY).to_dict()
    assert data["schema"] == DIGEST_SCHEMA == "briefing.digest/1"
    assert data["date"] == "2020-01-03"
    assert (data["article_count"], data["story_count"]) == (5, 3)
    assert data["toll"] == {"killed": 7, "wounded": 40, "missing": 0, "captured": 0}
    story = data["stories"][0]
    assert set(story) == {
        "number", "headline", "brief_id", "summary", "sources", "toll", "deployed",
        "casualties", "deployments", "reactions",
    }  # fmt: skip
    assert story["sources"][0] == {
        "id": "flood-wire",
        "title": day_briefs[1].title,
        "source": "Wire",
        "published": None,
        "url": None,
        "author": None,
        "language": "en",
    }
    assert data["reactions"][0]["speaker"] == "Marc Laurent"


def test_the_digest_core_and_email_renderer_load_no_web_or_database_code() -> None:
    import subprocess
    import sys

    code = (
        "import sys, briefing.digest, briefing.render.mail, briefing.delivery;"
        "print(','.join(m for m in ('flask', 'sqlalchemy', 'werkzeug') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_story_without_a_headline_is_named_by_its_first_summary_sentence() -> None:
    brief = make_brief(ROBOT, "robot")
    untitled = replace(brief, article=replace(brief.article, title=" "))
    story = build_digest([untitled], DAY).stories[0]
    assert story.headline == brief.summary.sentences[0].text


def test_the_seeds_day_adds_only_the_events_own_facts(seed_text: str) -> None:
    """Hand-counted on the seed article: 3,500 troops of the 82nd Airborne sent; the 750
    troops sent earlier and the 4,500 Americans killed in Iraq since 2003 are background;
    Iraqi state television's "five Iraqis and two guests" is a toll of 7, as on the brief."""
    brief = build_brief(seed_text, id="seed")
    story = build_digest([brief], DAY).stories[0]
    assert story.deployed == (Deployed("troops", 3500),)
    assert story.toll.killed == 7  # one sentence's groups added; the 4,500 left out
    assert current_toll(brief.facts.casualties)["killed"] == 7  # the card counts alike
    # the background items are still listed, marked, for the reader
    assert [c.count for c in story.casualties if c.historical] == [4500]
    assert [d.count for d in story.deployments if d.earlier] == [750]


def test_a_standing_garrison_is_shown_but_not_added() -> None:
    garrison = replace(sent(28500), standing=True)
    story = build_digest(
        [make_brief(COUNCIL, "c", facts=Facts(deployments=(garrison, sent(900))))], DAY
    )
    assert story.stories[0].deployed == (Deployed("troops", 900),)
    assert [d.count for d in story.stories[0].deployments] == [28500, 900]


def test_reports_in_another_language_are_compared_by_that_languages_stems() -> None:
    from pathlib import Path

    from briefing.brief import build_brief
    from briefing.digest.grouping import text_features

    text = (Path(__file__).parent / "articles" / "fr-tempete.txt").read_text(encoding="utf-8")
    features = text_features("Tempête", text, "fr")
    assert {"pompi", "tempêt"} <= features.words and "pompiers" not in features.words
    # the same story re-edited (paragraphs reordered) is one story
    head, *paragraphs = text.split("\n\n")
    copy = "\n\n".join([head, *reversed(paragraphs)])
    day = dt.date(2024, 3, 5)
    digest = build_digest([build_brief(text), build_brief(copy, source="Autre")], day)
    assert len(digest.stories) == 1 and len(digest.stories[0].sources) == 2

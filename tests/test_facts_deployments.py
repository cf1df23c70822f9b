"""Deployments: count, asset, unit, origin, destination, and new versus earlier."""

from __future__ import annotations

import pytest

from briefing.facts import extract_facts
from briefing.ingest import read_article
from briefing.models import ArticleMeta, Deployment
from briefing.text import build_document


def deployments_of(text: str) -> tuple[Deployment, ...]:
    return extract_facts(
        build_document(read_article(text, meta=ArticleMeta(title="Test")))
    ).deployments


@pytest.mark.parametrize(
    ("text", "count", "asset"),
    [
        # digits and "sending"
        ("The president is sending 2,000 troops to the region.", 2000, "troops"),
        # a hedge and "additional"
        ("Officials will deploy about 300 additional soldiers.", 300, "troops"),
        # stationed forces count too
        ("The country has stationed more than 4,000 soldiers there.", 4000, "troops"),
        # ships
        ("The navy dispatched two warships to the strait.", 2, "ships"),
        # "an ... unit" is one unit
        ("The army will deploy an additional rocket artillery unit.", 1, "artillery"),
        # aircraft with no count
        ("The ministry authorized the use of attack helicopters.", None, "helicopters"),
        # a range has no single count
        ("They discussed sending between 3,000 and 5,000 troops.", None, "troops"),
        # the guide's classes: launchers and THAAD are artillery, carriers ships
        ("Seoul deployed the four remaining launchers on Thursday.", 4, "artillery"),
        ("The U.S. began the deployment of a missile defence system.", None, "artillery"),
        ("The Pentagon sent two carrier strike groups to the region.", 2, "ships"),
        # an aircraft carrier is a ship, not an aircraft
        ("The Navy sent three aircraft carrier strike groups to the region.", 3, "ships"),
        ("The army withdrew 40 tanks from the border.", 40, "armour"),
        ("Armoured vehicles were deployed outside parliament.", None, "armour"),
        # forces that stay, fly or are withdrawn
        ("Around 4,000 of its troops remain in the Sahel region.", 4000, "troops"),
        ("Two B-52 bombers flew over the peninsula on Monday.", 2, "aircraft"),
        ("Moscow agreed to deploy an observer force in Idlib.", None, "troops"),
        # a time before the asset is no count of it
        ("He said they deployed two weeks ago after soldiers burned his village.", None, "troops"),
        # forces set to guard, escort or patrol are deployed there
        ("The deliveries would now be guarded by soldiers.", None, "troops"),
        ("About 200 troops patrol the streets of the capital.", 200, "troops"),
        ("The tankers were escorted by two warships.", 2, "ships"),
        # aircraft flying raids or sorties (the sorties are not the count of planes)
        ("French war planes have carried out bombing raids in Syria.", None, "aircraft"),
        ("Israeli jets flew 40 sorties over Gaza.", None, "aircraft"),
        # every form of the verbs counts: "return", "keeping", "withdraws"
        ("The army wants to return soldiers to their barracks.", None, "troops"),
        ("He said keeping British troops in Iraq would cost more.", None, "troops"),
        ("Washington withdraws 2,000 troops from the region.", 2000, "troops"),
    ],
)
def test_deployments(text: str, count: int | None, asset: str) -> None:
    assert [(d.count, d.asset) for d in deployments_of(text)] == [(count, asset)]


@pytest.mark.parametrize(
    "text",
    [
        "The advisers will accompany Iraqi units of about 2,500 troops.",  # no deployment word
        "The grenade attack missed the French soldiers.",  # soldiers, but nobody is sent
        "He sent 40 letters to the council.",  # sent, but no forces
        "Police carried out raids on 20 homes.",  # police at home are no deployment
        "Wipe out enemy troops and move on to the next planet.",  # "move on" is figurative
    ],
)
def test_not_a_deployment(text: str) -> None:
    assert deployments_of(text) == ()


@pytest.mark.parametrize(
    ("text", "asset_text"),
    [
        (
            "The ministry authorized the use of Apache attack helicopters.",
            "Apache attack helicopters",
        ),
        ("The Pentagon sent two carrier strike groups to the region.", "carrier strike groups"),
        (
            "The Navy sent three aircraft carrier strike groups to the region.",
            "aircraft carrier strike groups",
        ),
        ("Two B-52 bombers flew over the peninsula on Monday.", "B-52 bombers"),
        ("The president is sending 2,000 more troops to the region.", "troops"),
    ],
)
def test_the_article_s_own_noun_is_kept(text: str, asset_text: str) -> None:
    (fact,) = deployments_of(text)
    assert fact.asset_text == asset_text


@pytest.mark.parametrize(
    ("text", "standing"),
    [
        ("The United States keeps 28,500 troops stationed in South Korea.", True),
        ("Around 4,000 of its troops remain in the Sahel region.", True),
        ("The president is sending 2,000 troops to the region.", False),  # a move
    ],
)
def test_standing_garrisons_are_marked(text: str, standing: bool) -> None:
    (fact,) = deployments_of(text)
    assert fact.standing is standing


def test_air_force_and_use_of_force_are_no_troops() -> None:
    text = "The Air Force deployed a new radar. They warned against the use of force sent abroad."
    assert [d.asset for d in deployments_of(text)] == []


def test_unit_origin_and_destination_from_the_next_sentence() -> None:
    text = (
        "The president is sending 1,200 troops to the Gulf.\n\n"
        "The additional troops from the 101st Airborne Division will be deployed "
        "from Fort Campbell, Kentucky."
    )
    (fact,) = deployments_of(text)
    assert (fact.count, fact.unit) == (1200, "101st Airborne Division")
    assert (fact.origin, fact.destination) == ("Fort Campbell, Kentucky", "Gulf")
    # the evidence covers both sentences and still matches the text
    assert fact.evidence.text.startswith("The president") and fact.evidence.text.endswith(
        "Kentucky."
    )


def test_earlier_deployment_is_marked() -> None:
    text = (
        "The president is sending 1,200 troops to the Gulf.\n\n"
        "Last week's attack prompted him to order about 600 troops deployed to Kuwait."
    )
    found = deployments_of(text)
    assert [(d.count, d.earlier) for d in found] == [(1200, False), (600, True)]
    assert found[1].destination == "Kuwait"


def test_unknowns_stay_none() -> None:
    (fact,) = deployments_of("The government will send 500 troops.")
    assert (fact.unit, fact.origin, fact.destination) == (None, None, None)


def test_two_deployments_in_one_sentence() -> None:
    text = (
        "The brigade of up to 4,000 soldiers will be deployed beside a separate "
        "deployment of 900 U.S. troops."
    )
    assert [(d.count, d.asset) for d in deployments_of(text)] == [(4000, "troops"), (900, "troops")]


def test_troops_far_from_the_deployment_word_are_not_sent() -> None:
    text = (
        "France has 4,000 troops deployed there, and there is a row with Mali over the "
        "deaths of 11 Malian troops held by militants."
    )
    assert [d.count for d in deployments_of(text)] == [4000]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the class is FACTS_GUIDE.md's, the article's noun goes to asset_text
        ("Washington sent two B-52 bombers over the peninsula.", (2, "aircraft", "B-52 bombers")),
        (
            "The Navy moved three carrier strike groups to the region.",
            (3, "ships", "carrier strike groups"),
        ),
        ("The army deployed 40 tanks near the border.", (40, "armour", "tanks")),
        ("Seoul deployed a THAAD battery last week.", (1, "artillery", "THAAD battery")),
        # moves beyond "send": withdrawn, kept, flights
        ("The Pentagon withdrew 1,000 troops from Syria.", (1000, "troops", "troops")),
        ("Russia kept 150 warplanes at the base.", (150, "aircraft", "warplanes")),
        # "forces" are troops (FACTS_GUIDE.md)
        ("Turkey sent 300 special forces into Idlib.", (300, "troops", "special forces")),
        ("France deployed 1,000 forces in Mali.", (1000, "troops", "forces")),
    ],
)
def test_asset_classes_and_nouns(text: str, expected: tuple[int, str, str]) -> None:
    assert [(d.count, d.asset, d.asset_text) for d in deployments_of(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "standing"),
    [
        # a garrison that is there already: shown, not added to the day's totals
        ("The United States stations 28,500 troops in South Korea.", True),
        ("About 2,000 U.S. troops are based in Syria.", True),
        ("Around 4,000 of its troops remain in the Sahel region.", True),
        # stationed as part of a move is the day's news
        ("The Pentagon is sending 500 troops to be stationed in Poland.", False),
        ("Officials will deploy about 300 additional soldiers.", False),
    ],
)
def test_standing_garrisons(text: str, standing: bool) -> None:
    assert [d.standing for d in deployments_of(text)] == [standing]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # "300-strong" is the count's, not the noun's; "force" says no more than troops
        ("Britain sent a 300-strong force to Mali.", "300 troops to Mali"),
        ("Britain sent 300 soldiers to Mali.", "300 troops to Mali"),
        # a noun that says more than the class is kept
        ("Britain sent 300 Royal Marines to Mali.", "300 troops (Royal Marines) to Mali"),
        ("The US sent two B-52 bombers to Guam.", "2 aircraft (B-52 bombers) to Guam"),
    ],
)
def test_the_brief_line_names_the_force_once(text: str, line: str) -> None:
    from briefing.facts.lines import deployment_line

    assert [deployment_line(d) for d in deployments_of(text)] == [line]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a change of troop levels by (or to) a number
        ("The act would increase active troop levels by more than 16,000.", [(16000, "troops")]),
        ("The plan would cut troop levels to 8,600 by next summer.", [(8600, "troops")]),
        # levels with no change, or a change of something else: none
        ("Troop levels in Iraq have been steady for a year.", []),
        ("The law would increase troop pay by 2.1 percent.", []),
    ],
)
def test_troop_levels(text: str, expected: list[tuple[int, str]]) -> None:
    assert [(d.count, d.asset) for d in deployments_of(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # forces said to be there, with no deployment word
        ("The coalition has special forces on the ground.", [(None, "troops", True)]),
        ("Two launchers are already in place at the site.", [(2, "artillery", True)]),
        # "on the ground" with no asset, or a place far from the asset: none
        ("Officials on the ground said the town was calm.", []),
    ],
)
def test_forces_in_place(text: str, expected: list[tuple[int | None, str, bool]]) -> None:
    assert [(d.count, d.asset, d.standing) for d in deployments_of(text)] == expected

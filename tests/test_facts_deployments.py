"""Deployments: rules over the clause reader, each proposing candidates for the judge.

A force is a noun group whose head is a force noun; the rules say in which shapes of English
it is deployed (sent, moved, flying, serving, present, after a deployment noun, an air
campaign, a change of troop levels, a defection). The sentences here are invented.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefing import build_brief
from briefing.digest import Deployed, build_digest
from briefing.facts import extract_facts
from briefing.facts.deployments import JUDGE, TRIGGERS, deployment_candidates, mentions_forces
from briefing.facts.reader import read_document, read_sentences
from briefing.ingest import read_article
from briefing.models import ArticleMeta, Deployment, Document
from briefing.text import build_document


def document_of(text: str) -> Document:
    return build_document(read_article(text, meta=ArticleMeta(title="Test")))


def deployments_of(text: str) -> tuple[Deployment, ...]:
    return extract_facts(document_of(text)).deployments


def found(text: str) -> list[tuple[int | None, str | None]]:
    return [(d.count, d.asset) for d in deployments_of(text)]


@pytest.mark.parametrize(
    ("text", "count", "asset"),
    [
        # sent: the object of a verb that sends, moves, keeps or withdraws forces
        ("The president is sending 2,000 troops to the region.", 2000, "troops"),
        ("Officials will deploy about 300 additional soldiers.", 300, "troops"),
        ("The navy dispatched two warships to the strait.", 2, "ships"),
        ("The army withdrew 40 tanks from the border.", 40, "armour"),
        ("Washington withdraws 2,000 troops from the region.", 2000, "troops"),
        ("The army wants to return soldiers to their barracks.", None, "troops"),
        ("He said keeping British troops in Iraq would cost more.", None, "troops"),
        ("Moscow agreed to deploy an observer force in Idlib.", None, "troops"),
        # ... or its subject in the passive or as a participle
        ("Armoured vehicles were deployed outside parliament.", None, "armour"),
        ("About 2,000 U.S. troops are based in Syria.", 2000, "troops"),
        # "an ... unit" is one unit; a range has no single count
        ("The army will deploy an additional rocket artillery unit.", 1, "artillery"),
        ("They discussed sending between 3,000 and 5,000 troops.", None, "troops"),
        # the guide's classes: launchers and THAAD are artillery, carrier strike groups ships
        ("Seoul deployed the four remaining launchers on Thursday.", 4, "artillery"),
        ("The U.S. began the deployment of a missile defence system.", None, "artillery"),
        ("The Pentagon sent two carrier strike groups to the region.", 2, "ships"),
        ("The Navy sent three aircraft carrier strike groups to the region.", 3, "ships"),
        # after a deployment noun, through "the use of"
        ("The ministry authorized the use of attack helicopters.", None, "helicopters"),
        ("The funds would support the deployment of 3,500 more troops.", 3500, "troops"),
        # moved, flying, serving
        ("Around 4,000 of its troops remain in the Sahel region.", 4000, "troops"),
        ("Two B-52 bombers flew over the peninsula on Monday.", 2, "aircraft"),
        ("About 200 troops patrol the streets of the capital.", 200, "troops"),
        ("French war planes have carried out bombing raids in Syria.", None, "aircraft"),
        ("Israeli jets flew 40 sorties over Gaza.", None, "aircraft"),
        ("The 500 Kenyan soldiers serving in Somalia are rotated.", 500, "troops"),
        # forces set to guard or escort
        ("The deliveries would now be guarded by soldiers.", None, "troops"),
        ("The tankers were escorted by two warships.", 2, "ships"),
        # a time is no count of the force
        ("Soldiers deployed two weeks ago to the border.", None, "troops"),
    ],
)
def test_a_force_in_a_deployment(text: str, count: int | None, asset: str) -> None:
    assert found(text) == [(count, asset)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # forces with no deployment verb, or the verb far from the count
        ("Two destroyers are in the area.", [(2, "ships")]),
        ("The coalition has special forces on the ground.", [(None, "troops")]),
        ("Two launchers are already in place at the site.", [(2, "artillery")]),
        ("The United States has THAAD interceptors in Guam.", [(None, "artillery")]),
        ("He oversaw attacks on U.S. and NATO troops in Afghanistan.", [(None, "troops")]),
        ("A rebel commander switched sides with 300 men on Monday.", [(300, "troops")]),
        # patrol flights by bombers
        ("Two Russian bombers flew patrol flights over the Sea of Japan.", [(2, "aircraft")]),
        ("Russian bombers carried out patrol flights near Alaska.", [(None, "aircraft")]),
        # a change of troop levels by (or to) a number
        ("The act would increase active troop levels by more than 16,000.", [(16000, "troops")]),
        ("The plan would cut troop levels to 8,600 by next summer.", [(8600, "troops")]),
        ("It includes an increase in troop levels by more than 16,000.", [(16000, "troops")]),
        ("Mugabe sent in army units, provoking an outcry.", [(None, "troops")]),
        # an army or a military of a named side
        ("The Soviet army withdrew from the country in 1989.", [(None, "troops")]),
        ("Kenyan security forces retaliated with an offensive.", [(None, "troops")]),
        ('"There is just cause to dispatch troops," the source said.', [(None, "troops")]),
        # an air campaign of a named side is aircraft with no count
        ("Canada began airstrikes against the group over Syria.", [(None, "aircraft")]),
        ("Saudi Arabia has launched more than 1,200 airstrikes.", [(None, "aircraft")]),
    ],
)
def test_forces_the_token_windows_missed(text: str, expected: list[tuple[int | None, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The advisers will accompany Iraqi units of about 2,500 troops.",  # nothing sends them
        "The grenade attack missed the French soldiers.",  # soldiers, but nobody is sent
        "He sent 40 letters to the council.",  # sent, but no forces
        "Police carried out raids on 20 homes.",  # police at home are no deployment
        "Wipe out enemy troops and move on to the next planet.",  # "move on" is figurative
        "Troop levels in Iraq have been steady for a year.",  # levels with no change
        "The law would increase troop pay by 2.1 percent.",  # a change of something else
        "Officials on the ground said the town was calm.",  # on the ground, no force
        "The drone strike came days after the attack.",  # one strike, nobody's
        "Ten people were killed by U.S. airstrikes in the district.",  # a toll's cause
        "There were no coalition air strikes there on Monday.",  # none
        "Two missiles struck the convoy.",  # fired, not sent
        "The wounded soldier was flown to a hospital.",  # a person, not a force
        "Other carriers followed suit, capping fares at $99.",  # airlines
        "The army will strike Iranian-backed forces in Iraq.",  # a target
        "The Navy did not send any ships to the strait.",  # negated
        "The army withdrew from the talks.",  # whose army?
        "Soldiers raided the village.",  # fighting, but whose soldiers?
    ],
)
def test_not_a_deployment(text: str) -> None:
    assert deployments_of(text) == ()


def test_air_force_and_use_of_force_are_no_troops() -> None:
    text = "The Air Force deployed a new radar. They warned against the use of force sent abroad."
    assert deployments_of(text) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the class is FACTS_GUIDE.md's, the article's noun goes to asset_text
        ("Washington sent two B-52 bombers over the peninsula.", (2, "aircraft", "B-52 bombers")),
        (
            "The Navy moved three carrier strike groups to the region.",
            (3, "ships", "carrier strike groups"),
        ),
        (
            "The Navy sent three aircraft carrier strike groups to the region.",
            (3, "ships", "aircraft carrier strike groups"),
        ),
        ("The army deployed 40 tanks near the border.", (40, "armour", "tanks")),
        ("Seoul deployed a THAAD battery last week.", (1, "artillery", "THAAD battery")),
        ("The Pentagon withdrew 1,000 troops from Syria.", (1000, "troops", "troops")),
        ("Russia kept 150 warplanes at the base.", (150, "aircraft", "warplanes")),
        ("Turkey sent 300 special forces into Idlib.", (300, "troops", "special forces")),
        ("France deployed 1,000 forces in Mali.", (1000, "troops", "forces")),
        (
            "The ministry authorized the use of Apache attack helicopters.",
            (None, "helicopters", "Apache attack helicopters"),
        ),
        ("The president is sending 2,000 more troops to the region.", (2000, "troops", "troops")),
        ("Britain sent a 300-strong force to Mali.", (300, "troops", "force")),
    ],
)
def test_asset_classes_and_nouns(text: str, expected: tuple[int, str, str]) -> None:
    assert [(d.count, d.asset, d.asset_text) for d in deployments_of(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "standing"),
    [
        # a force that is there already: shown, not added to the day's totals
        ("The United States stations 28,500 troops in South Korea.", True),
        ("The United States keeps 28,500 troops stationed in South Korea.", True),
        ("The 28,500 U.S. troops stationed in South Korea are on alert.", True),
        ("About 2,000 U.S. troops are based in Syria.", True),
        ("Around 4,000 of its troops remain in the Sahel region.", True),
        ("Two destroyers are in the area.", True),
        # stationed as part of a move is the day's news
        ("The Pentagon is sending 500 troops to be stationed in Poland.", False),
        ("Officials will deploy about 300 additional soldiers.", False),
        ("The president is sending 2,000 troops to the region.", False),
    ],
)
def test_standing_forces_are_marked(text: str, standing: bool) -> None:
    assert [d.standing for d in deployments_of(text)] == [standing]


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


def test_a_named_unit_and_a_ship_by_name() -> None:
    (division,) = deployments_of("The Pentagon deployed the 82nd Airborne Division to Kuwait.")
    assert (division.asset, division.unit, division.destination) == (
        "troops",
        "82nd Airborne Division",
        "Kuwait",
    )
    (ship,) = deployments_of("The Navy sent the USS Carl Vinson to the Persian Gulf.")
    assert (ship.count, ship.asset, ship.unit) == (1, "ships", "USS Carl Vinson")


def test_two_deployments_in_one_sentence() -> None:
    text = (
        "The brigade of up to 4,000 soldiers will be deployed beside a separate "
        "deployment of 900 U.S. troops."
    )
    assert found(text) == [(4000, "troops"), (900, "troops")]


def test_troops_far_from_the_deployment_verb_are_not_sent() -> None:
    text = (
        "France has 4,000 troops deployed there, and there is a row with Mali over the "
        "deaths of 11 Malian troops held by militants."
    )
    assert [d.count for d in deployments_of(text)] == [4000]


def test_uncounted_mentions_of_a_counted_force_are_one_deployment() -> None:
    text = (
        "Washington will deploy about 200 additional troops to Iraq.\n\n"
        "The United States will send more troops to Iraq, officials said.\n\n"
        "The troops will advise Iraqi units."
    )
    assert found(text) == [(200, "troops")]


def test_uncounted_forces_of_different_sentences_are_separate() -> None:
    text = (
        "Canadian jets struck a garrison in Syria.\n\n"
        "Canadian warplanes have conducted dozens of strikes in Iraq since November."
    )
    assert found(text) == [(None, "aircraft"), (None, "aircraft")]


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


def test_candidates_carry_the_rule_and_features_for_the_judge() -> None:
    text = (
        "The president is sending 1,200 troops to the Gulf.\n\n"
        "The additional troops will be deployed from Fort Campbell, Kentucky."
    )
    document = document_of(text)
    candidates = deployment_candidates(read_document(document), document.article.text)
    # no judge yet: the rules decide (JUDGE == ""), and the facts say "rule only"
    assert [c.judge for c in candidates] == [JUDGE, JUDGE] == ["", ""]
    assert [c.rule for c in candidates] == ["deployment.sent", "deployment.sent"]
    # the uncounted mention points back: it competes for the counted force's place
    first, second = candidates
    assert first.key == second.key
    assert first.features["counted"] == 1.0 and "counted" not in second.features
    assert second.features["anaphoric"] == 1.0 and second.features["repeat"] == 1.0
    assert first.features["trigger=send"] == 1.0 and second.features["passive"] == 1.0


def test_the_deployment_words_in_every_form() -> None:
    # the reactions' test for "a speaker reports a troop movement" reads these
    assert {"sent", "deploying", "withdrew", "stationed", "deployment"} <= set(TRIGGERS)
    assert "sends" in TRIGGERS and "letter" not in TRIGGERS


def test_standing_and_earlier_forces_stay_out_of_the_days_totals() -> None:
    text = (
        "The Pentagon is sending 900 troops to Poland, officials said on Monday.\n\n"
        "The United States stations 28,500 troops in South Korea.\n\n"
        "Last year's crisis prompted the president to order 750 troops deployed to Kuwait."
    )
    brief = build_brief(text, id="deployments")
    marks = [(d.count, d.standing, d.earlier) for d in brief.facts.deployments]
    assert marks == [(900, False, False), (28500, True, False), (750, False, True)]
    story = build_digest([brief], dt.date(2020, 1, 3)).stories[0]
    assert story.deployed == (Deployed("troops", 900),)


@pytest.mark.parametrize(
    ("sentence", "mentions"),
    [
        ("The Pentagon is sending 3,500 troops to Kuwait.", True),
        ("Two destroyers are in the area.", True),
        ("Saudi airstrikes resumed on Sunday.", True),  # "airstrikes": plural of a noun
        ("Four F-16s flew over the border.", True),  # an aircraft model
        ("The USS Carl Vinson left port.", True),
        ("Iran's military is present.", True),
        ("The minister said talks would resume on Monday.", False),
        ("Prices rose 3% in May.", False),
    ],
)
def test_a_sentence_is_read_for_forces_only_when_it_can_hold_one(
    sentence: str, mentions: bool
) -> None:
    assert mentions_forces(sentence) is mentions


def test_reading_only_the_sentences_that_mention_forces_changes_no_candidate() -> None:
    text = (
        "Talks stalled on Monday.\n\n"
        "The Pentagon said it would send 3,500 more troops from the 82nd Airborne Division "
        "to Kuwait.\n\n"
        'Officials said the move was "temporary". The additional troops will be deployed '
        "from Fort Bragg. Saudi airstrikes resumed, and two destroyers are in the area.\n\n"
        "Markets were calm."
    )
    document = document_of(text)
    everything = deployment_candidates(read_document(document), document.article.text)
    some = read_sentences(document, mentions_forces)
    assert len(some) < len(read_document(document))
    assert deployment_candidates(some, document.article.text) == everything
    assert len(everything) >= 4

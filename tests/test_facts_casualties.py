"""Casualties: counts, statuses, named victims, sums, background tolls, sources and merging."""

from __future__ import annotations

import pytest

from briefing.facts import extract_facts
from briefing.ingest import read_article
from briefing.models import ArticleMeta, Casualty, Document
from briefing.text import build_document


def document_of(text: str) -> Document:
    return build_document(read_article(text, meta=ArticleMeta(title="Test")))


def casualties_of(text: str) -> tuple[Casualty, ...]:
    return extract_facts(document_of(text)).casualties


@pytest.mark.parametrize(
    ("text", "count", "count_text", "status"),
    [
        # digits before a passive verb
        ("Officials said 13 civilians were killed in the raid.", 13, "13", "killed"),
        # a number word and "injured"
        ("Five police officers were injured in the blast.", 5, "Five", "wounded"),
        # an active verb with the victims as object
        ("The bomb killed more than 150 people on Monday.", 150, "more than 150", "killed"),
        # a bound
        ("At least 12 soldiers have died since the attack.", 12, "At least 12", "killed"),
        # "a dozen"
        ("The shelling wounded a dozen villagers.", 12, "a dozen", "wounded"),
        # a vague amount has no count, only words
        ("The militia has killed thousands of people.", None, "thousands", "killed"),
        # more status words: "perished", "known to have died", "found dead", bodies
        ("Nine passengers perished in the crash.", 9, "Nine", "killed"),
        ("Nearly 3,000 migrants are known to have died at sea.", 3000, "Nearly 3,000", "killed"),
        ("Four men were found dead near the border.", 4, "Four", "killed"),
        ("Rescuers have pulled 152 bodies from the rubble.", 152, "152", "killed"),
        ("Kenyan police shot dead two people on Friday.", 2, "two", "killed"),
        # the people "of" an event noun take its status
        ("They recalled the disappearance of 43 students in 2014.", 43, "43", "missing"),
        ("Soldiers killed two of them by breaking their necks.", 2, "two", "killed"),
        # missing and abducted
        ("Nine fishermen were missing after the storm.", 9, "Nine", "missing"),
        ("Gunmen abducted 20 students from the school.", 20, "20", "captured"),
        # "the deaths of"
        ("A row erupted over the deaths of 11 Malian troops.", 11, "11", "killed"),
        # one family member
        ("The militants had killed her son last year.", 1, "her son", "killed"),
        # "lost their lives"
        ("Twelve people lost their lives in the fire.", 12, "Twelve", "killed"),
        # a death toll a few words before its number
        (
            "The death toll from the quake has climbed to more than 300.",
            300,
            "more than 300",
            "killed",
        ),
        # one person, written with "a"
        ("A U.S. service member was killed in the east.", 1, "A", "killed"),
        # or with "the": a person the story has named by role ("gunman" ends in "man")
        ("The gunman was later found dead in his car.", 1, "The", "killed"),
        ("The driver was wounded by the blast.", 1, "The", "wounded"),
        # a hyphenated number word
        ("Twenty-one miners were killed in the collapse.", 21, "Twenty-one", "killed"),
    ],
)
def test_tolls(text: str, count: int | None, count_text: str | None, status: str | None) -> None:
    found = casualties_of(text)
    expected = [(count, count_text, status)] if count_text is not None else []
    assert [(c.count, c.count_text, c.status) for c in found] == expected


@pytest.mark.parametrize(
    ("text", "tolls"),
    [
        # separate groups stay separate (FACTS_GUIDE.md): two tolls, not one of 30
        (
            "Officials said 24 militants and six soldiers were killed.",
            [(24, "24 militants"), (6, "six soldiers")],
        ),
        (
            'State radio said that four soldiers and three "contractors" had been killed.',
            [(4, "four soldiers"), (3, "three contractors")],  # who drops the quotes
        ),
        # the second group may leave its noun to the first
        (
            "The blast killed five people from mainland China and two from Hong Kong.",
            [(5, "five people"), (2, "two from Hong Kong")],
        ),
        # a part named beside the whole is a toll of its own
        (
            "More than 700 people, including 130 soldiers, have been killed.",
            [(700, "More than 700 people"), (130, "130 soldiers")],
        ),
        (
            "A 2015 bombing killed 20 people, 14 of them foreign tourists.",
            [(20, "20 people"), (14, "14 foreign tourists")],
        ),
    ],
)
def test_groups_are_separate_tolls(text: str, tolls: list[tuple[int, str]]) -> None:
    found = casualties_of(text)
    assert [(c.count, f"{c.count_text} {c.who or ''}".strip()) for c in found] == tolls
    assert {c.status for c in found} == {"killed"}


def test_a_named_killer_is_no_victim() -> None:
    found = casualties_of("Dr. Harold Shipman was believed to have killed as many as 250 people.")
    assert [(c.count, c.who) for c in found] == [(250, "people")]


def test_left_dead_and_injured() -> None:
    # "left 9 dead and 20 injured": two statuses without a noun
    found = casualties_of("The attack left 9 dead and 20 injured.")
    assert [(c.count, c.status) for c in found] == [(9, "killed"), (20, "wounded")]


@pytest.mark.parametrize(
    "text",
    [
        "The government spent 500 million dollars on the project.",  # money is no toll
        "Voters elected 12 new members in 2019.",  # no casualty word
        "In 2016 the army was killed off as a political force.",  # a year is no count
        "Twenty-one miners were rescued on Sunday.",  # people, but no casualty word
        # a question of how many is no toll
        "It did not say how many bodies were uncovered.",
        # a claim in quotation marks is someone's words, not a reported toll
        'He wrote: "That man has killed thousands of Americans."',
        # an ordinal with no count before it, or one that counts something else
        "The party won a third term in office.",
        "The storm injured a second time the same town.",
        # "the soldiers" has no count; "the victim" tells again of someone counted
        "Gunmen killed the soldiers guarding the gate.",
    ],
)
def test_no_toll(text: str) -> None:
    assert casualties_of(text) == ()


def test_second_status_in_the_same_sentence() -> None:
    # "one killed and six wounded" gives two facts with the same evidence
    found = casualties_of("A spokesman said only one civilian had been killed and six wounded.")
    assert [(c.count, c.status) for c in found] == [(1, "killed"), (6, "wounded")]
    assert found[0].evidence == found[1].evidence


@pytest.mark.parametrize(
    ("text", "historical"),
    [
        ("More than 2,300 Americans have been killed since the war began in 2001.", True),
        ("Boko Haram has killed around 20,000 people since 2009.", True),
        ("Sanders pointed to the 4,500 American lives that have already been lost.", True),
        ("Three soldiers were killed on Saturday.", False),  # this event's toll
    ],
)
def test_background_tolls_are_marked(text: str, historical: bool) -> None:
    (fact,) = casualties_of(text)
    assert fact.historical is historical


def test_named_victims_are_merged_and_keep_the_plainest_evidence() -> None:
    text = (
        "Officials mourned General Omar Haddad's assassination on Friday.\n\n"
        "General Omar Haddad was killed by a drone at the airport.\n\n"
        "Haddad's killing was condemned abroad."
    )
    (fact,) = casualties_of(text)
    assert (fact.count, fact.status, fact.who) == (1, "killed", "General Omar Haddad")
    assert fact.evidence.text == "General Omar Haddad was killed by a drone at the airport."


def test_appositive_victim() -> None:
    text = "Karim Nasser, deputy head of the militia, the Northern Brigades, was also killed."
    (fact,) = casualties_of(text)
    assert (fact.who, fact.count) == ("Karim Nasser", 1)


def test_repeated_toll_is_one_fact() -> None:
    text = "Police said 13 people were killed.\n\nA council member said 13 people were killed."
    assert len(casualties_of(text)) == 1


def test_reporter_and_place() -> None:
    (fact,) = casualties_of("State television said 40 people were killed in Aleppo.")
    assert fact.reported_by == "State television"
    assert fact.where == "Aleppo"


def test_unknowns_stay_none() -> None:
    (fact,) = casualties_of("Two people were killed.")
    assert (fact.where, fact.reported_by) == (None, None)


def test_evidence_is_the_sentence() -> None:
    text = "The day was calm.\n\nThen a bomb killed 30 people near the market. Police came."
    document = document_of(text)
    (fact,) = extract_facts(document).casualties
    assert document.article.text[fact.evidence.start : fact.evidence.end] == fact.evidence.text
    assert fact.evidence.text == "Then a bomb killed 30 people near the market."


def test_a_list_of_single_victims_is_not_counted_one_by_one() -> None:
    # "a woman ... and a man were killed": the plural verb says it is a list, not one death
    text = "A Belgian woman, a tourist and a local man were killed in the attack."
    assert [c.count for c in casualties_of(text)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a group named inside a toll is an item of its own (FACTS_GUIDE.md: groups apart)
        (
            "More than 700 people, including 130 soldiers, have been killed since May.",
            [(700, "killed"), (130, "killed")],
        ),
        # bodies are deaths, counted before or after the noun
        ("Rescuers pulled 152 bodies from the rubble.", [(152, "killed")]),
        # "perished" is a verb of dying
        ("Officials said 12 passengers perished in the crash.", [(12, "killed")]),
        # "shot dead" takes its victims as object
        ("Police shot dead two protesters on Sunday.", [(2, "killed")]),
        # "and wounded a third": one more after the count
        (
            "Police shot dead two people and wounded a third when a crowd stormed the station.",
            [(2, "killed"), (1, "wounded")],
        ),
        (
            "Gunmen killed four guards and wounded a fifth, police said.",
            [(4, "killed"), (1, "wounded")],
        ),
        # one person with "the" after the verb, as with "his" or "her"
        ("She stabbed and wounded the driver of the car.", [(1, "wounded")]),
    ],
)
def test_news_wordings(text: str, expected: list[tuple[int, str]]) -> None:
    assert [(c.count, c.status) for c in casualties_of(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        # a count of bodies that are not people's remains
        "The agency oversees 12 bodies of water.",
        # a year before "bodies" is no count
        "In 2015 bodies were exhumed for a study.",
    ],
)
def test_bodies_that_are_no_toll(text: str) -> None:
    assert casualties_of(text) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an active verb, a role, then the victim's name: one named victim
        ("Militants shot and killed journalist Ahmed Ali in Mosul.", [("killed", "Ahmed Ali")]),
        ("Gunmen kidnapped the governor, Ali Musa, on Friday.", [("captured", "Ali Musa")]),
        (
            "The bombing wounded senior commander Abu Omar al-Shishani.",
            [("wounded", "Abu Omar al-Shishani")],
        ),
        # a preposition between: the name is no object of the verb
        (
            "Two soldiers were killed in Kandahar Province, Abdul Karim said.",
            [("killed", "soldiers")],
        ),
        ("He was killed by Islamic State fighters.", []),
        # the noun "killing" and the adjective "injured" name no victim
        (
            "Qasem Soleimani's killing follows the New Year's Eve attack.",
            [("killed", "Qasem Soleimani")],
        ),
        ("Stevens came in for the injured Phil Vickery.", []),
    ],
)
def test_a_named_victim_after_an_active_verb(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.status, c.who) for c in casualties_of(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # people who suffered, sustained or were treated for injuries are wounded
        ("Five people suffered serious injuries in the blast.", [(5, "wounded")]),
        ("Twelve soldiers sustained wounds in the fighting.", [(12, "wounded")]),
        ("Two people were treated for injuries.", [(2, "wounded")]),
        # no injuries, no people, or a share of people: no toll
        ("Two people had no injuries.", []),
        ("Ten companies suffered losses.", []),
        ("More than 30 percent of people who suffered injuries could have survived.", []),
        ("About 40% of the victims were killed by gunfire.", []),
    ],
)
def test_injuries_and_shares(text: str, expected: list[tuple[int, str]]) -> None:
    assert [(c.count, c.status) for c in casualties_of(text)] == expected


def test_the_victim_is_one_already_told() -> None:
    text = "Gunmen killed journalist Ahmed Ali in Mosul. The victim died at the scene."
    assert [(c.count, c.who) for c in casualties_of(text)] == [(1, "Ahmed Ali")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a violent verb "to death" is a killing, passive or active
        ("Two men were beaten to death by a mob on Sunday.", [(2, "killed", "men")]),
        ("A man was shot to death outside his home.", [(1, "killed", "man")]),
        ("He stabbed his wife to death before killing himself.", [(1, "killed", "his wife")]),
        # a death sentence, or a figure of speech, kills nobody
        ("Two men were sentenced to death on Monday.", []),
        ("Ten people were bored to death by the speech.", []),
    ],
)
def test_to_death(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert [(c.count, c.status, c.who) for c in casualties_of(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an attacker who took his own life is one of the dead
        ("The gunman later killed himself.", [(1, "gunman")]),
        ("Police said the man shot himself after the siege.", [(1, "man")]),
        (
            "Shigenaga Tomioka stabbed his wife to death before committing suicide.",
            [(1, "his wife"), (1, "Shigenaga Tomioka")],
        ),
        # no subject this rule can name, or a reporter, or a label: none
        ("He killed himself in 2004.", []),
        ("Factory were the label of Joy Division - who became New Order after it split.", []),
    ],
)
def test_took_own_life(text: str, expected: list[tuple[int, str]]) -> None:
    assert [(c.count, c.who) for c in casualties_of(text)] == expected

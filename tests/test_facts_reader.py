"""The clause reader: what a sentence reads as, the layer every fact kind's rules stand on."""

from __future__ import annotations

import pytest

from briefing.facts.reader import Reading, read_sentence
from briefing.facts.reader.words import number_value, read_words
from briefing.models import Sentence


def read(text: str) -> Reading:
    return read_sentence(Sentence(0, 0, len(text), text, 0), text)


def noun_groups(text: str) -> list[str]:
    reading = read(text)
    return [reading.text_of(g) for g in reading.groups if g.kind == "noun"]


def links(text: str) -> dict[str, tuple[list[str], list[str], bool]]:
    """verb -> (subject conjuncts, object conjuncts, passive)."""
    reading = read(text)
    return {
        reading.text_of(p.verb): (
            [reading.text_of(g) for g in p.subject],
            [reading.text_of(g) for g in p.objects],
            p.passive,
        )
        for p in reading.predications
    }


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("the attack", ["DET", "NOUN"]),
        ("they attack", ["PRON", "VERB"]),
        ("Iran's forces", ["PROPN", "PART", "NOUN"]),
        ("did n't", ["AUX", "NEG"]),
        (", killing 72 people", ["PUNCT", "VERB", "NUM", "NOUN"]),
        ("the shelling", ["DET", "NOUN"]),
        ("33,000 people die", ["NUM", "NOUN", "VERB"]),
        ("commander Abu al-Shishani", ["NOUN", "PROPN", "PROPN"]),
    ],
)
def test_words_get_a_part_of_speech_from_the_word_before(text: str, tags: list[str]) -> None:
    assert [word.tag for word in read_words(text)][: len(tags)] == tags


def test_superscripts_and_endless_figures_are_words_not_counts() -> None:
    # found by the property tests: "²" is a digit int() refuses
    words = read_words("an area of 40 km² and " + "9" * 5000 + " troops")
    assert [w.text for w in words][:6] == ["an", "area", "of", "40", "km", "²"]


def test_offsets_point_into_the_text() -> None:
    text = 'He said: "U.S. troops didn\'t leave."'
    for word in read_words(text, offset=100):
        assert text[word.start - 100 : word.end - 100] == word.text


@pytest.mark.parametrize(
    ("text", "value"),
    [("3,500", 3500), ("twelve", 12), ("Twenty-one", 21), ("forty-five", 45), ("many", None),
     ("²", None), ("9" * 5000, None)],
)  # fmt: skip
def test_number_values(text: str, value: int | None) -> None:
    assert number_value(text) == value


@pytest.mark.parametrize(
    ("text", "count", "count_text"),
    [
        ("At least 3,500 troops arrived.", 3500, "At least 3,500"),
        ("Two of the soldiers died.", 2, "Two"),
        ("The shelling wounded a dozen villagers.", 12, "a dozen"),
        ("A total of 5,961 civilians were killed.", 5961, "5,961"),
        ("More than 30 percent of people were hurt.", None, ""),
    ],
)
def test_noun_groups_carry_their_count(text: str, count: int | None, count_text: str) -> None:
    counted = [g for g in read(text).groups if g.kind == "noun" and g.count is not None]
    assert [(g.count, g.count_text) for g in counted] == ([(count, count_text)] if count else [])


def test_dozens_is_a_count_without_a_figure() -> None:
    (group,) = [g for g in read("Dozens of people were hurt.").groups if g.kind == "noun"]
    assert (group.vague, group.count, group.head.text) == (True, None, "people")


def test_a_plural_noun_ends_its_group() -> None:
    assert noun_groups("It wounded three civilians hours before dawn.")[1] == "three civilians"


def test_a_group_stops_before_a_time() -> None:
    assert noun_groups("They killed her son last year.")[1] == "her son"


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        # coordinated subjects of a passive verb
        (
            "Two soldiers and 12 police officers had been killed.",
            "had been killed",
            (["Two soldiers", "12 police officers"], [], True),
        ),
        # a list of victims as the object
        (
            "Gunmen killed the judge, her driver and two guards.",
            "killed",
            (["Gunmen"], ["the judge", "her driver", "two guards"], False),
        ),
        # a relative clause takes its antecedent as subject
        (
            "The attack, which killed 12 people, was condemned.",
            "killed",
            (["The attack"], ["12 people"], False),
        ),
        # the subject after a verb of saying
        ('"We will respond," said the governor.', "said", (["the governor"], [], False)),
        # words between subject and verb
        (
            "The envoy on state television said nothing.",
            "said",
            (["The envoy"], ["nothing"], False),
        ),
        # an apposition closed by a comma is skipped
        (
            "Ali Musa, the governor of Kirkuk, was killed.",
            "was killed",
            (["Ali Musa"], [], True),
        ),
        # a reduced relative: the noun before the participle is the subject of the main verb
        (
            "The 12 miners trapped in the mine were found dead.",
            "were found",
            (["The 12 miners"], [], True),
        ),
        # elliptic coordination: "and" shares the subject
        (
            "Kenyan forces moved in and killed four gunmen.",
            "killed",
            (["Kenyan forces"], ["four gunmen"], False),
        ),
        # a verb after "after" has its own subject
        (
            "He left after floods battered the north.",
            "battered",
            (["floods"], ["the north"], False),
        ),
        # "shot and killed": the first verb shares the second's object
        (
            "Militants shot and killed journalist Ahmed Ali.",
            "shot",
            (["Militants"], ["journalist Ahmed Ali"], False),
        ),
        # a participle chained to a passive ("reported killed") is passive too
        (
            "Six adults had been reported killed.",
            "killed",
            (["Six adults"], [], True),
        ),
    ],
)
def test_links(text: str, verb: str, expected: tuple[list[str], list[str], bool]) -> None:
    assert links(text)[verb] == expected


def test_predicate_adjective_and_negation() -> None:
    reading = read("The gunman was not found dead.")
    (predication,) = reading.predications
    assert (predication.predicate, predication.verb.negated) == ("dead", True)


def test_by_agent_and_complements() -> None:
    reading = read("Three were killed by a bomb in Kabul.")
    (predication,) = reading.predications
    assert [reading.text_of(g) for g in predication.agent] == ["a bomb"]
    assert [reading.text_of(g) for g in predication.complement("in")] == ["Kabul"]


def test_a_long_run_of_words_is_read_in_windows() -> None:
    text = " ".join(["word"] * 5000)
    reading = read(text)
    assert len(reading.words) == 5000
    assert reading.groups


def groups_of(sentence: str) -> list[tuple[str, str, int | None]]:
    reading = read(sentence)
    return [(group.kind, reading.text_of(group), group.count) for group in reading.groups]


def test_a_noun_or_verb_in_s_before_a_count_is_the_verb() -> None:
    # "stations" and "keeps" can be nouns, but no noun stands between a subject and a count
    for verb in ("stations", "keeps"):
        sentence = f"The United States {verb} 28,500 troops in South Korea."
        assert groups_of(sentence)[:3] == [
            ("noun", "The United States", None),
            ("verb", verb, None),
            ("noun", "28,500 troops", 28500),
        ]
    # a noun before a word that is no count stays a noun
    assert groups_of("The army stations were empty.")[0] == ("noun", "The army stations", None)


def test_a_strength_is_the_count_of_its_force() -> None:
    assert ("noun", "a 300-strong force", 300) in groups_of("Britain sent a 300-strong force.")
    assert ("noun", "the 7,000-strong force", 7000) in groups_of(
        "France said the 7,000-strong force was ready."
    )


def test_a_word_after_an_article_is_no_verb() -> None:
    # the lexicon knows "act" only as a verb; after "the" it is the noun
    assert groups_of("The act would increase troop levels by 16,000.")[:2] == [
        ("noun", "The act", None),
        ("verb", "would increase", None),
    ]


def test_more_between_a_count_and_its_noun() -> None:
    # "3,500 more troops" counts the troops; "3 more" alone stays the group
    groups = groups_of("They are sending 3,500 more troops and 3 more were wounded.")
    assert ("noun", "3,500 more troops", 3500) in groups
    assert ("noun", "3 more", 3) in groups
    assert ("noun", "Two other soldiers", 2) in groups_of("Two other soldiers were hurt.")


def test_a_sentence_may_end_on_a_count_and_of() -> None:
    # a window of MAX_WORDS_READ words can end anywhere: "... 300 of" reads, it does not crash
    assert groups_of("They counted 300 of")[-2:] == [("noun", "300", 300), ("mark", "of", None)]

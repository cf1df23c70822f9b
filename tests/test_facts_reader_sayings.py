"""The clause reader's links, as the fact rules rely on them (invented sentences)."""

from __future__ import annotations

from briefing.facts.reader import read_sentence
from briefing.models import Sentence


def _subject(text: str, verb: str) -> tuple[str, str]:
    """The subject of ``verb`` (its conjuncts joined by " + ") and how it was found."""
    reading = read_sentence(Sentence(0, 0, len(text), text, 0), text)
    predication = next(p for p in reading.predications if reading.text_of(p.verb) == verb)
    return " + ".join(reading.text_of(g) for g in predication.subject), predication.subject_by


def test_a_comma_closing_an_apposition_keeps_the_verb_of_saying_with_its_subject() -> None:
    assert _subject("Ali Musa, the regional governor, said the road was closed.", "said") == (
        "Ali Musa",
        "left",
    )
    assert _subject("Ana Lima, who met the envoy, said talks would go on.", "said") == (
        "Ana Lima",
        "relative",
    )


def test_a_noun_with_a_verb_of_its_own_after_said_is_what_was_said() -> None:
    assert _subject("The road will close, said the regional governor.", "said") == (
        "the regional governor",
        "after",
    )
    assert _subject("The minister arrived late and said the road was closed.", "said") == (
        "The minister",
        "shared",
    )


def test_an_opening_noun_is_the_subject_of_the_participle_and_verb_after_it() -> None:
    text = "Ana Lima, speaking to reporters, said the road was closed."
    assert _subject(text, "speaking") == ("Ana Lima", "shared")
    assert _subject(text, "said") == ("Ana Lima", "shared")


def test_a_comma_that_ends_what_was_said_still_puts_the_speaker_after_said() -> None:
    text = "We have pulled out many since the bombing campaign, said Ali Musa, a rescuer."
    assert _subject(text, "said") == ("Ali Musa", "after")


def test_a_pronoun_is_followed_by_its_own_verb_not_a_reduced_participle() -> None:
    text = "It would be best if he died before the verdict, his uncle Ali Musa told a reporter."
    assert _subject(text, "died") == ("he", "left")
    assert _subject(text, "told") == ("his uncle Ali Musa", "left")


def test_a_title_abbreviation_stays_with_the_name() -> None:
    text = "The road was closed, said Lt. Ana Lima of the state police."
    assert _subject(text, "said") == ("Lt. Ana Lima", "after")


def test_a_verb_after_a_comma_is_not_the_clause_a_participle_waits_for() -> None:
    text = "The prisoner died on the way, the prison bureau said."
    assert _subject(text, "died") == ("The prisoner", "left")
    assert _subject(text, "said") == ("the prison bureau", "left")
    assert _subject("The miners trapped in the mine were found dead.", "were found")[1] == (
        "reduced"
    )


def test_a_plural_that_modifies_the_noun_after_it_stays_in_its_group() -> None:
    assert _subject("Rights groups say the law is harsh.", "say") == ("Rights groups", "left")


def test_a_time_between_the_subject_and_its_verb_is_walked_over() -> None:
    assert _subject("Ana Lima earlier this month urged calm.", "urged") == ("Ana Lima", "left")
    assert _subject("Ana Lima, this week, said no.", "said") == ("Ana Lima", "left")


def test_a_verb_of_saying_is_not_a_reduced_participle() -> None:
    text = "Local officials said on Tuesday they will search the valley."
    assert _subject(text, "said") == ("Local officials", "left")
    text = "Ana Lima and Omar Tal agreed to form a commission."
    assert _subject(text, "agreed") == ("Ana Lima + Omar Tal", "left")


def test_a_list_of_subjects_with_commas_is_read_to_its_first_name() -> None:
    text = "Senators Ana Lima, Omar Tal, Ruth Vance and Carl Brandt told reporters it was wrong."
    assert _subject(text, "told") == (
        "Senators Ana Lima + Omar Tal + Ruth Vance + Carl Brandt",
        "left",
    )


def test_a_noun_and_verb_after_a_finished_clause_start_a_new_clause() -> None:
    text = "There are three ways in which this could end, local experts said."
    reading_subject = _subject(text, "said")
    assert reading_subject == ("local experts", "left")
    assert _subject("Ana Lima on Thursday accused the rebels.", "accused") == ("Ana Lima", "left")


def test_an_object_pronoun_after_said_or_told_is_never_its_subject() -> None:
    text = "The army chief met the envoy and told him the border was safe."
    assert _subject(text, "told") == ("The army chief", "shared")


def test_a_number_joined_to_words_by_hyphens_is_one_adjective() -> None:
    text = "Mona Saleh, a 40-year-old teacher, said the road was closed."
    reading = read_sentence(Sentence(0, 0, len(text), text, 0), text)
    assert [reading.text_of(g) for g in reading.groups if g.kind == "noun"][:2] == [
        "Mona Saleh",
        "a 40-year-old teacher",
    ]
    assert _subject(text, "said") == ("Mona Saleh", "left")


def test_a_verb_in_s_after_a_name_that_opens_the_clause_is_a_verb() -> None:
    assert _subject("Iran rejects the accusation.", "rejects") == ("Iran", "left")
    text = "The Iran talks ended."
    reading = read_sentence(Sentence(0, 0, len(text), text, 0), text)
    assert reading.text_of(reading.groups[0]) == "The Iran talks"


def test_a_comma_and_a_new_subject_with_its_verb_open_a_clause() -> None:
    text = "Ana Lima said the road was closed, and Omar Tal said it was open."
    reading = read_sentence(Sentence(0, 0, len(text), text, 0), text)
    said = [p for p in reading.predications if p.lemma == "say"]
    assert [reading.text_of(p.subject[0]) for p in said] == ["Ana Lima", "Omar Tal"]
    assert said[1].opener == ","


def test_index_and_quoted_answer_as_the_plain_definitions() -> None:
    text = 'Ana Lima said "the road is closed" and Omar Tal agreed.'
    reading = read_sentence(Sentence(0, 0, len(text), text, 0), text)
    assert [reading.index(g) for g in reading.groups] == list(range(len(reading.groups)))
    for offset in range(len(text)):
        assert reading.quoted(offset) == (text.count('"', 0, offset) % 2 == 1)


def test_a_count_and_of_at_the_end_of_the_words_read_is_no_error() -> None:
    from briefing.facts.reader.groups import read_groups
    from briefing.facts.reader.words import read_words

    groups = read_groups(read_words("Bueno scored. Seventeen of"))
    assert groups[-1].head.text in ("of", "Seventeen")


def test_a_superscript_digit_is_no_number() -> None:
    from briefing.facts.reader.words import number_value, read_words

    assert number_value("²") is None
    assert [w.tag for w in read_words("an area of 40 km²")][3] == "NUM"

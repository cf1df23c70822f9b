"""Reactions: speaker, role, quote, channel and stance; pronouns; quotes over paragraphs."""

from __future__ import annotations

import pytest

from briefing.facts import extract_facts
from briefing.ingest import read_article
from briefing.models import ArticleMeta, Reaction
from briefing.text import build_document


def reactions_of(text: str) -> tuple[Reaction, ...]:
    return extract_facts(
        build_document(read_article(text, meta=ArticleMeta(title="Test")))
    ).reactions


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        # title words before the name go to the role
        (
            "UK Foreign Secretary Jane Marlow has urged restraint.",
            "Jane Marlow",
            "UK Foreign Secretary",
        ),
        # an appositive role between commas
        (
            "Omid Rahimi, Iran's interior minister, has threatened revenge.",
            "Omid Rahimi",
            "Iran's interior minister",
        ),
        # the role first, the name as appositive
        (
            "Iran's interior minister, Omid Rahimi, described the raid as piracy.",
            "Omid Rahimi",
            "Iran's interior minister",
        ),
        # the name after the verb
        ("The city was quiet, said police spokesman Tariq Aziz.", "Tariq Aziz", "police spokesman"),
        # an institution
        ("The Pentagon said the strike was defensive.", "Pentagon", None),
        # a body named by its owner and a group noun
        ("The Moore campaign accused the paper of colluding.", "Moore campaign", None),
        # a name, its role and the verb with no comma before it
        (
            "Anna Berg, director of the Food Agency said stocks were low.",
            "Anna Berg",
            "director of the Food Agency",
        ),
        # a lower-case role before the name
        ("Former CIA officer Tom Hale said the plan was bold.", "Tom Hale", "Former CIA officer"),
        # occupations too, not only offices
        (
            "Baltimore businessman Sam Tarr said he backed the plan.",
            "Sam Tarr",
            "Baltimore businessman",
        ),
        ("Wales coach Mike Rudd says the team must improve.", "Mike Rudd", "Wales coach"),
        ("Chief executive Bill Gam said the firm was disappointed.", "Bill Gam", "Chief executive"),
        # "for" inside a body's name: one speaker, not "Migration"
        (
            "The International Organization for Migration said the sea was deadly.",
            "International Organization for Migration",
            None,
        ),
        # "the army" after a name is the subject, not the name's role
        (
            "In a post on the page of its chief, General Min Aung, the army said it was done.",
            "army",
            None,
        ),
        # boards, bureaus and authorities speak as bodies
        ("The election board has said the polls will go ahead.", "election board", None),
        (
            "The prisoner died on the way, the Philippine prison bureau said.",
            "Philippine prison bureau",
            None,
        ),
    ],
)
def test_speaker_and_role(text: str, speaker: str, role: str | None) -> None:
    (reaction,) = reactions_of(text)
    assert (reaction.speaker, reaction.role) == (speaker, role)


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Senator Ada Cole condemned the attack.", "condemn"),  # the verb says it
        ('General Ali Reza said "severe revenge awaits the criminals".', "threaten"),  # revenge
        ("Minister Paul Dane urged all sides to de-escalate.", "de-escalate"),  # de-escalate
        ("The Pentagon justified the strike.", "support"),  # justified
        ("Senator Ada Cole praised the decision.", "support"),  # praised
        ('Analyst Mia Lund said the strike was "a huge escalation".', "other"),  # no stance word
        ('Senator Ada Cole said it was "a reckless move".', "condemn"),  # reckless
    ],
)
def test_stance(text: str, stance: str) -> None:
    (reaction,) = reactions_of(text)
    assert reaction.stance == stance


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ('Senator Ada Cole tweeted: "A sad day."', "tweet"),
        ('Senator Ada Cole wrote on Twitter: "A sad day."', "tweet"),
        ('Senator Ada Cole said in a statement: "A sad day."', "statement"),
        ("The ministry said on state TV that the talks had failed.", "state TV"),
        ("Senator Ada Cole said the talks had failed.", None),  # no channel given
    ],
)
def test_channel(text: str, channel: str | None) -> None:
    assert reactions_of(text)[0].channel == channel


def test_pronoun_resolves_to_the_last_named_speaker() -> None:
    text = "House Speaker Ruth Vance said the raid was illegal.\n\nShe said it risked a war."
    found = reactions_of(text)
    assert [r.speaker for r in found] == ["Ruth Vance", "Ruth Vance"]


def test_pronoun_skips_a_speaker_of_the_other_gender() -> None:
    text = (
        "Senator Ruth Vance said the raid was illegal.\n\n"
        "She said it risked a war.\n\n"
        "Governor Carl Brandt said the raid was lawful.\n\n"
        "He said the troops acted in self-defence.\n\n"
        "She added that Congress must vote."
    )
    found = reactions_of(text)
    speakers = [r.speaker for r in found]
    assert speakers == ["Ruth Vance", "Ruth Vance", "Carl Brandt", "Carl Brandt", "Ruth Vance"]


def test_short_name_takes_the_full_name() -> None:
    text = "President Nora Falk condemned the raid.\n\nLater Falk threatened sanctions."
    assert [r.speaker for r in reactions_of(text)] == ["Nora Falk", "Nora Falk"]


def test_quote_over_several_paragraphs_is_one_reaction() -> None:
    text = (
        'Senator Ada Cole tweeted: "This is a dark day.\n\n'
        '"We must answer it.\n\n'
        '"Nobody will forget."\n\n'
        "The weather was fine."
    )
    document = build_document(read_article(text, meta=ArticleMeta(title="Test")))
    (reaction,) = extract_facts(document).reactions
    assert "We must answer it." in reaction.quote and "Nobody will forget." in reaction.quote
    evidence = reaction.evidence
    assert document.article.text[evidence.start : evidence.end] == evidence.text
    assert evidence.text.endswith('Nobody will forget."')


@pytest.mark.parametrize(
    "text",
    [
        "The weather was fine on Monday.",  # no reaction verb
        "Diplomats say the council could meet.",  # an unnamed group
        "A local official said 13 people were killed.",  # a toll reported, no reaction
        "Reuters reported that the talks had failed.",  # the press is not a party
        "Rights groups and fleeing Rohingya say the army burned villages.",  # a group
    ],
)
def test_no_reaction(text: str) -> None:
    assert reactions_of(text) == ()


def test_quote_lost_its_quotation_marks() -> None:
    # the source dropped the quotation marks; the words before the speaker are the quote
    text = "  We will rebuild every house in the valley,  Omar Said, the mayor of Kala, said."
    (reaction,) = reactions_of(text)
    assert reaction.speaker == "Omar Said"
    assert reaction.quote == "We will rebuild every house in the valley"


def test_the_minister_is_the_last_minister_quoted() -> None:
    text = (
        "Omid Rahimi, Iran's interior minister, has threatened revenge.\n\n"
        "The minister said the border would close."
    )
    assert [r.speaker for r in reactions_of(text)] == ["Omid Rahimi", "Omid Rahimi"]


def test_a_passer_by_is_a_witness_not_a_reaction() -> None:
    text = "Mona Saleh, a 40-year-old woman selling bread, said the shelling had stopped."
    assert reactions_of(text) == ()


def test_a_quotation_mark_never_closed_does_not_hide_the_rest() -> None:
    # the source opened a quotation and never closed it: after a few sentences the
    # reactions that follow are read again
    text = (
        'Senator Ada Cole said: "It is abhorrent. The law is clear. We will act. '
        "Nobody disagrees. The vote is set. Aid will follow. "
        "Minister Paul Dane condemned the decision."
    )
    assert [r.speaker for r in reactions_of(text)] == ["Ada Cole", "Paul Dane"]


def test_adverb_between_subject_and_verb() -> None:
    (reaction,) = reactions_of("Minister Paul Dane strongly defended the decision.")
    assert (reaction.speaker, reaction.stance) == ("Paul Dane", "support")


def test_verb_after_and_shares_the_opening_subject() -> None:
    text = "The army chief, General Omar Tal, met the envoy and told him the border was safe."
    (reaction,) = reactions_of(text)
    assert reaction.speaker == "Omar Tal"


def test_when_and_where_is_not_the_quote() -> None:
    # quotation marks lost: the words come before the speaker, "in an interview" is not them
    text = "  They should not blame us for their failures,  Asif said in an interview on Tuesday."
    (reaction,) = reactions_of(text)
    assert (reaction.quote, reaction.channel) == (
        "They should not blame us for their failures",
        "interview",
    )


def test_a_pronoun_before_a_quotation_keeps_the_quoted_words() -> None:
    # the words before "he tweeted" are the reporter's, the quotation is the speaker's
    text = (
        "President Donald Trump said the strike was justified.\n\n"
        'At just after 3pm today he tweeted again: "The United States has paid Iraq a lot. '
        'That is on top of all else we have done for them."'
    )
    (reaction,) = [r for r in reactions_of(text) if r.channel == "tweet"]
    assert reaction.speaker == "Donald Trump"
    assert reaction.quote.startswith("The United States has paid Iraq a lot.")
    assert "At just after 3pm" not in reaction.quote


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # an anonymous source with a stated role is a speaker ...
        ("A senior U.S. official said the talks would resume.", "senior U.S. official"),
        ("Two U.S. officials said the plan was on hold.", "U.S. officials"),
        ("The convoy was hit at dawn, said a Syrian military source.", "Syrian military source"),
        ("Rights groups say the law opens the door to abuses.", "Rights groups"),
        # the role after an article that does not start the sentence
        (
            "Only half the centres were built, a health ministry official said.",
            "health ministry official",
        ),
        # an institution speaks without a name or a role
        ("The suspect faces several charges, police said.", "police"),
        ("Investigators said the man had rented a room in the city.", "Investigators"),
        # inside "what ... say": the source of a characterisation
        ("The strikes are what U.S. officials say is a campaign of attrition.", "U.S. officials"),
        # ... also as the agent of a passive verb
        ("The move was praised by conservative activists.", "conservative activists"),
        ("The ban was condemned by rights groups.", "rights groups"),
        # the role after the noun: close to, familiar with, briefed on
        (
            "A source close to the investigation said the man was 40.",
            "source close to the investigation",
        ),
        ("Two people familiar with the plan said it was ready.", "people familiar with the plan"),
        (
            "A senior U.S. official briefed on the talks said they had stalled.",
            "senior U.S. official briefed on the talks",
        ),
        # a country's authorities are its government speaking
        ("Italian authorities said the boat had been locked.", "Italian authorities"),
        ("Her comment drew a rebuke from Chinese authorities.", "Chinese authorities"),
    ],
)
def test_anonymous_source_with_a_role(text: str, speaker: str) -> None:
    (reaction,) = reactions_of(text)
    assert reaction.speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Officials said the talks would resume.",  # a bare noun states no role
        "Two officials said the plan was on hold.",  # a number is no role either
        "Authorities said the road would reopen.",  # bare authorities: nobody named
        "People said the road would reopen.",  # people, with nothing that places them
        "One confirmed that the notice was issued.",  # "One" is a number, not a name
        "A Syrian military source said 13 soldiers were killed.",  # a bare toll source
        "U.S. officials said the troops would be deployed to the border.",  # a troop move
    ],
)
def test_not_an_anonymous_reaction(text: str) -> None:
    assert reactions_of(text) == ()


@pytest.mark.parametrize(
    ("text", "speaker", "stance"),
    [
        # a noun of reacting, then "from" (or "by") who reacted
        ("The decision drew praise from Israel.", "Israel", "support"),
        ("The decision drew sharp criticism from China.", "China", "condemn"),
        ("The deployment has drawn strong objections from China.", "China", "condemn"),
        ("The maid was executed despite protests from Jakarta.", "Jakarta", "condemn"),
        ("The remark drew a rebuke from Japan.", "Japan", "condemn"),
        ("The plan met a backlash from Brussels.", "Brussels", "condemn"),
    ],
)
def test_a_reaction_noun_names_who_reacted(text: str, speaker: str, stance: str) -> None:
    (reaction,) = reactions_of(text)
    assert (reaction.speaker, reaction.stance) == (speaker, stance)


@pytest.mark.parametrize(
    "text",
    [
        "The school was built with support from the European Union.",  # help, not a reaction
        "The plan drew attention from investors.",  # attention is no reaction
    ],
)
def test_other_nouns_before_from_are_no_reaction(text: str) -> None:
    assert reactions_of(text) == ()


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # the words said decide when the verb says nothing
        ("Senator Ada Cole said the raid was illegal.", "condemn"),
        ("Senator Ada Cole said the strikes must stop.", "condemn"),
        ("Minister Paul Dane said both sides should return to talks.", "de-escalate"),
        ("Minister Paul Dane said Iran will face serious consequences.", "threaten"),
        ("Minister Paul Dane said his country welcomed the deal.", "support"),
        # the cue that comes first wins: the welcome leads, the threat is its subject
        ("Senator Ada Cole said she welcomed the plan to counter the rogue regime.", "support"),
        # a denial is "other", whatever it denies
        ("Minister Paul Dane denied that the strike was illegal.", "other"),
        # "consequences are unknown" is no threat
        ("Minister Paul Dane said the consequences are unknown.", "other"),
    ],
)
def test_stance_from_the_words_said(text: str, stance: str) -> None:
    (reaction,) = reactions_of(text)
    assert reaction.stance == stance


@pytest.mark.parametrize(
    ("text", "quote", "paraphrase"),
    [
        # words in quotation marks are the speaker's own
        ('Senator Ada Cole said the raid was "a reckless move".', "a reckless move", False),
        # so are words in single quotation marks
        (
            "Minister Paul Dane taunted Iran saying it should have been 'stopped many years ago'.",
            "stopped many years ago",
            False,
        ),
        # without marks the reporter paraphrases: shown with the verb, flagged
        (
            "Minister Paul Dane blamed Iran for the protest at the embassy.",
            "blamed Iran for the protest at the embassy",
            True,
        ),
        # the source lost the marks (a doubled space where they were): a quotation
        (
            "  We will rebuild every house in the valley,  Omar Said, the mayor of Kala, said.",
            "We will rebuild every house in the valley",
            False,
        ),
    ],
)
def test_quote_or_paraphrase(text: str, quote: str, paraphrase: bool) -> None:
    (reaction,) = reactions_of(text)
    assert (reaction.quote, reaction.paraphrase) == (quote, paraphrase)


def test_a_brief_stored_before_paraphrases_were_flagged_reads_as_quotes() -> None:
    old = {
        "speaker": "Ada Cole",
        "role": None,
        "quote": "A sad day.",
        "stance": "other",
        "channel": None,
        "evidence": {"text": "A sad day.", "start": 0, "end": 10},
    }
    reaction = Reaction.from_dict(old)
    assert reaction.paraphrase is False
    assert Reaction.from_dict(reaction.to_dict()) == reaction


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # the name after the verb, for more verbs of saying than "said"
        (
            '"Healthcare will be the issue," predicted Molly Cane, a Democrat.',
            ["Molly Cane"],
        ),
        # a role word before the name: "his uncle", "Chombo's lawyer"
        ("His uncle Mile Dane told Reuters the general was not guilty.", ["Mile Dane"]),
        # a time between the subject and its verb
        ("Russia on Thursday accused the rebels of shelling the army.", ["Russia"]),
        ("Emmerson Dube earlier this month urged citizens to stay calm.", ["Emmerson Dube"]),
        # "but said" shares the subject that opens the sentence
        ("Ida Moss, 65, is a registered voter but said the party had let her down.", ["Ida Moss"]),
        # a person who opens a sentence is who a later "she said" means
        (
            "Julia Klug works for a rights group in Mexico City.\n\n"
            '"These guys are criminals," she said.',
            ["Julia Klug"],
        ),
    ],
)
def test_more_ways_to_name_the_speaker(text: str, speakers: list[str]) -> None:
    assert [r.speaker for r in reactions_of(text)] == speakers


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # people named together share the words, each one a reaction
        (
            "Jane Leeds, Ruth Crooks, and Sam Holvey said the claims deserved a hearing.",
            ["Jane Leeds", "Ruth Crooks", "Sam Holvey"],
        ),
        (
            "Senator John Kane and Representative Mac Thorn said in a joint statement "
            "that they welcomed the request.",
            ["John Kane", "Mac Thorn"],
        ),
        # a plural title goes to the role, not the first name
        ("Texas Senators Jon Kane and Ted Crum said the vote must wait.", ["Jon Kane", "Ted Crum"]),
        # bodies named together stay one voice, as the annotation keeps them
        ("China and Russia have proposed a freeze.", ["China and Russia"]),
        (
            "South Korea and the United States say it is a deterrent.",
            ["South Korea and the United States"],
        ),
        # "Both" opens the sentence, not the name
        (
            "Both Labour and the Conservatives have said they will act.",
            ["Labour and the Conservatives"],
        ),
    ],
)
def test_speakers_named_together(text: str, speakers: list[str]) -> None:
    assert [r.speaker for r in reactions_of(text)] == speakers


def test_a_described_source_keeps_its_description() -> None:
    # the description ends in a common noun: never read as a short form of a name
    text = (
        "The Natural Resource Damage Assessment was published on Monday. "
        "One official familiar with the assessment said the results were cherry-picked."
    )
    speakers = [r.speaker for r in reactions_of(text)]
    assert speakers == ["official familiar with the assessment"]

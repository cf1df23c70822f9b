"""The word lists the reaction rules read, loaded once from ``data/`` (a new word is one line).

Vocabulary (verbs of saying, stance cues, titles, roles, group and body nouns) lives in
the data files; the few closed grammatical classes (prepositions, auxiliaries, relative
pronouns) stay here, since they are part of how the rules read English, not word lists
that grow.
"""

from __future__ import annotations

from briefing.facts.lexicon import data_lines as shared_data_lines
from briefing.facts.tokens import word_set
from briefing.models import STANCES as STANCE_ORDER

#: the stances a data file may name: the contract's, listed once in ``models``
STANCES = frozenset(STANCE_ORDER)


def data_lines(name: str) -> list[str]:
    """The non-blank lines of this package's ``data/<name>``, without ``#`` comments."""
    return shared_data_lines(name, "briefing.facts.reactions")


def words_of(name: str) -> frozenset[str]:
    """A data file of one word a line, as a set."""
    return frozenset(data_lines(name))


def stances_of(name: str) -> dict[str, str | None]:
    """A data file of ``word [stance]`` lines: the stance each word implies, if any."""
    return parse_stances(data_lines(name), name)


def parse_stances(lines: list[str], name: str) -> dict[str, str | None]:
    """``word [stance]`` lines as a dict; a stance the guide does not know is an error."""
    result: dict[str, str | None] = {}
    for line in lines:
        word, _, stance = line.partition(" ")
        stance = stance.strip()
        if stance and stance not in STANCES:
            raise ValueError(f"data/{name}: unknown stance {stance!r} for {word!r}")
        result[word] = stance or None
    return result


def sections_of(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A data file of ``[stance]`` sections: each stance with its cues, in file order."""
    return parse_sections(data_lines(name), name)


def parse_sections(lines: list[str], name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``[stance]`` lines and the cue lines under each, in order."""
    sections: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("[") and line.endswith("]"):
            stance = line[1:-1]
            if stance not in STANCES:
                raise ValueError(f"data/{name}: unknown stance section {line}")
            sections.append((stance, []))
        elif sections:
            sections[-1][1].append(line)
        else:
            raise ValueError(f"data/{name}: cue {line!r} before any [stance] section")
    return tuple((stance, tuple(cues)) for stance, cues in sections)


def channels_of(name: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """A data file of ``cue words = channel`` lines, in file order."""
    result = []
    for line in data_lines(name):
        cue, _, channel = line.partition("=")
        result.append((tuple(cue.split()), channel.strip()))
    return tuple(result)


#: verbs of saying, with the stance the verb alone implies (None: the words decide)
REACTION_VERBS = stances_of("verbs.txt")
#: nouns that carry a reaction when "from" names who gave it: "drew praise from Israel"
AGENT_NOUNS = stances_of("agent_nouns.txt")
#: the words a reaction hangs on; a sentence with none of them is only read for names
VERB_WORDS = frozenset(REACTION_VERBS) | frozenset(AGENT_NOUNS)
STANCE_CUES = sections_of("stance_cues.txt")
TITLE_WORDS = words_of("titles.txt")
#: a role phrase reads like this: "the governor of Chahardara", "a spokesman for ..."
ROLE_HEADS = TITLE_WORDS | words_of("roles.txt")
GROUPS = words_of("groups.txt")
GROUP_NOUNS = words_of("group_nouns.txt")
BODY_WORDS = words_of("bodies.txt")
PRESS = words_of("press.txt")
PRIVATE_ROLES = words_of("private_roles.txt")
CHANNELS = channels_of("channels.txt")
#: nouns of anonymous sources and groups, and the words that state their role
SOURCES = words_of("sources.txt")
SOURCE_ROLES = words_of("source_roles.txt")
INSTITUTIONS = words_of("institutions.txt")

# Closed grammatical classes.
AUXILIARIES = word_set(
    """has have had also later then again would will quickly publicly repeatedly
    previously earlier first both only"""
)
ADDRESSEES = word_set("reporters journalists him her them us me lawmakers parliament")
PASSIVE = word_set("was were been is are be")
#: words that open when and where something was said, not what: "said in an interview"
CIRCUMSTANCES = word_set("in on at during after before late earlier later while via through")
RELATIVES = word_set("who which whose whom")
HONORIFICS = word_set("mr mrs ms dr miss")
#: a name after one of these is not the subject: "a unit run by Lebanon's Hezbollah said"
PREPOSITIONS = word_set(
    """in of by from for at with on to into about over against among between under via
    through per like toward towards near"""
)
#: lower-case words that may stand before a subject name
BEFORE_SUBJECT = word_set(
    """and but while as when so because although though that where after before since
    if then what"""
)
FINITE_VERBS = word_set("is are was were has have had will would can could said says did does")
SPOKESPEOPLE = word_set("spokesman spokeswoman spokesperson official spokesmen")
#: verbs a speaker's name may follow: '"...," said Talal Selo', '"...," predicted Molly Sheehan'
AFTER_VERBS = word_set("said says added wrote told predicted asked replied insisted argued")
#: words that count or pick out a source without stating its role: "two officials"
QUANTIFIERS = word_set(
    """one two three four five six seven eight nine ten several some many most few other
    another all both"""
)
#: a time between a subject and its verb: "Russia on Thursday accused", "this week said"
TIME_WORDS = word_set(
    """monday tuesday wednesday thursday friday saturday sunday week month year weekend
    morning evening night"""
)
TIME_OPENERS = word_set("on this last late early")
DETERMINERS = QUANTIFIERS | word_set("a an the")
TOLL_WORDS = word_set("killed dead wounded injured died")

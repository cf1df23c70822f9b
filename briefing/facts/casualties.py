"""Casualties: people killed, wounded, missing or captured, each with the sentence that says so.

Each rule is a small pure function ``(clause) -> list[Found]``; ``RULES`` collects them, so a
new way of writing a toll is one function and one line. Counts said inside quotation marks
are someone's claim ("he killed thousands of Americans"), not a reported toll, and are left
out; background tolls ("since 2009", "already lost") are kept and marked ``historical``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from briefing.facts.lexicon import word_list, word_table
from briefing.facts.numbers import Quantity, is_number_start, read_quantity
from briefing.facts.reactions.lexicon import ROLE_HEADS
from briefing.facts.tokens import Clause, Token
from briefing.models import Casualty

#: verb and noun forms news uses for each status, after the count: "13 were killed"
STATUS_WORDS = word_table("casualty_status_words.txt")
#: verbs that take the victims as object: "killed 150 people", "killing about 12 people"
ACTIVE_VERBS = word_table("casualty_verbs.txt")
#: nouns that name what happened to the people "of" them: "the deaths of 11 Malian troops"
EVENT_NOUNS = word_table("casualty_nouns.txt")
DEATH_NOUNS = frozenset(word for word, status in EVENT_NOUNS.items() if status == "killed")
AUXILIARIES = frozenset(
    {"was", "were", "is", "are", "been", "being", "be", "had", "has", "have", "also",
     "reportedly", "allegedly", "all", "later", "critically", "seriously", "badly",
     "fatally", "mortally", "lightly", "now", "since", "who", "previously", "reported",
     "confirmed", "found", "known", "believed", "feared", "thought"}
)  # fmt: skip
#: "known to have died", "feared to be dead": "to" joins these to the status word
TO_AFTER = frozenset({"known", "believed", "feared", "thought", "reported", "confirmed"})
#: people the count refers to; a sentence counting dollars or districts is no toll
PEOPLE_NOUNS = word_list("people_nouns.txt")
#: family words: "Islamic State had killed her son" is one death
KIN = word_list("kin_nouns.txt")
#: cues that a toll is background or cumulative, not this event's
HISTORICAL_CUES = (
    ("since", "the", "war"),
    ("since", "the", "start"),
    ("since", "the", "beginning"),
    ("to", "date"),
    ("already",),
    ("so", "far"),
    ("in", "total"),
    ("over", "the", "past"),
    ("over", "the", "last"),
    ("over", "an", "extended", "period"),
    ("over", "the", "years"),
)
SPEECH_VERBS = frozenset({"said", "says", "say", "reported", "told", "according"})
SUBJECT_STOPS = frozenset({"but", "however", "and", "while", "although", "though"})
WHERE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "across"})


@dataclass(frozen=True)
class Found:
    """A toll read by one rule, before merging."""

    count: int | None
    count_text: str
    status: str
    who: str | None
    start: int  # offset of the count (or name) in the text, for ordering
    #: token index of the count, for the historical / reporter cues
    at: int
    #: a named victim's surname, used to merge repeated mentions of one death
    victim: str | None = None
    #: lower is better evidence: an explicit "was killed" beats "his assassination"
    strength: int = 0


Rule = Callable[[Clause], list["Found"]]


def _skip_auxiliaries(tokens: tuple[Token, ...], i: int) -> int:
    while i < len(tokens) and (
        tokens[i].lower in AUXILIARIES
        or (tokens[i].lower == "to" and i > 0 and tokens[i - 1].lower in TO_AFTER)
    ):
        i += 1
    return i


def _noun_phrase(tokens: tuple[Token, ...], i: int, limit: int = 6) -> int:
    """Index after the noun phrase that follows a count ("U.S. soldiers", "of these men")."""
    j = i
    while j < len(tokens) and j - i < limit:
        token = tokens[j]
        if token.text == '"' and j + 1 < len(tokens) and tokens[j + 1].is_word:
            j += 1
            continue
        if not token.is_word or token.lower in AUXILIARIES or token.lower in STATUS_WORDS:
            break
        if token.lower in {"and", "or", "who", "that", "when", "in", "on", "at", "by"}:
            break
        j += 1
        if _is_people(token.lower) and not (j < len(tokens) and _is_people(tokens[j].lower)):
            break  # "three civilians hours before ...": the phrase ends at its noun
    if j < len(tokens) and tokens[j].text == '"':
        j += 1
    return j


def _not_a_headcount(quantity: Quantity, tokens: tuple[Token, ...]) -> bool:
    """A year ("in 2014") or a share ("30 percent of people"): a number, not people."""
    text = tokens[quantity.last - 1].text
    if text.isdigit() and len(text) == 4 and text[:2] in {"19", "20"}:
        return True
    following = tokens[quantity.last].lower if quantity.last < len(tokens) else ""
    return following in SHARE_WORDS or text.endswith("%")


#: what makes a number a share of people rather than a count of them
SHARE_WORDS = frozenset({"percent", "per", "%", "pct", "percentage"})


def _is_people(word: str) -> bool:
    """ "civilians", "policemen", "fishermen", "the gunman": a noun for people."""
    return word in PEOPLE_NOUNS or (word.endswith(("men", "man")) and len(word) > 5)


def _people(clause: Clause, first: int, last: int) -> bool:
    return any(_is_people(t.lower) for t in clause.tokens[first:last])


@dataclass(frozen=True)
class Group:
    """One counted group of people: "24 militants" in "24 militants and six soldiers"."""

    quantity: Quantity
    end: int  # token index after the group's noun phrase


#: words that may stand between a group and the next one: "five people from mainland China
#: and two from Hong Kong"
_GROUP_BRIDGE = frozenset({"from", "in", "of", "at"})


def _group_at(clause: Clause, i: int, elliptic: bool = False) -> Group | None:
    """The count at ``i`` and its noun phrase; ``elliptic`` allows "two from Hong Kong"."""
    tokens = clause.tokens
    quantity = read_quantity(tokens, i)
    if quantity is None or _not_a_headcount(quantity, tokens):
        return None
    end = _noun_phrase(tokens, quantity.last)
    if end == quantity.last and elliptic:
        if not (end < len(tokens) and tokens[end].lower in _GROUP_BRIDGE):
            return None
        end = _bridge_end(tokens, end)
    return Group(quantity, end)


def _bridge_end(tokens: tuple[Token, ...], k: int) -> int:
    """Index after a short place phrase: "from mainland China", "of them"."""
    j = k + 1
    while j < len(tokens) and j - k <= 4 and tokens[j].is_word and tokens[j].lower != "and":
        if tokens[j].lower in STATUS_WORDS or tokens[j].lower in ACTIVE_VERBS:
            break
        j += 1
    return j


def _groups(clause: Clause, i: int) -> list[Group]:
    """The counted groups from ``i`` on, each its own toll as the annotation guide asks.

    "24 militants and six soldiers" is two groups; so are the part and the whole of "20
    people, 14 of them foreign tourists" and "700 people, including 130 soldiers".
    """
    tokens = clause.tokens
    first = _group_at(clause, i)
    if first is None:
        return []
    groups = [first]
    last = first
    while len(groups) < 4 and last.end > last.quantity.last:
        k = last.end
        if k < len(tokens) and tokens[k].lower in _GROUP_BRIDGE:
            k = _bridge_end(tokens, k)
        if k + 1 < len(tokens) and tokens[k].lower == "and" and is_number_start(tokens[k + 1]):
            following = _group_at(clause, k + 1, elliptic=True)
        elif (
            k + 2 < len(tokens)
            and tokens[k].text == ","
            and tokens[k + 1].lower == "including"
            and is_number_start(tokens[k + 2])
        ):
            following = _group_at(clause, k + 2)
        elif (
            k + 3 < len(tokens)
            and tokens[k].text == ","
            and is_number_start(tokens[k + 1])
            and tokens[k + 2].lower == "of"
            and tokens[k + 3].lower == "them"
        ):
            part = read_quantity(tokens, k + 1)
            following = None
            if part is not None and part.last == k + 2:
                # "14 of them foreign tourists": the part's people follow "of them"
                following = Group(part, _noun_phrase(tokens, k + 4))
        else:
            break
        if following is None or following.end == following.quantity.last:
            break
        groups.append(following)
        last = following
    return groups


def count_before_status(clause: Clause) -> list[Found]:
    """ "13 civilians were killed", "24 militants and six soldiers had been killed"."""
    if (
        clause.words.isdisjoint(STATUS_WORDS)
        and clause.words.isdisjoint({"lost", "bodies", "death"})
        and clause.words.isdisjoint(INJURY_NOUNS)
    ):
        return []  # every toll below needs a status word, "lost their lives", "bodies", wounds
    tokens = clause.tokens
    found: list[Found] = []
    i = 0
    while i < len(tokens):
        if not is_number_start(tokens[i]):
            i += 1
            continue
        groups = _groups(clause, i)
        if not groups or (i > 0 and tokens[i - 1].lower == "how"):
            i += 1  # "did not say how many bodies were found" gives no toll
            continue
        tolls, i = _tolls_of_groups(clause, i, groups)
        found += tolls
    return found


def _tolls_of_groups(clause: Clause, i: int, groups: list[Group]) -> tuple[list[Found], int]:
    """The tolls of the counted groups starting at token ``i`` and where reading goes on."""
    tokens = clause.tokens
    quantity, end = groups[0].quantity, groups[-1].end
    # "700 people, including 130 soldiers, have been killed": the aside's closing comma
    after = end + 1 if len(groups) > 1 and end < len(tokens) and tokens[end].text == "," else end
    j = _skip_auxiliaries(tokens, after)
    if _lost_their_lives(tokens, j) and end > quantity.last:
        return _found_groups(clause, groups, "killed"), j + 3
    injuries = _suffered_injuries(tokens, j)
    if injuries and end > quantity.last and _people(clause, quantity.last, end):
        return _found_groups(clause, groups, "wounded"), injuries  # "five people had wounds"
    # "12 bodies of water" are no people
    of_things = (
        end + 1 < len(tokens)
        and tokens[end].lower == "of"
        and not _people(clause, end + 1, _noun_phrase(tokens, end + 1))
    )
    if end > quantity.last and tokens[end - 1].lower == "bodies" and not of_things:
        return _found_groups(clause, groups, "killed"), end  # "pulled 152 bodies"
    left = quantity.first > 0 and tokens[quantity.first - 1].lower in {"left", "leaving", "leaves"}
    status = _status_at(tokens, j)
    if status is not None and (end > quantity.last or j > end or left):
        if end > quantity.last and not _people(clause, quantity.last, end):
            return [], end
        if tokens[j].lower == "lives" and not _lost_after(tokens, j):
            return [], end
        return _found_groups(clause, groups, status) + _conjoined(clause, j + 1), j + 1
    return [], max(end, i + 1)


def _found_groups(clause: Clause, groups: list[Group], status: str) -> list[Found]:
    """One toll per counted group; a vague count ("dozens") has no number."""
    return [
        _found(
            clause,
            group.quantity,
            group.end,
            None if group.quantity.vague else group.quantity.value,
            status,
        )
        for group in groups
    ]


def _lost_their_lives(tokens: tuple[Token, ...], j: int) -> bool:
    """ "twelve people lost their lives"."""
    return (
        j + 2 < len(tokens)
        and tokens[j].lower == "lost"
        and tokens[j + 1].lower in {"their", "his", "her"}
        and tokens[j + 2].lower in {"lives", "life"}
    )


def _status_at(tokens: tuple[Token, ...], j: int) -> str | None:
    """The status said at ``j``: a status word, or a violent verb "to death" (killed)."""
    if j >= len(tokens):
        return None
    word = tokens[j].lower
    if word in STATUS_WORDS:
        return STATUS_WORDS[word]
    if _violent_verb(word) and _to_death(tokens, j + 1):
        return "killed"  # "were beaten to death", "was stabbed to death"
    return None


def _violent_verb(word: str) -> bool:
    """A past form that "to death" can follow: "stabbed", "beaten", "shot", "burnt"."""
    if word in NOT_A_DEATH:
        return False
    return word.endswith(("ed", "en")) or word in {"shot", "beat", "struck", "burnt", "hit"}


#: "... to death" that kills nobody: a sentence passed, or a figure of speech
NOT_A_DEATH = frozenset(
    {"sentenced", "condemned", "bored", "scared", "frightened", "worried", "tickled",
     "loved", "talked", "annoyed", "terrified"}
)  # fmt: skip


def _to_death(tokens: tuple[Token, ...], k: int) -> bool:
    return k + 1 < len(tokens) and tokens[k].lower == "to" and tokens[k + 1].lower == "death"


#: "suffered serious injuries", "had gunshot wounds", "were treated for burns"
INJURY_VERBS = frozenset({"suffered", "sustained", "had", "received", "treated"})
INJURY_NOUNS = frozenset({"injuries", "injury", "wounds", "wound", "burns"})


def _suffered_injuries(tokens: tuple[Token, ...], j: int) -> int | None:
    """Where "suffered (serious) injuries" after a count ends, if it is there at ``j``."""
    if j >= len(tokens) or tokens[j].lower not in INJURY_VERBS:
        return None
    k = j + 1
    if tokens[j].lower == "treated":
        if k >= len(tokens) or tokens[k].lower != "for":
            return None
        k += 1
    for _ in range(3):  # "minor", "life-threatening gunshot": a few words before the noun
        if k >= len(tokens):
            return None
        if tokens[k].lower in INJURY_NOUNS:
            return k + 1
        if not tokens[k].is_word or tokens[k].lower in {"no", "not", "any", "the", "his", "her"}:
            return None  # "had no injuries", "suffered the loss"
        k += 1
    return None


def _lost_after(tokens: tuple[Token, ...], j: int) -> bool:
    """ "4,500 American lives that have already been lost"."""
    return any(t.lower in {"lost", "claimed"} for t in tokens[j + 1 : j + 8])


def _conjoined(clause: Clause, i: int) -> list[Found]:
    """ "... killed and six wounded", "killed two people and injured two"."""
    tokens = clause.tokens
    found: list[Found] = []
    if i < len(tokens) and tokens[i].lower in {"and", "while"}:
        j = i + 1
        if j < len(tokens) and tokens[j].lower in ACTIVE_VERBS:
            status = ACTIVE_VERBS[tokens[j].lower]
            quantity = read_quantity(tokens, j + 1) if j + 1 < len(tokens) else None
            if quantity is not None and not _not_a_headcount(quantity, tokens):
                end = _noun_phrase(tokens, quantity.last)
                found.append(_found(clause, quantity, end, quantity.value, status))
        elif j < len(tokens) and is_number_start(tokens[j]):
            quantity = read_quantity(tokens, j)
            if quantity is not None and not _not_a_headcount(quantity, tokens):
                k = _skip_auxiliaries(tokens, quantity.last)
                if k < len(tokens) and tokens[k].lower in STATUS_WORDS:
                    status = STATUS_WORDS[tokens[k].lower]
                    found.append(_found(clause, quantity, quantity.last, quantity.value, status))
    return found


def status_before_count(clause: Clause) -> list[Found]:
    """ "killed more than 150 people", "shot dead two", "the disappearance of 43 students"."""
    tokens = clause.tokens
    found: list[Found] = []
    for i, token in enumerate(tokens):
        word = token.lower
        if word in ACTIVE_VERBS:
            status = ACTIVE_VERBS[word]
            j = i + 1
        elif word == "dead" and i > 0 and tokens[i - 1].lower == "shot":
            status, j = "killed", i + 1  # "police shot dead two people"
        elif word in EVENT_NOUNS and i + 2 < len(tokens) and tokens[i + 1].lower == "of":
            status, j = EVENT_NOUNS[word], i + 2
        elif word == "toll":
            # "the death toll rose to 40": the count follows within a few words
            status = "killed"
            j = i + 1
            while (
                j < len(tokens)
                and j - i <= 8
                and tokens[j].is_word
                and not is_number_start(tokens[j])
            ):
                j += 1
        else:
            continue
        if j >= len(tokens) or not is_number_start(tokens[j]):
            continue
        groups = _groups(clause, j)
        if not groups:
            continue
        head = groups[0]
        if head.quantity.vague and head.end < len(tokens) and tokens[head.end].lower == "of":
            # "dozens of civilians"
            groups[0] = head = Group(head.quantity, _noun_phrase(tokens, head.end + 1))
        if not _people(clause, head.quantity.last, head.end) and word != "toll":
            continue
        found += _found_groups(clause, groups, status)
        found += _conjoined(clause, groups[-1].end)
    return found


SINGLE_NAME = 2
#: nouns that, after "the", point back to someone already counted
ANAPHORIC_NOUNS = frozenset({"victim", "person", "body", "casualty"})


def one_person(clause: Clause) -> list[Found]:
    """ "A U.S. service member was killed", "another soldier died": one death."""
    tokens = clause.tokens
    found: list[Found] = []
    for i, token in enumerate(tokens[:-2]):
        if token.lower not in {"a", "an", "another", "the"}:
            continue  # "one soldier" is a count, read by count_before_status
        end = _noun_phrase(tokens, i + 1, limit=4)
        noun = tokens[end - 1].lower
        if end == i + 1 or not _is_people(noun) or noun.endswith("s"):
            continue
        if token.lower == "the" and noun in ANAPHORIC_NOUNS:
            continue  # "the victim died": a death the article has already told
        j = _skip_auxiliaries(tokens, end)
        status = _status_at(tokens, j)
        if status is None or j == end:
            continue
        # "a Belgian woman, a New Yorker and a New Jersey man were killed" is a list
        if tokens[j].lower in {"held", "lives"} or "were" in {t.lower for t in tokens[end:j]}:
            continue
        if clause.quoted and clause.quoted[i]:
            continue
        who = clause.span(i + 1, end)
        found.append(Found(1, clause.span(i, i + 1), status, who, token.start, i))
    return found


def relatives(clause: Clause) -> list[Found]:
    """ "Islamic State had killed her son", "killed his father and a passenger"."""
    tokens = clause.tokens
    found: list[Found] = []
    for i, token in enumerate(tokens[:-2]):
        if token.lower not in ACTIVE_VERBS and not _violent_verb(token.lower):
            continue
        j = i + 1
        if _one_more(tokens, i):
            status = ACTIVE_VERBS.get(token.lower)
            if status is not None:
                text = clause.span(i + 1, i + 3)
                found.append(Found(1, text, status, None, tokens[i + 1].start, i + 1))
                continue
        count = 0
        while j + 1 < len(tokens) and count < 5:
            if tokens[j].lower in {"his", "her", "their", "a", "an", "the"} and (
                tokens[j + 1].lower in KIN or tokens[j + 1].lower in PEOPLE_NOUNS
            ):
                if tokens[j].lower in {"a", "an"} and count == 0:
                    break  # "killed a man" alone is too weak to report
                if tokens[j].lower == "the" and (
                    tokens[j + 1].lower in ANAPHORIC_NOUNS or tokens[j + 1].lower.endswith("s")
                ):
                    break  # "killed the victim" tells again; "the soldiers" has no count
                count += 1
                j += 2
                if j < len(tokens) and tokens[j].lower == "and":
                    j += 1
                    continue
            break
        if count:
            end = j - 1 if tokens[j - 1].lower == "and" else j
            status = ACTIVE_VERBS.get(token.lower)
            if status is None:  # "stabbed his wife to death"
                if not _to_death(tokens, end):
                    continue
                status = "killed"
            text = clause.span(i + 1, end)
            found.append(Found(count, text, status, text, tokens[i + 1].start, i + 1))
    return found


#: "killed two people and wounded a third": one more person than the count before
ORDINALS = frozenset({"second", "third", "fourth", "fifth", "sixth"})
#: the words that may follow such an ordinal: "a third when ...", "a third, police said"
AFTER_ORDINAL = frozenset({"when", "as", "and", "in", "on", "at", "during", "while", "before"})


def _one_more(tokens: tuple[Token, ...], i: int) -> bool:
    """Whether the verb at ``i`` takes "a third" (and the like) after a count before it."""
    k = i + 3
    return (
        k <= len(tokens)
        and tokens[i + 1].lower == "a"
        and tokens[i + 2].lower in ORDINALS
        and (k == len(tokens) or not tokens[k].is_word or tokens[k].lower in AFTER_ORDINAL)
        and any(is_number_start(t) for t in tokens[:i])
    )


def named_victim(clause: Clause) -> list[Found]:
    """ "Abu Mahdi al-Muhandis, deputy head of ..., was also killed", "Soleimani's killing"."""
    tokens = clause.tokens
    found: list[Found] = []
    runs = list(clause.runs.items())
    for first, last in runs:
        name_tokens = tokens[first:last]
        if not _is_person_name(name_tokens):
            continue
        read = _name_status(tokens, first, last)
        if read is None or (clause.quoted and clause.quoted[first]):
            continue
        status, strength = read
        who = clause.span(first, last)
        who = who[:-2] if who.endswith(("'s", "\u2019s")) else who
        surname = tokens[last - 1].lower.removesuffix("'s")
        if len([t for t in name_tokens if t.is_word]) < 2:
            strength = SINGLE_NAME  # "Soleimani's killing": only merges with a full name
        found.append(
            Found(1, "", status, who, tokens[first].start, first, victim=surname, strength=strength)
        )
    if runs and runs[0][0] == 0:
        found += _opening_name_killed(clause, *runs[0])
    return found


def _name_status(tokens: tuple[Token, ...], first: int, last: int) -> tuple[str, int] | None:
    """What the words around the name at ``first``..``last`` say befell them, and how
    strongly a one-word name may merge: "X was killed", "X's killing", "the killing of X",
    "militants killed journalist X"; None when they say nothing."""
    j = _skip_auxiliaries(tokens, last)
    if j < len(tokens) and tokens[j].lower in {"killed", "assassinated", "executed", "slain"}:
        # passive only: in "Soleimani killed thousands" and "Shipman was believed to
        # have killed 250" the name is the killer
        if not any(t.lower in {"was", "were", "been", "is"} for t in tokens[last:j]):
            return None
        if tokens[j - 1].lower in {"have", "has", "had"}:
            return None
        return "killed", 0
    if tokens[last - 1].lower.endswith("'s") and last < len(tokens):
        return ("killed", 1) if tokens[last].lower in DEATH_NOUNS else None
    if (
        first >= 2
        and tokens[first - 1].lower in {"of", "assassinating", "killing"}
        and (tokens[first - 1].lower != "of" or tokens[first - 2].lower in DEATH_NOUNS)
    ):
        return "killed", 1
    verb = _active_verb_before(tokens, first)
    if verb is None:
        return None
    # "militants killed journalist Ahmed Ali", "kidnapped the governor, Ali Musa"
    if len([t for t in tokens[first:last] if t.is_word]) < 2:
        return None
    return ACTIVE_VERBS[verb], 0


def _opening_name_killed(clause: Clause, first: int, last: int) -> list[Found]:
    """ "X, deputy head of ..., was also killed": the name opens the sentence."""
    tokens = clause.tokens
    if last >= len(tokens) or tokens[last].text != ",":
        return []
    for k in range(last + 1, len(tokens) - 1):
        if tokens[k].lower in {"was", "had"}:
            m = _skip_auxiliaries(tokens, k)
            if m < len(tokens) and tokens[m].lower == "killed" and tokens[k - 1].text == ",":
                who = clause.span(first, last)
                surname = tokens[last - 1].lower
                return [Found(1, "", "killed", who, tokens[first].start, first, victim=surname)]
            return []
    return []


#: how many words may stand between an active verb and the name of its victim
ROLE_GAP = 4
#: the words that may: a role ("journalist", "the governor", "senior commander"), no verb
#: or preposition, so that "killing follows the New Year's Eve attack" names no victim
_ROLE_MODIFIERS = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "former", "senior", "top", "local",
     "prominent", "opposition", "police", "aid", "army", "military", "rebel", "militia",
     "tribal", "veteran", "deputy", "chief", "head"}
)  # fmt: skip
ROLE_WORDS = _ROLE_MODIFIERS | PEOPLE_NOUNS | ROLE_HEADS


def _active_verb_before(tokens: tuple[Token, ...], first: int) -> str | None:
    """The casualty verb whose object the name at ``first`` is, if only a role comes between.

    "killed journalist Ahmed Ali", "abducted the governor, Ali Musa". The verb is a past
    form used as a verb ("killed"; not the noun "killing", nor "the injured Phil Vickery",
    which is an adjective and most often sport); "killed in Baghdad" and "killed by Abu
    Bakr" fail on the preposition.
    """
    for back in range(1, ROLE_GAP + 2):
        k = first - back
        if k < 0:
            return None
        word = tokens[k].lower
        if word in ACTIVE_VERBS:
            # "the injured Phil Vickery" is an adjective (and, often, sport): no victim
            adjective = k > 0 and tokens[k - 1].lower in {"the", "a", "an"}
            past = word.endswith("ed") and word not in {"injured"}
            return word if past and not adjective else None
        if tokens[k].text == ",":
            continue
        if word not in ROLE_WORDS:
            return None
    return None


_TITLES = frozenset(
    {"general", "gen", "gen.", "major", "colonel", "commander", "president", "mr", "sheikh"}
)
_NOT_PERSON = frozenset(
    {"state", "states", "force", "forces", "army", "guard", "guards", "council", "ministry",
     "government", "airport", "embassy", "road", "house", "street", "city", "province",
     "district", "party", "union", "nations", "iran", "iraq", "syria", "us"}
)  # fmt: skip


def _is_person_name(tokens: tuple[Token, ...]) -> bool:
    """A capitalised run that reads like a person: not a place, body or force."""
    words = [t.lower.removesuffix("'s") for t in tokens if t.is_word]
    if not words:
        return False
    core = [w for w in words if w not in _TITLES]
    if not core:
        return False
    return not any(w in _NOT_PERSON for w in core) and not tokens[-1].text.isupper()


#: the toll rules, in the order they are tried; add a rule with one line here
def took_own_life(clause: Clause) -> list[Found]:
    """ "The gunman later killed himself", "X ... before committing suicide": one death.

    The dead is the clause's subject: its first name, or a person noun after "a"/"the"
    before the verb; with neither ("he killed himself") the toll is left to the name it
    stands for, which this rule cannot know.
    """
    tokens = clause.tokens
    words = [t.lower for t in tokens]
    for k in range(1, len(tokens)):
        reflexive = words[k] in {"himself", "herself"} and words[k - 1] in SELF_VERBS
        suicide = words[k] == "suicide" and words[k - 1] in {"committed", "committing"}
        if not (reflexive or suicide):
            continue
        if clause.quoted and clause.quoted[k]:
            return []
        return _own_life_of(clause, k - 1 if reflexive else k - 2)
    return []


def _own_life_of(clause: Clause, verb: int) -> list[Found]:
    """The one who took their own life, the subject of the verb at ``verb``."""
    tokens = clause.tokens
    words = [t.lower for t in tokens]
    # a person noun just before the verb: "the gunman (later) killed himself"
    for i in range(max(0, verb - 3), verb - 1):
        if words[i] in {"a", "an", "the"} and _is_people(words[i + 1]):
            return [Found(1, tokens[i].text, "killed", tokens[i + 1].text, tokens[i].start, i)]
    runs = [(a, b) for a, b in clause.runs.items() if b <= verb]
    # a name just before the verb ("singer Ian Curtis committed suicide"), else a full
    # name the clause opens with ("Shigenaga Tomioka stabbed ... before committing
    # suicide"), unless it only reports ("Police said ...")
    adverb = verb > 0 and words[verb - 1] in {"later", "then", "also", "apparently"}
    near = [(a, b) for a, b in runs if b in (verb, verb - 1 if adverb else verb)]
    opening = [
        (a, b)
        for a, b in runs[:1]
        if a == 0 and b - a >= 2 and not (b < len(words) and words[b] in {"said", "says", "told"})
    ]
    for first, last in near or opening:
        if _is_person_name(tokens[first:last]):
            who = clause.span(first, last)
            victim = tokens[last - 1].lower.removesuffix("'s")
            return [Found(1, "", "killed", who, tokens[first].start, first, victim=victim)]
    return []


#: verbs of taking one's own life with "himself" / "herself"
SELF_VERBS = frozenset({"killed", "killing", "shot", "shooting", "hanged", "hanging"})


RULES: tuple[Rule, ...] = (
    status_before_count,
    count_before_status,
    relatives,
    one_person,
    named_victim,
    took_own_life,
)


#: every word one of ``RULES`` needs before it can read a toll; a sentence with none of
#: them is skipped after one set test. Kept a superset by construction:
#: status_before_count needs ACTIVE_VERBS or "death(s)"/"toll"; count_before_status and
#: one_person need STATUS_WORDS (or "lost" for "lost their lives"); relatives needs
#: ACTIVE_VERBS; named_victim needs a killing verb or a death noun.
TRIGGER_WORDS = (
    frozenset(STATUS_WORDS)
    | frozenset(ACTIVE_VERBS)
    | DEATH_NOUNS
    | frozenset(EVENT_NOUNS)
    | {"lost", "toll", "bodies", "dead", "killed", "assassinated", "executed", "slain"}
    | {"assassinating"}
    | INJURY_NOUNS
    | {"himself", "herself", "suicide"}
)


def _found(clause: Clause, quantity: Quantity, end: int, value: int | None, status: str) -> Found:
    tokens = clause.tokens
    count_text = clause.span(quantity.first, quantity.last)
    who = clause.span(quantity.last, end).strip('"\u201c\u201d ') or None
    if who and who.lower().startswith("of them "):
        who = who[8:]  # "14 of them foreign tourists"
    elif who and who.lower().startswith("of "):
        who = who[3:]
    return Found(value, count_text, status, who, tokens[quantity.first].start, quantity.first)


#: how many tokens around a count the place and the source are looked for
WINDOW = 40


def where_of(clause: Clause, at: int = 0) -> str | None:
    """The first place named after "in/at/near" near token ``at``: "in Kunduz"."""
    tokens = clause.tokens
    runs = clause.runs
    lo = max(0, at - WINDOW)
    for i in range(lo, min(len(tokens) - 1, at + WINDOW)):
        token = tokens[i]
        if token.lower in WHERE_PREPOSITIONS:
            j = i + 1
            if tokens[j].lower == "the" and j + 1 < len(tokens):
                j += 1
            if j in runs:
                return clause.span(j, runs[j])
    return None


def historical(clause: Clause) -> bool:
    """Does the sentence speak of a background or cumulative toll?"""
    words = [t.lower for t in clause.tokens]
    for i, word in enumerate(words[:-1]):
        if word == "since" and words[i + 1].isdigit():
            return True  # "since 2009"
    for cue in HISTORICAL_CUES:
        n = len(cue)
        for i in range(len(words) - n + 1):
            if words[i] == cue[0] and tuple(words[i : i + n]) == cue:
                return True
    return False


def reported_by(clause: Clause, at: int) -> str | None:
    """Who gave the figure: "Iraqi state television said that five Iraqis ..."."""
    tokens = clause.tokens
    for i in range(max(0, at - WINDOW), min(at, len(tokens))):
        if tokens[i].lower in SPEECH_VERBS:
            if tokens[i].lower == "according":
                return clause.span(i + 2, at).rstrip(", ") or None
            first = i
            while first > 0 and i - first < 8:
                prev = tokens[first - 1]
                if prev.text in {",", ";", ":", ")", "-", "("} or prev.lower in SUBJECT_STOPS:
                    break
                first -= 1
            while first < i and tokens[first].lower in {"a", "an", "the"}:
                first += 1
            last = i
            while last > first and tokens[last - 1].lower in AUXILIARIES:
                last -= 1
            if last - first == 1 and not tokens[first].is_capitalised:
                return None  # "it said", "previously said": no source named
            return clause.span(first, last) or None
    return None


def is_quoted(clause: Clause, at: int) -> bool:
    """Is token ``at`` inside double quotes?"""
    return bool(clause.quoted) and clause.quoted[at]


def extract_casualties(clauses: tuple[Clause, ...]) -> tuple[Casualty, ...]:
    """Every toll of the article, repeated mentions of one death merged."""
    return merge_casualties(_read_tolls(clauses))


def _read_tolls(clauses: tuple[Clause, ...]) -> Iterator[tuple[Found, Casualty]]:
    """Every toll each rule reads, in text order, with the casualty it stands for."""
    for clause in clauses:
        if clause.words.isdisjoint(TRIGGER_WORDS):
            continue
        seen: set[int] = set()
        background: bool | None = None
        for rule in RULES:
            for found in rule(clause):
                if found.start in seen or is_quoted(clause, found.at):
                    continue
                seen.add(found.start)
                if background is None:
                    background = historical(clause)  # once per sentence: linear time
                yield (
                    found,
                    Casualty(
                        count=found.count,
                        count_text=found.count_text,
                        status=found.status,
                        who=found.who,
                        where=where_of(clause, found.at),
                        evidence=clause.evidence,
                        historical=background,
                        reported_by=reported_by(clause, found.at),
                    ),
                )


def merge_casualties(tolls: Iterable[tuple[Found, Casualty]]) -> tuple[Casualty, ...]:
    """One casualty per death: a named victim's mentions become one item (the plainest
    sentence is its evidence, the longest description its ``who``); a toll of more than one
    told again with the same status and count is dropped. Separate groups, conflicting
    tolls and background tolls have different counts or statuses and stay apart."""
    kept: list[Casualty] = []
    by_victim: dict[str, int] = {}
    strength_of: dict[int, int] = {}
    by_count: dict[tuple[str, int], int] = {}
    for found, fact in tolls:
        if found.victim is not None:
            index = by_victim.get(found.victim)
            if index is None and found.strength == SINGLE_NAME:
                continue
            if index is None:
                by_victim[found.victim] = len(kept)
                strength_of[len(kept)] = found.strength
                kept.append(fact)
            elif found.strength < strength_of[index]:
                # a plainer sentence ("was killed") is better evidence
                strength_of[index] = found.strength
                kept[index] = replace(fact, who=_longer(kept[index].who, fact.who))
            else:
                kept[index] = replace(kept[index], who=_longer(kept[index].who, fact.who))
            continue
        if found.count is not None and found.count > 1:
            key = (found.status, found.count)
            if key in by_count:
                continue  # the same toll told again
            by_count[key] = len(kept)
        kept.append(fact)
    return tuple(kept)


def _longer(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return b if len(b) > len(a) else a

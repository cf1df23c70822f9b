"""Names: who a capitalised run stands for, its title and role, and the fullest form seen."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.facts.reactions.lexicon import (
    BEFORE_SUBJECT,
    BODY_WORDS,
    FINITE_VERBS,
    GROUPS,
    HONORIFICS,
    PREPOSITIONS,
    PRESS,
    QUANTIFIERS,
    ROLE_HEADS,
    TITLE_WORDS,
)
from briefing.facts.tokens import Clause, Token


@dataclass(frozen=True)
class Speaker:
    """Who reacts: the name as written, the role the sentence gives, and where it ends."""

    name: str
    role: str | None
    kind: str  # "person" or "body"
    #: token range of the speaker (and role) in the clause, to find the quote around it
    first: int
    last: int


def split_title(clause: Clause, first: int, last: int) -> tuple[int, int]:
    """Index where the name starts inside a capitalised run, after its title words."""
    tokens = clause.tokens
    start = first
    if tokens[last - 1].lower in BODY_WORDS:
        return first, last  # "State Department", "Foreign Ministry": a body, not a title
    for k in range(first, last):
        word = tokens[k].lower.removesuffix("'s")
        if word in TITLE_WORDS or tokens[k].lower.endswith("'s"):
            start = k + 1
    return start, last


def role_before(clause: Clause, first: int) -> str | None:
    """Role words just before a name: "Iran's Supreme Leader", "Former CIA officer"."""
    tokens = clause.tokens
    k = first
    while k > 0 and first - k < 8:
        prev = tokens[k - 1]
        if not prev.is_word and prev.text not in {"-", "."}:
            break
        if prev.lower in {"and", "but", "that", "while", "as", "when", "said", "says"}:
            break
        k -= 1
    while k < first and tokens[k].lower in {"the", "a", "an", "but", "however", "and"}:
        k += 1
    if k == first:
        return None
    role = clause.span(k, first)
    words = {t.lower.removesuffix("'s") for t in tokens[k:first]}
    return role if words & ROLE_HEADS else None


def is_press(name: str) -> bool:
    """ "Reuters", "state television": the press reports, it does not react."""
    return any(w in PRESS for w in name.lower().split())


def is_body(name: str) -> bool:
    """ "State Department", "United Nations": an institution, not a person."""
    return any(w.lower().removesuffix("'s") in BODY_WORDS for w in name.split())


def name_speaker(clause: Clause, first: int, last: int) -> Speaker | None:
    """A speaker from the capitalised run ``first..last``: titles go to the role."""
    start, end = split_title(clause, first, last)
    tokens = clause.tokens
    if start == end:
        return None
    name = clause.span(start, end)
    if is_press(name) or tokens[start].lower in {"i", "we"} or tokens[end - 1].lower in GROUPS:
        return None
    if end - start == 1 and tokens[start].lower in QUANTIFIERS:
        return None  # "One confirmed that ...": a number, not a name
    if end - start > 1 and name.isupper():
        return None  # a dateline in capitals: "DERA ISMAIL KHAN, Pakistan (Reuters) -"
    title = clause.span(first, start) if start > first else ""
    before = role_before(clause, first)
    if before is not None and before.lower().rstrip(".") in HONORIFICS:
        before = None
    if title.lower().rstrip(".") in HONORIFICS:
        title = ""
    role = " ".join(part for part in (before, title) if part) or None
    single = end - start == 1
    kind = "person" if start > first or (not single and not is_body(name)) else "body"
    return Speaker(name, role, kind, first, last)


def can_be_subject(clause: Clause, first: int) -> bool:
    """A name right after a preposition or a lower-case word ("fleeing Rohingya") is not."""
    tokens = clause.tokens
    if first >= 2 and tokens[first - 1].lower == "s" and tokens[first - 2].is_capitalised:
        first -= 2  # "Iran s President Hassan Rouhani" (apostrophes lost)
        while first > 0 and tokens[first - 1].is_capitalised and tokens[first - 1].is_word:
            first -= 1
    if first >= 1 and tokens[first - 1].lower == "the":
        first -= 1  # "In Washington, the U.S. military said"
    if first == 0:
        return True
    prev = tokens[first - 1]
    if not prev.is_word:
        return True
    word = prev.lower
    if word in PREPOSITIONS:
        return False
    if prev.is_capitalised:
        return True
    return word in BEFORE_SUBJECT or word in ROLE_HEADS or word == "and"


def role_like(tokens: tuple[Token, ...]) -> bool:
    """ "the governor of Chahardara", "Iran's defence minister"; not a clause with a verb."""
    words = {t.lower.removesuffix("'s") for t in tokens}
    if words & FINITE_VERBS:
        return False
    return bool(words & ROLE_HEADS) or (bool(tokens) and tokens[0].lower in {"a", "an", "the"})


def name_key(name: str) -> str:
    """The word a name is known by: its last, without a possessive."""
    words = name.replace("\u2019", "'").split()
    return words[-1].lower().removesuffix("'s") if words else name.lower()


def fix_capitals(name: str) -> str:
    """ "DONALD Trump" (a lead-in in capitals) -> "Donald Trump"; "NATO Assembly" stays."""
    words = name.split()
    if (
        len(words) > 1
        and words[0].isupper()
        and words[0].isalpha()
        and len(words[0]) > 4
        and not any(w.isupper() for w in words[1:])
    ):
        words[0] = words[0].capitalize()
    return " ".join(words)


class NameBook:
    """Full names seen so far, indexed so each look-up costs the same however long the text."""

    def __init__(self) -> None:
        self.by_surname: dict[str, str] = {}
        self.by_first_word: dict[str, str] = {}
        self.full: set[str] = set()
        #: surnames by first letter, for the one-typo look-up
        self.by_letter: dict[str, list[str]] = {}

    def add(self, name: str) -> None:
        """Remember a full name (two words or more) unless its surname is taken."""
        key = name_key(name)
        if key in self.by_surname:
            return
        self.by_surname[key] = name
        self.by_first_word.setdefault(name.split()[0].lower(), name)
        self.full.add(name)
        self.by_letter.setdefault(key[:1], []).append(key)

    def add_names_of(self, clause: Clause) -> None:
        """Remember the full names of people in ``clause`` (titles cut off)."""
        for first, last in clause.runs.items():
            if last - first < 2:
                continue  # a one-word run holds no full name, whatever its title
            start, end = split_title(clause, first, last)
            if end - start >= 2:
                name = fix_capitals(clause.span(start, end))
                if not is_press(name) and not is_body(name):
                    self.add(name)

    def __contains__(self, name: object) -> bool:
        return name in self.full

    def resolve(self, name: str) -> str:
        """The fullest form of a name: "Trump" -> "Donald Trump", "Hua" -> "Hua Chunying"."""
        if name in self.full:
            return name
        words = name.split()
        if words and words[-1].islower():
            # "an official familiar with the assessment": a description, no one's name
            # ("al-Hashem" has a capital and is a name)
            return name
        key = name_key(name)
        if key in self.by_surname:
            return self.by_surname[key]
        if " " not in name and name.lower() in self.by_first_word:
            return self.by_first_word[name.lower()]  # family name first ("Moon Jae-in")
        if len(key) >= 6:
            # one letter apart: "McFarland" for "MacFarland"
            for other in self.by_letter.get(key[:1], ())[-50:]:
                if one_edit_apart(key, other):
                    return self.by_surname[other]
        return name


def one_edit_apart(a: str, b: str) -> bool:
    """Do ``a`` and ``b`` differ by exactly one inserted or deleted letter?"""
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]

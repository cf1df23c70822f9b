"""Tokens with offsets, and the capitalised runs that stand for names.

The rules read tokens instead of running big regular expressions over the text: each
pattern below has one quantifier and no nesting, so tokenising is linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from briefing.models import Document, Evidence, Sentence

# The alternatives start with disjoint characters (letter, digit, other non-space), so
# their order only matters within the letters: "U.S." is tried before a plain word.
# Words come first (most tokens are words), and the word loop is written with single-class
# possessive repeats, which the regex engine runs far faster than a repeated group with a
# branch; it still takes every word character, dash and inner apostrophe ("Iran's").
_TOKEN = re.compile(
    r"[^\W\d_](?:"
    r"(?:\.[^\W\d_])+\.?"  # U.S., U.N.
    r"|[\w-]*+(?:'(?=\w)[\w-]*+)*+"  # words, al-Muhandis, Iran's
    r")"
    r"|\d+(?:st|nd|rd|th)\b"  # 82nd
    r"|\d[\d,]*\d"  # 3,500
    r"|\d"
    r"|[^\w\s]"  # punctuation, one character each
)


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one blank-separated string (long lists stay readable)."""
    return frozenset(words.split())


#: particles joined to a capitalised name by a dash: "al-Muhandis"
NAME_PARTICLES = frozenset({"al", "el", "ad", "as", "an", "ash", "bin"})


def _particle_name(text: str) -> bool:
    """ "al-Muhandis": a lower-case particle, a dash and a capitalised name."""
    head, dash, rest = text.partition("-")
    return bool(dash) and head in NAME_PARTICLES and rest[:1].isupper()


class Token(NamedTuple):
    """One word, number or punctuation mark of a sentence, with offsets into the clean text.

    A named tuple rather than a dataclass: a long article has hundreds of thousands of
    tokens and tuples are the cheapest to build.
    """

    text: str
    lower: str
    start: int
    end: int

    @property
    def is_capitalised(self) -> bool:
        """ "Zarif", and "al-Muhandis" too (a particle joined to a capitalised name)."""
        text = self.text
        if text[0].isupper():
            return True
        return _particle_name(text)

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    """Tokens of ``text``; offsets are shifted by ``offset`` (the sentence's start)."""
    return _tokens_between(text, 0, len(text), offset)


def _tokens_between(text: str, start: int, end: int, offset: int = 0) -> tuple[Token, ...]:
    """Tokens of ``text[start:end]`` with offsets into ``text`` (plus ``offset``).

    ``finditer(text, start, end)`` reads the text as if it ended at ``end`` (the pattern has
    no look-behind and no anchor), so this equals tokenising the slice. ``tuple.__new__``
    skips the named tuple's Python-level ``__new__``: tokenising is the facts layer's
    hottest loop, and this builds the very same tuples three times faster.
    """
    new = tuple.__new__
    if offset:
        return tuple(
            [
                new(Token, (word, word.lower(), first + offset, last + offset))
                for match in _TOKEN.finditer(text, start, end)
                for word, (first, last) in ((match.group(), match.span()),)
            ]
        )
    return tuple(
        [
            new(Token, (word, word.lower(), first, last))
            for match in _TOKEN.finditer(text, start, end)
            for word, (first, last) in ((match.group(), match.span()),)
        ]
    )


@dataclass(frozen=True)
class Clause:
    """A sentence ready for the rules: its tokens over the matching text and its evidence."""

    sentence: Sentence
    text: str
    tokens: tuple[Token, ...]
    #: for each token, whether it stands inside double quotes (a claim, not the reporter's)
    quoted: tuple[bool, ...] = ()
    #: whether the sentence opens inside a quote begun earlier in its paragraph
    opens_quoted: bool = False

    @cached_property
    def runs(self) -> dict[int, int]:
        """Capitalised runs (names) by first token: first -> one past the last token."""
        return dict(name_runs(self.tokens))

    @cached_property
    def words(self) -> frozenset[str]:
        """The lower-cased tokens: a rule family whose trigger words are all missing skips
        the sentence after one set test (most sentences carry no fact)."""
        return frozenset([token.lower for token in self.tokens])

    @cached_property
    def run_ends(self) -> dict[int, int]:
        """The same runs by their end: one past the last token -> first."""
        return {last: first for first, last in self.runs.items()}

    @property
    def evidence(self) -> Evidence:
        return Evidence(self.sentence.text, self.sentence.start, self.sentence.end)

    def span(self, first: int, last: int) -> str:
        """The article's own text (typographic quotes kept) of tokens ``first``..``last - 1``."""
        if first >= last:
            return ""
        base = self.sentence.start
        start, end = self.tokens[first].start - base, self.tokens[last - 1].end - base
        return self.sentence.text[start:end]


#: a quotation open for more sentences than this in one paragraph was never closed
MAX_QUOTED_SENTENCES = 4


def clauses_of(document: Document) -> tuple[Clause, ...]:
    """Every body sentence of ``document`` as a Clause (headings carry no facts)."""
    match = document.article.match_text
    paragraphs = document.article.paragraphs
    result = []
    # quote parity is carried through each paragraph, one pass over the text
    current_paragraph = -1
    position = 0
    inside = False
    open_for = 0  # sentences the current quotation has stayed open
    for sentence in document.sentences:
        if sentence.paragraph != current_paragraph:
            current_paragraph = sentence.paragraph
            position = (
                paragraphs[sentence.paragraph].start
                if sentence.paragraph < len(paragraphs)
                else sentence.start
            )
            inside = False
        if sentence.start > position:
            inside ^= match.count('"', position, sentence.start) % 2 == 1
        open_for = open_for + 1 if inside else 0
        if open_for > MAX_QUOTED_SENTENCES:
            inside, open_for = False, 0  # a quotation mark the source never closed
        opens_quoted = inside
        text = match[sentence.start : sentence.end]
        tokens = _tokens_between(match, sentence.start, sentence.end)
        quoted: list[bool] | tuple[bool, ...]
        if '"' in text:
            quoted = []
            for token in tokens:
                if token.text == '"':
                    inside = not inside
                    quoted.append(False)
                else:
                    quoted.append(inside)
        else:
            quoted = (inside,) * len(tokens)  # no quotation mark: the state holds throughout
        position = sentence.end
        if sentence.is_heading:
            continue
        result.append(Clause(sentence, text, tokens, tuple(quoted), opens_quoted))
    return tuple(result)


#: words written with a capital that never start or continue a name
NOT_NAME = word_set(
    """a an the this that these those he she it they we i you his her its their our my
    but and or so if when while as at on in of for to by from with after before since
    until during on monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    earlier later today yesterday tonight meanwhile however also there here then
    what who which where how why adding responding speaking asked despite even both either
    neither
    mr mrs ms dr"""
)
#: function words that end a name even when written with a capital ("Trump On Monday")
NOT_IN_NAME = word_set(
    """a an the this that these those he she it they we i you his her its their our my
    but and or so if when while as at on in of for to by from with after before since"""
)
#: words that may join the capitalised parts of one name
NAME_JOINERS = frozenset(
    {"al", "bin", "van", "von", "de", "der", "den", "da", "das", "dos", "del", "di", "du",
     "la", "las", "los", "le", "of"}
)  # fmt: skip
#: abbreviations whose full stop the name goes on after: "St. Louis", "Cameron St. Andrew"
NAME_ABBREVIATIONS = frozenset({"st", "ste", "mt", "ft"})
#: the nouns after which "for" goes on with the name: "Committee for the Protection of ..."
#: needs "the" and is not joined; "Center for Strategic Studies" is
INSTITUTION_HEADS = frozenset(
    {"organization", "organisation", "commission", "committee", "centre", "center",
     "council", "office", "ministry", "agency", "institute", "foundation", "fund",
     "campaign", "coalition", "alliance", "union", "society", "association", "league",
     "network", "movement", "front", "party", "board", "bureau", "authority"}
)  # fmt: skip


def name_runs(tokens: tuple[Token, ...]) -> list[tuple[int, int]]:
    """(first, last) token ranges of runs of capitalised words, e.g. "Adel Abdul Mahdi"."""
    # one pass to mark capitalised words (``is_word and is_capitalised``), then work only
    # from the few tokens that can open a name: most tokens are lower-case
    capital = [
        (t.text[0].isupper() and t.text[0].isalpha()) or ("-" in t.text and _particle_name(t.text))
        for t in tokens
    ]
    runs: list[tuple[int, int]] = []
    n = len(tokens)
    end = 0  # tokens before ``end`` already belong to a run
    for i in [k for k in range(n) if capital[k]]:
        if i < end or tokens[i].lower in NOT_NAME:
            continue
        j = i + 1
        while j < n:
            if capital[j] and tokens[j].lower not in NOT_IN_NAME:
                j += 1
            elif (
                # two particles: "Julia de la Rosa", "Ursula von der Leyen"
                j + 2 < n
                and capital[j + 2]
                and tokens[j].lower in NAME_JOINERS
                and tokens[j + 1].lower in NAME_JOINERS
                and tokens[j].lower != "of"
            ):
                j += 3
            elif (
                j + 1 < n
                and capital[j + 1]
                and (
                    tokens[j].lower in NAME_JOINERS
                    # "International Organization for Migration": one body's name
                    or (tokens[j].lower == "for" and tokens[j - 1].lower in INSTITUTION_HEADS)
                    or (tokens[j].text == "." and tokens[j - 1].lower in NAME_ABBREVIATIONS)
                )
            ):
                j += 2
            else:
                break
        runs.append((i, j))
        end = j
    return runs

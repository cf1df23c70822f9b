"""The clause reader: each sentence read once into words, groups and the links between them.

Casualties, deployments and reactions are rules over what this reads (``Reading``), never
over windows of tokens: "N soldiers and M police officers had been killed" is one passive
predication whose subject has two counted conjuncts, however many words stand between.

Layers, each its own module: ``words`` (tokens with offsets and a part of speech from
shipped word lists), ``groups`` (noun and verb groups with counts, names, voice,
negation) and ``links`` (subject, objects, by-agent, complements, relative and reduced
clauses, coordination, apposition, the subject after the verb in "said the governor").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from briefing.facts.reader.groups import Group, read_groups
from briefing.facts.reader.links import Predication, apposition, conjuncts, link
from briefing.facts.reader.words import Word, read_words
from briefing.models import Document, Evidence, Sentence

__all__ = [
    "MAX_WORDS_READ",
    "Group",
    "Predication",
    "Reading",
    "Word",
    "apposition",
    "conjuncts",
    "read_document",
    "read_sentence",
    "read_sentences",
]

#: a "sentence" longer than this many words (a list, a table, text with no full stops) is
#: read in windows of this size, so a hostile text costs linear time
MAX_WORDS_READ = 120
#: a quotation open for more sentences than this in one paragraph was never closed
MAX_QUOTED_SENTENCES = 4


@dataclass(frozen=True)
class Reading:
    """One sentence as the fact rules see it."""

    sentence: Sentence
    #: the sentence over the article's matching text (ASCII quotes, same offsets)
    text: str
    words: tuple[Word, ...]
    groups: tuple[Group, ...]
    predications: tuple[Predication, ...]
    #: the sentence opens inside a quotation begun in an earlier sentence of its paragraph
    opens_quoted: bool = False

    @property
    def start(self) -> int:
        return self.sentence.start

    @property
    def evidence(self) -> Evidence:
        return Evidence(self.sentence.text, self.sentence.start, self.sentence.end)

    def span(self, start: int, end: int) -> str:
        """The article's own text (typographic quotes kept) between two offsets."""
        base = self.sentence.start
        return self.sentence.text[start - base : end - base]

    def text_of(self, group: Group) -> str:
        return self.span(group.start, group.end)

    @cached_property
    def groups_at(self) -> dict[int, int]:
        """Each group's position by its first character (groups never share one)."""
        return {group.start: i for i, group in enumerate(self.groups)}

    def index(self, group: Group) -> int:
        """The position of ``group`` among the sentence's groups (one look-up)."""
        return self.groups_at[group.start]

    @cached_property
    def lowers(self) -> frozenset[str]:
        """Every word in lower case."""
        return frozenset(word.lower for word in self.words)

    @cached_property
    def lemmas(self) -> frozenset[str]:
        """Every word's lemma, lower case: a rule whose words are all missing skips at once."""
        return frozenset(word.lemma.lower() for word in self.words)

    @cached_property
    def _quote_marks(self) -> list[int]:
        return [self.start + i for i, char in enumerate(self.text) if char == '"']

    def quoted(self, offset: int) -> bool:
        """Whether ``offset`` stands inside double quotes (the speaker's words)."""
        before = bisect_left(self._quote_marks, offset)
        return (before % 2 == 1) != self.opens_quoted


#: scare quotes enclose at most this many words ("two \"guests\"")
SCARE_QUOTE_WORDS = 3


def _without_scare_quotes(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """The words with quotation marks around a word or two inside a clause left out: "two
    "guests" had been killed" reads as "two guests had been killed"."""
    drop: set[int] = set()
    for i, word in enumerate(words):
        if word.text != '"' or i in drop or i == 0 or words[i - 1].tag == "PUNCT":
            continue
        for j in range(i + 2, min(i + SCARE_QUOTE_WORDS + 2, len(words))):
            if words[j].tag == "PUNCT":
                if words[j].text == '"':
                    drop |= {i, j}
                break
    return tuple(word for i, word in enumerate(words) if i not in drop) if drop else words


def read_sentence(sentence: Sentence, text: str, opens_quoted: bool = False) -> Reading:
    """Read one sentence; ``text`` is the sentence over the matching text."""
    words = _without_scare_quotes(read_words(text, sentence.start))
    groups: list[Group] = []
    predications: list[Predication] = []
    for first in range(0, max(len(words), 1), MAX_WORDS_READ):
        window = read_groups(words[first : first + MAX_WORDS_READ])
        groups.extend(window)
        predications.extend(link(window))
    return Reading(sentence, text, words, tuple(groups), tuple(predications), opens_quoted)


def _opens_quoted(document: Document) -> list[bool]:
    """For each sentence, whether it opens inside a quotation begun earlier in its paragraph."""
    match = document.article.match_text
    result = []
    inside, open_for, paragraph = False, 0, -1
    for sentence in document.sentences:
        if sentence.paragraph != paragraph:
            paragraph, inside, open_for = sentence.paragraph, False, 0
        result.append(inside)
        if match.count('"', sentence.start, sentence.end) % 2 == 1:
            inside = not inside
        open_for = open_for + 1 if inside else 0
        if open_for > MAX_QUOTED_SENTENCES:
            inside, open_for = False, 0  # a quotation mark the source never closed
    return result


_last: tuple[Document | None, tuple[Reading, ...]] = (None, ())


def read_sentences(document: Document, keep: Callable[[str], bool]) -> tuple[Reading, ...]:
    """The body sentences of ``document`` whose text ``keep`` accepts, read (a kind whose
    rules need some word skips the sentences without one)."""
    match = document.article.match_text
    quoted = _opens_quoted(document)
    return tuple(
        read_sentence(sentence, match[sentence.start : sentence.end], quoted[i])
        for i, sentence in enumerate(document.sentences)
        if not sentence.is_heading and keep(match[sentence.start : sentence.end])
    )


def _every_sentence(_text: str) -> bool:
    return True


def read_document(document: Document) -> tuple[Reading, ...]:
    """Every body sentence of ``document`` read (headings carry no facts). The kinds of one
    brief share one reading: the last document's is kept."""
    global _last
    if _last[0] is document:
        return _last[1]
    readings = read_sentences(document, _every_sentence)
    _last = (document, readings)
    return readings

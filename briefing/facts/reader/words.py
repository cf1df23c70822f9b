"""Words with offsets and a part of speech: the first layer of the clause reader.

The tags come from two shipped sources and no model: the closed classes of English
(``data/function_words.txt``, written here) and lemminflect's lexicon of open-class words
(MIT-licensed, derived from the Automatically Generated Inflection Database of the SPECIALIST
Lexicon, public domain) for the nouns, verbs, adjectives and adverbs a word can be. Where
the lexicon allows several, the word before decides: news prose is regular enough that
"the attack" is a noun and "they attack" a verb.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from briefing.facts.lexicon import data_lines
from briefing.facts.numbers import SCALES, UNITS

__all__ = ["NUMBER_WORDS", "Word", "number_value", "read_words"]

_TOKEN = re.compile(
    r"""
    (?:[A-Za-z]\.){2,}                       # U.S., U.N.
    | (?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Cpl|Maj|Adm|Rep|Sen|Gov|Prof|Rev|Brig|Cmdr)
      \.(?=\s+[A-Z])                          # Lt. Ali Musa
    | \d+(?!-strong\b)(?:-[A-Za-z]+)+         # 40-year-old  10-inch (a 300-strong force counts)
    | \d+(?:[.,:]\d+)*(?:st|nd|rd|th|s)?    # 1,200  3.5  1990s  82nd
    | n't
    | '(?:s|re|ve|ll|d|m)\b
    | [A-Za-z]+(?=n't)
    | [A-Za-z]+(?:-[A-Za-z0-9]+|'(?!(?:s|re|ve|ll|d|m)\b)[A-Za-z]+)*  # al-Muhandis, B-52s, O'Brien
    | \S
    """,
    re.VERBOSE,
)

#: number words and their values: the counts of ``facts.numbers`` (one table), without
#: "zero" and "billion" (no toll or force is counted so), with "dozen"
NUMBER_WORDS = {
    **{word: value for word, value in UNITS.items() if word != "zero"},
    **{word: value for word, value in SCALES.items() if word != "billion"},
    "dozen": 12,
}
#: words that count without a figure: "dozens of people" has no count of its own
VAGUE_NUMBERS = frozenset(
    {"dozens", "hundreds", "thousands", "millions", "scores", "several", "many", "few"}
)
_BE = {
    "be": "be",
    "is": "be",
    "are": "be",
    "was": "be",
    "were": "be",
    "been": "be",
    "being": "be",
    "am": "be",
    "'re": "be",
    "'m": "be",
}
_HAVE = {"have": "have", "has": "have", "had": "have", "having": "have", "'ve": "have"}
_DO = {"do": "do", "does": "do", "did": "do"}


class Word(NamedTuple):
    """One token of a sentence: where it stands, what it is and its dictionary form."""

    text: str
    start: int
    end: int
    tag: str
    lemma: str
    #: the verb's form: "ed" (past or participle), "ing", "s" or "" (base, or not a verb)
    form: str = ""
    #: the text in lower case (read once: every rule compares it)
    lower: str = ""

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@cache
def _function_words() -> dict[str, str]:
    table: dict[str, str] = {}
    tag = ""
    for line in data_lines("function_words.txt", "briefing.facts.reader"):
        if line.startswith("["):
            tag = line.strip("[]")
        else:
            table.setdefault(line, tag)
    return table


@cache
def _lexicon(word: str) -> dict[str, tuple[str, ...]]:
    from lemminflect import getAllLemmas

    return dict(getAllLemmas(word))


#: the longest figure read as a count
MAX_FIGURE_DIGITS = 15


def number_value(text: str) -> int | None:
    """The value of a figure ("1,200", "3") or a number word ("twelve", "twenty-one")."""
    lower = text.lower()
    if lower in NUMBER_WORDS:
        return NUMBER_WORDS[lower]
    tens, _, units = lower.partition("-")
    if units and NUMBER_WORDS.get(tens, 0) >= 20 and NUMBER_WORDS.get(units, 10) < 10:
        return NUMBER_WORDS[tens] + NUMBER_WORDS[units]
    digits = lower.replace(",", "")
    # isdecimal, not isdigit: "²" is a digit int() refuses; a figure of more than 15
    # digits counts nothing (and int() refuses past 4,300)
    if digits.isdecimal() and len(digits) <= MAX_FIGURE_DIGITS:
        return int(digits)
    return None


def _is_number(lower: str) -> bool:
    return number_value(lower) is not None or lower.replace(",", "").replace(".", "").isdecimal()


def _form(word: str, lemma: str) -> str:
    lower = word.lower()
    if lower.endswith("ing") and not lemma.endswith("ing"):
        return "ing"
    if lower == lemma:
        return ""
    if lower.endswith("s") and not lemma.endswith("s"):
        return "s"
    return "ed"


def _closed(lower: str, previous: str) -> tuple[str, str] | None:
    tag = _function_words().get(lower)
    if tag is None:
        return None
    if tag == "AUX":
        lemma = _BE.get(lower) or _HAVE.get(lower) or _DO.get(lower) or lower
        return tag, lemma
    if lower == "that" and previous in ("NOUN", "PROPN", "VERB", "PUNCT", "NUM"):
        return "WH", lower
    if lower in ("as", "so") and previous not in ("PUNCT", ""):
        return "ADP", lower
    return tag, lower


_PLURAL_COLLECTIVES = frozenset({"people", "police", "children", "men", "women", "personnel"})
_NOUN_BEFORE = frozenset({"DET", "POSS", "ADJ", "NUM", "PART"})
_VERB_AFTER = frozenset({"AUX", "NEG", "PRON", "TO", "WH"})


def _open(
    word: str, previous: str, sentence_start: bool, previous_plural: bool = False
) -> tuple[str, str, str]:
    """Tag, lemma and form of an open-class word, the previous word's tag deciding."""
    lower = word.lower()
    options = _lexicon(lower)
    if word[:1].isupper() and not sentence_start:
        return "PROPN", word, ""
    if "-" in word and word.split("-", 1)[1][:1].isupper():
        return "PROPN", word, ""  # "al-Shishani", "bin-Laden"
    if not options:
        if word[:1].isupper():
            return "PROPN", word, ""
        if lower.endswith("ly"):
            return "ADV", lower, ""
        return "NOUN", lower, ""
    tag = _choose(lower, options, previous, previous_plural)
    lemma = options[tag][0] if tag in options else lower
    form = _form(lower, lemma) if tag == "VERB" else ""
    return tag, lemma, form


def _choose(
    lower: str, options: dict[str, tuple[str, ...]], previous: str, previous_plural: bool = False
) -> str:
    tags = [tag for tag in ("NOUN", "VERB", "ADJ", "ADV") if tag in options]
    if not tags:
        return next(iter(options))
    if tags == ["VERB"] and lower.endswith("ing") and previous in ("DET", "POSS", "ADJ"):
        return "NOUN"  # "the shelling"
    if len(tags) == 1:
        return tags[0]
    if (
        "VERB" in tags
        and lower.endswith("ing")
        and previous in ("PUNCT", "CCONJ", "ADV", "", "SCONJ", "ADP")
    ):
        return "VERB"  # ", killing 72 people", "accused of killing eight"
    verb_form = "VERB" in tags and lower not in options["VERB"]
    if previous in _NOUN_BEFORE:
        if "NOUN" in tags:
            return "NOUN"
        return "ADJ" if "ADJ" in tags else tags[0]
    if previous in _VERB_AFTER and "VERB" in tags:
        return "VERB"
    if previous in ("NOUN", "PROPN") and "VERB" in tags:
        return _after_noun(lower, options, tags, previous_plural)
    if verb_form and lower.endswith(("ed", "en")):
        return "VERB"
    if "ADJ" in tags and "NOUN" not in tags and previous in ("ADV", "ADP"):
        return "ADJ"
    return tags[0]


def _after_noun(
    lower: str, options: dict[str, tuple[str, ...]], tags: Sequence[str], previous_plural: bool
) -> str:
    """A word that may be a verb, right after a noun: an inflected verb form not in -s is
    the verb ("troops arrived"), so is a bare form after a plural ("people die"); else
    the noun reading wins ("the army camp")."""
    if lower not in options["VERB"] and not lower.endswith("s"):
        return "VERB"
    if lower in options["VERB"] and previous_plural:
        return "VERB"  # "33,000 people die every year"
    return "NOUN" if "NOUN" in tags else "VERB"


def _tokens(text: str) -> Iterator[re.Match[str]]:
    return _TOKEN.finditer(text)


@lru_cache(maxsize=65536)
def _classify(
    token: str, previous: str, sentence_start: bool, plural: bool
) -> tuple[str, str, str]:
    """Tag, lemma and form of ``token`` after a word tagged ``previous`` (cached: a news
    text repeats its words, and the lexicon look-ups are the reader's main cost)."""
    lower = token.lower()
    if not token[0].isalnum() and token != "n't" and not token.startswith("'"):
        return "PUNCT", token, ""
    if token.startswith("'") and lower != "'s":
        return "AUX", _BE.get(lower) or _HAVE.get(lower) or lower, ""
    if lower == "'s":
        return "PART", "'s", ""
    if lower[:1].isdigit() and (lower.endswith(("st", "nd", "rd", "th")) or "-" in lower):
        return "ADJ", lower, ""
    if _is_number(lower) or lower in VAGUE_NUMBERS:
        return "NUM", lower, ""
    if lower == "to":
        return "TO", "to", ""
    closed = _closed(lower, previous)
    if closed is not None and not (
        token[:1].isupper() and not sentence_start and len(token) > 1 and lower != "i"
    ):
        tag, lemma = closed
        return tag, lemma, _form(lower, lemma) if tag == "AUX" else ""
    return _open(token, previous, sentence_start, plural)


def _plural(word: Word) -> bool:
    lower = word.lower
    return word.tag in ("NOUN", "PROPN") and (
        lower in _PLURAL_COLLECTIVES or (lower.endswith("s") and not lower.endswith("ss"))
    )


def read_words(text: str, offset: int = 0) -> tuple[Word, ...]:
    """The sentence ``text`` as tagged words; offsets are ``offset`` plus the position."""
    words: list[Word] = []
    previous = ""
    for match in _tokens(text):
        token = match.group()
        sentence_start = not words or words[-1].text in ('"', "'", "(", ":")
        plural = bool(words) and _plural(words[-1])
        tag, lemma, form = _classify(token, previous, sentence_start, plural)
        start, end = offset + match.start(), offset + match.end()
        words.append(Word(token, start, end, tag, lemma, form, token.lower()))
        previous = tag
    return _present_verbs(_verbs_before_counts(_nouns_after_articles(words)))


def _nouns_after_articles(words: list[Word]) -> list[Word]:
    """ "The act would ...": a word the lexicon knows only as a verb is a noun after "the",
    "a" or "an" (its noun reading is missing from the lexicon: "act", "push")."""
    for i in range(1, len(words)):
        word = words[i]
        if (
            word.tag == "VERB"
            and word.form in ("", "s")
            and words[i - 1].lower in ("the", "a", "an")
            and "NOUN" not in _lexicon(word.lower)
        ):
            words[i] = word._replace(tag="NOUN", form="")
    return words


def _verbs_before_counts(words: list[Word]) -> list[Word]:
    """ "The United States stations 28,500 troops": a noun-or-verb in "-s" between a noun
    and a count is the verb (no noun is followed by a count in running prose)."""
    for i in range(1, len(words) - 1):
        word = words[i]
        if (
            word.tag == "NOUN"
            and word.lower.endswith("s")
            and words[i - 1].tag in ("NOUN", "PROPN")
            and words[i + 1].tag == "NUM"
            and words[i + 1].lower not in VAGUE_NUMBERS
        ):
            lemmas = _lexicon(word.lower).get("VERB")
            if lemmas:
                words[i] = word._replace(tag="VERB", lemma=lemmas[0], form="s")
    return words


def _present_verbs(words: list[Word]) -> tuple[Word, ...]:
    """ "Iran rejects the accusation": a word in -s after a name that opens the clause, with
    an article, a pronoun or a name after it, is the name's verb, not a plural noun
    compounded with it ("the Iran talks" keeps its noun)."""
    for i in range(1, len(words) - 1):
        word = words[i]
        if word.tag != "NOUN" or not word.lower.endswith("s") or words[i - 1].tag != "PROPN":
            continue
        if words[i + 1].tag not in ("DET", "POSS", "PRON", "PROPN", "WH"):
            continue
        k = i - 1
        while k > 0 and words[k - 1].tag == "PROPN":
            k -= 1
        if k > 0 and words[k - 1].tag not in ("PUNCT", "CCONJ"):
            continue
        verbs = _lexicon(word.lower).get("VERB", ())
        if verbs and word.lower == verbs[0] + "s":
            words[i] = word._replace(tag="VERB", lemma=verbs[0], form="s")
    return tuple(words)

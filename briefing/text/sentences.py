"""Sentence boundaries: NLTK's Punkt with parameters shipped in the package, plus rules.

Punkt normally loads parameters trained on a corpus with ``nltk.download``; that fails
offline, so we ship them as text files in ``data/``: abbreviations (in three kinds, see
``abbreviations.txt``) and frequent sentence starters with their orthographic context
(``sentence_starters.txt``), which is what a trained Punkt model holds.

How one text is split, and why each step is there:

1. Blank lines end a sentence whatever comes before them (headings, bylines).
2. One linear scan finds the candidates: a run of ``. ? ! …`` (spaced ellipses ``. . .``
   included), the closing quotes and brackets after it, then whitespace or the end.
   Periods inside a token ("3.5", "example.com", "U.S.A") are never candidates.
3. Rules Punkt has no notion of decide most candidates at once: a next word in lower case
   never starts a sentence (``"Great." she said``, ``Yahoo! in``, ``engineer.) at``);
   titles never end one (``Gen. Soleimani``); ``No. 10`` and ``Jan. 3`` hold together;
   ellipses in brackets, three spaced dots, and numbered, lettered or bulleted list items
   follow the typographic conventions.
4. Punkt decides the ambiguous rest, with its own second-pass heuristics over our shipped
   parameters: abbreviations, initials (``J. K. Rowling``), dotted acronyms and ellipses
   followed by a capitalised word. Any other period-final word is a boundary in Punkt
   without looking at context, so we skip the call there (it costs ~40 µs).
5. A break after an abbreviation is undone when the sentence so far is under four words:
   ``At 5 a.m. Mr. Smith went ...`` is one sentence.

Everything is linear in the text's length: no pattern has nested quantifiers that can
backtrack, and every per-candidate look-up is bounded.

Other languages: the same rules with that language's files from ``data/<code>/`` (French
"MM. Carré", Spanish "EE. UU.", German "am 3. Oktober", where a period after a number is
an ordinal unless a sentence starter follows). The rules hold for every language that
writes sentences with these marks and capitals ("¿" and "¡" open, "»" and "“" may close,
after a space in French); a language with no files of its own borrows English's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from nltk.tokenize.punkt import (  # the flag values a trained model stores per word type
    _ORTHO_BEG_UC,
    _ORTHO_MID_LC,
    PunktParameters,
    PunktSentenceTokenizer,
)

from briefing.text.languages import DEFAULT_LANGUAGE, language

__all__ = ["abbreviations", "split_sentences"]

_OPENERS = "\"'“‘„‚«([{¿¡"
_CLOSERS = "\"'”’“‘»)]}"
_BULLETS = "•⁃▪◦‣"

# Sentences shorter than this (in words) do not end at an abbreviation ("At 5 a.m.").
_MIN_WORDS_BEFORE_ABBREVIATION_BREAK = 4

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*+")

# A candidate boundary: a run of . ? ! … (and spaced ellipses), closing quotes and brackets,
# whitespace. The pattern starts with a character class, so the regex engine skips to the
# next punctuation mark in C; the look-behind after the first mark keeps a failed match
# from being retried inside the same run; possessive quantifiers never give characters
# back; the spaced-ellipsis part repeats only over " ." pairs followed by whitespace.
# Scraped copy sometimes lacks the space ("a court has heard.Shocking details"): a mark
# between a lower-case word and a capitalised word is a candidate too.
# Closers: quotes and brackets right after the mark (German closes with “ and ‘), or a
# French guillemet after a space ("partons. »").
_CANDIDATE = re.compile(
    r"(?P<p>[.?!…؟](?<![.?!…؟][.?!…؟])[.?!…؟]*+(?:[ ][.?!…]++(?=\s|\Z))*+)"
    r"(?P<c>(?:[\"'”’“‘»)\]}]|[ \u00a0\u202f]»)*+)"
    r"(?P<ws>\s++|\Z|(?<=[a-z][a-z][.?!])(?=[A-Z][a-z]*+\s))"
)
# The word after a candidate: opening punctuation, then the word (with inner periods).
_NEXT = re.compile(r"[\"'“‘„‚«(\[{¿¡]*+(?P<w>[^\s\"'”’»)\]},;:!?]*+)")
# A number that may be an ordinal in a language that writes ordinals with a period.
_ORDINAL = re.compile(r"\d{1,3}")
# A list marker's token without its final "." or ")": "1", "b", "⁃9" (bullet attached).
_MARKER_TOKEN = re.compile(r"(?P<b>[•⁃▪◦‣])?(?P<v>\d{1,2}|[a-z])")
_PAREN_MARKER = re.compile(r"(?<!\.)\)(?=\s)")
_ACRONYM = re.compile(r"[^\W\d_]{1,2}(?:\.[^\W\d_]{1,2})+")
_INITIAL = re.compile(r"[^\W\d_]\.")
# Longest token looked at before a candidate; longer ones are never abbreviations.
_TOKEN_WINDOW = 64


@dataclass(frozen=True)
class _Lexicon:
    """The shipped parameters, by how each word behaves at a candidate boundary."""

    code: str
    titles: frozenset[str]
    numeric: frozenset[str]
    others: frozenset[str]
    starters: frozenset[str]
    ortho_starters: frozenset[str]
    ordinal_period: bool = False


def _data_lines(code: str, name: str) -> list[str]:
    """The lines of ``data/<code>/<name>`` without comments; none if it is not shipped."""
    path = resources.files("briefing.text").joinpath(f"data/{code}/{name}")
    if not path.is_file():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


@cache
def _lexicon(code: str = DEFAULT_LANGUAGE) -> _Lexicon:
    """The parameters of ``code``; a language with no files of its own borrows English's
    (titles such as "Dr." and "Prof." are written the same in most languages)."""
    files = code if _data_lines(code, "abbreviations.txt") else DEFAULT_LANGUAGE
    kinds: dict[str, set[str]] = {"title": set(), "number": set(), "other": set()}
    kind = "other"
    for line in _data_lines(files, "abbreviations.txt"):
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1]
            if kind not in kinds:
                raise ValueError(f"abbreviations.txt: unknown section [{kind}]")
            continue
        kinds[kind].add(line.lower().rstrip("."))
    starters: set[str] = set()
    ortho: set[str] = set()
    for line in _data_lines(files, "sentence_starters.txt"):
        word, _, flag = line.partition(" ")
        starters.add(word.lower())
        if flag.strip() != "!ortho":
            ortho.add(word.lower())
    return _Lexicon(
        code=code,
        titles=frozenset(kinds["title"]),
        numeric=frozenset(kinds["number"]),
        others=frozenset(kinds["other"]),
        starters=frozenset(starters),
        ortho_starters=frozenset(ortho),
        ordinal_period=language(code).ordinal_period,
    )


def abbreviations(code: str = DEFAULT_LANGUAGE) -> frozenset[str]:
    """Every abbreviation shipped for a language, of any kind (lower case, no final period)."""
    lexicon = _lexicon(code)
    return lexicon.titles | lexicon.numeric | lexicon.others


class _AbbreviationTypes(set[str]):
    """Punkt's abbreviation set, which also holds every dotted acronym ("n.a.t.o")."""

    def __contains__(self, item: object) -> bool:
        if super().__contains__(item):
            return True
        return isinstance(item, str) and _ACRONYM.fullmatch(item) is not None


@cache
def _tokenizer(code: str) -> PunktSentenceTokenizer:
    """Punkt with the parameters a trained model would hold, from ``data/<code>/``."""
    lexicon = _lexicon(code)
    params = PunktParameters()
    # Numeric abbreviations are abbreviations only before a number, which our own rule
    # handles; Punkt sees them as plain words.
    params.abbrev_types = _AbbreviationTypes(lexicon.titles | lexicon.others)
    # Punkt looks up the next word's type, which keeps the final period of an abbreviation.
    params.sent_starters = set(lexicon.starters) | {f"{w}." for w in lexicon.starters}
    for word in lexicon.ortho_starters:
        # "Seen capitalised at sentence starts and in lower case mid-sentence": Punkt's
        # orthographic heuristic then takes a capitalised occurrence as a sentence start.
        params.add_ortho_context(word, _ORTHO_BEG_UC | _ORTHO_MID_LC)
    return PunktSentenceTokenizer(params)


@lru_cache(maxsize=16384)
def _punkt_breaks(token: str, next_word: str, code: str = DEFAULT_LANGUAGE) -> bool:
    """Punkt's decision on ``token`` (ending in . or ...) followed by ``next_word``."""
    return bool(_tokenizer(code).text_contains_sentbreak(f"{token} {next_word}"))


def split_sentences(text: str, code: str = DEFAULT_LANGUAGE) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text``, stripped of whitespace.

    ``code`` is the text's language (ISO 639-1). Spans index ``text`` exactly, in order
    and without overlaps; a blank line always ends a sentence. Linear in ``len(text)``.
    """
    lexicon = _lexicon(code)
    spans: list[tuple[int, int]] = []
    start = 0
    for blank in _BLANK_LINE.finditer(text):
        _split_block(text, start, blank.start(), spans, lexicon)
        start = blank.end()
    _split_block(text, start, len(text), spans, lexicon)
    return spans


def _split_block(
    text: str, start: int, end: int, spans: list[tuple[int, int]], lexicon: _Lexicon
) -> None:
    """Append the sentences of ``text[start:end]`` (no blank line inside) to ``spans``."""
    items, list_periods = _list_items(text, start, end)
    item_index = 0
    sentence_start = start
    for match in _CANDIDATE.finditer(text, start, end):
        # List items that begin before this candidate end the sentence before them.
        while item_index < len(items) and items[item_index] < match.start():
            item = items[item_index]
            item_index += 1
            if item > sentence_start:
                _append(text, sentence_start, item, spans)
                sentence_start = item
        if match.start() in list_periods:
            continue
        cut = _decide(text, match, sentence_start, start, end, lexicon)
        if cut is not None:
            sentence_end, next_start = cut
            _append(text, sentence_start, sentence_end, spans)
            sentence_start = next_start
    for item in items[item_index:]:
        if item > sentence_start:
            _append(text, sentence_start, item, spans)
            sentence_start = item
    _append(text, sentence_start, end, spans)


def _token_start(text: str, position: int, floor: int) -> int:
    """Start of the token that ends at ``position`` (looking back at most a window)."""
    lowest = max(floor, position - _TOKEN_WINDOW)
    while position > lowest and not text[position - 1].isspace():
        position -= 1
    return position


def _append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _decide(
    text: str,
    match: re.Match[str],
    sentence_start: int,
    start: int,
    end: int,
    lexicon: _Lexicon,
) -> tuple[int, int] | None:
    """Where the sentence ends and the next begins if ``match`` is a boundary, else None."""
    punct = match.group("p")
    after = match.end()
    if after >= end:
        return None  # end of the block: the caller closes the last sentence
    here = (match.end("c"), after)
    next_word = _NEXT.match(text, after, end)
    word = next_word.group("w") if next_word else ""
    first = word[:1]
    if first.islower():
        return None  # "Great." she said / Yahoo! in / engineer.) at
    if "." not in punct and "…" not in punct:
        return here  # ? and ! before anything but a lower-case word
    raw_token = text[_token_start(text, match.start(), start) : match.start()]
    token = raw_token.lstrip(_OPENERS).rstrip(_CLOSERS)
    if "…" in punct or ".." in punct or ". ." in punct:
        return _decide_ellipsis(match, raw_token, word, here, lexicon.code)
    key = token.lower()
    if key in lexicon.numeric and first.isdigit():
        return None  # No. 10, Jan. 3, p. 55
    kind = key.rsplit("-", 1)[-1]
    if kind in lexicon.titles:
        return None  # Gen. Soleimani, Dr. Smith, St. Louis
    is_abbreviation = kind in lexicon.others or _ACRONYM.fullmatch(key) is not None
    is_initial = _INITIAL.fullmatch(token + ".") is not None
    if not (is_abbreviation or is_initial):
        if lexicon.ordinal_period and _ORDINAL.fullmatch(token):
            # "am 3. Oktober", "der 2. Weltkrieg"; "stieg um 15. Die Regierung" ends
            return here if _starts_sentence(word, lexicon) else None
        return here  # Punkt: a period after a plain word or a number is a boundary
    if _INITIAL.fullmatch(word):
        return None  # a name goes on: J. K. Rowling, U.S. A. Smith
    if not _punkt_breaks(token + ".", word, lexicon.code):
        return None
    if is_abbreviation and _words(text, sentence_start, match.start()) < (
        _MIN_WORDS_BEFORE_ABBREVIATION_BREAK
    ):
        return None
    return here


def _starts_sentence(word: str, lexicon: _Lexicon) -> bool:
    """Whether a capitalised next word is one that usually starts a sentence."""
    return word.rstrip(".").lower() in lexicon.starters


def _decide_ellipsis(
    match: re.Match[str], token: str, word: str, here: tuple[int, int], code: str
) -> tuple[int, int] | None:
    """Ellipses: omission marks inside a sentence, or a sentence's end (MLA conventions)."""
    punct = match.group("p")
    if token.endswith("[") or match.group("c").startswith("]"):
        return None  # [...] marks an omission inside a quotation
    dots = punct.count(".") + 3 * punct.count("…")
    if " " in punct:
        if dots == 2:
            return here  # ". ." is a period and a stray one (quotes lost in scraping)
        if dots < 4:
            return None  # ". . ." alone is an omission inside a sentence
        if token and punct.startswith(". "):
            start = match.start("p")
            return (start + 1, start + 2)  # "word. . . . Next": the period ends it
        return here  # "word . . . . Next": ellipsis then the period
    if dots >= 4 and "…" not in punct:
        return here  # "that.... She left": ellipsis and period
    # "..." or "…" before a capitalised word: Punkt's ellipsis heuristic decides.
    return here if _punkt_breaks("...", word, code) else None


def _words(text: str, start: int, end: int) -> int:
    """Number of words in ``text[start:end]`` (a bounded count, it runs rarely)."""
    return len(text[start:end].split())


def _list_items(text: str, start: int, end: int) -> tuple[list[int], set[int]]:
    """Starts of list items in a block, and the candidates that are list markers' periods.

    A bullet (• ⁃ ▪ ◦ ‣) after whitespace always starts an item, and a number or letter
    right after it is the item's marker. Unbulleted markers ("1.", "2)", "3.)", "a.") count
    only in a run of consecutive ones of the same style that starts at 1 or a, so
    "in 2019. 2 people" and the initials in "F. Scott ... G. Smith" are not lists.
    """
    items = _bulleted_items(text, start, end)
    periods: set[int] = set()
    markers = _markers(text, start, end)
    if not markers:
        return items, periods
    for position, period in _marker_runs(text, start, markers, periods).items():
        if position > start:
            items.append(position)
        if period >= 0:
            periods.add(period)
    items.sort()
    return items, periods


def _bulleted_items(text: str, start: int, end: int) -> list[int]:
    """Positions of the bullets that start items (a bullet after whitespace)."""
    if not any(text.find(bullet, start, end) >= 0 for bullet in _BULLETS):
        return []
    return [
        position
        for position in range(start + 1, end)
        if text[position] in _BULLETS and text[position - 1].isspace()
    ]


def _markers(text: str, start: int, end: int) -> list[tuple[int, int, str, int]]:
    """Candidate list markers: (where the marker ends, 0, style, its period or -1)."""
    markers: list[tuple[int, int, str, int]] = []
    for match in _CANDIDATE.finditer(text, start, end):  # a second scan holds no memory
        at = match.start()
        # Cheap test first: a marker's token is 1 to 3 characters long ("1", "12", "⁃9").
        short = at - start <= 3 or any(text[at - k].isspace() for k in (2, 3, 4))
        if short and match.group("p") == "." and match.group("c") in ("", ")"):
            style = ".)" if match.group("c") else "."
            markers.append((at, 0, style, at))
    for match in _PAREN_MARKER.finditer(text, start, end):
        markers.append((match.start(), 0, ")", -1))
    return markers


def _marker_runs(
    text: str, start: int, markers: list[tuple[int, int, str, int]], periods: set[int]
) -> dict[int, int]:
    """Item starts (-> their period or -1) of the markers in runs that start at 1 or a;
    a bulleted marker's period goes straight into ``periods``."""
    runs: dict[tuple[bool, str], tuple[int, int, int, int]] = {}  # last (value, root, ...)
    chained: dict[int, int] = {}
    for end_at, _, style, period in sorted(markers):
        token_start = _token_start(text, end_at, start)
        token = _MARKER_TOKEN.fullmatch(text, token_start, end_at)
        if token is None:
            continue
        raw = token.group("v")
        if _bulleted(text, start, token_start, token.group("b")):
            if period >= 0:
                periods.add(period)
            continue
        value = int(raw) if raw.isdigit() else ord(raw)
        key = (raw.isdigit(), style)
        previous = runs.get(key)
        root = previous[1] if previous is not None and previous[0] == value - 1 else value
        if previous is not None and root != value and root in (0, 1, ord("a")):
            chained[previous[2]] = previous[3]
            chained[token_start] = period
        runs[key] = (value, root, token_start, period)
    return chained


def _bulleted(text: str, start: int, token_start: int, bullet: str | None) -> bool:
    """Whether a marker's token follows a bullet (its own, or one and a space before it)."""
    return bullet is not None or (
        token_start - 2 >= start
        and text[token_start - 2] in _BULLETS
        and text[token_start - 1].isspace()
    )

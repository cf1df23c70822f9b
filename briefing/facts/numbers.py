"""Counts as news writes them: digits, words, "a dozen", vague amounts, hedges, ranges and sums.

Everything works on tokens (see ``tokens.py``), never on a regex with nested quantifiers, so
the cost is linear in the length of the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.facts.tokens import Token

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
#: amounts with no number: kept as text, count None
VAGUE = frozenset(
    {"dozens", "hundreds", "thousands", "millions", "scores", "several", "many", "numerous"}
)
#: words that qualify a count without changing it ("more than 200" is 200)
HEDGES = (
    ("at", "least"),
    ("at", "most"),
    ("more", "than"),
    ("fewer", "than"),
    ("less", "than"),
    ("as", "many", "as"),
    ("up", "to"),
    ("an", "estimated"),
    ("about",),
    ("around",),
    ("approximately",),
    ("roughly",),
    ("nearly",),
    ("almost",),
    ("over",),
    ("some",),
    ("only",),
    ("just",),
    ("least",),
)


HEDGES_BY_START: dict[str, tuple[tuple[str, ...], ...]] = {}
for _hedge in HEDGES:
    HEDGES_BY_START[_hedge[0]] = (*HEDGES_BY_START.get(_hedge[0], ()), _hedge)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count found in a sentence: its value (None when vague) and the words that say it."""

    value: int | None
    #: index of the first token (hedge included) and one past the last token
    first: int
    last: int
    start: int
    end: int
    vague: bool = False


def _digits(text: str) -> int | None:
    """ "3,500" -> 3500; "12.5" -> None (not a head count); "2017" is handled by the caller."""
    cleaned = text.replace(",", "")
    if not (cleaned.isascii() and cleaned.isdigit()):
        return None  # "²" and "٣" are digits to str.isdigit, not to int()
    return int(cleaned)


def _number_words(tokens: tuple[Token, ...], i: int) -> tuple[int | None, int]:
    """Value of the number words starting at token ``i`` and the index after them."""
    total = 0
    current = 0
    j = i
    seen = False
    while j < len(tokens):
        word = tokens[j].lower
        if "-" in word and all(part in UNITS for part in word.split("-")):
            current += sum(UNITS[part] for part in word.split("-"))  # "twenty-one"
        elif word in UNITS:
            current += UNITS[word]
        elif word in SCALES and seen:
            scale = SCALES[word]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
        elif word == "and" and seen and j + 1 < len(tokens) and tokens[j + 1].lower in UNITS:
            # "one hundred and five", but not "five Iraqis and two guests" (caller sums those)
            if current < 100 or not any(tokens[k].lower in SCALES for k in range(max(i, j - 2), j)):
                break
        elif word == "-" and seen:
            pass
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None, i
    return total + current, j


def _decimal(tokens: tuple[Token, ...], i: int) -> bool:
    """ "1.5 million", "12.45pm": digits glued to a point and more digits are no head count."""
    if i + 2 >= len(tokens):
        return False
    point, after = tokens[i + 1], tokens[i + 2]
    return (
        point.text in {".", ","}
        and point.start == tokens[i].end
        and after.start == point.end
        and after.text[0].isdigit()
    )


def _past_hedge(tokens: tuple[Token, ...], i: int) -> int:
    """The index after a hedge starting at ``i`` ("more than", "at least"), else ``i``."""
    for hedge in HEDGES_BY_START.get(tokens[i].lower, ()):
        n = len(hedge)
        if i + n <= len(tokens) and all(tokens[i + k].lower == hedge[k] for k in range(n)):
            return i + n
    return i


def _value_at(tokens: tuple[Token, ...], i: int) -> tuple[int | None, int] | None:
    """The value of the figure or number words at ``i`` and the index after them; None
    when no count starts there (a decimal, a lone "a")."""
    token = tokens[i]
    dozen = i + 1 < len(tokens) and tokens[i + 1].lower == "dozen"
    if token.lower in {"a", "an"}:
        return (12, i + 2) if dozen else None
    if token.lower == "dozen":
        return 12, i + 1
    if token.text[0].isdigit():
        value = _digits(token.text)
        if value is None or _decimal(tokens, i):
            return None
        j = i + 1
        if j < len(tokens) and tokens[j].lower in SCALES:
            return value * SCALES[tokens[j].lower], j + 1
        return value, j
    value, j = _number_words(tokens, i)
    return None if value is None else (value, j)


def _range(tokens: tuple[Token, ...], first: int, j: int) -> Quantity | None:
    """ "between 3,000 and 5,000", "3,000 to 5,000": a range has no single count."""
    between = first > 0 and tokens[first - 1].lower == "between"
    if between and j + 1 < len(tokens) and tokens[j].lower == "and":
        other = read_quantity(tokens, j + 1)
        if other is not None:
            start = tokens[first - 1].start
            return Quantity(None, first - 1, other.last, start, other.end, vague=True)
    if j + 1 < len(tokens) and tokens[j].lower in {"to", "-"} and tokens[j + 1].text[0].isdigit():
        other = read_quantity(tokens, j + 1)
        if other is not None and other.value is not None:
            return Quantity(None, first, other.last, tokens[first].start, other.end, vague=True)
    return None


def read_quantity(tokens: tuple[Token, ...], i: int) -> Quantity | None:
    """The count that starts at token ``i`` (after any hedge), or None."""
    first = i
    i = _past_hedge(tokens, i)
    if i >= len(tokens):
        return None
    token = tokens[i]
    if token.lower == "tens" and i + 2 < len(tokens) and tokens[i + 1].lower == "of":
        return Quantity(None, first, i + 3, tokens[first].start, tokens[i + 2].end, vague=True)
    if token.lower in VAGUE:
        return Quantity(None, first, i + 1, tokens[first].start, token.end, vague=True)
    found = _value_at(tokens, i)
    if found is None:
        return None
    value, j = found
    ranged = _range(tokens, first, j)
    if ranged is not None:
        return ranged
    return Quantity(value, first, j, tokens[first].start, tokens[j - 1].end)


#: first words a count may start with (one set lookup per token)
NUMBER_STARTS = (
    frozenset(UNITS) | VAGUE | {"a", "an", "dozen", "tens"} | {hedge[0] for hedge in HEDGES}
)


def is_number_start(token: Token) -> bool:
    """Can a count start at this token? (cheap test before ``read_quantity``)."""
    word = token.lower
    return (
        word in NUMBER_STARTS
        or token.text[0].isdigit()
        or ("-" in word and word.split("-")[0] in UNITS)
    )

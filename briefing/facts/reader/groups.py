"""Noun groups and verb groups: the second layer of the clause reader.

A noun group is what a fact names: "at least 3,500 troops", "the 82nd Airborne Division",
"Iran's foreign minister", "dozens of people", "two of the soldiers". It knows its head, its
count (a figure, or vague), its names and its possessor. A verb group is what a fact says
happened to them: "have been killed", "did not attack", with its lemma, voice and negation.
Everything else stays a one-word mark (a preposition, a conjunction, a comma) for the links.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefing.facts.reader.words import VAGUE_NUMBERS, Word, number_value

__all__ = ["HEDGES", "ORDINALS", "Group", "read_groups"]

#: words before a count that bound it without changing it ("at least 20")
HEDGES = (
    ("at", "least"),
    ("more", "than"),
    ("as", "many", "as"),
    ("up", "to"),
    ("at", "most"),
    ("fewer", "than"),
    ("less", "than"),
    ("nearly",),
    ("almost",),
    ("about",),
    ("around",),
    ("approximately",),
    ("roughly",),
    ("some",),
    ("over",),
    ("another",),
    ("a", "further"),
    ("an", "additional"),
    ("only",),
    ("just",),
    ("estimated",),
    ("an", "estimated"),
)
_NAME_JOINERS = frozenset({"al", "el", "bin", "ibn", "abu", "de", "van", "von", "der", "la"})
#: heads that pass their count through "of": "a total of 5,961 civilians"
_TRANSPARENT = frozenset({"total", "number", "toll", "figure", "tally"})
ORDINALS = frozenset(
    {"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
)
_NOUNISH = frozenset({"NOUN", "PROPN"})
#: plurals that modify the noun after them ("rights groups", "arms control")
_PLURAL_MODIFIERS = frozenset(
    {"rights", "arms", "affairs", "operations", "customs", "sales", "services", "weapons"}
)
_MODIFIERS = frozenset({"ADJ", "NOUN", "PROPN", "NUM"})


@dataclass(frozen=True)
class Group:
    """A run of words that acts as one unit: ``kind`` is "noun", "verb" or "mark"."""

    kind: str
    words: tuple[Word, ...]
    #: index of the group's first word in the sentence
    first: int
    #: the word the group is about: the noun of a noun group, the verb of a verb group
    head: Word
    count: int | None = None
    count_text: str = ""
    #: the count is a word like "dozens": people are counted, but not how many
    vague: bool = False
    #: whose: "Iran" in "Iran's foreign minister"
    possessor: str = ""
    #: verb groups: passive voice ("were killed", "got wounded")
    passive: bool = False
    negated: bool = False
    #: verb groups: "have"/"had" before the verb ("had been killed")
    perfect: bool = False

    @property
    def last(self) -> int:
        return self.first + len(self.words) - 1

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end

    @property
    def lemma(self) -> str:
        return self.head.lemma

    @property
    def tag(self) -> str:
        return self.head.tag

    def text_in(self, sentence: str, offset: int) -> str:
        """The group's words as the sentence writes them."""
        return sentence[self.start - offset : self.end - offset]

    @property
    def is_name(self) -> bool:
        return self.kind == "noun" and self.head.tag == "PROPN"

    @property
    def is_pronoun(self) -> bool:
        return self.kind == "noun" and self.head.tag == "PRON"

    @property
    def lemmas(self) -> frozenset[str]:
        return frozenset(word.lemma.lower() for word in self.words)


def _plural(word: Word) -> bool:
    return word.tag == "NOUN" and word.lower != word.lemma.lower() and word.lower.endswith("s")


#: the hedges by their first word, so most words are passed over with one look-up
_HEDGES_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {}
for _hedge in HEDGES:
    _HEDGES_BY_FIRST[_hedge[0]] = (*_HEDGES_BY_FIRST.get(_hedge[0], ()), _hedge)


def _hedge_at(words: tuple[Word, ...], i: int) -> int:
    """How many words a hedge before a number takes at ``i`` (0 when none)."""
    for hedge in _HEDGES_BY_FIRST.get(words[i].lower, ()):
        end = i + len(hedge)
        if end >= len(words) or any(words[i + k].lower != part for k, part in enumerate(hedge)):
            continue
        if words[end].tag == "NUM" or (
            words[end].lower in ("a", "an") and end + 1 < len(words) and words[end + 1].tag == "NUM"
        ):
            return len(hedge)
    return 0


def _count_run(words: tuple[Word, ...], i: int) -> tuple[int | None, bool, int]:
    """The value of the number words from ``i`` ("two hundred", "a dozen", "1.5 million"),
    whether it is vague ("dozens") and how many words it takes."""
    j = i
    if (
        words[j].lower in ("a", "an")
        and j + 1 < len(words)
        and words[j + 1].lower in ("dozen", "hundred", "thousand")
    ):
        j += 1
    total: int | None = None
    vague = False
    current = 0
    while j < len(words) and words[j].tag == "NUM":
        lower = words[j].lower
        if lower in VAGUE_NUMBERS:
            vague = True
            j += 1
            break
        value = number_value(lower)
        if value is None:
            try:
                value = int(float(lower.replace(",", "")))
            except ValueError:
                break
        if value in (100, 1_000, 1_000_000) and lower.isalpha():
            current = max(current, 1) * value
        else:
            current += value
        total = current
        j += 1
        if (
            j < len(words)
            and words[j].lower == "and"
            and j + 1 < len(words)
            and words[j + 1].tag == "NUM"
            and words[j - 1].lower == "hundred"
        ):
            j += 1
    if (
        words[i].lower in ("a", "an")
        and total is not None
        and total < 100
        and words[i + 1].lower != "dozen"
    ):
        total = None
    return (None if vague else total), vague, j - i


def _noun_group(words: tuple[Word, ...], i: int) -> tuple[Group, int] | None:
    """The noun group starting at ``i`` and the index after it, or None."""
    if i >= len(words):
        return None  # "... counted 300 of": nothing after "of"
    j = _after_determiner(words, i + _hedge_at(words, i))
    count, vague, count_first, j = _leading_count(words, j)
    if count_first >= 0:
        counted = _counted_elsewhere(words, i, j, count, vague, count_first)
        if isinstance(counted, tuple):
            return counted
        j = counted
    head_at, k, possessor = _scan_nouns(words, i, j)
    if head_at >= 0:
        inner = _transparent_total(words, i, head_at)
        if inner is not None:
            return inner
        end = head_at + 1  # a group ends on its head: trailing adjectives are the clause's
    elif count_first >= 0:
        end = count_first + _count_run(words, count_first)[2]
        head_at = end - 1
    else:
        return _headless(words, i, j, k, vague, possessor)
    return _make_noun(words, i, end, words[head_at], count, vague, count_first, possessor), end


def _after_determiner(words: tuple[Word, ...], j: int) -> int:
    """Past a determiner other than "a"/"an", and past the "a" of "a 300-strong force"."""
    if j < len(words) and words[j].tag in ("DET", "POSS") and words[j].lower not in ("a", "an"):
        j += 1
    if (
        j + 3 < len(words)
        and words[j].lower in ("a", "an")
        and words[j + 2].text == "-"
        and words[j + 3].lower == "strong"
    ):
        j += 1  # "a 300-strong force"
    return j


def _leading_count(words: tuple[Word, ...], j: int) -> tuple[int | None, bool, int, int]:
    """The count opening the group at ``j``: (value, vague, where it starts or -1, the index
    after it); a share ("30 percent") is no count, a lone "a" is skipped."""
    if j < len(words) and (words[j].tag == "NUM" or words[j].lower in ("a", "an")):
        value, vague, used = _count_run(words, j)
        share = j + used < len(words) and words[j + used].lower in ("percent", "%", "per")
        if used and (value is not None or vague) and not share:
            count_first = j
            j += used
            if j + 1 < len(words) and words[j].text == "-" and words[j + 1].lower == "strong":
                j += 2  # "a 300-strong force": the count of the force
            return value, vague, count_first, j
        if words[j].lower in ("a", "an"):
            j += 1
        return None, vague, -1, j
    return None, False, -1, j


def _counted_elsewhere(
    words: tuple[Word, ...], i: int, j: int, count: int | None, vague: bool, count_first: int
) -> tuple[Group, int] | int:
    """After a count at ``j``: the whole group when the count belongs to "more" ("dozens
    more") or to the group after "of" ("two of the soldiers"), else where the nouns start
    ("3,500 more troops" counts the troops)."""
    if (
        j + 1 < len(words)
        and words[j].lower in ("more", "other", "additional", "extra")
        and words[j + 1].tag in _NOUNISH
        and words[j + 1].lower not in ("than",)
    ):
        j += 1
    elif j < len(words) and words[j].lower in ("more", "others", "other"):
        return _make_noun(
            words, i, j + 1, words[j], count, vague, count_first, ""
        ), j + 1  # "dozens more"
    if j < len(words) and words[j].lower == "of":
        after = _noun_group(words, j + 1)
        if after is not None and after[0].head.tag in ("NOUN", "PROPN", "PRON"):
            inner, end = after
            return _make_noun(
                words, i, end, inner.head, count, vague, count_first, inner.possessor
            ), end
    return j


def _scan_nouns(words: tuple[Word, ...], i: int, j: int) -> tuple[int, int, str]:
    """The nouns and modifiers from ``j``: (the head's index or -1, the index after the
    last word taken, the possessor before a "'s")."""
    possessor = ""
    head_at = -1
    k = j
    while k < len(words):
        word = words[k]
        if head_at >= 0 and word.lower in ("last", "next", "this", "that") and word.tag != "PROPN":
            break  # "her son last year": a time of its own
        if word.tag in _NOUNISH or (word.tag == "ADJ" and not word.lower.endswith("ly")):
            if (
                head_at >= 0
                and _plural(words[head_at])
                and word.tag == "NOUN"
                and words[head_at].lower not in _PLURAL_MODIFIERS
            ):
                break  # "three civilians hours before": a plural noun ends its group
            if word.tag in _NOUNISH:
                head_at = k
            k += 1
        elif _joins_nouns(words, i, k, head_at):
            k += 1
        elif word.tag == "PART" and head_at >= 0:
            possessor = " ".join(w.text for w in words[j:k])
            k += 1
            head_at = -1
        else:
            break
    return head_at, k, possessor


def _joins_nouns(words: tuple[Word, ...], i: int, k: int, head_at: int) -> bool:
    """Whether the word at ``k`` stays inside the noun group being scanned: a participle
    before the first noun ("wounded soldiers"), a hyphen, a name particle ("bin"), or "of"
    between names ("Bank of England")."""
    word = words[k]
    next_tag = words[k + 1].tag if k + 1 < len(words) else ""
    participle = word.tag == "VERB" and word.form in ("ed", "ing") and next_tag in _NOUNISH
    if participle and head_at < 0 and k > i:
        return True
    if head_at < 0:
        return False
    if word.tag == "PUNCT" and word.text == "-":
        return True
    if word.lower in _NAME_JOINERS and next_tag == "PROPN":
        return True
    return word.lower == "of" and words[head_at].tag == "PROPN" and next_tag == "PROPN"


def _transparent_total(words: tuple[Word, ...], i: int, head_at: int) -> tuple[Group, int] | None:
    """ "a total of 5,961 civilians", "the number of dead": the inner group's count."""
    if not (
        words[head_at].lemma.lower() in _TRANSPARENT
        and head_at + 1 < len(words)
        and words[head_at + 1].lower == "of"
    ):
        return None
    after = _noun_group(words, head_at + 2)
    if after is None or after[0].count is None:
        return None
    inner, end = after
    group = _make_noun(words, i, end, inner.head, inner.count, inner.vague, inner.first, "")
    return replace(group, count_text=inner.count_text), end


def _headless(
    words: tuple[Word, ...], i: int, j: int, k: int, vague: bool, possessor: str
) -> tuple[Group, int] | None:
    """A group with neither noun nor count: "the dead", "the wounded", "a third", a
    pronoun; otherwise None."""
    after_det = j > i and words[j - 1].tag == "DET"
    if k > j and words[k - 1].tag == "ADJ" and after_det:
        return _make_noun(words, i, k, words[k - 1], None, vague, -1, possessor), k  # "the dead"
    if after_det and k == j and j < len(words) and words[j].form in ("ed", "ing"):
        wounded = _make_noun(words, i, j + 1, words[j], None, vague, -1, possessor)
        return wounded, j + 1  # "the wounded"
    if (
        j == i + 1
        and words[i].lower == "a"
        and j < len(words)
        and words[j].lower in ORDINALS
        and (j + 1 == len(words) or words[j + 1].tag not in _NOUNISH)
    ):
        third = words[i : j + 1]  # "wounded a third": one more person
        return Group(
            "noun", third, i, words[j], count=1, count_text=f"{words[i].text} {words[j].text}"
        ), j + 1
    if words[i].tag == "PRON":
        return _make_noun(words, i, i + 1, words[i], None, False, -1, ""), i + 1
    return None


def _make_noun(
    words: tuple[Word, ...],
    first: int,
    end: int,
    head: Word,
    count: int | None,
    vague: bool,
    count_first: int,
    possessor: str,
) -> Group:
    count_text = ""
    if count_first >= 0:
        used = _count_run(words, count_first)[2]
        count_text = " ".join(w.text for w in words[first : count_first + used])
        if words[first].tag in ("DET", "POSS") and first < count_first:
            count_text = " ".join(w.text for w in words[first + 1 : count_first + used])
    return Group(
        "noun",
        words[first:end],
        first,
        head,
        count=count,
        count_text=count_text,
        vague=vague,
        possessor=possessor,
    )


def _verb_group(words: tuple[Word, ...], i: int) -> tuple[Group, int] | None:
    j = i
    auxiliaries: list[Word] = []
    negated = False
    while j < len(words) and (
        words[j].tag in ("AUX", "NEG")
        or (
            words[j].tag == "ADV"
            and j + 1 < len(words)
            and words[j + 1].tag in ("AUX", "VERB", "NEG", "ADV")
        )
        or (
            words[j].lemma == "get"
            and words[j].tag == "VERB"
            and j + 1 < len(words)
            and words[j + 1].tag == "VERB"
            and words[j + 1].form == "ed"
        )
    ):
        if words[j].tag == "NEG":
            negated = True
        elif words[j].tag in ("AUX", "VERB"):
            auxiliaries.append(words[j])
        j += 1
    head: Word | None = None
    if j < len(words) and words[j].tag == "VERB":
        head = words[j]
        j += 1
    elif auxiliaries:
        head = auxiliaries.pop()
    if head is None:
        return None
    lemmas = {w.lemma for w in auxiliaries}
    passive = (
        head.form in ("ed", "")
        and head.tag == "VERB"
        and bool(lemmas & {"be", "get"})
        and head.lemma not in ("be", "have")
        and not any(w.lemma in ("do",) for w in auxiliaries)
    )
    perfect = "have" in lemmas
    group = Group("verb", words[i:j], i, head, passive=passive, negated=negated, perfect=perfect)
    return group, j


def read_groups(words: tuple[Word, ...]) -> tuple[Group, ...]:
    """The sentence's words gathered into noun groups, verb groups and marks, in order."""
    groups: list[Group] = []
    i = 0
    while i < len(words):
        word = words[i]
        found: tuple[Group, int] | None = None
        if word.tag in ("AUX", "NEG", "VERB") or (
            word.tag == "ADV" and i + 1 < len(words) and words[i + 1].tag in ("AUX", "VERB", "NEG")
        ):
            found = _verb_group(words, i)
        if found is None and word.tag in (
            "DET",
            "POSS",
            "NUM",
            "ADJ",
            "NOUN",
            "PROPN",
            "PRON",
            "ADP",
            "ADV",
        ):
            found = (
                _noun_group(words, i)
                if word.tag not in ("ADP", "ADV") or _hedge_at(words, i)
                else None
            )
        if found is None:
            found = (Group("mark", (word,), i, word), i + 1)
        groups.append(found[0])
        i = found[1]
    return tuple(groups)

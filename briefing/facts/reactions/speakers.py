"""Speakers: who a reaction verb's words belong to, one small rule per sentence shape.

Each rule takes the clause, the index of the verb and the context of earlier sentences,
and returns a ``Speaker`` or ``None``; ``SPEAKER_RULES`` tries them in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from briefing.facts.reactions.lexicon import (
    AFTER_VERBS,
    AUXILIARIES,
    DETERMINERS,
    GROUP_NOUNS,
    INSTITUTIONS,
    PASSIVE,
    PREPOSITIONS,
    QUANTIFIERS,
    REACTION_VERBS,
    RELATIVES,
    ROLE_HEADS,
    SOURCE_ROLES,
    SOURCES,
    TIME_OPENERS,
    TIME_WORDS,
)
from briefing.facts.reactions.names import (
    Speaker,
    can_be_subject,
    name_speaker,
    role_like,
)
from briefing.facts.tokens import NOT_NAME, Clause, Token

SpeakerRule = Callable[[Clause, int, "Context"], "Speaker | None"]


@dataclass
class Context:
    """What earlier sentences tell: the last speaker, for "He said" and "the minister"."""

    last_person: Speaker | None = None
    last_body: Speaker | None = None
    #: recent people, newest last, and the pronoun each was once called by
    people: list[Speaker] = field(default_factory=list)
    genders: dict[str, str] = field(default_factory=dict)

    def remember(self, speaker: Speaker) -> None:
        """Note a speaker for later pronouns."""
        if speaker.kind == "person":
            self.last_person = speaker
            self.people = [*[p for p in self.people if p.name != speaker.name][-5:], speaker]
            role = (speaker.role or "").lower().split()
            if role[:1] in (["mr"], ["mr."]):
                self.genders.setdefault(speaker.name, "he")
            elif role[:1] in (["mrs"], ["ms"], ["mrs."], ["ms."]):
                self.genders.setdefault(speaker.name, "she")
        else:
            self.last_body = speaker

    def mention(self, clause: Clause) -> None:
        """A person who opens a sentence ("Ida McCausland, 65, is a registered Republican")
        is who a later "she said" most likely means, though no verb of saying came yet."""
        for first, last in clause.runs.items():
            if first > 2:
                return
            person = name_speaker(clause, first, last)
            if (
                person is not None
                and person.kind == "person"
                and " " in person.name
                and (not self.people or self.people[-1].name != person.name)
            ):
                self.people = [*[p for p in self.people if p.name != person.name][-5:], person]
            return

    def resolve(self, pronoun: str) -> Speaker | None:
        """The newest person not known to be called by the other pronoun."""
        for speaker in reversed(self.people):
            if self.genders.get(speaker.name, pronoun) == pronoun:
                self.genders[speaker.name] = pronoun
                return speaker
        return None


def _before_auxiliaries(tokens: tuple[Token, ...], k: int) -> int:
    """Step back over "has also", "strongly", "later" and a time ("on Thursday", "this
    week", "earlier this month") between a subject and its verb."""
    while k > 0:
        word = tokens[k - 1].lower
        if word in AUXILIARIES or (word.endswith("ly") and not tokens[k - 1].is_capitalised):
            k -= 1
        elif word in TIME_WORDS and k >= 2 and tokens[k - 2].lower in TIME_OPENERS:
            k -= 2
            if k > 0 and tokens[k - 1].lower in {"earlier", "later"}:
                k -= 1  # "earlier this month"
        else:
            break
    return k


def _run_ending_at(clause: Clause, end: int) -> int | None:
    return clause.run_ends.get(end)


def name_role_verb(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "Yukiya Amano, director general of the IAEA said" (no comma before the verb)."""
    tokens = clause.tokens
    k = v
    k = _before_auxiliaries(tokens, k)
    start = k
    while start > 0 and k - start <= 14 and tokens[start - 1].text not in {",", '"', ";", ":"}:
        start -= 1
    if start < 2 or tokens[start - 1].text != "," or start == k:
        return None
    if tokens[start].lower in RELATIVES or tokens[k - 1].lower in {"and", "but", "or"}:
        return None  # "X, who met the ambassador and told him": no role, a clause
    if not role_like(tokens[start:k]):
        return None
    if k - start == 2 and tokens[start].lower == "the" and tokens[start + 1].lower in GROUP_NOUNS:
        return None  # "..., Senior General Min Aung Hlaing, the army said": the army speaks
    first = _run_ending_at(clause, start - 1)
    if first is None or not can_be_subject(clause, first):
        return None
    speaker = name_speaker(clause, first, start - 1)
    if speaker is None or speaker.kind != "person":
        return None
    return replace(speaker, role=clause.span(start, k), last=k)


def role_of_body(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "an official from the presidential Blue House said" -> "Blue House official"."""
    tokens = clause.tokens
    k = v
    k = _before_auxiliaries(tokens, k)
    first = _run_ending_at(clause, k)
    if first is None:
        return None
    j = first
    while j > 0 and first - j < 4 and tokens[j - 1].is_word and not tokens[j - 1].is_capitalised:
        if tokens[j - 1].lower in PREPOSITIONS:
            break
        j -= 1
    if j < 3 or tokens[j - 1].lower not in {"from", "of", "at", "for"}:
        return None
    head = tokens[j - 2]
    if head.lower not in ROLE_HEADS or tokens[j - 3].lower not in {"a", "an", "the"}:
        return None
    name = f"{clause.span(first, k)} {head.text}"
    return Speaker(name, None, "body", j - 3, k)


def passive_agent(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "was criticized by European allies", "drew praise from Israel", "claimed by a
    spokesman for the Tehreek-e-Taliban"."""
    tokens = clause.tokens
    if v + 2 >= len(tokens) or tokens[v + 1].lower not in {"by", "from"}:
        return None
    if tokens[v].lower in REACTION_VERBS and (v == 0 or tokens[v - 1].lower not in PASSIVE):
        return None
    j = v + 2
    if (
        tokens[j].lower in {"a", "an", "the"}
        and j + 2 < len(tokens)
        and tokens[j + 1].lower in ROLE_HEADS
        and tokens[j + 2].lower in {"for", "of"}
    ):
        j += 3  # "a spokesman for the Tehreek-e-Taliban"
    if j < len(tokens) and tokens[j].lower == "the":
        j += 1
    runs = clause.runs
    # a group first: "by European allies", "by rights groups", "by U.S. officials"
    after = runs.get(j, j + 1)
    if after < len(tokens) and tokens[after].lower in GROUP_NOUNS | {"allies"}:
        return Speaker(clause.span(j, after + 1), None, "body", v, after + 1)
    end = j
    while end < len(tokens) and end - j < 5 and tokens[end].lower not in SOURCES:
        end += 1
    if end < len(tokens) and _source_before(clause, end + 1) == j:
        return Speaker(clause.span(j, end + 1), None, "body", v, end + 1)
    if j in runs:
        speaker = name_speaker(clause, j, runs[j])
        return None if speaker is None else replace(speaker, first=v, last=runs[j])
    return None


def name_before_verb(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "UK Foreign Secretary Dominic Raab has urged", "The Pentagon said"."""
    tokens = clause.tokens
    k = v
    k = _before_auxiliaries(tokens, k)
    first = _run_ending_at(clause, k)
    if first is None or not can_be_subject(clause, first):
        return None
    speaker = name_speaker(clause, first, k)
    joint = first - 1 if first >= 2 and tokens[first - 1].lower == "the" else first
    if speaker is not None and joint >= 2 and tokens[joint - 1].lower == "and":
        # "China and Russia have proposed", "South Korea and the United States say": both
        # are the subject
        other = _run_ending_at(clause, joint - 1)
        if other is not None and can_be_subject(clause, other):
            return replace(speaker, name=clause.span(other, k), kind="body", first=other)
    return speaker


def group_before_verb(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "the U.S. military said", "South Korea s coast guard said", "The committee said"."""
    tokens = clause.tokens
    k = v
    k = _before_auxiliaries(tokens, k)
    if k == 0 or tokens[k - 1].lower not in GROUP_NOUNS or tokens[k - 1].is_capitalised:
        return None
    start = k - 1
    before = tokens[start - 1] if start > 0 else None
    if (
        before is not None
        and before.is_word
        and not before.is_capitalised
        and before.lower not in {"the", "s"} | PREPOSITIONS
    ):
        start -= 1  # "coast guard"
    if start > 0 and tokens[start - 1].lower == "s":
        start -= 1  # ISOT text lost its apostrophes: "South Korea s coast guard"
    owner = _run_ending_at(clause, start)
    if owner is not None and can_be_subject(clause, owner):
        return Speaker(clause.span(owner, k), None, "body", owner, k)
    if (
        start > 0
        and tokens[start - 1].lower == "the"
        and (start - 1 in (0, 1) or tokens[start - 2].text == ",")
    ):
        return Speaker(clause.span(start, k), None, "body", start - 1, k)
    return None


def name_with_appositive(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "Amir Hatami, Iran's defence minister, has threatened", "X, the governor, said"."""
    tokens = clause.tokens
    k = v
    k = _before_auxiliaries(tokens, k)
    if k == 0 or tokens[k - 1].text != ",":
        return None
    runs = clause.runs
    # walk back over comma-separated segments, at most four, to a segment that is a name
    end = k - 1
    role_segment: tuple[int, int] | None = None
    for _ in range(4):
        start = end
        while start > 0 and tokens[start - 1].text not in {",", '"', ";", ":", "(", ")"}:
            start -= 1
            if end - start > 30:
                return None
        relative = tokens[start].lower in RELATIVES | {"long"}
        if end - start > 14 and not relative:
            return None
        first = _name_start(clause, start, end)
        if first < end and runs.get(first) == end:
            speaker = name_speaker(clause, first, end)
            if speaker is None:
                return None
            role = speaker.role
            if role_segment is not None and role_like(tokens[role_segment[0] : role_segment[1]]):
                role = clause.span(*role_segment)
            elif role is None:
                role = _role_before(clause, start)
            return replace(speaker, role=role, last=k)
        if end - first > 14 and not relative:
            return None
        # the role nearest the name wins; a relative clause ("who met ...") is no role
        role_segment = None if relative else (start, end)
        if start == 0 or tokens[start - 1].text != ",":
            return None
        end = start - 1
    return None


def _name_start(clause: Clause, start: int, end: int) -> int:
    """Where the name of a comma-set segment begins: past words that never start a name,
    and past a role right before a name ("State Department spokeswoman Heather Nauert")."""
    tokens = clause.tokens
    first = start
    while first < end and tokens[first].lower in NOT_NAME:
        first += 1
    named_from = _run_ending_at(clause, end)
    if (
        named_from is not None
        and first < named_from
        and named_from - first <= 6
        and all(t.is_word and t.lower not in PREPOSITIONS for t in tokens[first:named_from])
        and tokens[named_from - 1].lower in ROLE_HEADS
    ):
        return named_from
    return first


def _role_before(clause: Clause, start: int) -> str | None:
    """The role set off before a name: "Iran's foreign minister, Javad Zarif, described"."""
    tokens = clause.tokens
    if start < 2 or tokens[start - 1].text != ",":
        return None
    before = start - 1
    while before > 0 and tokens[before - 1].text not in {",", '"', ";", ":"}:
        before -= 1
    if 0 < start - 1 - before <= 8 and role_like(tokens[before : start - 1]):
        return clause.span(before, start - 1)
    return None


def name_after_verb(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ ", said SDF spokesman Talal Selo", "said Colonel Ryan Dillon, a spokesman for ..."."""
    tokens = clause.tokens
    if not _verb_after_quote(tokens, v):
        return None
    runs = clause.runs
    j = v + 1
    role_start = j
    while j < len(tokens) and j - v <= 4 and j not in runs:
        if not tokens[j].is_word:
            return None
        j += 1
    if j not in runs:
        return None
    after = runs[j]
    if after + 1 < len(tokens) and tokens[after].lower in ROLE_HEADS and (after + 1) in runs:
        j = after + 1  # "said SDF spokesman Talal Selo"
    speaker = name_speaker(clause, j, runs[j])
    if speaker is None:
        return None
    end = runs[j]
    if end < len(tokens) and tokens[end].is_word and tokens[end].lower not in {"on", "in", "at"}:
        return None  # "said al-Muhandis had arrived": the name starts a new clause
    role = speaker.role
    if j > role_start:
        # "said police spokesman Tariq Aziz": the words between verb and name are the role
        title = clause.span(j, runs[j]).removesuffix(speaker.name).strip()
        role = " ".join(p for p in (clause.span(role_start, j), title) if p)
    end = runs[j]
    return replace(speaker, role=_role_after(clause, end) or role, first=v, last=end)


def _verb_after_quote(tokens: tuple[Token, ...], v: int) -> bool:
    """A verb of saying that may put its speaker after it, right after a quote or comma."""
    if tokens[v].lower not in AFTER_VERBS or v == 0:
        return False
    before = tokens[v - 1].text
    return before in {",", '"', "."} or before.endswith("'")


def _role_after(clause: Clause, end: int) -> str | None:
    """The role set off by a comma after a name: "said Colonel Ryan Dillon, a spokesman"."""
    tokens = clause.tokens
    if end + 1 >= len(tokens) or tokens[end].text != ",":
        return None
    stop = end + 1
    while stop < len(tokens) and tokens[stop].text not in {",", ".", ";"} and stop - end < 14:
        stop += 1
    return clause.span(end + 1, stop) if role_like(tokens[end + 1 : stop]) else None


def coordinated_subject(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "General Qamar Bajwa, the army chief, met the ambassador and told him ...": the
    verb after "and" shares the subject that opens the sentence."""
    tokens = clause.tokens
    k = _before_auxiliaries(tokens, v)
    if k == 0 or tokens[k - 1].lower not in {"and", "but"}:
        return None
    for first, last in clause.runs.items():
        if first > 8:
            return None
        if any(t.lower in PREPOSITIONS or t.text in {'"', ";", ":"} for t in tokens[:first]):
            return None
        if last < len(tokens) and (tokens[last].text == "," or not tokens[last].is_capitalised):
            speaker = name_speaker(clause, first, last)
            if speaker is not None and speaker.kind == "person":
                return speaker
    return None


def pronoun_subject(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "He tweeted", "She said", "the minister said": the last named speaker."""
    tokens = clause.tokens
    k = v
    k = _before_auxiliaries(tokens, k)
    if k == 0:
        return None
    word = tokens[k - 1].lower
    if word == "who" and k >= 3 and tokens[k - 2].text == ",":
        # "... by Myanmar's Vice President Henry Van Thio, who said ..."
        first = _run_ending_at(clause, k - 2)
        if first is not None:
            return name_speaker(clause, first, k - 2)
        return None
    if word in {"he", "she"}:
        if k - 1 > 0 and tokens[k - 2].lower in {"that", "whether", "what"}:
            return None  # "... that he said": reported inside someone else's words
        return context.resolve(word)
    if word in ROLE_HEADS and k >= 2 and tokens[k - 2].lower == "the":
        for candidate in (context.last_person, context.last_body):
            if candidate and candidate.role and word in candidate.role.lower():
                return candidate
    return None


def _source_before(clause: Clause, end: int) -> int | None:
    """Where the stated role of the source noun just before ``end`` starts, if it has one:
    "two U.S. officials" -> at "U.S."; "officials" alone -> None."""
    tokens = clause.tokens
    if end == 0 or tokens[end - 1].lower not in SOURCES:
        return None
    start = end - 1
    while start > 0 and end - start < 6:
        prev = tokens[start - 1]
        if prev.lower in QUANTIFIERS:
            break
        if prev.lower in SOURCE_ROLES or (
            prev.is_word and prev.is_capitalised and prev.lower not in NOT_NAME
        ):
            start -= 1
        elif prev.text == "." and start >= 2 and tokens[start - 2].is_capitalised:
            start -= 1  # "U.S." split at a final dot
        else:
            break
    return start if start < end - 1 else None


def _institution_before(clause: Clause, k: int) -> bool:
    """ "..., police said", "Investigators said": an institution, unnamed, as the subject."""
    tokens = clause.tokens
    if k == 0 or tokens[k - 1].lower not in INSTITUTIONS:
        return False
    return k == 1 or not tokens[k - 2].is_word or tokens[k - 2].lower in {"the", "and", "but"}


def anonymous_source(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "a senior U.S. official said", "two U.S. officials said", "said a Syrian military
    source", "rights groups say": a source with a stated role, unnamed."""
    tokens = clause.tokens
    k = _before_auxiliaries(tokens, v)
    start = _source_before(clause, k)
    if start is not None:
        lead = start
        while lead > 0 and tokens[lead - 1].lower in DETERMINERS:
            lead -= 1  # "a health ministry official", "two U.S. officials"
        if not can_be_subject(clause, lead):
            return None
        return Speaker(clause.span(start, k), None, "body", start, k)
    if _institution_before(clause, k):
        return Speaker(tokens[k - 1].text, None, "body", k - 1, k)
    if tokens[v].lower not in {"said", "says", "added", "told"} or v == 0:
        return None
    if tokens[v - 1].text not in {",", '"'}:
        return None
    j = v + 1
    while j < len(tokens) and tokens[j].lower in {"a", "an", "the", "two", "three", "several"}:
        j += 1
    end = j
    while end < len(tokens) and end - j < 6 and tokens[end].lower not in SOURCES:
        end += 1
    if end == len(tokens) or tokens[end].lower not in SOURCES:
        return None
    start = _source_before(clause, end + 1)
    if start != j:
        return None  # something other than a role between the verb and the noun
    return Speaker(clause.span(start, end + 1), None, "body", v, end + 1)


#: what states an unnamed source's standing after the noun: "a source close to the
#: investigation", "people familiar with the matter", "an official briefed on the talks"
STANDING_AFTER = (
    ("close", "to"),
    ("familiar", "with"),
    ("briefed", "on"),
    ("with", "knowledge", "of"),
    ("with", "direct", "knowledge", "of"),
)
#: the nouns such a phrase makes a source of, beside ``SOURCES``
SOURCE_PEOPLE = frozenset({"people", "person"})


def source_close_to(clause: Clause, v: int, context: Context) -> Speaker | None:
    """ "A source close to the investigation said", "people familiar with the matter say":
    the phrase after the noun is the source's stated role."""
    tokens = clause.tokens
    k = _before_auxiliaries(tokens, v)
    for n in range(max(0, k - 12), k - 2):
        if tokens[n].lower not in SOURCES and tokens[n].lower not in SOURCE_PEOPLE:
            continue
        after = tuple(t.lower for t in tokens[n + 1 : n + 5])
        if not any(after[: len(p)] == p for p in STANDING_AFTER):
            continue
        if any(t.text in {",", ";", ":", '"', "\u201c", "\u201d"} for t in tokens[n + 1 : k]):
            return None  # "a source close to him, who ...": not the subject of the verb
        start = _source_before(clause, n + 1) if tokens[n].lower in SOURCES else None
        start = n if start is None else start
        lead = start
        while lead > 0 and tokens[lead - 1].lower in DETERMINERS:
            lead -= 1
        if not can_be_subject(clause, lead):
            return None
        return Speaker(clause.span(start, k), None, "body", lead, k)
    return None


#: how a speaker is found, tried in order; add a rule with one line here
SPEAKER_RULES: tuple[SpeakerRule, ...] = (
    passive_agent,
    name_with_appositive,
    name_role_verb,
    role_of_body,
    name_before_verb,
    name_after_verb,
    pronoun_subject,
    group_before_verb,
    anonymous_source,
    source_close_to,
    coordinated_subject,
)


def find_speaker(clause: Clause, v: int, context: Context) -> Speaker | None:
    """The speaker of the verb at ``v``: the first rule that finds one."""
    for rule in SPEAKER_RULES:
        speaker = rule(clause, v, context)
        if speaker is not None:
            return speaker
    return None


def fellow_speakers(clause: Clause, v: int, speaker: Speaker) -> list[Speaker]:
    """People named together with a person before the verb share the words: "Jessica
    Leeds, Rachel Crooks, and Samantha Holvey said", "Senator John McCain and
    Representative Mac Thornberry said" (earliest first). Bodies stay one voice
    ("China and Russia have proposed"), as the annotators keep them."""
    if speaker.kind != "person" or " " not in speaker.name:
        return []
    tokens = clause.tokens
    k = next(
        (
            first
            for first, last in clause.runs.items()
            if last <= v and clause.span(first, last).endswith(speaker.name)
        ),
        None,
    )
    fellows: list[Speaker] = []
    while k is not None and k >= 2 and len(fellows) < 6:
        j = k
        if tokens[j - 1].lower == "and":
            j -= 1
            if tokens[j - 1].text == ",":
                j -= 1  # the serial comma
        elif tokens[j - 1].text == "," and fellows:
            j -= 1  # "A, B and C": commas only once an "and" was seen
        else:
            break
        first = clause.run_ends.get(j)
        if first is None:
            break
        fellow = name_speaker(clause, first, j)
        if fellow is None or fellow.kind != "person" or " " not in fellow.name:
            break
        fellows.append(fellow)
        k = first
    return fellows[::-1]

"""Who did what to whom: the links between a sentence's groups, the clause reader's last layer.

Each verb group becomes a ``Predication``: its subject (found to the left, through a
relative pronoun to its antecedent, from the clause it is coordinated with, or after the
verb in "said the governor"), its objects with their conjuncts ("killed the judge, her
driver and two guards"), a by-agent, its prepositional complements and an adjective
complement ("were found dead"). The rules of the fact kinds read these, not word windows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefing.facts.reader.groups import Group

__all__ = ["Predication", "apposition", "conjuncts", "link"]

#: marks that open a new clause
_CLAUSE_OPENERS = frozenset({"SCONJ", "WH"})
_CLAUSE_PUNCT = frozenset({";", ":", '"', "(", ")"})
#: prepositions that open a clause when a subject and a verb follow ("after floods battered")
_CLAUSE_PREPOSITIONS = frozenset({"after", "before", "since", "until", "as", "while", "because"})
#: nouns of a time that may stand between a subject and its verb ("this week")
_TIMES = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "week",
        "month",
        "year",
        "weekend",
        "morning",
        "afternoon",
        "evening",
        "night",
        "today",
        "yesterday",
    }
)
#: pronouns that are never a subject: "told him the border was safe"
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me"})
#: verbs of saying or agreeing besides ``INVERTING``: never a reduced participle
_SAYING = frozenset({"agree", "announce", "confirm", "deny", "claim", "vow", "promise", "urge"})
#: verbs that put their subject after them: "said the governor", "added Ali Musa"
INVERTING = frozenset(
    {
        "say",
        "add",
        "tell",
        "write",
        "ask",
        "declare",
        "explain",
        "continue",
        "insist",
        "note",
        "warn",
        "reply",
        "respond",
    }
)


@dataclass(frozen=True)
class Predication:
    """One verb group and the groups linked to it."""

    verb: Group
    #: index of the verb group in the sentence's groups
    at: int
    subject: tuple[Group, ...] = ()
    objects: tuple[Group, ...] = ()
    agent: tuple[Group, ...] = ()
    #: (preposition, group) after the verb, in order
    complements: tuple[tuple[str, Group], ...] = ()
    #: an adjective or participle completing the verb ("were found dead", "remain missing")
    predicate: str = ""
    #: how the subject was found: "left", "relative", "shared", "after", "reduced" or ""
    subject_by: str = ""
    #: the clause opens with a relative pronoun ("who were killed")
    relative: bool = False
    #: a reduced relative: a participle right after its noun ("the miners trapped underground")
    reduced: bool = False
    #: the word that opens the clause ("because", "while", "that"), lower case
    opener: str = ""
    #: "and" or "or" and another verb come right after ("shot and killed")
    followed_by_verb: bool = False

    @property
    def lemma(self) -> str:
        return self.verb.head.lemma

    @property
    def passive(self) -> bool:
        """Passive, a reduced relative, or a participle chained to a passive ("reported killed")."""
        return (
            self.verb.passive
            or self.reduced
            or (self.subject_by == "chain" and self.verb.head.form == "ed")
        )

    def complement(self, *prepositions: str) -> tuple[Group, ...]:
        return tuple(group for prep, group in self.complements if prep in prepositions)


def _is_boundary(group: Group) -> bool:
    head = group.head
    return group.kind == "mark" and (head.tag in _CLAUSE_OPENERS or head.text in _CLAUSE_PUNCT)


def _after_attachments(groups: tuple[Group, ...], j: int) -> int:
    """Past the prepositional phrases hanging on a noun ("Ali Musa of Iraq", "the
    governor from Kirkuk"), so a list goes on after them."""
    while (
        j + 1 < len(groups)
        and groups[j].kind == "mark"
        and groups[j].head.lower in ("of", "from")
        and groups[j + 1].kind == "noun"
    ):
        j += 2
    return j


def conjuncts(groups: tuple[Group, ...], i: int) -> tuple[Group, ...]:
    """The noun group at ``i`` and those coordinated with it ("A, B and C"); a list with
    no "and" or "or" is an apposition ("the governor, Ali Musa"), not a coordination."""
    found = [groups[i]]
    coordinated = False
    j = _after_attachments(groups, i + 1)
    while j + 1 < len(groups):
        mark = groups[j]
        if mark.kind != "mark" or mark.head.text not in (",", "and", "or"):
            break
        nxt = j + 1
        if (
            mark.head.text == ","
            and groups[nxt].kind == "mark"
            and groups[nxt].head.text in ("and", "or")
        ):
            nxt += 1
        if nxt >= len(groups) or groups[nxt].kind != "noun":
            break
        if nxt > j + 1 and nxt + 1 < len(groups) and groups[nxt + 1].kind == "verb":
            break  # ", and my uncle was wounded": a clause of its own, not a list
        found.append(groups[nxt])
        if nxt > j + 1 or mark.head.text != ",":
            coordinated = True
            break
        j = _after_attachments(groups, nxt + 1)
    return tuple(found) if coordinated else (groups[i],)


def apposition(groups: tuple[Group, ...], i: int) -> Group | None:
    """The noun group set off by a comma right after the one at ``i`` ("the governor, Ali
    Musa"), when it is not the start of a coordination."""
    if (
        i + 2 < len(groups)
        and groups[i + 1].head.text == ","
        and groups[i + 2].kind == "noun"
        and len(conjuncts(groups, i)) == 1
    ):
        return groups[i + 2]
    return None


def _in_phrase(groups: tuple[Group, ...], start: int, i: int) -> bool:
    """Whether the noun group at ``i`` is the object of a preposition ("since early 2015"),
    so that "and" after it starts a new subject rather than a list."""
    j = i - 1
    while j >= start and groups[j].kind == "mark" and groups[j].head.tag in ("ADJ", "ADV"):
        j -= 1
    return j >= start and groups[j].kind == "mark" and groups[j].head.tag in ("ADP", "TO")


def _bare_time(group: Group, before: Group | None) -> bool:
    """A time with no preposition before it ("this month", not "on Thursday")."""
    return (
        group.kind == "noun"
        and group.lemma.lower() in _TIMES
        and before is not None
        and before.head.tag not in ("ADP", "TO")
    )


def _left_subject(groups: tuple[Group, ...], start: int, at: int) -> int:
    """Index of the subject's first conjunct, left of the verb at ``at`` in [start, at), or -1.

    Walks back over adverbs and prepositional phrases ("X on state television said"),
    through "and"/"or" to a coordination's first conjunct and through an apposition closed by
    a comma ("the envoy, Ali Musa, said") to the group it describes.
    """
    candidate = -1
    i = at - 1
    while i >= start:
        group = groups[i]
        if group.kind == "verb":
            break
        before = groups[i - 1] if i > start else None
        if candidate < 0 and i > start and _bare_time(group, before):
            i -= 1  # "Ana Lima earlier this month urged": a time, not the subject
            continue
        if group.kind == "noun":
            if (
                before is not None
                and before.kind == "mark"
                and before.head.tag in ("ADP", "TO")
                and i - 1 != start
            ):
                if (
                    before.head.lower in ("of", "from")
                    and i - 2 >= start
                    and groups[i - 2].kind == "noun"
                ):
                    i -= 2  # "Warren Weinstein of the United States": the walk goes on
                    continue
                i -= 2
                continue
            candidate = i
            if before is None or before.kind != "mark":
                break
            after = _after_attachments(groups, i + 1)
            # "A, B and C said": a comma before a conjunct already in a list goes on too
            closed = after < at and groups[after].head.text in (",", "and", "or")
            if before.head.text in ("and", "or") and not _in_phrase(groups, start, i - 2):
                i -= 1
                continue
            if before.head.text == "," and closed:
                i -= 1
                continue
            break
        if group.head.text in (",", "and", "or", "-") or group.head.tag in ("ADV", "ADJ"):
            i -= 1
            continue
        break
    return candidate


def _closes(groups: tuple[Group, ...], start: int, i: int) -> bool:
    """Does the comma at ``i`` close an apposition or a relative clause opened in the clause
    from ``start`` ("Ali Musa, the governor, said"), rather than end what was said ("...
    the campaign, said Ali Musa")?"""
    opener = groups[start].head
    return opener.tag == "WH" or any(g.head.text == "," for g in groups[start + 1 : i])


def _joined_verb_opens(groups: tuple[Group, ...], start: int, i: int) -> bool:
    """Does the "and", "but" or comma at ``i`` open a clause with the verb after it?"""
    group = groups[i]
    after = groups[i + 1] if i + 1 < len(groups) else None
    if after is None or after.kind != "verb":
        return False
    if group.head.text != ",":
        return True
    return (
        after.head.form in ("ing", "ed")
        and len(after.words) == 1
        # "Ali Musa, the governor, said": a comma closing an apposition or a relative
        # clause keeps the verb with its subject
        and not (
            after.head.form == "ed" and after.head.lemma in INVERTING and _closes(groups, start, i)
        )
    )


def _comma_opens(groups: tuple[Group, ...], start: int, i: int) -> bool:
    """ "..., in which the matter could play out, experts said": a noun and its verb after a
    comma that ends a clause with a verb of its own open a new clause; so does ", and"
    ("Ana Lima said it was closed, and Omar Tal said it was open")."""
    j = i + 1
    if (
        groups[i].head.text == ","
        and j < len(groups)
        and groups[j].kind == "mark"
        and groups[j].head.text in ("and", "but")
    ):
        j += 1
    return (
        groups[i].head.text == ","
        and j + 1 < len(groups)
        and groups[j].kind == "noun"
        and groups[j + 1].kind == "verb"
        and any(g.kind == "verb" for g in groups[start:i])
    )


def _spans(groups: tuple[Group, ...]) -> list[tuple[int, int]]:
    """The clause spans [start, end) of the sentence's groups."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, group in enumerate(groups):
        boundary = _is_boundary(group) or (
            group.kind == "mark"
            and group.head.lower in _CLAUSE_PREPOSITIONS
            and i + 2 < len(groups)
            and groups[i + 1].kind == "noun"
            and groups[i + 2].kind == "verb"
        )
        if not boundary and group.kind == "mark" and group.head.text in ("and", "but", ","):
            boundary = _joined_verb_opens(groups, start, i) or _comma_opens(groups, start, i)
        if boundary and i > start:
            spans.append((start, i))
            start = i
    spans.append((start, len(groups)))
    return spans


def _objects(groups: tuple[Group, ...], at: int, end: int) -> tuple[Group, ...]:
    j = at + 1
    if j < end and groups[j].kind == "mark" and groups[j].head.tag in ("ADJ", "ADV"):
        j += 1  # "shot dead two people"
    if j < end and groups[j].kind == "noun":
        return conjuncts(groups[:end], j)
    return ()


def _complements(groups: tuple[Group, ...], at: int, end: int) -> tuple[tuple[str, Group], ...]:
    found: list[tuple[str, Group]] = []
    j = at + 1
    while j + 1 < end:
        mark = groups[j]
        if mark.kind == "mark" and mark.head.tag in ("ADP", "TO") and groups[j + 1].kind == "noun":
            found.append((mark.head.lower, groups[j + 1]))
            j += 2
            continue
        if mark.kind == "verb":
            break
        j += 1
    return tuple(found)


@dataclass
class _Clause:
    """What the verbs of one clause span share while they are linked."""

    start: int
    end: int
    relative: bool
    previous_subject: tuple[Group, ...]
    reduced: tuple[int, tuple[Group, ...]] | None = None
    last: Predication | None = None


def _own_verb_follows(groups: tuple[Group, ...], at: int, end: int) -> bool:
    """Does the clause's own verb come after the participle at ``at``, with no comma
    between ("the miners trapped in the mine were found")? After a comma the verb is
    another clause's ("The prisoner died on the way, the bureau said")."""
    for group in groups[at + 1 : end]:
        if group.kind == "verb":
            return True
        if group.head.text == ",":
            return False
    return False


def _is_reduced(groups: tuple[Group, ...], clause: _Clause, at: int, first: int, size: int) -> bool:
    """A bare participle right after its noun, with the clause's own verb still to come
    ("the miners trapped in the mine were found dead")."""
    verb = groups[at]
    return (
        verb.head.form == "ed"
        and len(verb.words) == 1
        and first + size * 2 - 1 >= at - 1
        and _own_verb_follows(groups, at, clause.end)
        and not (at + 1 < clause.end and groups[at + 1].kind == "noun")
        # "if he died before ...": a pronoun takes no participle after it, its verb is finite
        and not groups[first].is_pronoun
        # "officials said on Tuesday they will ...": a verb of saying goes on with what was
        # said, it does not describe its noun
        and verb.head.lemma not in INVERTING
        and verb.head.lemma not in _SAYING
    )


def _after_subject(groups: tuple[Group, ...], clause: _Clause, at: int) -> tuple[Group, ...]:
    """The subject put after a verb of saying ("said the governor"), or ()."""
    verb = groups[at]
    nxt = at + 1
    if not (
        nxt < clause.end
        and groups[nxt].kind == "noun"
        and verb.head.lemma in INVERTING
        and not verb.passive
    ):
        return ()
    after = conjuncts(groups[: clause.end], nxt)
    following = nxt + 1 if len(after) == 1 else groups.index(after[-1], nxt) + 1
    # "said the strike was reckless": a noun with a verb of its own begins what was said,
    # it is not the subject put after the verb; "told him" has no subject after it
    if following < clause.end and groups[following].kind == "verb":
        return ()
    if after[0].is_pronoun and after[0].head.lower in _OBJECT_PRONOUNS:
        return ()
    return after


def _subject(groups: tuple[Group, ...], clause: _Clause, at: int) -> tuple[tuple[Group, ...], str]:
    verb = groups[at]
    if (
        at > clause.start
        and groups[at - 1].kind == "verb"
        and len(verb.words) == 1
        and clause.last is not None
    ):
        return clause.last.subject, "chain"  # "were reported killed", "was found shot"
    first = _left_subject(groups, clause.start, at)
    if (
        first > clause.start
        and clause.relative
        and groups[first - 1].kind == "verb"
        and groups[at - 1].head.text == ","
    ):
        first = -1  # "X, who met the envoy, said": the envoy is met, X speaks
    if clause.reduced is not None and (first < 0 or first == clause.reduced[0] + 1):
        return clause.reduced[1], "reduced"
    if first >= 0:
        subject = conjuncts(groups[:at], first)
        if _is_reduced(groups, clause, at, first, len(subject)):
            clause.reduced = (at, subject)
            return subject, "participle"
        return subject, "left"
    if clause.relative and clause.start > 0:
        antecedent = clause.start - 1
        while antecedent > 0 and groups[antecedent].head.text == ",":
            antecedent -= 1
        if groups[antecedent].kind == "noun":
            return (groups[antecedent],), "relative"
    after = _after_subject(groups, clause, at)
    if after:
        return after, "after"
    if clause.previous_subject:
        return clause.previous_subject, "shared"
    return (), ""


def _predication(groups: tuple[Group, ...], clause: _Clause, at: int, opener: str) -> Predication:
    verb = groups[at]
    subject, subject_by = _subject(groups, clause, at)
    objects = () if subject_by == "after" else _objects(groups, at, clause.end)
    complements = _complements(groups, at, clause.end)
    agent = tuple(g for prep, g in complements if prep == "by") if verb.passive else ()
    predicate = ""
    nxt = groups[at + 1] if at + 1 < clause.end else None
    if nxt is not None and nxt.kind == "mark" and nxt.head.tag in ("ADJ", "VERB"):
        predicate = nxt.head.lower
    followed = (
        at + 2 < clause.end
        and groups[at + 1].head.lower in ("and", "or")
        and groups[at + 2].kind == "verb"
    )
    return Predication(
        verb,
        at,
        subject,
        objects,
        agent,
        complements,
        predicate,
        subject_by,
        subject_by == "relative",
        subject_by == "participle",
        opener,
        followed,
    )


def _shared_objects(
    before: list[Predication], groups: tuple[Group, ...], predication: Predication
) -> Predication | None:
    """ "shot and killed journalist Ahmed Ali": the first verb takes the second's objects."""
    if not before or not predication.objects:
        return None
    last = before[-1]
    between = groups[last.at + 1 : predication.at]
    if last.objects or len(between) != 1 or between[0].head.lower not in ("and", "or"):
        return None
    return replace(last, objects=predication.objects)


def link(groups: tuple[Group, ...]) -> tuple[Predication, ...]:
    """Every verb group of the sentence with its subject, objects, agent and complements."""
    predications: list[Predication] = []
    previous_subject: tuple[Group, ...] = ()
    for start, end in _spans(groups):
        opener_group = groups[start]
        opener = ""
        if _is_boundary(opener_group) or opener_group.head.text in ("and", "but", ","):
            opener = opener_group.head.lower
        relative = opener_group.kind == "mark" and opener in ("who", "which", "that", "whom")
        if (
            start == 0
            and groups[0].kind == "noun"
            and all(g.kind != "verb" for g in groups[start:end])
        ):
            # "Ana Lima, speaking to reporters, said": the opening noun waits for its verb
            previous_subject = conjuncts(groups[:end], 0)
        clause = _Clause(start, end, relative, previous_subject)
        for at in range(start, end):
            if groups[at].kind != "verb":
                continue
            predication = _predication(groups, clause, at, opener)
            shared = _shared_objects(predications, groups, predication)
            if shared is not None:
                predications[-1] = shared
            predications.append(predication)
            clause.last = predication
            if predication.subject and not predication.reduced:
                previous_subject = clause.previous_subject = predication.subject
    return tuple(predications)

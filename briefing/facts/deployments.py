"""Deployments: rules over the clause reader's predications and groups.

A force is a noun group whose head is a force or asset noun ("3,500 troops", "two
destroyers", "an artillery unit", "the 82nd Airborne Division", "USS Carl Vinson"). Each
rule reads one shape of English a deployment is written in and proposes a ``Candidate``
for the deployment judge, with what it recorded (the rule, the verb, the class, the count,
the hedges, a named side, a place, background cues):

- ``sent``: the object of a verb that sends, moves, keeps or withdraws forces ("is
  sending 3,500 troops", "withdrew 40 tanks", "stations 28,500 troops"), or its subject in
  the passive or as a participle ("will be deployed", "the troops stationed in Korea");
- ``moved``: the subject of a verb of moving ("troops arrived", "two B-52 bombers flew");
- ``acted``: the subject of a verb of fighting where it was sent ("warplanes struck");
- ``agent``: the by-agent of guarding or escorting ("were escorted by two warships");
- ``present``: a force said to be somewhere ("two destroyers are in the area", "special
  forces on the ground", "has THAAD interceptors in Guam");
- ``noun``: after a deployment noun ("the deployment of 3,500 more troops", "the
  presence of foreign forces", "a boost in the number of troops");
- ``defected``: a unit switching sides with its men ("switched sides with 300 men");
- ``levels``: a change of troop numbers ("increase troop levels by 16,000");
- ``air``: an air campaign of a named side ("Canadian airstrikes", "Canada began
  airstrikes"): aircraft with no count (FACTS_GUIDE.md's Clarifications).

A force that is there already ("is stationed", "remain", a country that "stations" it) is
``standing``, an earlier one ("prompted him to order ...") ``earlier``: the digest's
totals leave both out. An uncounted mention of a counted force ("the additional troops ...
will be deployed from Fort Bragg") gives it the unit, origin and destination it lacks and
competes for its place (same ``key``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from briefing.facts.candidates import Candidate
from briefing.facts.lexicon import classes, data_lines, word_list
from briefing.facts.reader import Group, Predication, Reading
from briefing.models import Deployment, Evidence

__all__ = ["ASSETS", "TRIGGERS", "deployment_candidates"]

#: asset nouns (one or two words) and their class (FACTS_GUIDE.md's vocabulary)
ASSETS = classes("assets.txt")
#: nouns that name a unit: "an artillery unit", "the 82nd Airborne Division"
UNIT_NOUNS = word_list("deployment_units.txt")
#: words before a unit noun that make it a body of troops: "army units", "a commando unit"
TROOP_MODIFIERS = frozenset({"army", "military", "commando", "infantry", "police", "marine"})
#: words before "force(s)" that make it no body of troops: "air force", "task force"
NOT_A_FORCE = frozenset({"air", "task", "labor", "labour", "work", "driving", "police"})
#: aircraft named by their model: "F-16s", "B-52s", "MiG-29s"
MODEL = re.compile(r"^[A-Z][A-Za-z]{0,3}-\d+[A-Z]?s$")
#: first words of a clause's sentence that say the deployment is background
EARLIER_CUES = frozenset({"earlier", "previously", "prompted", "ago", "past", "former"})
#: the judge the candidates ask: none yet ("" keeps every candidate on its rule). A judge
#: trained on the corpus's train part kept nearly every candidate, so the rules decide
#: until a feature tells a deployment from a mention on articles it did not see.
JUDGE = ""

#: words that make a statement hypothetical: a feature for the judge
HYPOTHETICAL = frozenset({"if", "could", "would", "might", "may", "threat", "threatened", "plan"})
#: determiners that point back to a force named before ("the additional troops")
ANAPHORIC = frozenset({"the", "these", "those", "its", "their"})
#: forces that fly or sail: any verb they are the subject of says they were sent there
VEHICLES = frozenset({"aircraft", "helicopters", "ships"})
#: prepositions before a force that is the other side: "clashing with US forces"
ENEMY_MARKS = frozenset({"against", "with", "on", "at", "from"})
#: words that name no military side: "Police raids"
NOT_A_SIDE = frozenset(
    {"police", "the", "a", "an", "special", "security", "ground", "cross-border"}
)
#: words that add to a force told before: "will send more troops"
MORE = frozenset({"more", "additional", "extra", "further"})
#: verbs of saying: the deployment is reported, not done, by their subject
SPEECH = frozenset({"say", "tell", "report", "announce", "add", "state", "confirm"})
#: how far (in characters) a following sentence may be and still join the evidence
JOIN_EVIDENCE = 300
#: prepositions of where a force is ("in the area", "off Yemen", "on the ground")
AT_PLACE = ("in", "on", "at", "off", "near", "inside", "along", "across", "over")


@cache
def _sections(name: str) -> dict[str, frozenset[str]]:
    """``data/<name>`` as section -> words (a word may stand in several sections)."""
    table: dict[str, set[str]] = {}
    section = ""
    for line in data_lines(name):
        if line.startswith("["):
            section = line.strip("[]")
            table.setdefault(section, set())
        else:
            table[section].add(line.lower())
    return {key: frozenset(value) for key, value in table.items()}


def _verbs(section: str) -> frozenset[str]:
    return _sections("deployment_verbs.txt").get(section, frozenset())


def _nouns(section: str) -> frozenset[str]:
    return _sections("deployment_nouns.txt").get(section, frozenset())


@cache
def _triggers() -> frozenset[str]:
    """Every deployment verb and noun in every form (for the reactions' report test)."""
    from lemminflect import getAllInflections

    verbs = _sections("deployment_verbs.txt")
    lemmas = (verbs["send"] | verbs["standing"]) - GENERAL_VERBS
    forms = set(lemmas)
    for lemma in lemmas:
        for inflections in getAllInflections(lemma, upos="VERB").values():
            forms.update(inflections)
    for noun in _nouns("move") - {"use", "increase", "boost"}:
        forms.update({noun, noun + "s"})
    return frozenset(forms)


#: verbs of the rules that say nothing of forces on their own ("added", "ordered", "put")
GENERAL_VERBS = frozenset({"add", "order", "put", "bring", "approve", "land", "commit", "pledge"})


class _Triggers:
    """``TRIGGERS``: a set-like view, built on first use (``import`` stays cheap)."""

    def __contains__(self, word: object) -> bool:
        return word in _triggers()

    def __iter__(self) -> Iterator[str]:
        return iter(_triggers())


#: the deployment words in every form: "sent", "deploying", "withdrawal"
TRIGGERS = _Triggers()


@cache
def _force_words() -> frozenset[str]:
    """Every word or phrase a force's noun group can turn on: the asset, unit and air
    campaign nouns ("air strike" as a phrase: a group is looked up by its head and the
    word before), "army" and "military" (the men a unit defects with are
    ``_DEFECTING``'s)."""
    words: set[str] = {"army", "military", "uss"}
    words.update(phrase.lower() for phrase in (*ASSETS, *UNIT_NOUNS, *_nouns("air")))
    # a group, company or system is a force only after an asset noun ("carrier strike
    # group", "the THAAD system"), which the search finds on its own (``_unit_class``)
    return frozenset(words - {"group", "company"})


@cache
def _force_lookup() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """The one-word force nouns (and their plurals in -s), the last words of the phrases,
    and the phrases, for ``mentions_forces``."""
    singles: set[str] = set()
    phrases: list[str] = []
    for noun in _force_words():
        if " " in noun:
            phrases.append(noun)
        else:
            singles |= {noun, noun + "s"}
    heads = {phrase.split()[-1] for phrase in phrases}
    return frozenset(singles), frozenset(heads | {h + "s" for h in heads}), tuple(phrases)


_LETTERS = re.compile(r"[a-z]+")


#: an aircraft model as ``MODEL`` reads it, anywhere in a sentence
_MODEL_IN_TEXT = re.compile(r"\b[A-Z][A-Za-z]{0,3}-\d+[A-Z]?s\b")


#: a unit switching sides with its men ("switched sides with 300 men"): the verb and the men
_DEFECTING = (
    re.compile(r"\b(?:switch|defect|join|surrender)\w*", re.IGNORECASE),
    re.compile(r"\b(?:man|men|fighter|fighters)\b", re.IGNORECASE),
)


def mentions_forces(text: str) -> bool:
    """Whether a sentence can hold a force at all: a word the force rules turn on, an
    aircraft model ("F-16s"), or men joining a side. The rules read only such sentences:
    reading the others (nine in ten) found nothing, and reading is most of the facts'
    cost."""
    words = _LETTERS.findall(text.lower())
    singles, heads, phrases = _force_lookup()
    present = set(words)
    if not present.isdisjoint(singles):
        return True
    if not present.isdisjoint(heads):  # "air strikes": the phrase, not its last word
        joined = " " + " ".join(words)
        if any(" " + phrase in joined for phrase in phrases):
            return True
    if _MODEL_IN_TEXT.search(text):
        return True
    return all(pattern.search(text) for pattern in _DEFECTING)


# -- forces ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Force:
    """What a noun group says about a force: its class, count and the article's noun."""

    asset: str
    count: int | None
    count_text: str
    noun: str
    #: the noun group names a unit ("the 82nd Airborne Division", "USS Carl Vinson")
    unit: str = ""


def _class_of(group: Group) -> tuple[str, int] | None:
    """The asset class of the group's head and the index (in ``group.words``) where the
    article's noun for it starts, or None when the head is no force."""
    words = group.words
    h = words.index(group.head)
    lower = [w.lower for w in words]
    head = lower[h]
    if h > 0 and f"{lower[h - 1]} {head}" in ASSETS:
        first = h - 1
        if h > 1 and f"{lower[h - 2]} {lower[h - 1]}" in ASSETS:
            first = h - 2  # "aircraft carrier strike groups"
        return ASSETS[f"{lower[h - 1]} {head}"], first
    found = ASSETS.get(head) or ASSETS.get(group.head.lemma.lower())
    if found is not None:
        if head in ("force", "forces") and h > 0 and lower[h - 1] in NOT_A_FORCE:
            return None
        if head == "force" and (h == 0 or words[0].tag not in ("DET", "NUM")):
            return None  # "the use of force", "the use of military force"
        return found, h
    if MODEL.match(group.head.text):
        return "aircraft", h
    named = group.possessor or any(w.capitalised and w.tag != "DET" for w in words[:h])
    if head in ("army", "military") and named:
        return "troops", h  # "the Soviet army withdrew", "Iran's military is present"
    if head in UNIT_NOUNS or head in ("system", "systems"):
        return _unit_class(group, lower, h)
    if _is_ship_name(group):
        return "ships", h
    return None


def _unit_class(group: Group, lower: list[str], h: int) -> tuple[str, int] | None:
    """ "a rocket artillery unit", "the THAAD system": the class of the noun before; "the
    82nd Airborne Division", "a brigade": troops."""
    head = lower[h]
    for k in range(h - 1, -1, -1):
        inner = ASSETS.get(lower[k])
        if k > 0 and f"{lower[k - 1]} {lower[k]}" in ASSETS:
            inner, k = ASSETS[f"{lower[k - 1]} {lower[k]}"], k - 1  # "missile defence"
        if inner is not None and inner != "troops":
            return inner, k
    if head in ("system", "systems"):
        return None
    if TROOP_MODIFIERS & set(lower[:h]) and head not in ("group", "company", "force"):
        return "troops", h  # "army units", "an elite police commando unit"
    if group.is_name and len(group.words) >= 2 and head not in ("group", "company", "army"):
        return "troops", h  # "the 82nd Airborne Division", "Army Special Forces"
    if head in ("battalion", "battalions", "brigade", "brigades", "regiment", "regiments"):
        return "troops", h
    return None


def _noun_text(reading: Reading, group: Group, first: int) -> str:
    """The article's noun: up to two words before the class noun that say more
    ("Apache attack helicopters", "B-52 bombers"), never a count, a hedge or "additional"."""
    words = group.words
    h = words.index(group.head)
    start = first
    while (
        start > 0
        and first - start < 2
        and words[start - 1].tag in ("NOUN", "PROPN", "ADJ")
        and words[start - 1].lower not in ("additional", "more", "new", "extra", "other", "strong")
        and not words[start - 1].lower[:1].isdigit()
        and not (start - 1 == 0 and group.count is not None)
    ):
        start -= 1
    if start == first and first > 0 and MODEL.match(words[first - 1].text + "s"):
        start = first - 1
    if start == first and first > 0 and re.match(r"^[A-Z]+-\d+$", words[first - 1].text):
        start = first - 1  # "B-52 bombers"
    return reading.span(words[start].start, words[h].end)


def _count_of(group: Group, asset: str) -> tuple[int | None, str]:
    """The group's count; one for "an artillery unit", "the carrier", "an aircraft"."""
    if group.count is not None or group.vague:
        return group.count, group.count_text
    head = group.head
    first = group.words[0].lower
    plural = head.lower != head.lemma.lower() or head.lower.endswith("s")
    if head.lower in UNIT_NOUNS and head.lower not in ("force", "forces", "army", "group"):
        if first in ("a", "an", "one"):
            return 1, group.words[0].text
        return None, ""
    if head.lower == "aircraft":
        return _indefinite_one(group)
    if head.lower == "system":
        # "the THAAD system" is one; "a missile defence system" is a kind of weapon
        return (1, group.words[0].text) if first == "the" else (None, "")
    if plural or asset == "troops":
        return None, ""
    if first in ("a", "an", "one") or (first == "the" and asset != "artillery"):
        return 1, group.words[0].text
    return None, ""


def _indefinite_one(group: Group) -> tuple[int | None, str]:
    """ "an aircraft": one, though "aircraft" is its own plural."""
    if group.words[0].lower in ("a", "an", "one"):
        return 1, group.words[0].text
    return None, ""


def force_of(reading: Reading, group: Group) -> Force | None:
    """The force a noun group names, or None when it names none."""
    if group.kind != "noun":
        return None
    if group.words[0].lower in ("no", "without", "any"):
        return None  # "there were no coalition air strikes"
    found = _class_of(group)
    if found is None:
        return None
    asset, first = found
    count, count_text = _count_of(group, asset)
    if asset == "troops" and count is None and not group.vague and _one_person(group):
        return None  # "the wounded soldier": a person, not a force
    if count is not None and 1900 <= count <= 2100 and count_text.isdigit():
        count, count_text = None, ""  # a year, not a count
    named = group.is_name and group.head.lower in UNIT_NOUNS
    unit = _without_the(reading, group) if named or _is_ship_name(group) else ""
    return Force(asset, count, count_text, _noun_text(reading, group, first), unit)


def _is_ship_name(group: Group) -> bool:
    """ "USS Carl Vinson", "the USS Carl Vinson"."""
    return any(word.text == "USS" for word in group.words[:2])


def _one_person(group: Group) -> bool:
    """ "the wounded soldier", "a marine": one person (a "force" is a body of troops)."""
    head = group.head.lower
    return head in ASSETS and not head.endswith("s") and head not in ("personnel", "force")


def _without_the(reading: Reading, group: Group) -> str:
    words = group.words
    start = words[1].start if len(words) > 1 and words[0].lower == "the" else words[0].start
    return reading.span(start, group.end)


# -- places, units, cues --------------------------------------------------------------------


def _place(reading: Reading, i: int) -> str:
    """The place named by the group at ``i``: "the Middle East" -> "Middle East", and
    "Fort Bragg, North Carolina" (a place and its state, then the sentence ends)."""
    groups = reading.groups
    group = groups[i]
    end = group.end
    if (
        i + 2 < len(groups)
        and groups[i + 1].head.text == ","
        and groups[i + 2].is_name
        and (i + 3 == len(groups) or groups[i + 3].kind == "mark")
        and (i + 3 == len(groups) or groups[i + 3].head.tag == "PUNCT")
    ):
        end = groups[i + 2].end
    start = group.words[1].start if group.words[0].lower == "the" else group.start
    return reading.span(start, end)


def _is_place(group: Group) -> bool:
    return group.is_name and group.head.lower not in UNIT_NOUNS and _class_of(group) is None


def _place_after(reading: Reading, at: int, prepositions: tuple[str, ...]) -> str | None:
    """The first place after the group at ``at`` that one of ``prepositions`` introduces,
    in the same clause."""
    groups = reading.groups
    for j in range(at + 1, len(groups) - 1):
        mark = groups[j]
        if (mark.kind == "mark" and mark.head.text in (";", ":", '"')) or mark.head.tag == "WH":
            break
        if mark.kind == "mark" and mark.head.lower in prepositions and _is_place(groups[j + 1]):
            return _place(reading, j + 1)
    return None


def _unit_near(reading: Reading, at: int) -> str | None:
    """A unit named by name near the force at ``at`` ("troops from the 82nd Airborne
    Division")."""
    groups = reading.groups
    for j in range(max(0, at - 3), min(len(groups), at + 4)):
        group = groups[j]
        if j == at or group.kind != "noun":
            continue
        if _is_ship_name(group) or (
            group.is_name and group.head.lower in UNIT_NOUNS and len(group.words) >= 2
        ):
            if group.head.lower in ("group", "company", "army", "force"):
                continue
            return _without_the(reading, group)
    return None


def _earlier(reading: Reading) -> bool:
    words = [w.lower for w in reading.words]
    if any(w in EARLIER_CUES for w in words):
        return True
    for i, word in enumerate(words[:-1]):
        nxt = words[i + 1]
        if word in ("in", "since") and nxt.isdigit() and len(nxt) == 4 and nxt[:2] in ("19", "20"):
            return True  # "deployed troops in 2013"
    return False


def _side(reading: Reading, group: Group, predication: Predication | None) -> str:
    """The side the force belongs to, if the sentence names it: a name in the group ("U.S.
    troops", "Kenyan soldiers"), its possessor, or the subject that sends it."""
    if group.possessor:
        return group.possessor
    for word in group.words[: group.words.index(group.head)]:
        if word.capitalised and word.tag in ("PROPN", "ADJ", "NOUN") and word.text != "USS":
            return "" if word.lower in NOT_A_SIDE else word.text
    if predication is not None and predication.subject:
        subject = predication.subject[0]
        if subject.is_name and _class_of(subject) is None:
            return reading.text_of(subject)
    return ""


# -- the rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A force a rule read in one sentence."""

    rule: str
    trigger: str
    group: Group
    predication: Predication | None
    standing: bool = False
    #: the class when the group's head does not say it ("troop levels by 16,000")
    asset: str = ""


#: object heads that stand for the force after "of": "authorized the use of helicopters"
THROUGH_OF = frozenset({"use", "total", "number", "deployment", "contingent", "force"})


def _in_objects(reading: Reading, predication: Predication) -> Iterator[Group]:
    """The objects, through "the use of" and past a particle ("sent in army units")."""
    yield from predication.objects
    groups = reading.groups
    at = predication.at
    if (
        not predication.objects
        and at + 2 < len(groups)
        and groups[at + 1].head.lower in ("in", "back", "out")
        and groups[at + 2].kind == "noun"
    ):
        yield groups[at + 2]
    if predication.objects and predication.objects[-1].head.lemma.lower() in THROUGH_OF:
        for prep, group in predication.complements[:1]:
            if prep == "of" and group.start > predication.objects[-1].end:
                yield group


def _sent(reading: Reading, predication: Predication, lemma: str) -> Iterator[Found]:
    """ "is sending 3,500 troops", "troops will be deployed", "the troops stationed in"."""
    standing = lemma in _verbs("standing")
    verb = predication.verb
    participle = len(verb.words) == 1 and verb.head.form == "ed" and not predication.objects
    if predication.passive or participle:
        # "the troops stationed in Korea": the subject, when it is a force
        for group in predication.subject:
            yield Found("sent", lemma, group, predication, standing)
    if predication.passive:
        return
    for group in _in_objects(reading, predication):
        yield Found("sent", lemma, group, predication, standing)
    yield from _range_object(reading, predication, lemma, standing)


def _doing(predication: Predication, lemma: str) -> Iterator[Found]:
    """The force as the subject of an active verb: "troops arrived", "3,500 soldiers
    serving in Somalia", "warplanes struck", "two B-52 bombers flew"."""
    verb = predication.verb
    if lemma in _verbs("move"):
        # "units of 2,500 troops moving closer": whose, when the verb is a participle?
        bare = verb.head.form == "ing" and len(verb.words) == 1
        for group in predication.subject:
            yield Found(
                "serving" if bare else "moved",
                lemma,
                group,
                predication,
                lemma in _verbs("standing"),
            )
    if lemma in _verbs("serve"):
        for group in predication.subject:
            yield Found("serving", lemma, group, predication)
    for group in predication.subject:
        found = _class_of(group)
        if found is not None and found[0] not in VEHICLES | {"troops"}:
            continue  # "two missiles struck": fired, not sent
        vehicle = found is not None and found[0] in VEHICLES
        if lemma in _verbs("act") or (vehicle and lemma in _verbs("fly")):
            yield Found("acted", lemma, group, predication)


def _from_predication(reading: Reading, predication: Predication) -> Iterator[Found]:
    """Every force one predication deploys, by the rule that reads it."""
    lemma = predication.lemma.lower()
    if predication.verb.negated:
        return
    if lemma in _verbs("send"):
        yield from _sent(reading, predication, lemma)
    if not predication.passive:
        yield from _doing(predication, lemma)
    if predication.passive and lemma in _verbs("agent"):
        for group in predication.agent:
            yield Found("agent", lemma, group, predication)
    if lemma in ("be", "have", "remain", "stay"):
        yield from _present(reading, predication, lemma)
    if lemma in ("switch", "defect", "join", "surrender") and predication.subject:
        for group in predication.complement("with"):
            if group.count is not None and group.head.lemma.lower() in ("man", "fighter"):
                yield Found("defected", lemma, group, predication, asset="troops")


def _range_object(
    reading: Reading, predication: Predication, lemma: str, standing: bool
) -> Iterator[Found]:
    """ "sending between 3,000 and 5,000 U.S. and coalition troops": the force after a
    range of figures."""
    groups = reading.groups
    j = predication.at + 1
    if j >= len(groups) or groups[j].head.lower not in ("between", "from"):
        return
    for k in range(j + 1, min(len(groups), j + 7)):
        group = groups[k]
        if group.kind == "verb":
            return
        if group.kind == "noun" and _class_of(group) is not None:
            yield Found(
                "sent", lemma, replace(group, count=None, vague=True), predication, standing
            )
            return


def _present(reading: Reading, predication: Predication, lemma: str) -> Iterator[Found]:
    """ "two destroyers are in the area", "has THAAD interceptors in Guam", "special forces
    on the ground", "launchers are already in place"."""
    places = [g for prep, g in predication.complements if prep in AT_PLACE]
    if not places:
        return
    if not any(g.is_name or g.head.lower in ("ground", "place", "area", "region") for g in places):
        return
    holders = predication.objects if lemma == "have" else predication.subject
    for group in holders:
        yield Found("present", lemma, group, predication, standing=True)


def _placed(reading: Reading) -> Iterator[Found]:
    """ "U.S. and NATO troops in Afghanistan", "special forces on the ground": a force of a
    named side and where it is, with no verb between."""
    groups = reading.groups
    objects = {g.start for p in reading.predications for g in p.objects}
    for i, group in enumerate(groups[:-2]):
        if group.kind != "noun" or groups[i + 1].head.lower not in AT_PLACE:
            continue
        if group.start in objects or (i > 0 and groups[i - 1].head.lower in ENEMY_MARKS):
            continue  # "strike Iranian-backed forces in Iraq": a target, not a deployment
        if any(w.lower.endswith("-backed") for w in group.words):
            continue
        place = groups[i + 2]
        on_ground = place.head.lower in ("ground", "place")
        if not (on_ground or _is_place(place)):
            continue
        if on_ground or any(w.capitalised for w in group.words[: group.words.index(group.head)]):
            yield Found("placed", groups[i + 1].head.lower, group, None, standing=True)


def _participles(reading: Reading) -> Iterator[Found]:
    """ "warplanes flying above", "3,500 Kenyan soldiers participating in the mission": a
    force and the participle in "-ing" that says what it does there."""
    groups = reading.groups
    verbs = _verbs("move") | _verbs("fly") | _verbs("serve")
    for i, group in enumerate(groups[:-1]):
        verb = groups[i + 1]
        if (
            group.kind == "noun"
            and verb.kind == "verb"
            and len(verb.words) == 1
            and verb.head.form == "ing"
            and verb.head.lemma.lower() in verbs
        ):
            yield Found("serving", verb.head.lemma.lower(), group, None)  # troops need a side


def _from_nouns(reading: Reading) -> Iterator[Found]:
    """ "the deployment of 3,500 more troops", "the presence of foreign forces", "a boost in
    the number of troops", "troop deployments"."""
    groups = reading.groups
    moves, standing = _nouns("move"), _nouns("standing")
    for i, group in enumerate(groups[:-2]):
        if group.kind != "noun":
            continue
        lemma = group.head.lemma.lower()
        if lemma not in moves and lemma not in standing:
            continue
        if groups[i + 1].head.lower not in ("of", "in") or groups[i + 2].kind != "noun":
            continue
        target, k = groups[i + 2], i + 2
        if (
            target.head.lemma.lower() in ("number", "level")
            and k + 2 < len(groups)
            and groups[k + 1].head.lower == "of"
        ):
            target = groups[k + 2]
        if lemma in ("use", "increase", "boost") and target.count is not None:
            continue
        yield Found("noun", lemma, target, None, lemma in standing)


def _troop_levels(group: Group) -> bool:
    lower = {w.lower for w in group.words}
    return group.head.lemma.lower() in ("level", "number") and bool(
        {"troop", "troops", "force"} & lower
    )


def _levels(reading: Reading) -> Iterator[Found]:
    """ "would increase active troop levels by more than 16,000", "cut troop levels to 8,600",
    "an increase in active troop levels by more than 16,000"."""
    changes = ("increase", "raise", "boost", "cut", "reduce", "reduction")
    groups = reading.groups
    owner = {g.start: p for p in reading.predications for g in p.objects}
    for i, group in enumerate(groups[:-3]):
        predication = owner.get(group.start)
        if predication is not None and predication.lemma.lower() in changes:
            after = i + 1  # "increase troop levels by ..."
        elif group.head.lemma.lower() in changes and groups[i + 1].head.lower == "in":
            after, group = i + 3, groups[i + 2]  # "an increase in troop levels by ..."
        else:
            continue
        if not _troop_levels(group) or after + 1 >= len(groups):
            continue
        amount = groups[after + 1]
        if groups[after].head.lower in ("by", "to") and amount.count is not None:
            counted = replace(group, count=amount.count, count_text=amount.count_text)
            yield Found("levels", "change", counted, predication, asset="troops")
            return


def _operation(group: Group) -> str:
    """ "air" for an air campaign ("airstrikes", "an airstrike campaign", "U.S. drone
    strikes"), else ""."""
    lower = [w.lower.rstrip("s") for w in group.words]
    h = group.words.index(group.head)
    head = lower[h]
    pair = f"{lower[h - 1]} {head}" if h > 0 else ""
    if head in ("campaign", "power") and h > 0:
        # "an airstrike campaign", "Russian air power", "a U.S.-led bombing campaign"
        return "air" if pair in _nouns("air") or lower[h - 1] in _nouns("air") else ""
    return "air" if head in _nouns("air") or pair in _nouns("air") else ""


def _air(reading: Reading) -> Iterator[tuple[Group, Predication | None]]:
    """An air campaign and the predication whose object it is: "Canada began airstrikes"."""
    for group in reading.groups:
        if group.kind != "noun" or not _operation(group):
            continue
        head = group.head.lower
        # the side that flies it: "Canada began airstrikes", "Saudi Arabia launched ..."
        owner = next(
            (
                p
                for p in reading.predications
                if group in p.objects and p.lemma.lower() in _verbs("campaign")
            ),
            None,
        )
        # a campaign, not one strike: "airstrikes", "an air campaign", "Russian air power"
        if owner is not None or head.endswith("s") or head in ("campaign", "power"):
            yield group, owner


# -- candidates -----------------------------------------------------------------------------


@dataclass
class _Proposal:
    """A candidate in the making: its fact can still gain a unit or a place."""

    rule: str
    key: tuple[object, ...]
    features: dict[str, float]
    fact: Deployment
    anaphoric: bool
    #: the side that sends the force, as a key ("us", "cana"), "" when not said
    side: str = ""


def _features(
    reading: Reading, found: Found, force: Force, side: str, earlier: bool
) -> dict[str, float]:
    group, predication = found.group, found.predication
    features = {
        "bias": 1.0,
        f"rule={found.rule}": 1.0,
        f"trigger={found.trigger}": 1.0,
        f"rule_trigger={found.rule}:{found.trigger}": 1.0,
        f"asset={force.asset}": 1.0,
        f"rule_asset={found.rule}:{force.asset}": 1.0,
        f"head={group.head.lower}": 1.0,
    }
    if force.count is not None:
        features["counted"] = 1.0
        features["count_one"] = float(force.count == 1)
        features["count_large"] = float(force.count >= 1000)
    if group.vague:
        features["vague"] = 1.0
    if force.unit:
        features["unit_name"] = 1.0
    if side:
        features["side"] = 1.0
    if found.standing:
        features["standing"] = 1.0
    if earlier:
        features["earlier"] = 1.0
    if reading.sentence.index < 3:
        features["early"] = 1.0
    if reading.opens_quoted or reading.quoted(group.start):
        features["quoted"] = 1.0
    lower = {w.lower for w in reading.words}
    for cue in sorted(HYPOTHETICAL & lower):
        features[f"cue={cue}"] = 1.0
    if predication is not None:
        verb = predication.verb
        features[f"form={verb.head.form or 'base'}"] = 1.0
        features["passive"] = float(predication.passive)
        if any(w.lower in ("will", "would", "could", "may", "might", "should") for w in verb.words):
            features["modal"] = 1.0
        if predication.opener:
            features[f"opener={predication.opener}"] = 1.0
    if any(p.lemma in SPEECH for p in reading.predications):
        features["reported"] = 1.0
    return features


def _anaphoric(force: Force, group: Group) -> bool:
    """An uncounted mention that points back: "the additional troops", "these forces"."""
    return force.count is None and not group.vague and group.words[0].lower in ANAPHORIC | MORE


def _through_of(reading: Reading, group: Group) -> Group:
    """ "the brigade of up to 4,000 soldiers": the counted force after "of" a unit."""
    i = _index(reading, group)
    groups = reading.groups
    if (
        group.head.lower in UNIT_NOUNS | THROUGH_OF
        and i + 2 < len(groups)
        and groups[i + 1].head.lower == "of"
        and groups[i + 2].count is not None
        and _class_of(groups[i + 2]) is not None
    ):
        return groups[i + 2]
    return group


def _propose(reading: Reading, found: Found) -> _Proposal | None:
    found = replace(found, group=_through_of(reading, found.group))
    group, predication = found.group, found.predication
    if found.asset:
        noun = group.head.text if found.rule == "defected" else "troops"
        force: Force | None = Force(found.asset, group.count, group.count_text, noun)
    else:
        force = force_of(reading, group)
    if force is None:
        return None
    if (
        found.rule in ("acted", "serving")
        and force.asset == "troops"
        and not _side(reading, group, None)
    ):
        return None  # "soldiers raided": whose?
    at = _index(reading, group)
    side = _side(reading, group, predication)
    earlier = _earlier(reading)
    standing = found.standing
    destination = _place_after(reading, at, ("to", "into"))
    if destination is None and (standing or found.rule in ("present", "acted", "moved")):
        destination = _place_after(reading, at, AT_PLACE)
    fact = Deployment(
        count=force.count,
        asset=force.asset,
        unit=force.unit or _unit_near(reading, at),
        origin=_place_after(reading, at, ("from",)),
        destination=destination,
        evidence=reading.evidence,
        count_text=force.count_text,
        earlier=earlier,
        asset_text=force.noun,
        standing=standing and not earlier,
    )
    features = _features(reading, found, force, side, earlier)
    key = ("deployment", force.asset, force.count)
    return _Proposal(
        f"deployment.{found.rule}", key, features, fact, _anaphoric(force, group), _side_key(side)
    )


def _side_key(side: str) -> str:
    """One key per side: "Canadian" and "Canada", "U.S." and "US" alike."""
    return side.lower().replace(".", "")[:4]


def _index(reading: Reading, group: Group) -> int:
    """The group's position in its sentence (one look-up: a long text stays linear)."""
    return _positions(reading).get(group.start, 0)


_positions_of: dict[int, tuple[Reading, dict[int, int]]] = {}


def _positions(reading: Reading) -> dict[int, int]:
    known = _positions_of.get(id(reading))
    if known is None or known[0] is not reading:
        _positions_of.clear()
        known = (reading, {g.start: i for i, g in enumerate(reading.groups)})
        _positions_of[id(reading)] = known
    return known[1]


def _air_proposal(reading: Reading, group: Group, owner: Predication | None) -> _Proposal | None:
    i = _index(reading, group)
    if group.words[0].lower in ("no", "without", "any") or (
        i > 0 and reading.groups[i - 1].head.lower in ("by", "in")
    ):
        return None  # "killed by U.S. airstrikes": the toll's cause, told for the toll
    side = _side(reading, group, owner)
    if not side:
        return None  # "the drone strike came days after": whose?
    asset = "aircraft"
    features = {
        "bias": 1.0,
        "rule=air": 1.0,
        f"asset={asset}": 1.0,
        "side": 1.0,
        f"head={group.head.lower}": 1.0,
    }
    earlier = _earlier(reading)
    if earlier:
        features["earlier"] = 1.0
    fact = Deployment(
        count=None,
        asset=asset,
        unit=None,
        origin=None,
        destination=_place_after(reading, _index(reading, group), ("in", "on", "over", "against")),
        evidence=reading.evidence,
        earlier=earlier,
        asset_text=reading.text_of(group),
    )
    key = ("deployment", asset, None)
    return _Proposal("deployment.air", key, features, fact, False, _side_key(side))


def _proposals(reading: Reading) -> Iterator[_Proposal]:
    found: list[Found] = []
    for predication in reading.predications:
        found.extend(_from_predication(reading, predication))
    found.extend(_from_nouns(reading))
    found.extend(_levels(reading))
    found.extend(_placed(reading))
    found.extend(_participles(reading))
    by_group: dict[int, list[Found]] = {}
    for item in found:
        by_group.setdefault(item.group.start, []).append(item)
    for items in by_group.values():
        # a force sent to be stationed is the day's move: standing only if every verb says so
        first = next((item for item in items if item.asset), items[0])
        standing = all(item.standing for item in items)
        proposal = _propose(reading, replace(first, standing=standing))
        if proposal is not None:
            yield proposal
    for group, owner in _air(reading):
        if group.start not in by_group:
            air = _air_proposal(reading, group, owner)
            if air is not None:
                yield air


def _fill(kept: Deployment, other: Deployment, text: str) -> Deployment:
    """``kept`` with the unit, origin and destination it lacks taken from ``other``."""
    adds = (
        (not kept.unit and other.unit)
        or (not kept.origin and other.origin)
        or (not kept.destination and other.destination)
    )
    evidence = kept.evidence
    if adds and 0 <= other.evidence.start - evidence.end <= JOIN_EVIDENCE:
        # the details come from the next sentence: the evidence covers both
        evidence = Evidence(
            text[evidence.start : other.evidence.end], evidence.start, other.evidence.end
        )
    return replace(
        kept,
        evidence=evidence,
        unit=kept.unit or other.unit,
        origin=kept.origin or other.origin,
        destination=kept.destination or other.destination,
    )


def _nearest(proposal: _Proposal, others: list[_Proposal]) -> _Proposal | None:
    """The one of ``others`` told nearest before ``proposal`` (or after, if none before)."""
    start = proposal.fact.evidence.start
    before = [p for p in others if p.fact.evidence.start <= start]
    if before:
        return max(before, key=lambda p: p.fact.evidence.start)
    return min(others, key=lambda p: p.fact.evidence.start) if others else None


def _merge(proposals: list[_Proposal], text: str) -> None:
    """Give each uncounted mention the key of the force it speaks of.

    A counted force of its class is the one it speaks of when it names no other side or
    points back ("the additional troops" after "3,500 troops"; it gives the counted force
    its unit and places when it points back or is told in the next sentence). Any other
    uncounted force is one of its own, one a sentence and class: annotators list "Canadian
    jets struck ..." and "Canadian warplanes have conducted ..." as two.
    """
    counted = [p for p in proposals if p.fact.count is not None and not p.fact.earlier]
    for proposal in proposals:
        fact = proposal.fact
        if fact.count is not None:
            continue
        target = _nearest(proposal, [p for p in counted if p.fact.asset == fact.asset])
        if target is not None and (
            proposal.anaphoric or not proposal.side or proposal.side == target.side
        ):
            proposal.key = target.key
            proposal.features["merged"] = 1.0
            near = 0 <= fact.evidence.start - target.fact.evidence.end <= JOIN_EVIDENCE
            if proposal.anaphoric or near:
                target.fact = _fill(target.fact, fact, text)
            continue
        proposal.key = ("deployment", fact.asset, None, fact.evidence.start)


def deployment_candidates(readings: tuple[Reading, ...], text: str = "") -> list[Candidate]:
    """Every deployment the rules read in the article, as candidates for the deployment
    judge; ``text`` (the article's) lets evidence join two sentences."""
    proposals: list[_Proposal] = []
    for reading in readings:
        proposals.extend(_proposals(reading))
    _merge(proposals, text)
    seen: dict[object, int] = {}
    candidates = []
    # a mention that took a counted force's key stands after it: it competes, it does not
    # replace it
    proposals.sort(key=lambda p: p.fact.count is None and p.key[2] is not None)
    for proposal in proposals:
        before = seen.get(proposal.key, 0)
        seen[proposal.key] = before + 1
        proposal.features["repeat"] = float(before > 0)
        if proposal.anaphoric:
            proposal.features["anaphoric"] = 1.0
        candidates.append(
            Candidate(JUDGE, proposal.rule, proposal.key, proposal.features, proposal.fact)
        )
    return candidates

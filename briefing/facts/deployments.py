"""Deployments: troops, ships, aircraft, batteries or units sent, stationed or proposed.

A sentence reports a deployment when it has a deployment word ("send", "deployed",
"stationed") and an asset ("troops", "helicopters"), with or without a count. Mentions of
the same asset without a count ("the additional troops ... will be deployed from Fort
Bragg") add the unit, origin and destination to the counted deployment they speak of.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from briefing.facts.lexicon import classes, word_table
from briefing.facts.numbers import is_number_start, read_quantity
from briefing.facts.tokens import Clause, Token
from briefing.models import Deployment, Evidence

#: asset nouns (one or two words) and their class (FACTS_GUIDE.md's vocabulary)
ASSETS = classes("assets.txt")
#: words before "force(s)" that make it no body of troops: "air force", "use of force"
NOT_A_FORCE = frozenset({"air", "of", "by", "task", "labor", "labour", "work", "driving"})
#: words that end a count on the left of the asset: "two weeks ago after soldiers ..."
COUNT_BREAKS = frozenset(
    [
        "ago",
        "after",
        "before",
        "since",
        "weeks",
        "days",
        "months",
        "years",
        "hours",
        "week",
        "day",
        "month",
        "year",
    ]
)
#: first words of the two-word asset nouns, so most tokens skip the pair lookup
PAIR_STARTS = frozenset(noun.split()[0] for noun in ASSETS if " " in noun)
#: words that say forces are sent, moved, kept or proposed ([move]) or are there already
#: ([standing]: "stations 28,500 troops", a standing garrison)
DEPLOYMENT_WORDS = word_table("deployment_verbs.txt")
TRIGGERS = frozenset(DEPLOYMENT_WORDS)
STANDING_CUES = frozenset(w for w, kind in DEPLOYMENT_WORDS.items() if kind == "standing") - {
    "station",
    "stationing",
}
#: words that say forces move now, so "stationed" is not a standing garrison
MOVE_CUES = frozenset(w for w, kind in DEPLOYMENT_WORDS.items() if kind == "move")
#: cues that the deployment is background (an earlier order), not the story's news
EARLIER_CUES = frozenset({"earlier", "previously", "prompted", "already", "ago", "past"})
#: nouns that stand for one unit when written with "a"/"an": "an artillery unit"
UNIT_NOUNS = frozenset(
    {"unit", "battalion", "brigade", "battery", "division", "squadron", "regiment", "company"}
)
UNIT_HEADS = frozenset(
    {"division", "brigade", "battalion", "regiment", "corps", "fleet", "squadron", "wing",
     "forces", "unit", "group"}
)  # fmt: skip


@dataclass(frozen=True)
class Found:
    """A deployment read from one sentence, before merging."""

    fact: Deployment
    sentence: int


Rule = Callable[[Clause], list[Deployment]]


def _asset_at(tokens: tuple[Token, ...], i: int) -> tuple[str, int] | None:
    """The asset class of the noun starting at ``i`` and where the noun ends."""
    word = tokens[i].lower
    pair = f"{word} {tokens[i + 1].lower}" if i + 1 < len(tokens) else ""
    if word in PAIR_STARTS and pair in ASSETS:
        kind, end = ASSETS[pair], i + 2
    else:
        found = ASSETS.get(word)
        if found is None:
            return None
        if word in {"force", "forces"} and i > 0 and tokens[i - 1].lower in NOT_A_FORCE:
            return None  # "the air force", "the use of force"
        kind, end = found, i + 1
    # "carrier strike groups", "aircraft carrier strike groups", "anti-missile batteries":
    # the noun goes on
    while end < len(tokens) and tokens[end].lower in ASSETS:
        end += 1
    if (
        end + 1 < len(tokens)
        and tokens[end].lower in PAIR_STARTS
        and f"{tokens[end].lower} {tokens[end + 1].lower}" in ASSETS
    ):
        end += 2
    return kind, end


#: words that end the article's noun on the left: "the use of | Apache attack helicopters"
NOUN_STOPS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "than",
        "more",
        "about",
        "up",
        "to",
        "some",
        "nearly",
        "around",
        "almost",
        "its",
        "their",
        "his",
        "her",
        "our",
        "and",
        "or",
        "with",
        "for",
        "from",
        "in",
        "on",
        "at",
        "by",
        "as",
        "additional",
        "new",
        "another",
        "other",
        "extra",
        "few",
        "several",
        "many",
        "all",
        "those",
        "these",
        "that",
        "this",
        "strong",  # "a 300-strong force": the count's suffix, not the noun's
    ]
)


def asset_text(tokens: tuple[Token, ...], clause: Clause, i: int, end: int) -> str:
    """The article's noun for the asset: "Apache attack helicopters", "B-52 bombers"."""
    start = i
    while (
        start > 0
        and i - start < 2
        and tokens[start - 1].is_word
        and tokens[start - 1].lower not in NOUN_STOPS
        and tokens[start - 1].lower not in TRIGGERS
        and not is_number_start(tokens[start - 1])
    ):
        start -= 1
    previous = tokens[i - 1].text if i > 0 else ""
    if start == i and "-" in previous and any(c.isdigit() for c in previous):
        start = i - 1  # a model designator such as "B-52" or "F-35"
    return clause.span(start, end)


def _count_before(clause: Clause, i: int) -> tuple[int | None, str, int]:
    """The count written up to four words before the asset at ``i``: (value, text, first)."""
    tokens = clause.tokens
    for back in range(1, 6):
        k = i - back
        if k < 0:
            break
        token = tokens[k]
        if not token.is_word and not token.text[0].isdigit() and token.text != "-":
            break
        if token.lower in TRIGGERS or token.lower in COUNT_BREAKS:
            break
        if token.lower in {"a", "an"}:
            if tokens[i].lower in UNIT_NOUNS or (
                i + 1 < len(tokens) and tokens[i + 1].lower in UNIT_NOUNS
            ):
                return 1, token.text, k
            break
        if is_number_start(token):
            start = k
            # step back over a hedge ("more than", "about", "between")
            for extra in (3, 2, 1):
                if k - extra >= 0:
                    quantity = read_quantity(tokens, k - extra)
                    if quantity is not None and quantity.last > k:
                        start = k - extra
                        break
            if start > 0 and tokens[start - 1].lower == "between":
                start -= 1
                quantity = read_quantity(tokens, start + 1)
            else:
                quantity = read_quantity(tokens, start)
            if quantity is None or quantity.last > i:
                continue
            said = tokens[quantity.last - 1].text
            if said.isdigit() and len(said) == 4 and said[:2] in {"19", "20"}:
                continue  # a year, not "2,000"
            return quantity.value, clause.span(quantity.first, quantity.last), quantity.first
    return None, "", i


def _place_after(clause: Clause, word: str, runs: dict[int, int]) -> str | None:
    """The place named after ``from``/``to``: "from Fort Bragg, North Carolina"."""
    tokens = clause.tokens
    for i, token in enumerate(tokens[:-1]):
        if token.lower != word:
            continue
        j = i + 1
        if tokens[j].lower == "the" and j + 1 < len(tokens):
            j += 1
        if j in runs:
            end = runs[j]
            if end + 1 < len(tokens) and tokens[end].text == "," and (end + 1) in runs:
                following = runs[end + 1]
                # "Fort Bragg, North Carolina": a place and its state, then no verb
                if following == len(tokens) or not tokens[following].is_word:
                    end = following
            return clause.span(j, end)
    return None


def _unit(clause: Clause, runs: dict[int, int]) -> str | None:
    """A named unit: "82nd Airborne Division", "Army Special Forces"."""
    tokens = clause.tokens
    for first, last in runs.items():
        if tokens[last - 1].lower in UNIT_HEADS and last - first >= 2:
            if first > 0 and tokens[first - 1].text[0].isdigit():
                first -= 1
            if first > 0 and tokens[first - 1].lower == "the":
                pass
            return clause.span(first, last)
    for i, token in enumerate(tokens):
        if token.lower in UNIT_NOUNS and i >= 2 and tokens[i - 1].lower in ASSETS:
            # "long-range rocket artillery unit"
            first = i - 1
            while first > 0 and tokens[first - 1].is_word and tokens[first - 1].lower not in STOPS:
                first -= 1
            return clause.span(first, i + 1)
    return None


#: words that end a unit's description on the left: "an additional ... unit"
STOPS = frozenset({"a", "an", "the", "additional", "new", "another"})


def asset_with_trigger(clause: Clause) -> list[Deployment]:
    """ "is sending 3,500 troops to the Middle East", "has stationed 4,000 soldiers"."""
    if clause.words.isdisjoint(TRIGGERS):
        return []
    tokens = clause.tokens
    words = [t.lower for t in tokens]
    found: list[Deployment] = []
    seen: set[tuple[str, int | None]] = set()
    skip_to = 0
    for i in range(len(tokens)):
        if i < skip_to:
            continue
        at = _asset_at(tokens, i)
        if at is None or (clause.quoted and clause.quoted[i]):
            continue
        asset, end = at
        skip_to = end
        count, count_text, first = _count_before(clause, i)
        if not _near_trigger(words, min(first, i)):
            continue  # "11 Malian troops" far from "4,000 troops deployed": not sent
        # "up to 4,000 soldiers ... a separate deployment of 900 U.S. troops": two facts;
        # an uncounted mention of an asset already counted adds nothing
        if (asset, count) in seen or (count is None and any(a == asset for a, _ in seen)):
            continue
        seen.add((asset, count))
        standing = not clause.words.isdisjoint(STANDING_CUES) and clause.words.isdisjoint(MOVE_CUES)
        found.append(_deployment(clause, (i, end), asset, count, count_text, standing=standing))
    return found


def _deployment(
    clause: Clause,
    span: tuple[int, int],
    asset: str,
    count: int | None,
    count_text: str,
    *,
    standing: bool,
    context: bool = True,
    destination: bool = True,
) -> Deployment:
    """The deployment of the asset at ``clause.tokens[span]``, one constructor for every rule.

    With ``context`` the rest of the clause gives the unit, where from, where to (unless
    not ``destination``: "in place" has no destination) and whether it is an earlier
    one; a change of troop levels reads none of them.
    """
    runs = clause.runs
    return Deployment(
        count=count,
        asset=asset,
        unit=_unit(clause, runs) if context else None,
        origin=_place_after(clause, "from", runs) if context else None,
        destination=_place_after(clause, "to", runs) if context and destination else None,
        evidence=clause.evidence,
        count_text=count_text,
        earlier=context and not clause.words.isdisjoint(EARLIER_CUES),
        asset_text=asset_text(clause.tokens, clause, *span),
        standing=standing,
    )


def _near_trigger(words: list[str], i: int) -> bool:
    """An asset with no count counts only next to its deployment word."""
    lo, hi = max(0, i - 6), min(len(words), i + 10)
    return any(w in TRIGGERS for w in words[lo:hi])


#: verbs that change how many troops there are: "increase troop levels by 16,000"
LEVEL_VERBS = frozenset(
    {"increase", "increases", "increased", "increasing", "raise", "raises", "raised",
     "raising", "boost", "boosts", "boosted", "boosting", "cut", "cuts", "cutting",
     "reduce", "reduces", "reduced", "reducing"}
)  # fmt: skip
LEVEL_NOUNS = frozenset({"levels", "level", "numbers", "strength"})


def troop_levels(clause: Clause) -> list[Deployment]:
    """ "would increase active troop levels by more than 16,000": a change of numbers.

    Only with a verb that changes a number, the asset and "levels" (or "numbers") and the
    count after "by" or "to"; "troop levels" alone, or a count of something else, is none.
    """
    if clause.words.isdisjoint(LEVEL_VERBS) or clause.words.isdisjoint(LEVEL_NOUNS):
        return []
    tokens = clause.tokens
    words = [t.lower for t in tokens]
    for i in range(len(tokens) - 3):
        at = _asset_at(tokens, i)
        if at is None:
            continue
        asset, end = at
        if end >= len(tokens) or words[end] not in LEVEL_NOUNS:
            continue
        if not any(w in LEVEL_VERBS for w in words[max(0, i - 4) : i]):
            continue
        k = end + 1
        if k + 1 >= len(tokens) or words[k] not in {"by", "to"}:
            continue
        quantity = read_quantity(tokens, k + 1)
        if quantity is None or quantity.value is None:
            continue
        count_text = clause.span(quantity.first, quantity.last)
        return [
            _deployment(
                clause, (i, end), asset, quantity.value, count_text, standing=False, context=False
            )
        ]
    return []


#: phrases after an asset that say it is there: "special forces on the ground", "two
#: launchers ... are already in place"
PRESENCE_PHRASES = (("on", "the", "ground"), ("in", "place"))


def forces_in_place(clause: Clause) -> list[Deployment]:
    """ "special forces on the ground", "Two launchers ... are already in place": present.

    For clauses with no deployment word (those go to ``asset_with_trigger``): the asset,
    then within a few words one of ``PRESENCE_PHRASES``.
    """
    if not clause.words.isdisjoint(TRIGGERS) or not ({"ground", "place"} & clause.words):
        return []
    tokens = clause.tokens
    words = [t.lower for t in tokens]
    for i in range(len(tokens)):
        at = _asset_at(tokens, i)
        if at is None or (clause.quoted and clause.quoted[i]):
            continue
        asset, end = at
        window = words[end : end + 8]
        if not any(
            tuple(window[k : k + len(phrase)]) == phrase
            for phrase in PRESENCE_PHRASES
            for k in range(len(window))
        ):
            continue
        count, count_text, _ = _count_before(clause, i)
        return [
            _deployment(
                clause, (i, end), asset, count, count_text, standing=True, destination=False
            )
        ]
    return []


#: the deployment rules; add a rule with one line here
RULES: tuple[Rule, ...] = (asset_with_trigger, troop_levels, forces_in_place)


def extract_deployments(clauses: tuple[Clause, ...], text: str) -> tuple[Deployment, ...]:
    """Every deployment of the article; uncounted mentions fill in the counted ones."""
    found: list[Deployment] = []
    for clause in clauses:
        for rule in RULES:
            found.extend(rule(clause))
    counted: list[Deployment] = []
    for fact in found:
        if fact.count is not None:
            same = next(
                (
                    k
                    for k, kept in enumerate(counted)
                    if kept.asset == fact.asset and kept.count == fact.count
                ),
                None,
            )
            if same is None:
                counted.append(fact)
            else:
                counted[same] = _fill(counted[same], fact, text)
    result = list(counted)
    for fact in found:
        if fact.count is not None:
            continue
        # an uncounted mention speaks of the counted deployment of the same asset, if any
        targets = [
            k for k, kept in enumerate(result) if kept.asset == fact.asset and not kept.earlier
        ]
        if targets:
            nearest = min(
                targets, key=lambda k: abs(result[k].evidence.start - fact.evidence.start)
            )
            result[nearest] = _fill(result[nearest], fact, text)
        else:
            result.append(fact)
    result.sort(key=lambda f: f.evidence.start)
    return tuple(result)


#: how far (in characters) a following sentence may be and still join the evidence
JOIN_EVIDENCE = 300


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
        count_text=kept.count_text or other.count_text,
    )

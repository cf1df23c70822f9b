"""The per-category miss table of ``briefing eval facts --categories``.

Every gold item is put in one category by simple patterns of its gold ``evidence`` (the
categories of issue 17's analysis of the held-out misses); the table shows, per category,
how many items the facts missed out of how many the gold holds, so a change shows which
kind of sentence it moved. The patterns are heuristics over the evidence text, tried in
the order listed, the first that fits wins; they are a lens on the misses, not a parser:

casualties
  - ``coordinated groups``: two counts joined by "and" ("24 militants and six soldiers")
  - ``participle/relative``: a count, then "who/that/which" or an -ed/-ing word, then the
    status ("the 12 miners trapped underground were found dead")
  - ``elliptic "N more"``: "N more", "another N"
  - ``victim list as object``: an active status verb followed by a list or a count
    ("killed the judge, her driver and two guards", "killing 12")
  - ``named victim / "the killing of"``: "the killing/death/murder/assassination of", or a
    count of 1 whose evidence names a person after a role word or whose gold ``who`` is
    a name
  - ``"among those killed"``: "among those killed/wounded", "among the dead"
  - ``narrative toll``: "lost" a relative ("she lost two sons")
  - ``other``

deployments
  - ``standing force``: stationed, based, garrison, standing, "in the area/region"
  - ``no deployment verb``: none of the usual verbs of moving a force in the evidence
  - ``uncounted mention``: the gold count is null
  - ``other``

reactions (per speaker, as the scorer counts them: the speaker's first gold item)
  - ``no verb of saying``: no verb of saying (said, told, announced, wrote, ...; stance
    verbs such as "rejects", "condemned" and acts do not count) and no quotation mark
  - ``descriptive/anaphoric speaker``: the speaker's last name is not in the evidence
  - ``coordinated subjects``: "<Name> and <Name>" around the speaker
  - ``speaker after verb``: the saying verb comes before the speaker's name
  - ``words between subject and verb``: two or more words (no comma) between the
    speaker's name and the next saying verb
  - ``second statement in sentence``: two verbs of saying in the evidence
  - ``other``
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from briefing.evaluation.facts import FACT_TYPES, GoldItem, speaker_words

CATEGORIES: dict[str, tuple[str, ...]] = {
    "casualties": (
        "coordinated groups",
        "participle/relative",
        'elliptic "N more"',
        "victim list as object",
        'named victim / "the killing of"',
        '"among those killed"',
        "narrative toll",
        "other",
    ),
    "deployments": ("standing force", "no deployment verb", "uncounted mention", "other"),
    "reactions": (
        "no verb of saying",
        "descriptive/anaphoric speaker",
        "coordinated subjects",
        "speaker after verb",
        "words between subject and verb",
        "second statement in sentence",
        "other",
    ),
}

_NUMBER = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|a dozen|dozens|hundreds|scores)"
)
_STATUS = (
    r"(?:kill|killed|killing|dead|died|deaths?|wounded|wounding|injur\w*|hurt|missing|"
    r"captured|kidnapped|abducted|seized|hostages?|executed|lost their lives)"
)
_ACTIVE_STATUS = r"\b(?:killed|killing|wounded|wounding|injured|injuring|kidnapped|abducted)"
_ROLE = (
    r"(?:general|commander|judge|officer|soldier|journalist|reporter|leader|minister|"
    r"ambassador|priest|mayor|governor|colonel|captain|sergeant|lieutenant|chief|activist)"
)
_CASUALTY_PATTERNS = (
    rf"\b{_NUMBER}\b[\w\s-]{{0,40}}?\band\s+(?:\w+\s+)?{_NUMBER}\b",
    rf"\b{_NUMBER}\s+(?:[\w-]+\s+){{1,3}}?(?:who|that|which|[a-z]+ed|[a-z]+ing)\b.{{0,80}}?"
    rf"\b{_STATUS}",
    rf"\b(?:{_NUMBER}\s+more|another\s+{_NUMBER})\b",
    rf"{_ACTIVE_STATUS}\s+(?:(?:the\s+)?[\w-]+(?:\s+[\w-]+)?,\s+[^.]{{0,80}}\band\b|"
    rf"(?:at least |more than |about |some )?{_NUMBER}\b)",
    r"\b(?:killing|death|murder|assassination|kidnapping|abduction|execution)\s+of\b",
    r"\bamong\s+(?:those|the)\s+(?:killed|dead|wounded|injured|victims|missing|hostages)",
    r"\blost\s+(?:his|her|their|a|an|two|three|four|five|several|\w+)\s+(?:\w+\s+)?"
    r"(?:sons?|daughters?|children|child|husband|wife|brothers?|sisters?|father|mother|"
    r"relatives|family|parents)\b",
)
_NAME = re.compile(r"(?:[A-Z][\w'-]+\s+){1,3}[A-Z][\w'-]+\b")
_NAMED_AFTER_ROLE = re.compile(rf"\b{_ROLE}\s+(?:[A-Z][\w'-]+\s+){{0,2}}[A-Z][\w'-]+", re.I)

_STANDING = re.compile(
    r"\b(?:stationed|stations|station|based|garrison\w*|standing|in the (?:area|region)|"
    r"permanent\w*|presence)\b",
    re.I,
)
_DEPLOYMENT_VERB = re.compile(
    r"\b(?:deploy\w*|sen[dt]\w*|dispatch\w*|mov(?:e|es|ed|ing)|arriv\w*|head\w*|order\w*|"
    r"withdr[ae]w\w*|pull\w*|add\w*|boost\w*|bring\w*|brought|fl(?:y|ew|ies|own|ying)|"
    r"sail\w*|position\w*|reinforc\w*|rotat\w*|redeploy\w*|join\w*|exercis\w*|drill\w*|"
    r"patrol\w*|launch\w*|strik\w*|struck|airstrikes?|bomb\w*|transfer\w*|return\w*|"
    r"leav\w*|left|increas\w*|reduc\w*|cut\w*|keep\w*|kept)\b",
    re.I,
)
_SAYING = re.compile(
    r"\b(?:said|says|say|saying|told|tells|tell|telling|stated|states|added|adds|warned|warns|"
    r"according to|announced|announces|wrote|writes|tweeted|posted|declared|insisted|"
    r"argued|claimed|claims|noted|explained|asked|described|stressed|responded|replied|"
    r"testified|acknowledged|admitted|suggested|reported|quoted|statement|remarks|"
    r"interview|spokes\w+)\b",
    re.I,
)
_QUOTE = re.compile(r"[\"\u201c\u201d]|(?:^|\s)'|'(?:\s|$|[.,])")


def casualty_category(evidence: str, item: dict[str, Any]) -> str:
    """The category of a gold casualty by its evidence (first pattern that fits)."""
    names = CATEGORIES["casualties"]
    for name, pattern in zip(names[:-1], _CASUALTY_PATTERNS, strict=True):
        if re.search(pattern, evidence, re.I | re.S):
            return name
        named = _NAMED_AFTER_ROLE.search(evidence) or _NAME.match(str(item.get("who") or ""))
        if name == 'named victim / "the killing of"' and item.get("count") == 1 and named:
            return name
    return "other"


def deployment_category(evidence: str, item: dict[str, Any]) -> str:
    """The category of a gold deployment by its evidence (first pattern that fits)."""
    if _STANDING.search(evidence):
        return "standing force"
    if not _DEPLOYMENT_VERB.search(evidence):
        return "no deployment verb"
    if item.get("count") is None:
        return "uncounted mention"
    return "other"


def _name_at(evidence: str, speaker: str) -> re.Match[str] | None:
    """Where the speaker's last word (its surname or head) stands in the evidence."""
    words = speaker_words(speaker)
    if not words:
        return None
    return re.search(rf"\b{re.escape(words[-1])}\b", evidence, re.I)


def reaction_category(evidence: str, item: dict[str, Any]) -> str:
    """The category of a gold speaker by the evidence of their first item."""
    sayings = list(_SAYING.finditer(evidence))
    if not sayings and not _QUOTE.search(evidence):
        return "no verb of saying"
    name = _name_at(evidence, str(item.get("speaker", "")))
    if name is None:
        return "descriptive/anaphoric speaker"
    around = evidence[max(0, name.start() - 40) : name.end() + 40]
    if re.search(r"\b[A-Z][\w'-]+\s+and\s+(?:the\s+)?[A-Z][\w'-]+", around):
        return "coordinated subjects"
    if sayings and sayings[0].start() < name.start():
        return "speaker after verb"
    after = next((m for m in sayings if m.start() >= name.end()), None)
    if after is not None:
        between = evidence[name.end() : after.start()]
        if "," not in between and len(between.split()) >= 2:
            return "words between subject and verb"
    if len(sayings) >= 2:
        return "second statement in sentence"
    return "other"


_CLASSIFIERS = {
    "casualties": casualty_category,
    "deployments": deployment_category,
    "reactions": reaction_category,
}


def category_of(kind: str, item: dict[str, Any]) -> str:
    """The miss category of one gold item of ``kind`` ("other" for a kind without any)."""
    classify = _CLASSIFIERS.get(kind)
    return classify(str(item.get("evidence") or ""), item) if classify else "other"


def category_counts(items: Iterable[GoldItem]) -> dict[str, dict[str, tuple[int, int]]]:
    """Per kind and category: (missed, gold)."""
    missed: Counter[tuple[str, str]] = Counter()
    gold: Counter[tuple[str, str]] = Counter()
    for entry in items:
        key = (entry.kind, category_of(entry.kind, entry.item))
        gold[key] += 1
        missed[key] += not entry.matched
    return {
        kind: {
            name: (missed[(kind, name)], gold[(kind, name)])
            for name in CATEGORIES.get(kind, ("other",))
        }
        for kind in FACT_TYPES
    }


def category_table(items: Iterable[GoldItem]) -> str:
    """The misses per category as a plain-text table: missed / gold and the share missed."""
    lines = [f"{'type':<12} {'category':<34} {'missed':>6} {'gold':>5} {'share':>6}"]
    for kind, rows in category_counts(items).items():
        for name, (missed, gold) in rows.items():
            share = f"{missed / gold:.2f}" if gold else "-"
            lines.append(f"{kind:<12} {name:<34} {missed:>6} {gold:>5} {share:>6}")
    return "\n".join(lines)

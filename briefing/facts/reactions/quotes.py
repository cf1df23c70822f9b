"""Quotes: the words a speaker said, how (tweet, statement, ...) and where they go on."""

from __future__ import annotations

from briefing.facts.reactions.lexicon import ADDRESSEES, CHANNELS, CIRCUMSTANCES, TITLE_WORDS
from briefing.facts.reactions.names import Speaker
from briefing.facts.tokens import Clause


def channel_of(clause: Clause) -> str | None:
    """ "tweet", "statement", "state TV" when the sentence says how."""
    words = [t.lower for t in clause.tokens]
    present = set(words)
    for cue, channel in CHANNELS:
        if cue[0] not in present:
            continue
        n = len(cue)
        if n == 1:
            return channel
        for i, word in enumerate(words[: len(words) - n + 1]):
            if word == cue[0] and tuple(words[i : i + n]) == cue:
                return channel
    return None


def quote_of(clause: Clause, v: int, speaker: Speaker) -> str:
    """What was said: the quoted words, else the words before the speaker or after the verb."""
    tokens = clause.tokens
    # Words inside quotation marks are the quote, wherever the speaker stands.
    if clause.quoted and any(clause.quoted):
        parts = []
        k = 0
        while k < len(tokens):
            if clause.quoted[k]:
                start = k
                while k < len(tokens) and clause.quoted[k]:
                    k += 1
                parts.append(clause.span(start, k))
            k += 1
        text = " ... ".join(p for p in parts if p)
        if text:
            return text
    if speaker.first == v:
        # "..., said Khaled Barkal, a vice president": the words come before the verb
        return clause.span(0, v).strip(" ,:")
    after = v + 1
    if tokens[v].lower == "told" and after < len(tokens):
        runs = clause.runs
        if after in runs:
            after = runs[after]  # "told Reuters"
        elif tokens[after].lower in ADDRESSEES:
            after += 1
    if after < len(tokens) and tokens[after].lower == "that":
        after += 1
    said_after = clause.span(after, len(tokens)).strip(" :.")
    circumstance = after < len(tokens) and (
        tokens[after].lower in CIRCUMSTANCES
        or (tokens[v].lower == "told" and tokens[after].lower in {"a", "an", "the"})
    )
    if said_after.startswith(",") or len(said_after.split()) < 3:
        # "..., she said, holding her child": the words said come before the speaker
        said_after = ""
    lead = min(speaker.first, len(tokens))
    while lead > 0 and (tokens[lead - 1].text == "." or tokens[lead - 1].lower in TITLE_WORDS):
        lead -= 1  # "Gen. John Nicholson"
    if (
        lead > 4
        and v > speaker.first
        and tokens[lead - 1].text == ","
        and (len(said_after.split()) < 5 or circumstance)
    ):
        # "... in Afghanistan,  Asif said in an interview": when and where, not what
        # quotation marks lost: "There is a need ... soon,  Ghulam Qader Akbari ... said"
        return _without_dateline(clause.span(0, lead).strip(" ,"))
    return said_after


def _without_dateline(text: str) -> str:
    """ "ABIDJAN (Reuters) - Three soldiers ..." -> "Three soldiers ..."."""
    head, mark, rest = text.partition("(Reuters) -")
    return rest.strip() if mark and len(head) < 60 else text


def continues_quote(clause: Clause) -> bool:
    """A paragraph that goes on with the previous speaker's quotation."""
    stripped = clause.text.lstrip()
    return clause.opens_quoted or (
        stripped.startswith('"') and not any(t.lower in {"said", "says"} for t in clause.tokens)
    )


def quote_only(clause: Clause) -> str:
    return clause.sentence.text.strip().strip('"\u201c\u201d').strip()

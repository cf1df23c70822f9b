"""Quotes: the words a speaker said, how (tweet, statement, ...) and where they go on."""

from __future__ import annotations

from typing import NamedTuple

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


class Said(NamedTuple):
    """What a speaker said, and whether these are the speaker's own words (a quotation)
    or the reporter's paraphrase of them."""

    text: str
    verbatim: bool


def quote_of(clause: Clause, v: int, speaker: Speaker) -> Said:
    """What was said: the quoted words, else the words before the speaker or after the verb
    (the reporter's, unless the source lost the quotation marks around them)."""
    tokens = clause.tokens
    # Words inside quotation marks are the quote, wherever the speaker stands.
    quoted = _quoted_words(clause)
    if quoted:
        return Said(quoted, True)
    single = single_quoted(clause)
    if single:
        return Said(single, True)  # "saying he should have been 'taken out years ago'"
    if speaker.first == v:
        # "..., said Khaled Barkal, a vice president": the words come before the verb
        return Said(clause.span(0, v).strip(" ,:"), lost_marks(clause, v))
    after = _after_verb(clause, v)
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
        return Said(_without_dateline(clause.span(0, lead).strip(" ,")), lost_marks(clause, lead))
    if not said_after:
        return Said("", False)
    # the reporter's words: shown with the verb they hang on ("blamed Iran for ..."), so
    # they read as a report of what was said, not as a quotation
    return Said(clause.span(v, len(tokens)).strip(" :."), False)


def _quoted_words(clause: Clause) -> str:
    """The words inside quotation marks, runs joined by " ... " ("" when none)."""
    tokens = clause.tokens
    if not clause.quoted or not any(clause.quoted):
        return ""
    parts = []
    k = 0
    while k < len(tokens):
        if clause.quoted[k]:
            start = k
            while k < len(tokens) and clause.quoted[k]:
                k += 1
            parts.append(clause.span(start, k))
        k += 1
    return " ... ".join(p for p in parts if p)


def _after_verb(clause: Clause, v: int) -> int:
    """Where the words said begin after the verb: past "told Reuters", "told reporters"
    and "that"."""
    tokens = clause.tokens
    after = v + 1
    if tokens[v].lower == "told" and after < len(tokens):
        runs = clause.runs
        if after in runs:
            after = runs[after]  # "told Reuters"
        elif tokens[after].lower in ADDRESSEES:
            after += 1
    if after < len(tokens) and tokens[after].lower == "that":
        after += 1
    return after


def lost_marks(clause: Clause, end: int) -> bool:
    """Did the source drop the quotation marks around the words before token ``end``?
    ISOT texts keep a doubled space where a mark was: "... the valley,  Omar Said said"."""
    tokens = clause.tokens
    if end < 2 or end > len(tokens):
        return False
    base = clause.sentence.start
    gap_end = tokens[end].start - base if end < len(tokens) else len(clause.text)
    before_comma = end - 1 if tokens[end - 1].text == "," else end
    gap = clause.text[tokens[before_comma - 1].end - base : gap_end]
    return "  " in gap


def single_quoted(clause: Clause) -> str:
    """Words between single quotation marks ("'taken out many years ago'"), if any: an
    opening mark stands after a space and before a word, a closing one right after a word
    (so the apostrophe of "Americans' lives" opens nothing)."""
    tokens = clause.tokens
    text, base = clause.text, clause.sentence.start
    opening = None
    for k, token in enumerate(tokens):
        if token.text != "'":
            continue
        before = text[token.start - base - 1 : token.start - base]
        glued_after = k + 1 < len(tokens) and tokens[k + 1].start == token.end
        glued_before = k > 0 and tokens[k - 1].end == token.start
        if opening is None:
            if (not before or before.isspace()) and glued_after:
                opening = k
        elif glued_before and k - opening > 3:
            return clause.span(opening + 1, k)
    return ""


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

"""Reactions: who said or did what about the event, in which role, through which channel.

A reaction is a verb of saying ("said", "tweeted", "condemned") with a speaker found by one
of the small rules in ``speakers.SPEAKER_RULES``: a name just before the verb, a name with
an appositive role ("Amir Hatami, Iran's defence minister, has threatened"), a name after
the verb ("said SDF spokesman Talal Selo") or a pronoun ("He tweeted") that stands for the
last named speaker. A quotation that runs over several paragraphs stays with its speaker.
The stance comes from the words said and the verb (``stance``); the word lists are the
files in ``data/`` (``lexicon``).

The stages, one module each: ``names`` (who a capitalised run is, the fullest form seen),
``speakers`` (the rules), ``quotes`` (what was said, the channel), ``stance``, ``reports``
(a toll or a troop movement is not a reaction) and ``voices`` (the finishing passes).
"""

from __future__ import annotations

from dataclasses import replace

from briefing.facts.reactions.lexicon import SOURCES, VERB_WORDS
from briefing.facts.reactions.names import NameBook
from briefing.facts.reactions.quotes import channel_of, continues_quote, quote_of, quote_only
from briefing.facts.reactions.reports import has_deployment, has_toll
from briefing.facts.reactions.speakers import Context, fellow_speakers, find_speaker
from briefing.facts.reactions.stance import continued_stance, plain_words, stance_of
from briefing.facts.reactions.voices import finish
from briefing.facts.tokens import Clause
from briefing.models import Evidence, Reaction

__all__ = ["extract_reactions"]


def extract_reactions(clauses: tuple[Clause, ...], text: str) -> tuple[Reaction, ...]:
    """Every reaction of the article, in order; full names replace later short ones."""
    context = Context()
    names = NameBook()
    reactions: list[Reaction] = []
    last = -2  # the clause of the last reaction, for quotations that go on
    for position, clause in enumerate(clauses):
        if reactions and position == last + 1 and continues_quote(clause):
            reactions[-1] = _continued(reactions[-1], clause, text)
            last = position
            continue
        names.add_names_of(clause)
        if clause.words.isdisjoint(VERB_WORDS):
            context.mention(clause)
            continue  # no verb of saying: nothing more to read (one set test)
        before = clauses[position - 1] if position else None
        found = _reactions_in(clause, before, text, context, names)
        if found:
            reactions += found
            last = position
    return finish(reactions, names)


def _continued(previous: Reaction, clause: Clause, text: str) -> Reaction:
    """``previous`` with its quotation going on into ``clause``."""
    start, end = previous.evidence.start, clause.sentence.end
    quote = quote_only(clause)
    if previous.paraphrase:
        # "Khamenei threatened a bloody jihad." then his tweet: the tweet is the quote
        return replace(
            previous,
            quote=quote,
            paraphrase=False,
            evidence=Evidence(text[start:end], start, end),
            stance=continued_stance(previous.stance, quote),
        )
    return replace(
        previous,
        quote=f"{previous.quote} {quote}".strip(),
        evidence=Evidence(text[start:end], start, end),
        stance=continued_stance(previous.stance, quote),
    )


def _reactions_in(
    clause: Clause, before: Clause | None, text: str, context: Context, names: NameBook
) -> list[Reaction]:
    """The first statement of ``clause`` (a verb of saying whose speaker a rule finds), one
    reaction for each person who made it."""
    tokens = clause.tokens
    for v in [k for k, t in enumerate(tokens) if t.lower in VERB_WORDS]:
        if clause.quoted and clause.quoted[v]:
            continue
        speaker = find_speaker(clause, v, context)
        if speaker is None:
            continue
        name = names.resolve(speaker.name)
        if name in names:
            speaker = replace(speaker, name=name, kind="person")  # "Trump" is a person
        context.remember(speaker)
        quote, verbatim = quote_of(clause, v, speaker)
        said = tokens[v + 1 :]
        if speaker.first > v or speaker.first <= 2:
            pass
        elif not quote or quote[:20] in clause.span(0, speaker.first):
            said = tokens[: speaker.first]  # the words came before the speaker
        # an unnamed source that tells of a troop movement is the source of a fact
        counted = name.rsplit(None, 1)[-1].lower() not in SOURCES
        if (has_toll(said) or has_deployment(clause, v, counted)) and not any(clause.quoted):
            return []  # reporting a toll or a troop movement is not reacting to it
        evidence = clause.evidence
        if not quote:
            # "X, a vice president in the local government, said." ends a quotation
            # that the splitter cut off into the sentence before
            if before is not None and before.sentence.paragraph == clause.sentence.paragraph:
                quote, verbatim = before.sentence.text.strip(), True
                start, end = before.sentence.start, clause.sentence.end
                evidence = Evidence(text[start:end], start, end)
            else:
                quote = clause.sentence.text.strip()
        stance = stance_of(plain_words(quote) + " " + plain_words(clause.text), tokens[v].lower)
        channel = channel_of(clause)
        return [
            Reaction(names.resolve(f.name), f.role, quote, stance, evidence, channel, not verbatim)
            for f in fellow_speakers(clause, v, speaker)
        ] + [Reaction(name, speaker.role, quote, stance, evidence, channel, not verbatim)]
    return []

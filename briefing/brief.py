"""A brief from an ingested article: split, rank, extract facts. Composition only.

Two names, two levels:

- ``compose_brief(article, options, limits)`` is the composition: it takes what ingest
  made (an ``Article``) and the validated options, and calls the core's stages in order.
  The ``Briefing`` service and everything inside the package call it.
- ``build_brief(text, *, title=None, method="news", sentences=5, ...)`` is the public
  convenience of CONTRACTS.md: keywords in, one ``ArticleRequest`` made of them, read by
  ingest, then ``compose_brief``. It adds no rule of its own.
"""

from __future__ import annotations

import datetime as dt

from briefing.errors import InputError, OverBudgetError
from briefing.facts import extract_facts, facts_note
from briefing.models import Article, ArticleMeta, Brief, Facts, Note, Summary, content_hash
from briefing.options import BriefOptions, Limits
from briefing.request import ArticleRequest, Upload
from briefing.summarise import Length, get_ranker, length_note
from briefing.summarise.cost import estimated_seconds
from briefing.summarise.sumy_rankers import SUMY_METHODS
from briefing.text import build_document
from briefing.text.identify import with_language
from briefing.text.languages import language_notes

__all__ = ["WORDS_PER_MINUTE", "build_brief", "compose_brief"]

WORDS_PER_MINUTE = 230


def compose_brief(
    article: Article,
    options: BriefOptions,
    limits: Limits,
    *,
    id: str | None = None,
) -> Brief:
    """The brief of an ingested article: sentences, ranked summary, key facts, stats.

    An article whose language is not known yet (one made by hand) has it identified
    first; the brief's notes say what the reader should know about how it was made.

    Raises:
        NoSentencesError: the article holds no sentence.
        InputError: too many sentences (for any ranker, or for a quadratic sumy one).
    """
    article = with_language(article)
    document = build_document(article, max_sentences=limits.max_sentences)
    if options.method in SUMY_METHODS and len(document.sentences) > limits.max_sumy_sentences:
        raise InputError(
            f"the article has {len(document.sentences):,} sentences; {options.method} is "
            f"limited to {limits.max_sumy_sentences:,} (BRIEFING_MAX_SUMY_SENTENCES) "
            "because its time grows with the square of the length: use news or lead"
        )
    check_budget(options.method, len(document.sentences), limits)
    ranker = get_ranker(options.method)
    summary_sentences = ranker(document, options.length)
    facts = extract_facts(document) if options.facts else Facts()
    notes = (
        *language_notes(article),
        length_note(document, options.length, len(summary_sentences)),
        facts_note(article.language) if options.facts else None,
    )
    # the sentences already hold every word of the text: count them, don't re-tokenise
    word_count = sum(len(sentence.words) for sentence in document.sentences)
    return Brief(
        id=id or content_hash(article.title, article.text)[:16],
        article=article,
        summary=Summary(method=ranker.name, sentences=summary_sentences),
        facts=facts,
        word_count=word_count,
        reading_minutes=max(1, round(word_count / WORDS_PER_MINUTE)),
        notes=tuple(note for note in notes if isinstance(note, Note)),
    )


def check_budget(method: str, sentences: int, limits: Limits) -> None:
    """Refuse a summary estimated to take longer than the budget, before it is made.

    Raises:
        OverBudgetError: the estimate is over ``limits.budget_seconds``.
    """
    if limits.budget_seconds is None:
        return
    cost = estimated_seconds(method, sentences)
    if cost > limits.budget_seconds:
        raise OverBudgetError(
            f"summarising {sentences:,} sentences with {method} would take about "
            f"{cost:,.0f} s, more than the {limits.budget_seconds:g} s a request may take "
            "(BRIEFING_REQUEST_BUDGET): use news or lead, a shorter article, or the task "
            "queue (Prefer: respond-async, or a batch)"
        )


def build_brief(
    text: str | bytes,
    *,
    title: str | None = None,
    method: str = "news",
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    facts: bool = True,
    id: str | None = None,
    source: str | None = None,
    published: dt.date | None = None,
    author: str | None = None,
    language: str | None = None,
    filename: str | None = None,
    limits: Limits | None = None,
) -> Brief:
    """Build a one-page brief of an article (the Python entry point of CONTRACTS.md).

    Args:
        text: the article as text, or as the bytes of a file in any supported format.
        title: headline to use instead of the one found in the text.
        method: ranker name (``news``, the default, ``lead`` or a sumy algorithm).
        sentences, words, ratio: summary length, at most one of them (default 5 sentences).
        facts: extract key facts (default true).
        id: the brief's id; by default a hash of the headline and text.
        source, published, author: outlet, publication date and author(s), shown on the
            brief (by default what the file says, if anything).
        language: the article's language (ISO 639-1, "fr" or "fr-FR"); by default it is
            identified from the text.
        filename: tells the format of ``text`` from its suffix (``.md``, ``.html``,
            ``.docx``, the last as bytes only); without it, text is read as plain text
            or, if it looks like a page, HTML.
        limits: size limits; ``Limits()`` by default.

    Returns:
        A ``Brief``; ``brief.to_dict()`` is the Brief JSON of CONTRACTS.md.

    Raises:
        InputError: the article is empty, binary, too large or has no sentence.
        OptionsError: an option is unknown or out of range.
    """
    limits = limits or Limits()
    options = BriefOptions(
        method=method, length=Length(sentences=sentences, words=words, ratio=ratio), facts=facts
    )
    meta = ArticleMeta(
        title=title, source=source, published=published, author=author, language=language
    )
    if isinstance(text, bytes) or filename is not None:
        # a name says the format, for a string too (a Markdown string named "story.md")
        data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        request = ArticleRequest(file=Upload(data, filename), meta=meta, id=id, options=options)
    else:
        request = ArticleRequest(text=text, meta=meta, id=id, options=options)
    return compose_brief(request.read(limits), request.options, limits, id=request.id)

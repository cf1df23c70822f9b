"""build_brief: ingest, split, rank and extract facts. Composition only."""

from __future__ import annotations

import datetime as dt
import hashlib

from briefing.config import Settings
from briefing.errors import InputError, OptionsError
from briefing.facts import extract_facts
from briefing.ingest import read_article
from briefing.models import Article, Brief, Facts, Summary
from briefing.options import BriefOptions
from briefing.summarise import Length, get_ranker
from briefing.summarise.sumy_rankers import SUMY_METHODS
from briefing.text import build_document

WORDS_PER_MINUTE = 230


def build_brief(
    article: str | bytes | Article,
    *,
    title: str | None = None,
    method: str | None = None,
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    options: BriefOptions | None = None,
    id: str | None = None,
    source: str | None = None,
    published: dt.date | None = None,
    filename: str | None = None,
    settings: Settings | None = None,
) -> Brief:
    """Build a one-page brief of an article.

    Args:
        article: the article as text, raw bytes (any supported format) or an ``Article``.
        title: headline to use instead of the one found in the text.
        method: ranker name (``news``, the default, ``lead`` or a sumy algorithm).
        sentences, words, ratio: summary length, at most one of them (default 5 sentences).
        options: all of the above at once (and ``facts``); giving it together with
            ``method`` or a length is an error, not a silent choice.
        id: the brief's id; by default a hash of the headline and text.
        source, published: outlet and publication date, shown on the brief.
        filename: tells the input format from its suffix (``.md``, ``.html``, ...).
        settings: limits; defaults to ``Settings()``.

    Returns:
        A ``Brief``; ``brief.to_dict()`` is the Brief JSON of CONTRACTS.md.

    Raises:
        InputError: the article is empty, binary, too large or has no sentence.
        OptionsError: an option is unknown or out of range.
    """
    settings = settings or Settings()
    shortcuts = {"method": method, "sentences": sentences, "words": words, "ratio": ratio}
    if options is None:
        options = BriefOptions(
            method=method or "news", length=Length(sentences=sentences, words=words, ratio=ratio)
        )
    elif given := [name for name, value in shortcuts.items() if value is not None]:
        raise OptionsError(
            f"give options= or {', '.join(given)}, not both: options already says "
            "the method and the length"
        )
    if isinstance(article, Article):
        parsed = article
    else:
        parsed = read_article(
            article,
            filename=filename,
            title=title,
            source=source,
            published=published,
            settings=settings,
        )
    document = build_document(parsed, max_sentences=settings.max_sentences)
    if options.method in SUMY_METHODS and len(document.sentences) > settings.max_sumy_sentences:
        raise InputError(
            f"the article has {len(document.sentences):,} sentences; {options.method} is "
            f"limited to {settings.max_sumy_sentences:,} (BRIEFING_MAX_SUMY_SENTENCES) "
            "because its time grows with the square of the length: use news or lead"
        )
    ranker = get_ranker(options.method)
    summary_sentences = ranker(document, options.length)
    facts = extract_facts(document) if options.facts else Facts()
    # the sentences already hold every word of the text: count them, don't re-tokenise
    word_count = sum(len(sentence.words) for sentence in document.sentences)
    return Brief(
        id=id or _content_id(parsed),
        article=parsed,
        summary=Summary(method=ranker.name, sentences=summary_sentences),
        facts=facts,
        word_count=word_count,
        reading_minutes=max(1, round(word_count / WORDS_PER_MINUTE)),
    )


def _content_id(article: Article) -> str:
    digest = hashlib.sha256(f"{article.title}\n{article.text}".encode()).hexdigest()
    return digest[:16]

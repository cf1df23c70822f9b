"""Text: sentences with offsets, words, stems. The core's only view of raw text.

Everything here reads the article in its language (``Article.language``, ``languages.py``).
"""

from __future__ import annotations

from briefing.errors import InputError, NoSentencesError
from briefing.models import Article, Document, Sentence
from briefing.text.languages import SUMMARY_LANGUAGES, language, language_name
from briefing.text.sentences import split_sentences
from briefing.text.words import content_stems, stem, stop_words, tokenize_words

__all__ = [
    "SUMMARY_LANGUAGES",
    "build_document",
    "content_stems",
    "language",
    "language_name",
    "split_sentences",
    "stem",
    "stop_words",
    "tokenize_words",
]


def build_document(article: Article, *, max_sentences: int | None = None) -> Document:
    """Split each paragraph of ``article`` into sentences; headings stay one sentence each.

    Raises:
        NoSentencesError: the article has no sentence with a word in it.
        InputError: more sentences than ``max_sentences``.
    """
    text = article.text
    code = language(article.language).code
    headings = {(h.start, h.end) for h in article.headings}
    sentences: list[Sentence] = []
    for number, paragraph in enumerate(article.paragraphs):
        if (paragraph.start, paragraph.end) in headings:
            spans = [(paragraph.start, paragraph.end)]
            is_heading = True
        else:
            chunk = text[paragraph.start : paragraph.end]
            spans = [
                (paragraph.start + s, paragraph.start + e) for s, e in split_sentences(chunk, code)
            ]
            is_heading = False
        for start, end in spans:
            sentence_text = text[start:end]
            words = tokenize_words(sentence_text)
            if not words:
                continue
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=start,
                    end=end,
                    text=sentence_text,
                    paragraph=number,
                    is_heading=is_heading,
                    words=tuple(words),
                    stems=content_stems(words, code),
                )
            )
            if max_sentences is not None and len(sentences) > max_sentences:
                raise InputError(
                    f"article has more than {max_sentences} sentences "
                    "(BRIEFING_MAX_SENTENCES); split it into smaller articles"
                )
    if not any(not s.is_heading for s in sentences):
        raise NoSentencesError("the article has no sentence to summarise")
    return Document(article=article, sentences=tuple(sentences))

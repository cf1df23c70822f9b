"""Word tokens, stop words and Snowball stems: everything offline, nothing downloaded.

Stems and stop words are per language (``languages.py``); English is the default, the
language every caller used before languages were told apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from nltk.stem.snowball import SnowballStemmer

from briefing.text.languages import DEFAULT_LANGUAGE, language

# Possessive quantifiers (Python 3.11+): nothing follows the pattern, so backtracking never
# changes a match; forbidding it only spares the engine the bookkeeping (15% faster).
_WORD = re.compile(r"[^\W_]++(?:['\u2019][^\W_]++)*+", re.UNICODE)


def tokenize_words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits, inner apostrophes kept)."""
    words = _WORD.findall(text)
    if not words:
        return []
    # One lower() for the whole sentence: tokens hold no spaces, so this is per-token lower().
    joined = " ".join(words).lower()
    if "\u2019" in joined:
        joined = joined.replace("\u2019", "'")
    return joined.split(" ")


@cache
def stop_words(code: str = DEFAULT_LANGUAGE) -> frozenset[str]:
    """The language's stop words, from the lists sumy ships inside its package.

    Empty for a language sumy has no list for.
    """
    name = language(code).stop_words
    if name is None:
        return frozenset()
    from sumy.utils import get_stop_words

    return frozenset(w.lower() for w in get_stop_words(name))


@cache
def _stemmer(code: str) -> Callable[[str], str] | None:
    name = language(code).snowball
    if name is None:
        return None
    stemmer = SnowballStemmer(name)
    return lambda word: str(stemmer.stem(word))


@cache
def stem(word: str, code: str = DEFAULT_LANGUAGE) -> str:
    """Snowball stem of one lower-cased word; the word itself where no stemmer exists.

    Cached: words repeat a lot.
    """
    stemmer = _stemmer(code)
    return stemmer(word) if stemmer is not None else word


def stemmer_for(code: str) -> Callable[[str], str]:
    """A one-argument stemmer for the language, as sumy's summarisers take one."""
    if code == DEFAULT_LANGUAGE:
        return stem
    return lambda word: stem(word, code)


def content_stems(
    words: list[str] | tuple[str, ...], code: str = DEFAULT_LANGUAGE
) -> tuple[str, ...]:
    """Stems of the words that carry meaning: no stop words, no one-letter tokens.

    In languages that join an article or pronoun to the next word ("l'armée"), the word
    is compared without it.
    """
    stops = stop_words(code)
    if code == DEFAULT_LANGUAGE:
        return tuple(stem(w) for w in words if len(w) > 1 and w not in stops)
    elisions = language(code).elisions
    if elisions:
        words = [_without_elision(w, elisions) for w in words]
    return tuple(stem(w, code) for w in words if len(w) > 1 and w not in stops)


def _without_elision(word: str, elisions: frozenset[str]) -> str:
    head, apostrophe, rest = word.partition("'")
    return rest if apostrophe and rest and head in elisions else word

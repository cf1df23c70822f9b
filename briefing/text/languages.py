"""The languages briefing reads with their own rules, and what it knows of the others.

A language gets a summary made with its own rules when NLTK's Snowball stemmer and sumy's
stop-word lists both cover it (``SUMMARY_LANGUAGES``); its sentence splitter reads that
language's abbreviations and sentence starters from ``data/<code>/`` when the package
ships them. Any other language is still split and ranked, with words compared as they
are written (no stems, no stop words), and the brief says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from briefing.models import Article, Note

__all__ = [
    "DEFAULT_LANGUAGE",
    "SUMMARY_LANGUAGES",
    "Language",
    "language",
    "language_name",
    "language_notes",
]

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    """How text in one language is split, tokenised and stemmed."""

    #: ISO 639-1 code
    code: str
    #: English name, for people
    name: str
    #: NLTK's Snowball stemmer for it, if any
    snowball: str | None = None
    #: sumy's stop-word list for it, if any
    stop_words: str | None = None
    #: articles and pronouns written joined to the next word with an apostrophe
    #: ("l'armée", "dell'esercito"): compared without them
    elisions: frozenset[str] = frozenset()
    #: a period after a number marks an ordinal ("am 3. Oktober"), not a sentence's end,
    #: unless a word that starts sentences follows
    ordinal_period: bool = False

    @property
    def has_rules(self) -> bool:
        """Whether summaries use this language's stemmer and stop words."""
        return self.snowball is not None and self.stop_words is not None


_FRENCH_ELISIONS = frozenset(
    "l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu quelqu".split()  # noqa: SIM905
)
_ITALIAN_ELISIONS = frozenset(
    (  # noqa: SIM905 - a word list reads better as words
        "l d un all dall dell nell sull coll quell quest c m t s v "
        "sant bell buon nessun qualcun tutt"
    ).split()
)

_LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("ar", "Arabic", "arabic", "arabic"),
        Language("de", "German", "german", "german", ordinal_period=True),
        Language("en", "English", "english", "english"),
        Language("es", "Spanish", "spanish", "spanish"),
        Language("fr", "French", "french", "french", elisions=_FRENCH_ELISIONS),
        Language("it", "Italian", "italian", "italian", elisions=_ITALIAN_ELISIONS),
        Language("pt", "Portuguese", "portuguese", "portuguese"),
        Language("sv", "Swedish", "swedish", "swedish"),
        # Snowball stems these, but sumy has no stop words for them
        Language("da", "Danish", "danish"),
        Language("fi", "Finnish", "finnish"),
        Language("hu", "Hungarian", "hungarian"),
        Language("nl", "Dutch", "dutch"),
        Language("no", "Norwegian", "norwegian"),
        Language("ro", "Romanian", "romanian"),
        Language("ru", "Russian", "russian"),
    )
}

#: codes of the languages whose summaries use their own stemmer and stop words
SUMMARY_LANGUAGES: tuple[str, ...] = tuple(
    sorted(code for code, lang in _LANGUAGES.items() if lang.has_rules)
)

# Names of languages the detector knows that briefing has no rules for, so a note can say
# "Greek" rather than "el".
_NAMES = {
    "bg": "Bulgarian",
    "ca": "Catalan",
    "cs": "Czech",
    "el": "Greek",
    "et": "Estonian",
    "fa": "Persian",
    "gl": "Galician",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "id": "Indonesian",
    "ja": "Japanese",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "ms": "Malay",
    "pl": "Polish",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sr": "Serbian",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
}


@cache
def language(code: str | None) -> Language:
    """The rules for the language ``code`` (ISO 639-1); an unknown code gets none.

    ``None`` is English, the language every brief was read in before languages were told
    apart.
    """
    code = (code or DEFAULT_LANGUAGE).lower()
    known = _LANGUAGES.get(code)
    return known if known is not None else Language(code, _NAMES.get(code, code))


def language_name(code: str | None) -> str:
    """ "French", or the code itself for a language briefing has no name for."""
    return language(code).name


def summary_language_names() -> str:
    """ "Arabic, English, French, ... and Swedish": the languages with their own rules."""
    names = sorted(language(code).name for code in SUMMARY_LANGUAGES)
    return ", ".join(names[:-1]) + " and " + names[-1]


def language_notes(article: Article) -> tuple[Note, ...]:
    """What the brief says about the language it read the article in."""
    if article.language_source == "assumed":
        return (
            Note(
                "language-assumed",
                "The language could not be told with confidence (a short or mixed text): "
                "the article is read as English.",
            ),
        )
    rules = language(article.language)
    if rules.has_rules:
        return ()
    if rules.snowball:
        how = "no stop words: its summary compares word stems, stop words included"
    else:
        how = "no stemmer or stop words: its summary compares words as written"
    return (
        Note(
            "language-without-rules",
            f"The article is in {rules.name}, for which briefing has {how}. Summaries are "
            f"made with each language's own rules in {summary_language_names()}.",
        ),
    )

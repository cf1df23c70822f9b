"""Articles in other languages: identified, split, stemmed and summarised in their language.

The articles in ``tests/articles/`` were written for these tests (see its README).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from briefing import Brief, BriefOptions, build_brief, read_article
from briefing.brief import compose_brief
from briefing.errors import OptionsError
from briefing.facts import extract_facts
from briefing.models import ArticleMeta, Facts
from briefing.options import Limits
from briefing.summarise import get_ranker
from briefing.summarise.length import Length
from briefing.text import SUMMARY_LANGUAGES, build_document, content_stems, stop_words
from briefing.text.identify import identify_language
from briefing.text.words import tokenize_words

ARTICLES = Path(__file__).parent / "articles"

#: (language, file, sentences the language's rules keep whole that English rules cut)
CASES = [
    (
        "fr",
        "fr-tempete.txt",
        [
            "M. Julien Carré, préfet du Finistère, a annoncé l'ouverture d'une cellule de "
            "crise à Quimper.",
            "Le ministre de l'Intérieur doit se rendre jeudi dans les communes les plus "
            "touchées, avec MM. Carré et Le Bihan, préfets des deux départements voisins.",
            "« Nous demandons à chacun de limiter ses déplacements jusqu'à mercredi matin », "
            "a-t-il déclaré lors d'une conférence de presse.",
            # a closing guillemet after a space stays with its sentence
            "Mme Hélène Morvan, maire de Concarneau, a dénoncé le manque d'entretien des "
            "digues : « Cela fait trois hivers que nous alertons l'État sur la fragilité de "
            "ces ouvrages. »",
        ],
    ),
    (
        "de",
        "de-hochwasser.txt",
        [
            "Der Pegel erreichte am frühen Morgen 7,40 Meter und lag damit knapp unter dem "
            "Rekordwert vom 13. August 2002.",
            "Der Katastrophenfall gilt vorerst bis zum 3. Oktober.",
            "Das Kabinett will am Mittwoch über ein Hilfspaket von 30 Mio. Euro beraten.",
            "Landrat Dr. Martin Keller sprach von einer „sehr ernsten Lage“.",
        ],
    ),
    (
        "es",
        "es-huelga.txt",
        [
            "La Sra. Lucía Ferrer, portavoz del sindicato, aseguró que la plantilla trabaja "
            "al límite desde hace meses.",
            "Fuentes del departamento recordaron que la ley obliga a garantizar los vuelos a "
            "las islas y las conexiones con EE. UU. y el resto de Europa.",
        ],
    ),
    (
        "it",
        "it-frana.txt",
        [
            "Il sindaco, Dott. Paolo Bertoli, ha firmato un'ordinanza di sgombero per le case "
            "più vicine al pendio.",
            "L'assessore alla Protezione civile, Sig.ra Marta Rinaldi, ha stimato in almeno 5 "
            "milioni di euro il costo dei lavori per mettere in sicurezza il versante.",
        ],
    ),
    (
        "pt",
        "pt-seca.txt",
        [
            "O presidente da câmara de Vila Nova de Almar, Sr. Rui Fonseca, disse que a "
            "situação é «grave, mas ainda controlável».",
            "A ministra da Agricultura, Dra. Sofia Antunes, prometeu responder ao pedido até "
            "ao final do mês.",
        ],
    ),
]
IDS = [case[0] for case in CASES]


def _text(name: str) -> str:
    return (ARTICLES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def briefs() -> dict[str, Brief]:
    return {code: build_brief(_text(name)) for code, name, _ in CASES}


@pytest.mark.parametrize(("code", "name", "whole"), CASES, ids=IDS)
def test_the_language_is_identified_and_in_the_brief_json(
    briefs: dict[str, Brief], code: str, name: str, whole: list[str]
) -> None:
    data = briefs[code].to_dict()
    assert data["language"] == code
    assert data["language_source"] == "detected"
    assert Brief.from_dict(data).article.language == code


@pytest.mark.parametrize(("code", "name", "whole"), CASES, ids=IDS)
def test_sentences_are_split_by_the_rules_of_the_language(
    code: str, name: str, whole: list[str]
) -> None:
    document = build_document(read_article(_text(name)))
    sentences = [s.text for s in document.sentences]
    for sentence in whole:
        assert sentence in sentences
    # the English rules cut some of them
    english = build_document(read_article(_text(name), meta=ArticleMeta(language="en")))
    assert not set(whole) <= {s.text for s in english.sentences}


@pytest.mark.parametrize(("code", "name", "whole"), CASES, ids=IDS)
def test_words_are_stemmed_and_stop_words_dropped_in_the_language(
    code: str, name: str, whole: list[str]
) -> None:
    document = build_document(read_article(_text(name)))
    stops = stop_words(code)
    assert stops and stops != stop_words("en")
    for sentence in document.sentences:
        assert sentence.stems == content_stems(sentence.words, code)
        assert sentence.stems != content_stems(sentence.words, "en")


@pytest.mark.parametrize(
    ("code", "words", "stems"),
    [
        # French elisions go before the word is stemmed
        ("fr", "Les pompiers et l'armée", ("pompi", "armé")),
        ("de", "Die Feuerwehr verstärkten die Deiche", ("feuerwehr", "verstarkt", "deich")),
        ("es", "Los controladores aéreos convocaron", ("control", "aere", "convoc")),
        ("it", "I vigili del fuoco dell'esercito", ("vigil", "fuoc", "eserc")),
        ("pt", "Os agricultores mais afetados", ("agricultor", "afet")),
    ],
)
def test_stems_are_the_languages_snowball_stems(code: str, words: str, stems: tuple[str]) -> None:
    assert content_stems(tokenize_words(words), code) == stems


@pytest.mark.parametrize(("code", "name", "whole"), CASES, ids=IDS)
def test_the_summary_is_made_of_the_articles_own_sentences(
    briefs: dict[str, Brief], code: str, name: str, whole: list[str]
) -> None:
    brief = briefs[code]
    assert len(brief.summary.sentences) == 5
    for sentence in brief.summary.sentences:
        assert brief.article.text[sentence.start : sentence.end] == sentence.text
    indexes = [s.index for s in brief.summary.sentences]
    assert indexes == sorted(indexes)


@pytest.mark.parametrize("method", ["lexrank", "textrank", "lsa", "edmundson", "lead"])
def test_every_ranker_summarises_another_language(method: str) -> None:
    brief = build_brief(_text("fr-tempete.txt"), method=method, sentences=3)
    assert len(brief.summary.sentences) == 3
    assert brief.article.language == "fr"


def test_sumy_rankers_get_the_languages_stemmer_and_stop_words() -> None:
    ranker = get_ranker("lexrank")
    document = build_document(read_article(_text("de-hochwasser.txt")))
    summarizer = ranker._summarizer(document, "de")  # type: ignore[attr-defined]
    assert summarizer.stop_words == stop_words("de")
    assert summarizer.stem_word("Sandsäcken".lower()) == "sandsack"
    assert ranker(document, Length(sentences=2))


@pytest.mark.parametrize(("code", "name", "whole"), CASES, ids=IDS)
def test_key_facts_are_english_only_and_the_brief_says_so(
    briefs: dict[str, Brief], code: str, name: str, whole: list[str]
) -> None:
    brief = briefs[code]
    assert brief.facts == Facts()
    notes = {n.code: n.text for n in brief.notes}
    assert notes["facts-english-only"] == "Key facts are extracted from English articles only."
    assert "language-assumed" not in notes


def test_extract_facts_itself_reads_english_only() -> None:
    # the French article quotes the prefect: English rules would take him for a speaker
    french = build_document(read_article(_text("fr-tempete.txt")))
    assert extract_facts(french) == Facts()


def test_an_english_article_has_facts_and_no_language_note(seed_text: str) -> None:
    brief = build_brief(seed_text)
    assert brief.article.language == "en"
    assert brief.article.language_source == "detected"
    assert len(brief.facts) > 0
    assert not [n for n in brief.notes if n.code.startswith(("language", "facts"))]


_EN = [
    "The storm hit the Atlantic coast overnight, cutting power to about 80,000 homes, the "
    "network operator said on Tuesday.",
    "Firefighters were called out more than 1,200 times in twenty-four hours, mostly for "
    "fallen trees and torn-off roofs.",
    "Train services between Brest and Quimper were suspended and are expected to resume "
    "gradually from Wednesday.",
]


def _mixed() -> str:
    french = _text("fr-tempete.txt").split("\n\n")[1:4]
    paragraphs = [p for pair in zip(french, _EN, strict=True) for p in pair]
    return "Tempête / Storm\n\n" + "\n\n".join(paragraphs)


@pytest.mark.parametrize(
    "text",
    [
        # too short to tell
        "Hochwasser in Sachsen",
        # names and numbers only
        "Olaf Scholz, Emmanuel Macron: 2024",
        # paragraphs in French and English, one after the other
        _mixed(),
    ],
    ids=["short", "names", "mixed"],
)
def test_a_short_or_mixed_text_is_read_as_english_and_the_brief_says_so(text: str) -> None:
    brief = build_brief(text)
    assert brief.article.language == "en"
    assert brief.article.language_source == "assumed"
    [note] = [n for n in brief.notes if n.code == "language-assumed"]
    assert note.text == (
        "The language could not be told with confidence (a short or mixed text): the "
        "article is read as English."
    )
    assert brief.to_dict()["language_source"] == "assumed"


def _page(lang: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f'<!doctype html><html lang="{lang}"><head><title>Page</title></head>'
        f"<body><article>{paragraphs}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("lang", "body", "code", "source"),
    [
        # the page says French and the text agrees
        ("fr-FR", _text("fr-tempete.txt"), "fr", "declared"),
        # a short text the detector alone cannot place: the page's word decides
        ("de", "Hochwasser in Sachsen: Pegel steigt weiter", "de", "declared"),
        # a mixed page declared French is read as French
        ("fr", _mixed(), "fr", "declared"),
        # a template's lang="en" on a German article: the text wins
        ("en", _text("de-hochwasser.txt"), "de", "detected"),
        # a tag that is no language, on a text too short to tell: English, and said so
        ("xx-XX", "Sturm: 3 Tote", "en", "assumed"),
    ],
)
def test_the_pages_declared_language_is_preferred_when_the_text_agrees(
    lang: str, body: str, code: str, source: str
) -> None:
    article = read_article(_page(lang, body), filename="page.html")
    assert (article.language, article.language_source) == (code, source)


def test_a_language_given_by_the_caller_wins() -> None:
    brief = build_brief("Hochwasser in Sachsen. Pegel steigt weiter.", language="de-DE")
    assert (brief.article.language, brief.article.language_source) == ("de", "given")
    assert not [n for n in brief.notes if n.code == "language-assumed"]


@pytest.mark.parametrize("given", ["klingon", "xx", "fe", "XX-xx", "e1"])
def test_a_language_that_is_no_language_tag_is_refused(given: str) -> None:
    # two letters are not enough: "xx" (or a typo of "fr") would be shown as "in xx"
    with pytest.raises(OptionsError, match=f"'{given}' is not a language"):
        build_brief("The storm hit the coast. Crews came.", language=given)


def test_an_article_made_by_hand_gets_its_language_identified() -> None:
    made = replace(read_article(_text("es-huelga.txt")), language=None, language_source=None)
    brief = compose_brief(made, BriefOptions(), Limits())
    assert (brief.article.language, brief.article.language_source) == ("es", "detected")


def test_a_language_without_rules_is_summarised_and_the_brief_says_so() -> None:
    dutch = (
        "Gemeente stelt bouw van nieuwe brug uit\n\n"
        "De gemeenteraad van Zwolle heeft dinsdag besloten de bouw van een nieuwe brug over "
        "de IJssel met een jaar uit te stellen. Volgens de wethouder zijn de kosten sinds "
        "vorig jaar met bijna veertig procent gestegen.\n\n"
        "Bewoners van de wijk Stadshagen reageerden teleurgesteld op het besluit. Zij wachten "
        "al tien jaar op een betere verbinding met het centrum van de stad.\n\n"
        "De provincie had eerder toegezegd een derde van de kosten te betalen. Of die "
        "bijdrage blijft staan, is nog niet duidelijk."
    )
    brief = build_brief(dutch)
    assert brief.article.language == "nl"
    assert len(brief.summary.sentences) == 3
    notes = {n.code: n.text for n in brief.notes}
    assert notes["language-without-rules"].startswith(
        "The article is in Dutch, for which briefing has no stop words: its summary "
        "compares word stems"
    )
    assert (
        "Arabic, English, French, German, Italian, Portuguese, Spanish and Swedish"
        in (notes["language-without-rules"])
    )


def test_the_languages_with_rules_are_those_snowball_and_sumy_share() -> None:
    from nltk.stem.snowball import SnowballStemmer
    from sumy.utils import get_stop_words

    from briefing.text.languages import language

    for code in SUMMARY_LANGUAGES:
        rules = language(code)
        assert rules.snowball in SnowballStemmer.languages
        assert get_stop_words(rules.stop_words)
    assert set(SUMMARY_LANGUAGES) == {"ar", "de", "en", "es", "fr", "it", "pt", "sv"}


def test_briefs_stored_before_languages_read_as_english(seed_text: str) -> None:
    data = build_brief(seed_text).to_dict()
    for key in ("language", "language_source", "author", "notes"):
        del data[key]
    brief = Brief.from_dict(data)
    assert (brief.article.language, brief.article.language_source) == ("en", "assumed")
    assert brief.notes == ()


def test_identification_is_quick_to_refuse_text_without_letters() -> None:
    guess = identify_language("12 34 56 -- 2024")
    assert (guess.code, guess.source, guess.best) == ("en", "assumed", None)

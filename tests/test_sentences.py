"""The sentence splitter: where news text ends its sentences, exact offsets, linear time."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.errors import InputError, NoSentencesError
from briefing.evaluation import read_jsonl
from briefing.evaluation.splitter import (
    briefing_sentences,
    format_report,
    load_rules,
    score_splitter,
)
from briefing.ingest import read_article
from briefing.models import Article, Span
from briefing.text import build_document
from briefing.text.sentences import abbreviations, split_sentences

CASES = [
    # --- plain boundaries
    # period, question mark and exclamation mark before a capital
    (
        "Troops landed. Were they ready? Nobody knew!",
        ["Troops landed.", "Were they ready?", "Nobody knew!"],
    ),
    # doubled and mixed marks end one sentence
    ("Really?! Yes. No way!! Fine.", ["Really?!", "Yes.", "No way!!", "Fine."]),
    # a lower-case word never starts a sentence, even after ! (named entities)
    ("He joined Yahoo! in March. Then he left.", ["He joined Yahoo! in March.", "Then he left."]),
    # --- titles and ranks (with periods, American style) never end a sentence
    (
        "Gen. Qasem Soleimani was killed. Lt. Col. Ann Ray spoke.",
        ["Gen. Qasem Soleimani was killed.", "Lt. Col. Ann Ray spoke."],
    ),
    # Mr, Mrs, Dr, Sgt, Capt, Maj, Gov, Sen, Rep before names
    (
        "Mr. Trump met Mrs. May and Dr. Fox. Sgt. Bo, Capt. Al and Maj. Ed came.",
        ["Mr. Trump met Mrs. May and Dr. Fox.", "Sgt. Bo, Capt. Al and Maj. Ed came."],
    ),
    # a title after a hyphen is still a title
    (
        "In 2006, then-Sen. Obama spoke. Gov. Brown and Rep. Lee agreed.",
        ["In 2006, then-Sen. Obama spoke.", "Gov. Brown and Rep. Lee agreed."],
    ),
    # British style without periods: nothing to decide
    (
        "Gen Soleimani died at 12.45pm today. Mr Trump tweeted.",
        ["Gen Soleimani died at 12.45pm today.", "Mr Trump tweeted."],
    ),
    # St. before a name; Jr. inside and at the end of a sentence
    (
        "They flew to St. Louis with Ripken Jr. on board. They met Ripken Jr. The crowd cheered.",
        [
            "They flew to St. Louis with Ripken Jr. on board.",
            "They met Ripken Jr.",
            "The crowd cheered.",
        ],
    ),
    # --- months and numbered abbreviations hold before a number only
    (
        "The vote is on Jan. 3 in Iowa. It ends Sept. 30.",
        ["The vote is on Jan. 3 in Iowa.", "It ends Sept. 30."],
    ),
    # No. 10 holds; "no." before a name is a word that ends a sentence
    (
        "He went to No. 10 Downing Street. She said no. Johnson left.",
        ["He went to No. 10 Downing Street.", "She said no.", "Johnson left."],
    ),
    # a month name ending a sentence before a name
    ("They met Ant and Dec. Natalie left.", ["They met Ant and Dec.", "Natalie left."]),
    # --- U.S., U.K. and other dotted abbreviations
    (
        "The U.S. Army and the U.K. government agreed.",
        ["The U.S. Army and the U.K. government agreed."],
    ),
    # at the end of a sentence, before a word that usually starts one
    (
        "Troops are heading home to the U.S. They left today.",
        ["Troops are heading home to the U.S.", "They left today."],
    ),
    # an unlisted dotted acronym behaves the same way
    (
        "Ukraine hopes to join N.A.T.O. Its leaders say so.",
        ["Ukraine hopes to join N.A.T.O.", "Its leaders say so."],
    ),
    # an abbreviation in a quote's closing
    ('He said: "We love the U.S." Then he left.', ['He said: "We love the U.S."', "Then he left."]),
    # too short to be a sentence: "In the U.S." is an opening phrase
    ("In the U.S. The Army leads. It is big.", ["In the U.S. The Army leads.", "It is big."]),
    # company suffixes
    (
        "Shares of Acme Inc. rose. They sued Pitt & Co. It settled.",
        ["Shares of Acme Inc. rose.", "They sued Pitt & Co.", "It settled."],
    ),
    # --- a.m. and p.m.
    (
        "The strike came at 1 a.m. local time. It ended at 3 p.m. He said so.",
        ["The strike came at 1 a.m. local time.", "It ended at 3 p.m.", "He said so."],
    ),
    # a time before a day name continues the sentence
    (
        "Polls close at 8 p.m. Tuesday in most states.",
        ["Polls close at 8 p.m. Tuesday in most states."],
    ),
    # --- e.g. and i.e.
    (
        "Some allies, e.g. France, agreed. Others, i.e. Italy, did not.",
        ["Some allies, e.g. France, agreed.", "Others, i.e. Italy, did not."],
    ),
    # --- initials
    (
        "J. K. Rowling wrote it. George W. Bush read it.",
        ["J. K. Rowling wrote it.", "George W. Bush read it."],
    ),
    # a one-letter word ends a sentence before a sentence starter
    (
        "They fought in World War I. The war ended.",
        ["They fought in World War I.", "The war ended."],
    ),
    # --- numbers and decimals
    (
        "Growth was 3.5 per cent. It cost $1.2bn. Prices rose 0.4.",
        ["Growth was 3.5 per cent.", "It cost $1.2bn.", "Prices rose 0.4."],
    ),
    # a year ends a sentence before a number
    ("The war began in 2011. 500 people died.", ["The war began in 2011.", "500 people died."]),
    # --- quotes
    (
        '"We will respond," he said. "They will regret it."',
        ['"We will respond," he said.', '"They will regret it."'],
    ),
    # a quote ending with a period, then the speaker
    ('"Iran never won a war." he tweeted.', ['"Iran never won a war." he tweeted.']),
    # ?! inside a quote before the speaker, and before a new sentence
    (
        "“Is this war?!” she asked. “Yes!” He nodded.",
        ["“Is this war?!” she asked.", "“Yes!”", "He nodded."],
    ),
    # single quotes in British copy
    (
        "He said Soleimani should have been 'taken out.' It was done.",
        ["He said Soleimani should have been 'taken out.'", "It was done."],
    ),
    # --- parentheses
    (
        "The unit (it was based in Iraq.) moved on. It left (quickly.) Then it rested.",
        ["The unit (it was based in Iraq.) moved on.", "It left (quickly.)", "Then it rested."],
    ),
    # CNN's dateline opening
    ("(CNN)An unmanned craft fell. It burned.", ["(CNN)An unmanned craft fell.", "It burned."]),
    # --- ellipses
    (
        "He paused… then spoke. It was over... The end.",
        ["He paused… then spoke.", "It was over...", "The end."],
    ),
    # an ellipsis before a name goes on
    (
        '"We will win…" Trump said.',
        ['"We will win…" Trump said.'],
    ),
    # a bracketed omission never ends a sentence
    (
        '"Our forces [...] will respond [...]" (Reuters).',
        ['"Our forces [...] will respond [...]" (Reuters).'],
    ),
    # four dots end a sentence; three spaced dots mark an omission
    (
        "It was lost. . . . Nobody looked . . . again.",
        ["It was lost.", ". . . Nobody looked . . . again."],
    ),
    # a period followed by a stray one, as left when scraping drops a quote mark
    (
        "They will face death. . Even so they came.",
        ["They will face death. .", "Even so they came."],
    ),
    # --- lists
    (
        "1. Secure the base 2. Evacuate staff 3. Report back",
        ["1. Secure the base", "2. Evacuate staff", "3. Report back"],
    ),
    # parenthesised numbers and letters
    (
        "1) Go north. 2) Turn east. a. Left b. Right",
        ["1) Go north.", "2) Turn east.", "a. Left", "b. Right"],
    ),
    # bullets
    ("• 4. Food • 5. Water", ["• 4. Food", "• 5. Water"]),
    # numbers that are not a run of list markers
    ("He came 2. Smith was third.", ["He came 2.", "Smith was third."]),
    # --- layout
    (
        "A headline without a period\n\nThe story starts here.",
        ["A headline without a period", "The story starts here."],
    ),
    # a missing space after the period in scraped copy
    (
        "A court has heard.Shocking details emerged.",
        ["A court has heard.", "Shocking details emerged."],
    ),
    # web and email addresses keep their dots
    (
        "Visit example.com/news.html. Or mail Jane.Doe@example.org. Thanks.",
        ["Visit example.com/news.html.", "Or mail Jane.Doe@example.org.", "Thanks."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_sentences_follows_the_rules_of_news_copy(text: str, expected: list[str]) -> None:
    assert briefing_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",  # nothing
        " \n\t ",  # whitespace only
        "\n\n\n",  # blank lines only
    ],
)
def test_no_text_no_sentence(text: str) -> None:
    assert split_sentences(text) == []


def test_shipped_abbreviations_cover_the_titles_months_and_latin_of_the_issue() -> None:
    wanted = "mr mrs dr gen lt col sgt capt maj gov sen rep st jr jan sept u.s u.k a.m p.m e.g i.e"
    assert set(wanted.split()) <= abbreviations()


# Other languages: the same rules with each language's abbreviations and sentence starters.
# The last column is what the English rules make of the same text (wrong in each case).
LANGUAGE_CASES = [
    # French: "MM." (messieurs) is a title
    (
        "fr",
        "Ils ont vu MM. Carré et Le Bihan. Puis ils sont partis.",
        ["Ils ont vu MM. Carré et Le Bihan.", "Puis ils sont partis."],
        ["Ils ont vu MM.", "Carré et Le Bihan.", "Puis ils sont partis."],
    ),
    # French: "etc." ends a sentence before a word that starts one
    (
        "fr",
        "Des chaises, des tables, etc. Le lendemain tout était vendu.",
        ["Des chaises, des tables, etc.", "Le lendemain tout était vendu."],
        ["Des chaises, des tables, etc. Le lendemain tout était vendu."],
    ),
    # German: a period after a number is an ordinal before a noun ...
    (
        "de",
        "Am 3. Oktober feiern wir. Der 2. Weltkrieg endete 1945.",
        ["Am 3. Oktober feiern wir.", "Der 2. Weltkrieg endete 1945."],
        ["Am 3.", "Oktober feiern wir.", "Der 2.", "Weltkrieg endete 1945."],
    ),
    # ... and a sentence's end before a word that starts sentences
    (
        "de",
        "Die Zahl stieg auf 15. Die Regierung reagierte.",
        ["Die Zahl stieg auf 15.", "Die Regierung reagierte."],
        ["Die Zahl stieg auf 15.", "Die Regierung reagierte."],
    ),
    # German abbreviations: "ca.", "z. B."
    (
        "de",
        "Das kostet ca. 300 Euro, z. B. für Sandsäcke. Das ist viel.",
        ["Das kostet ca. 300 Euro, z. B. für Sandsäcke.", "Das ist viel."],
        ["Das kostet ca.", "300 Euro, z. B. für Sandsäcke.", "Das ist viel."],
    ),
    # Spanish: "EE. UU." is one name
    (
        "es",
        "Viajó a EE. UU. El viaje fue largo.",
        ["Viajó a EE. UU.", "El viaje fue largo."],
        ["Viajó a EE.", "UU.", "El viaje fue largo."],
    ),
    # Italian and Portuguese titles
    (
        "it",
        "Il Dott. Rossi ha parlato. Poi è partito.",
        ["Il Dott. Rossi ha parlato.", "Poi è partito."],
        ["Il Dott.", "Rossi ha parlato.", "Poi è partito."],
    ),
    (
        "pt",
        "A Dra. Silva chegou. Depois falou.",
        ["A Dra. Silva chegou.", "Depois falou."],
        ["A Dra.", "Silva chegou.", "Depois falou."],
    ),
    # Swedish: "kl." (klockan) before a number
    (
        "sv",
        "Han kom kl. 10 i dag. Sedan gick han.",
        ["Han kom kl. 10 i dag.", "Sedan gick han."],
        ["Han kom kl.", "10 i dag.", "Sedan gick han."],
    ),
]


@pytest.mark.parametrize(("code", "text", "expected", "english"), LANGUAGE_CASES)
def test_each_language_is_split_by_its_own_rules(
    code: str, text: str, expected: list[str], english: list[str]
) -> None:
    assert [text[s:e] for s, e in split_sentences(text, code)] == expected
    assert [text[s:e] for s, e in split_sentences(text)] == english


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a French closing guillemet after a space stays with its sentence
        ("« Nous partons. » Puis il est parti.", ["« Nous partons. »", "Puis il est parti."]),
        # German quotes close with “
        ("Er sagte: „Wir gehen.“ Dann ging er.", ["Er sagte: „Wir gehen.“", "Dann ging er."]),
        # Spanish opening marks
        ("¿Qué pasará? ¡Nadie lo sabe!", ["¿Qué pasará?", "¡Nadie lo sabe!"]),
        # the Arabic question mark ends a sentence
        ("هل سيأتي غدا؟ لا أحد يعرف.", ["هل سيأتي غدا؟", "لا أحد يعرف."]),
        # French spaces before ? and !, and a lower-case word after them
        (
            "Pourquoi ? Personne ne le sait. Vraiment ! dit-il.",
            ["Pourquoi ?", "Personne ne le sait.", "Vraiment ! dit-il."],
        ),
    ],
)
def test_punctuation_of_other_languages_is_read_in_any_language(
    text: str, expected: list[str]
) -> None:
    for code in ("en", "fr", "de", "es", "ar", "xx"):
        assert [text[s:e] for s, e in split_sentences(text, code)] == expected


def test_a_language_without_files_of_its_own_borrows_the_english_ones() -> None:
    text = "Dr. Jansen kwam gisteren. Hij sprak kort."
    assert abbreviations("nl") == abbreviations("en")
    assert [text[s:e] for s, e in split_sentences(text, "nl")] == [
        "Dr. Jansen kwam gisteren.",
        "Hij sprak kort.",
    ]


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    """The offsets contract: exact, stripped, ordered, nothing but whitespace left out."""
    covered = 0
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        assert not re.search(r"\n[^\S\n]*\n", piece), "a sentence crosses a blank line"
        assert text[previous_end:start].strip() == "" or previous_end == 0
        covered += len(re.sub(r"\s", "", piece))
        previous_end = end
    assert covered == len(re.sub(r"\s", "", text)), "some text is in no sentence"


_ALPHABET = st.sampled_from(
    [*"aZb Q.. . ?!…\"'”’()[]•⁃\n12x", "Mr.", "U.S.", " a.m. ", "No. 1", "J. ", "1) "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_spans_index_the_text_exactly_whatever_the_text(text: str) -> None:
    _check_spans(text, split_sentences(text))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_ALPHABET, min_size=1, max_size=30).map("".join), min_size=1))
def test_build_document_never_lets_a_sentence_cross_a_paragraph(parts: list[str]) -> None:
    paragraphs = [p.strip() for p in parts if p.strip()]
    text = "\n\n".join(paragraphs)
    spans, cursor = [], 0
    for paragraph in paragraphs:
        spans.append(Span(cursor, cursor + len(paragraph)))
        cursor += len(paragraph) + 2
    article = Article(text=text, title="t", paragraphs=tuple(spans))
    try:
        document = build_document(article)
    except NoSentencesError:
        return
    for sentence in document.sentences:
        paragraph = spans[sentence.paragraph]
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end
        assert text[sentence.start : sentence.end] == sentence.text


def test_seed_sentences_are_whole_and_exact(seed_text: str) -> None:
    article = read_article(seed_text)
    document = build_document(article)
    texts = [s.text for s in document.sentences]
    # "12.45pm", "Mr Trump" and a quote ending in "!" stay inside their sentences
    tweet = 'At around 12.45pm today he followed with another tweet:\xa0 "Iran never won a war'
    assert tweet + ', but never lost a negotiation!"' in texts
    assert any(t.startswith("Earlier today, Mr Trump has taunted Iran") for t in texts)
    # "…" with no space after it does not end the tweet's first sentence
    assert any(t.endswith("plotting to kill many more…but got caught!") for t in texts)
    for sentence in document.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize(
    "text",
    [
        "lorem ipsum dolor sit amet " * 74_075,  # 2 MB of words, no punctuation at all
        "x" * 2_000_000,  # one 2 MB token
        "." * 2_000_000 + "a",  # a run of dots that is not followed by whitespace
        ". " * 1_000_000 + ".a",  # a spaced ellipsis two million characters long
        "a." * 1_000_000,  # periods inside one long token
    ],
)
def test_two_megabytes_of_hostile_text_finish_quickly(text: str) -> None:
    # A generous bound: linear code takes well under a second here, backtracking takes hours.
    started = time.perf_counter()
    spans = split_sentences(text)
    assert time.perf_counter() - started < 5.0
    _check_spans(text, spans)


# --- the Golden Rules evaluation


def _write_rules(path: Path, rules: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rules) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_rules(tmp_path: Path) -> Path:
    return _write_rules(
        tmp_path / "rules.jsonl",
        [
            {"id": 1, "rule": "Two sentences", "text": "One. Two.", "sentences": ["One.", "Two."]},
            {"id": 2, "rule": "A title", "text": "Dr. Who left.", "sentences": ["Dr. Who left."]},
            # an expectation the splitter must not meet: a title does not end a sentence
            {"id": 3, "rule": "Wrong on purpose", "text": "Dr. Who.", "sentences": ["Dr.", "Who."]},
        ],
    )


def test_score_counts_exact_matches_and_names_the_failures(small_rules: Path) -> None:
    score = score_splitter(load_rules(small_rules))
    assert (score.passed, score.total) == (2, 3)
    assert [r.rule.id for r in score.failed] == [3]
    assert score.failed[0].got == ("Dr. Who.",)
    assert score.sentences_per_second > 0
    report = format_report(score)
    assert report.startswith("Golden Rules: 2 of 3 passed")
    assert "failed #3 Wrong on purpose" in report
    assert "sentences per second" in report


def test_any_splitter_can_be_scored(small_rules: Path) -> None:
    def naive(text: str) -> list[str]:
        return re.findall(r"[^.]+\.", text)

    assert score_splitter(load_rules(small_rules), naive).passed == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": 1, "sentences": []}\n', "needs a 'text' string"),  # no text
        ('{"id": 1, "text": "A.", "sentences": [1]}\n', "must hold strings"),  # not strings
        ("\n", "no rules"),  # empty file
        ("[1]\n", "not a JSON object"),  # not an object
    ],
)
def test_bad_rule_files_are_input_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_rules(path)


def test_eval_splitter_command_prints_score_failures_and_speed(small_rules: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "splitter", "--corpus", str(small_rules)])
    assert result.exit_code == 0, result.output
    assert "2 of 3 passed" in result.output
    assert "failed #3 Wrong on purpose" in result.output
    assert re.search(r"Speed: [\d,]+ sentences per second", result.output)


def test_eval_splitter_without_the_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    result = CliRunner().invoke(main, ["eval", "splitter", "--corpus", str(missing)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "nope.jsonl: no such file" in result.stderr


def test_eval_splitter_defaults_to_the_corpus_setting(tmp_path: Path, small_rules: Path) -> None:
    (tmp_path / "golden-rules-en.jsonl").write_bytes(small_rules.read_bytes())
    result = CliRunner().invoke(main, ["eval", "splitter"], env={"BRIEFING_CORPUS": str(tmp_path)})
    assert result.exit_code == 0, result.output
    assert "2 of 3 passed" in result.output


# --- on the shared corpora (skipped where they are absent)


def test_golden_rules_score_at_least_46_of_48(corpus: Path) -> None:
    score = score_splitter(load_rules(corpus / "golden-rules-en.jsonl"))
    assert score.total == 48
    assert score.passed >= 46, format_report(score)


def _corpus_articles(corpus: Path, count: int) -> list[str]:
    texts: list[str] = []
    for name in (
        "cnndm-test-frank250/dev.jsonl",
        "facts-articles.jsonl",
        "bbc-news-summary/dev.jsonl",
    ):
        for item in read_jsonl(corpus / name):
            if len(texts) == count:
                return texts
            texts.append(item["text"])
    return texts


def test_spans_are_exact_on_200_corpus_articles(corpus: Path) -> None:
    texts = _corpus_articles(corpus, 200)
    assert len(texts) == 200
    for text in texts:
        _check_spans(text, split_sentences(text))
        article = read_article(text)
        for sentence in build_document(article).sentences:
            assert article.text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip()

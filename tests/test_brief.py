"""build_brief: an article in, the Brief JSON of CONTRACTS.md out."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from briefing import METHODS, Brief, BriefOptions, Length, build_brief
from briefing.brief import compose_brief
from briefing.errors import NoSentencesError, OptionsError
from briefing.ingest import read_article
from briefing.models import SCHEMA
from briefing.options import Limits


def test_brief_json_has_the_contract_shape(seed_text: str) -> None:
    data = build_brief(seed_text, source="The Sun", published=dt.date(2020, 1, 3)).to_dict()
    assert data["schema"] == SCHEMA == "briefing.brief/1"
    assert data["title"].startswith("Donald Trump deploys 3,500 more troops")
    assert (data["source"], data["published"]) == ("The Sun", "2020-01-03")
    assert data["method"] == "news"
    assert 1500 < data["word_count"] < 1800
    assert data["reading_minutes"] == round(data["word_count"] / 230)
    assert set(data["facts"]) == {"casualties", "deployments", "reactions"}
    assert len(data["summary"]) == 5
    for item in data["summary"]:
        assert {"text", "start", "end", "score"} <= set(item)
        assert data["article"]["text"][item["start"] : item["end"]] == item["text"]
    json.dumps(data)  # serialisable as is


def test_unknown_source_and_date_are_null_not_invented(seed_text: str) -> None:
    data = build_brief(seed_text).to_dict()
    assert data["source"] is None and data["published"] is None


def test_a_brief_survives_a_round_trip_through_json(seed_text: str) -> None:
    brief = build_brief(seed_text, published=dt.date(2020, 1, 3))
    again = Brief.from_dict(json.loads(json.dumps(brief.to_dict())))
    assert again == brief


def test_from_dict_refuses_another_schema() -> None:
    with pytest.raises(ValueError, match="schema"):
        Brief.from_dict({"schema": "something/2"})


@pytest.mark.parametrize("method", METHODS)
def test_every_method_gives_sentences_in_article_order_with_exact_offsets(
    method: str, seed_text: str
) -> None:
    brief = build_brief(seed_text, method=method, sentences=4)
    indexes = [s.index for s in brief.summary.sentences]
    assert brief.summary.method == method
    assert len(indexes) == 4 and indexes == sorted(indexes)
    for sentence in brief.summary.sentences:
        assert brief.article.text[sentence.start : sentence.end] == sentence.text


def test_the_seed_summary_has_no_trailer_heading_repeat_or_dangling_fragment(
    seed_text: str,
) -> None:
    brief = build_brief(seed_text)
    texts = [s.text for s in brief.summary.sentences]
    assert len(texts) == 5
    headings = {brief.article.text[h.start : h.end] for h in brief.article.headings}
    for text in texts:
        assert "Read Full Article" not in text and not text.startswith("Source")
        assert text not in headings
        assert not text.rstrip('"').endswith(":"), text
        assert len(text.split()) >= 4, text
    quotes = [q for t in texts for q in re.findall(r'"([^"]{20,})', t)]
    assert len(quotes) == len(set(quotes))


@pytest.mark.parametrize(
    ("kwargs", "check"),
    [
        ({"sentences": 2}, lambda b: len(b.summary.sentences) == 2),
        ({"words": 60}, lambda b: sum(len(s.text.split()) for s in b.summary.sentences) <= 70),
        ({"ratio": 0.1}, lambda b: 5 <= len(b.summary.sentences) <= 9),
        # a budget smaller than any sentence still gives one sentence
        ({"words": 1}, lambda b: len(b.summary.sentences) == 1),
    ],
)
def test_summary_length_options(kwargs: dict[str, float], check: object, seed_text: str) -> None:
    brief = build_brief(seed_text, **kwargs)  # type: ignore[arg-type]
    assert check(brief)  # type: ignore[operator]


def test_options_object_is_used_as_given(seed_text: str) -> None:
    options = BriefOptions("lead", Length(sentences=3), facts=False)
    brief = compose_brief(read_article(seed_text), options, Limits())
    assert brief.summary.method == "lead"
    assert [s.index for s in brief.summary.sentences] == [0, 1, 2]


def test_a_file_name_tells_the_format_of_a_string_as_of_bytes() -> None:
    markdown = "# Storm hits coast\n\nThe storm hit the *coast* on Monday. Crews came [back](x)."
    for given in (markdown, markdown.encode()):
        brief = build_brief(given, filename="story.md")
        assert brief.article.title == "Storm hits coast"
        assert brief.article.text == "The storm hit the coast on Monday. Crews came back."
    # without a name a string is plain text: its characters are kept
    assert build_brief(markdown).article.title == "# Storm hits coast"


def test_a_short_article_gives_every_sentence_it_has_when_asked() -> None:
    text = "The storm hit the coast on Monday. Crews cleared the roads today."
    brief = build_brief(text, sentences=5)
    assert [s.text for s in brief.summary.sentences] == [
        "The storm hit the coast on Monday.",
        "Crews cleared the roads today.",
    ]
    assert [n.code for n in brief.notes if n.code == "short-article"] == []


def test_the_id_is_the_callers_or_a_stable_content_hash(seed_text: str) -> None:
    assert build_brief(seed_text, id="my-id").id == "my-id"
    assert build_brief(seed_text).id == build_brief(seed_text).id
    assert build_brief(seed_text).id != build_brief(seed_text + "\n\nMore text here.").id


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"method": "magic"}, OptionsError),
        ({"sentences": 0}, OptionsError),
        ({"sentences": 3, "ratio": 0.5}, OptionsError),
    ],
)
def test_bad_options_raise(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        build_brief("The storm hit the coast. Crews came.", **kwargs)  # type: ignore[arg-type]


def test_text_with_no_sentence_raises() -> None:
    with pytest.raises(NoSentencesError):
        build_brief("--- *** ---")


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "text",
    [
        "A. B.",  # sentences of one-letter words: no content word at all
        "The. And. Of it.",  # stop words only
        "Storm.",  # a single one-word sentence
        "12. 13. 14.",  # numbers only
    ],
)
def test_degenerate_articles_still_give_a_summary(method: str, text: str) -> None:
    brief = build_brief(text, method=method, sentences=2)
    assert 1 <= len(brief.summary.sentences) <= 2
    for sentence in brief.summary.sentences:
        assert brief.article.text[sentence.start : sentence.end] == sentence.text


def test_quadratic_sumy_methods_refuse_very_long_articles_but_news_does_not() -> None:
    from briefing.config import Settings
    from briefing.errors import InputError

    text = " ".join(f"Sentence number {n} tells its own story." for n in range(50))
    limits = Settings(max_sumy_sentences=20).limits
    with pytest.raises(InputError, match="BRIEFING_MAX_SUMY_SENTENCES"):
        build_brief(text, method="lexrank", limits=limits)
    assert len(build_brief(text, method="news", limits=limits).summary.sentences) == 5
    assert len(build_brief(text, method="lead", limits=limits).summary.sentences) == 5


def test_the_convenience_takes_options_one_way_only(seed_text: str) -> None:
    # keywords for people, an options object for the composition: never both at once
    with pytest.raises(TypeError):
        build_brief(seed_text, options=BriefOptions("lead", Length(sentences=3)))  # type: ignore[call-arg]


def test_the_convenience_is_the_composition_of_ingest_and_compose(seed_text: str) -> None:
    options = BriefOptions("lead", Length(sentences=2))
    composed = compose_brief(read_article(seed_text), options, Limits(), id="x")
    assert build_brief(seed_text, method="lead", sentences=2, id="x") == composed


# 94 words in 6 sentences, as a user tried: it used to get a 5-sentence summary.
_SHORT_ARTICLE = (
    "Bridge closed after lorry strike\n\n"
    "A lorry struck the old railway bridge in Marlow on Tuesday morning, leaving a crack "
    "along its western arch. Engineers from the county council closed the bridge to all "
    "traffic within an hour of the crash. The driver, a 52-year-old man from Reading, was "
    "not hurt and has been questioned by local police. Buses between Marlow and High "
    "Wycombe will follow a diversion of about six miles until further notice. The council "
    "said an inspection would take at least two full days. Local shops reported fewer "
    "customers as drivers avoided the busy town centre."
)


def test_a_short_article_gets_about_half_of_its_sentences_and_the_brief_says_so() -> None:
    brief = build_brief(_SHORT_ARTICLE)
    assert len(_SHORT_ARTICLE.split("\n\n")[1].split()) == 94
    assert len(brief.summary.sentences) == 3
    [note] = [n for n in brief.notes if n.code == "short-article"]
    assert note.text == (
        "A short article: the summary keeps 3 of its 6 sentences, about half; "
        "ask for more with sentences or ratio."
    )
    assert note.to_dict() in brief.to_dict()["notes"]


@pytest.mark.parametrize(
    ("length", "count"),
    [
        # asked for five sentences: five, and no note
        ({"sentences": 5}, 5),
        # asked for every sentence by ratio
        ({"ratio": 1.0}, 6),
        # a word budget is a bound, not a request for more: still about half at most
        ({"words": 500}, 3),
    ],
)
def test_asking_for_a_length_overrides_the_short_article_rule(
    length: dict[str, float], count: int
) -> None:
    brief = build_brief(_SHORT_ARTICLE, **length)  # type: ignore[arg-type]
    assert len(brief.summary.sentences) == count
    assert any(n.code == "short-article" for n in brief.notes) == (count == 3)


def test_a_long_article_keeps_five_sentences_and_no_note(seed_text: str) -> None:
    brief = build_brief(seed_text)
    assert len(brief.summary.sentences) == 5
    assert not [n for n in brief.notes if n.code == "short-article"]

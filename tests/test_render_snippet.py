"""Where a search matched: the passage with the most query words, the words marked."""

from __future__ import annotations

import pytest

from briefing.render.snippet import Piece, marked, query_keys, snippet

TEXT = (
    "The council met on Monday to discuss the budget. Nothing was decided. "
    "Later in the week a drone strike near Baghdad airport killed a general, and "
    "officials in Baghdad said the strikes would continue. The council will meet again."
)


def shown(pieces: list[Piece]) -> str:
    """The snippet as a page shows it, marks as [brackets]."""
    return "".join(f"[{p.text}]" if p.mark else p.text for p in pieces)


@pytest.mark.parametrize(
    ("query", "marked_words"),
    [
        ("baghdad", ["Baghdad", "Baghdad"]),  # every occurrence in the passage
        ("STRIKE", ["strike", "strikes"]),  # any case; stemmed as the index stems
        ("strike Baghdad", ["strike", "Baghdad", "Baghdad", "strikes"]),
    ],
)
def test_the_matched_words_are_marked(query: str, marked_words: list[str]) -> None:
    pieces = snippet(TEXT, query_keys(query), width=160)
    assert [p.text for p in pieces if p.mark] == marked_words


def test_the_passage_is_the_one_with_the_most_query_words_and_is_cut_visibly() -> None:
    # "council" opens and ends the text; "council strike" is best read where the strike is
    text = shown(snippet(TEXT, query_keys("drone Baghdad"), width=120))
    assert text.startswith("…") and text.endswith("…")
    assert "[drone] [strike]" not in text and "[drone] strike near [Baghdad]" in text
    assert "  " not in text  # cut at spaces, runs of spaces read as one


def test_no_word_in_the_text_gives_its_opening_unmarked() -> None:
    pieces = snippet(TEXT, query_keys("Pompeo"), width=60)  # a speaker or source matched
    assert not any(p.mark for p in pieces)
    assert shown(pieces) == "The council met on Monday to discuss the budget. Nothing…"


def test_a_title_is_marked_whole() -> None:
    assert shown(marked("Strikes near Baghdad", query_keys("strike"))) == "[Strikes] near Baghdad"
    assert shown(marked("Café owners protest", query_keys("cafe"))) == "[Café] owners protest"

"""sumy's algorithms behind the project's ranker interface, fed by our own tokenizer.

sumy's default ``Tokenizer`` needs NLTK's downloaded Punkt data; we hand it sentences we
split ourselves and a word tokenizer of our own, so nothing is downloaded.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from briefing.errors import OptionsError
from briefing.models import Document, Sentence, SummarySentence
from briefing.summarise.length import Length
from briefing.summarise.selection import eligible_sentences, fill
from briefing.text.languages import language
from briefing.text.words import stemmer_for, stop_words, tokenize_words

#: method name -> sumy summarizer class path
SUMY_METHODS: dict[str, str] = {
    "lexrank": "sumy.summarizers.lex_rank:LexRankSummarizer",
    "textrank": "sumy.summarizers.text_rank:TextRankSummarizer",
    "lsa": "sumy.summarizers.lsa:LsaSummarizer",
    "luhn": "sumy.summarizers.luhn:LuhnSummarizer",
    "edmundson": "sumy.summarizers.edmundson:EdmundsonSummarizer",
    "sumbasic": "sumy.summarizers.sum_basic:SumBasicSummarizer",
    "kl": "sumy.summarizers.kl:KLSummarizer",
    "reduction": "sumy.summarizers.reduction:ReductionSummarizer",
}


class _WordTokenizer:
    """The two methods sumy's document model calls on a tokenizer."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.language = language(code).name.lower()

    @staticmethod
    def to_words(sentence: str) -> tuple[str, ...]:
        return tuple(w for w in tokenize_words(sentence) if any(c.isalpha() for c in w))

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        from briefing.text.sentences import split_sentences

        return tuple(paragraph[s:e] for s, e in split_sentences(paragraph, self.code))


class _Capture:
    """A sumy "count" that records sumy's full ranking instead of cutting it."""

    def __init__(self) -> None:
        self.ranking: list[Any] = []

    def __call__(self, infos: list[Any]) -> list[Any]:
        self.ranking = list(infos)
        return self.ranking


class SumyRanker:
    """One of sumy's summarisers; ranks with sumy, fills the length budget our way."""

    def __init__(self, name: str) -> None:
        if name not in SUMY_METHODS:
            raise OptionsError(f"unknown sumy method {name!r}")
        self.name = name
        module_name, class_name = SUMY_METHODS[name].split(":")
        module = __import__(module_name, fromlist=[class_name])
        self._factory: Callable[..., Any] = getattr(module, class_name)

    def _summarizer(self, document: Document, code: str) -> Any:
        summarizer = self._factory(stemmer_for(code))
        if self.name == "edmundson":
            # Edmundson's cue and title methods need word lists; the headline is our cue.
            summarizer.bonus_words = tokenize_words(document.article.title) or ["news"]
            summarizer.stigma_words = ["advertisement"]
            summarizer.null_words = sorted(stop_words(code))
        elif hasattr(summarizer, "stop_words"):
            summarizer.stop_words = stop_words(code)
        return summarizer

    def __call__(self, document: Document, length: Length) -> tuple[SummarySentence, ...]:
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        candidates = eligible_sentences(document)
        code = language(document.article.language).code
        tokenizer = _WordTokenizer(code)
        paragraphs: dict[int, list[Any]] = {}
        by_position: list[Sentence] = []
        for sentence in candidates:
            paragraphs.setdefault(sentence.paragraph, []).append(
                SumySentence(sentence.text, tokenizer)
            )
            by_position.append(sentence)
        model = ObjectDocumentModel(
            [Paragraph(sentences) for _, sentences in sorted(paragraphs.items())]
        )
        capture = _Capture()
        self._summarizer(document, code)(model, capture)
        # SentenceInfo.order is the position in model.sentences, i.e. in `candidates`.
        preference = [by_position[info.order] for info in capture.ranking]
        scores = {by_position[info.order].index: _finite(info.rating) for info in capture.ranking}
        if not preference:  # too short for the algorithm (e.g. LSA on one sentence)
            preference = candidates
            scores = {s.index: 0.0 for s in candidates}
        return fill(preference, scores, length, len(candidates))


def _finite(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0

"""What a summary costs, told before it is made: seconds by ranker and sentence count.

Most sumy rankers grow faster than the text: TextRank and LexRank with the square of the
sentence count, LSA (an SVD) with the cube, KL-Sum faster still (a 50 kB article of 450
sentences takes KL-Sum about 150 s, news about 1 s). A request has a time budget
(``BRIEFING_REQUEST_BUDGET``, under gunicorn's worker timeout), so the cost of a summary is
estimated from the sentence count before it is run, and work over the budget is refused
up front instead of being killed half-way by the worker timeout.

The curves are ``seconds = scale * sentences ** power``, fitted to timings on the project's
reference machine (``benchmarks/speed.py`` measures them again) with half as much again as
headroom: an estimate is an upper bound of what a request should cost, not a prediction.
"""

from __future__ import annotations

__all__ = ["BASE_SECONDS", "estimated_seconds"]

#: reading, splitting and extracting facts, whatever the ranker: about 4 ms a sentence
BASE_SECONDS = 0.004
#: (scale, power) of each ranker's own time by sentence count
CURVES: dict[str, tuple[float, float]] = {
    "news": (0.0005, 1.0),
    "lead": (0.0001, 1.0),
    "luhn": (0.002, 1.0),
    "sumbasic": (0.003, 1.0),
    "edmundson": (0.001, 1.0),
    "textrank": (1.1e-5, 2.0),
    "lexrank": (3.0e-5, 2.0),
    "reduction": (2.3e-5, 2.0),
    "lsa": (1.3e-7, 3.0),
    "kl": (2.2e-7, 3.4),
}
#: an unknown ranker is costed as the dearest quadratic one
_DEFAULT = (3.0e-5, 2.0)


def estimated_seconds(method: str, sentences: int) -> float:
    """Seconds ``method`` may take on ``sentences`` sentences, reading included."""
    scale, power = CURVES.get(method, _DEFAULT)
    return float(BASE_SECONDS * sentences + scale * float(sentences) ** power)


def sentences_in(size: int) -> int:
    """About how many sentences ``size`` bytes of news hold (100 bytes a sentence, on
    the short side, so that an estimate made from a size errs high)."""
    return max(1, size // 100)

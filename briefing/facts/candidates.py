"""A candidate fact: what a rule proposes and a judge (``judges.py``) accepts or rejects.

The rules are the structure: every fact comes from one rule, with its evidence span. Where
a rule must judge (is this statement a reaction, is this asset mention a deployment, is
this toll background), it does not decide by itself: it proposes a ``Candidate`` carrying
the fact it would become and a few symbolic features, and ``judges.decide`` keeps the
candidates the learned weights accept. Candidates never depend on the weights, so the
training proposes once per article and fits on the result.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from briefing.models import Fact

__all__ = ["Candidate"]


@dataclass(frozen=True)
class Candidate:
    """One fact a rule proposes, with what the judge needs to decide on it."""

    #: which judge decides: "casualty", "deployment", "reaction"
    judge: str
    #: the rule that proposed it, e.g. "casualty.passive_toll"
    rule: str
    #: candidates with equal key compete: only the best-scoring one is kept
    key: Hashable
    #: feature name -> value; names are short symbolic strings ("verb=kill", "has_count"),
    #: never article text beyond single words
    features: Mapping[str, float]
    #: the fact it becomes if accepted
    fact: Fact
    #: reactions only: the input of the stance choice
    stance_features: Mapping[str, float] | None = None

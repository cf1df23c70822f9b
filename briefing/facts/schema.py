"""The API's models of one fact of each kind (pydantic): the OpenAPI document's schemas.

Each ``FactKind`` names its model here; ``web/schema.py`` builds ``FactsOut`` (and the
digest its stories) from ``KINDS``, and ``tests/test_web_schema.py`` checks every model
against real briefs' ``to_dict()``, so a field added to a dataclass and not here fails.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from briefing.models import Stance, Status

__all__ = ["CasualtyOut", "DeploymentOut", "EvidenceOut", "ReactionOut"]


class EvidenceOut(BaseModel):
    """The exact span of the clean article text that supports a fact."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class CasualtyOut(BaseModel):
    count: int | None
    count_text: str
    status: Status | None
    who: str | None
    where: str | None
    historical: bool = False
    reported_by: str | None = None
    evidence: EvidenceOut
    #: the rule that found the fact
    rule: str = ""
    #: which rule and which weights decided (``--explain`` shows it)
    explanation: str = ""


class DeploymentOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    count: int | None
    count_text: str = ""
    asset: str | None
    unit: str | None
    origin: str | None = Field(alias="from")
    destination: str | None = Field(alias="to")
    earlier: bool = False
    asset_text: str = ""
    standing: bool = False
    evidence: EvidenceOut
    #: the rule that found the fact
    rule: str = ""
    #: which rule and which weights decided (``--explain`` shows it)
    explanation: str = ""


class ReactionOut(BaseModel):
    speaker: str
    role: str | None
    quote: str
    stance: Stance | None
    channel: str | None = None
    #: the quote is the reporter's paraphrase, not the speaker's words
    paraphrase: bool = False
    evidence: EvidenceOut
    #: the rule that found the fact
    rule: str = ""
    #: which rule and which weights decided (``--explain`` shows it)
    explanation: str = ""

"""The job JSON as a pydantic model: documented in OpenAPI, checked on every answer."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class JobBrief(BaseModel):
    line: int = Field(ge=1, description="Line of the upload (1-based).")
    id: str = Field(description="The stored brief's id.")


class JobError(BaseModel):
    line: int = Field(ge=1)
    error: str


class JobOut(BaseModel):
    """A batch (or one async brief): state, progress, and the briefs or errors per line."""

    model_config = ConfigDict(title="Job")

    id: str
    state: Literal["queued", "running", "done", "failed"] = Field(
        description="queued, running, done; failed when not one line gave a brief."
    )
    total: int = Field(ge=0, description="Lines in the job.")
    done: int = Field(ge=0, description="Lines stored as briefs so far.")
    failed: int = Field(ge=0, description="Lines that failed so far.")
    briefs: list[JobBrief] = Field(description="Complete once state is done.")
    errors: list[JobError] = Field(description="Complete once state is done.")

"""Where a criteria file's weights came from, when the technical team set them with AHP forms
(`smartcity weights`, docs/team_weights.md): the `provenance` block of the file, checked by
`config` like the rest of the file."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt

Role = Literal["agency", "academic", "practitioner", "other"]  # Tim Teknis members (domain.md)


class WeightsProvenance(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    method: str
    date: dt.date
    based_on: str  # the criteria file version the members' forms asked about
    members: PositiveInt  # members whose judgements make the weights
    members_by_role: dict[Role, PositiveInt]
    left_out: NonNegativeInt = 0  # complete forms left out for inconsistency
    flagged: NonNegativeInt = 0  # members above the consistency threshold
    cr_threshold: float = Field(gt=0, lt=1)
    consistency_ratios: dict[str, float]  # CR of the group's matrix, per comparison sheet
    kendall_w: float | None = Field(ge=0, le=1)
    kendall_p: float | None = Field(ge=0, le=1)


MEETING = "set in the technical team's meeting"


class MeetingProvenance(BaseModel):
    """Weights the technical team set in its meeting with the live view (`smartcity meeting`):
    when, the criteria file version it started from and the budget it looked at."""

    model_config = ConfigDict(extra="forbid", strict=True)

    method: Literal["set in the technical team's meeting"]
    date: dt.date
    based_on: str  # the criteria file version the meeting started from
    budget_idr: PositiveInt  # the Quick Win budget the meeting's shortlist was made within

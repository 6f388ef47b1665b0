"""What a survey plan is made of: the programmes considered per sub-dimension and the forms to
send. Pydantic models, so that the plan is written as JSON beside the coordinator's workbook
and read back, checked, by `smartcity survey forms` (and later by the reading of returned
forms: each form's identity names the plan it came from)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Role = Literal["chosen", "alternate", "excluded"]
# Why a sub-dimension has no programme: the first requirement no innovation of it meets.
Missing = Literal["no_innovation", "not_implemented", "not_running", "no_beneficiaries",
                  "all_excluded"]
Shortfall = Literal["tahapan", "status", "beneficiaries"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Agency(_Frozen):
    code: str
    name: str   # the full name, as residents know it
    short: str  # the display name (names.py), as the team writes it


class Programme(_Frozen):
    """One innovation of the registry as the plan considers it."""

    innovation_id: str
    innovation_name: str
    agency: Agency
    dimension: str
    sub_dimension: str
    description: str
    tahapan: str | None
    status: str | None
    beneficiaries: int | None
    years_running: int
    pentahelix_sectors: int
    role: Role
    rank: int | None = None         # among the sub-dimension's eligible programmes
    pinned: str | None = None       # the team's reason for pinning it
    excluded: str | None = None     # the team's reason for excluding it
    shortfalls: tuple[Shortfall, ...] = ()  # requirements a pinned programme does not meet


class SubDimensionChoice(_Frozen):
    """The programme chosen for one sub-dimension, its alternates and those the team excluded;
    or, with none chosen, what is missing. `funnel` counts the survey year's innovations of
    the sub-dimension left after each requirement (registered, implemented, running, with
    beneficiaries, not excluded)."""

    dimension: str
    sub_dimension: str
    programmes: tuple[Programme, ...]
    eligible: int
    funnel: dict[str, int]
    missing: Missing | None = None

    @property
    def chosen(self) -> Programme | None:
        return next((p for p in self.programmes if p.role == "chosen"), None)


class Form(_Frozen):
    """One form to send: a dimension's programmes (or one sub-dimension's, when split) and the
    respondents planned for it."""

    form_id: str
    file: str
    dimension: str
    sub_dimensions: tuple[str, ...]
    programmes: tuple[Programme, ...]
    missing: tuple[str, ...]        # sub-dimensions of the form without a programme
    respondents: int
    responsible: tuple[Agency, ...]  # the programmes' agencies: they must take part

    @property
    def split(self) -> bool:
        return len(self.sub_dimensions) == 1


class SurveyPlan(_Frozen):
    plan_id: str                 # digest of the year and the forms' programmes
    year: int
    city: str
    rules_version: str
    data_folder: str             # the data folder's name (never its path)
    coordinators: tuple[Agency, ...]
    choices: tuple[SubDimensionChoice, ...]
    forms: tuple[Form, ...]

    @property
    def respondents(self) -> int:
        return sum(f.respondents for f in self.forms)

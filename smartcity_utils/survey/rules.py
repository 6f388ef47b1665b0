"""The impact survey's two parameter files, typed and checked before anything is written: the
rules for choosing the programmes and planning the forms (`params/impact_survey.yaml`) and the
questionnaire (`params/impact_questionnaire.yaml`). Defaults live in these models only;
docs/impact_survey.md gives each rule's source."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, model_validator

from smartcity_utils.config import model_problems
from smartcity_utils.errors import ParamsError
from smartcity_utils.params import read_params_file
from smartcity_utils.stamps import file_version
from smartcity_utils.vocabulary import DIMENSIONS, STATUS, TAHAPAN

RULES_FILE = "params/impact_survey.yaml"

# What a programme can be ranked by (selection.py computes each; more is better for all).
RankKey = Literal["beneficiaries", "years_running", "pentahelix_sectors"]
DROP_DOWN_MOST = 255  # characters Excel keeps of a drop-down list written in the rule itself


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Eligibility(_Strict):
    """What a programme must be to be surveyed."""

    tahapan: list[Literal[tuple(TAHAPAN)]] = ["penerapan"]
    exclude_status: list[Literal[tuple(STATUS)]] = ["dihentikan"]
    # respondents are its beneficiaries: a form needs this many people who use it
    min_beneficiaries: PositiveInt = 50


class SurveyRules(_Strict):
    """params/impact_survey.yaml: choosing the programmes and planning the forms."""

    version: str = ""
    source: str = ""
    respondents_per_form: PositiveInt = 50
    # dimensions surveyed as one form per sub-dimension besides Smart Branding, which always is
    split_dimensions: list[Literal[tuple(DIMENSIONS)]] = []
    coordinators: list[str] = ["DISKOMINFO", "BAPPEDA"]
    eligible: Eligibility = Eligibility()
    rank_by: list[RankKey] = Field(["beneficiaries", "years_running", "pentahelix_sectors"],
                                   min_length=1)
    alternates: int = Field(2, ge=0)
    pin: dict[str, str] = {}      # innovation id -> the team's reason
    exclude: dict[str, str] = {}  # innovation id -> the team's reason

    @model_validator(mode="after")
    def _consistent(self) -> SurveyRules:
        if len(set(self.rank_by)) != len(self.rank_by):
            raise ValueError(f"rank_by names a key twice: {self.rank_by}")
        both = sorted(set(self.pin) & set(self.exclude))
        if both:
            raise ValueError(f"pinned and excluded at once: {', '.join(both)}")
        return self


class Choice(_Strict):
    """One answer of a drop-down that is not on the scale (an age group, a sex)."""

    key: str = Field(min_length=1)
    id: str = Field(min_length=1)
    en: str = Field(min_length=1)


class ScaleAnswer(_Strict):
    value: int
    id: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Item(_Strict):
    """A respondent field or a question: its key and its words in both languages; `choices`
    (none: free text) for a field."""

    key: str = Field(min_length=1)
    id: str = Field(min_length=1)
    en: str = Field(min_length=1)
    choices: list[Choice] = []


def _drop_down_problems(where: str, labels: list[str]) -> list[str]:
    problems = [f"{where}: {label!r} holds a comma or a double quote, which an Excel "
                "drop-down cannot show" for label in labels if "," in label or '"' in label]
    if len(",".join(labels)) > DROP_DOWN_MOST:
        problems.append(f"{where}: the answers take {len(','.join(labels))} characters; an "
                        f"Excel drop-down holds at most {DROP_DOWN_MOST}")
    return problems


class Questionnaire(_Strict):
    """params/impact_questionnaire.yaml: the answer scale, the respondent fields, the usage
    question and the scored statements, each asked once per programme, and how an answer
    becomes a score on the report scale."""

    version: str = ""
    source: str = ""
    scale: list[ScaleAnswer] = Field(min_length=2)  # lowest first
    # answer value v on a scale of lowest a and highest b -> the report scale (0..S):
    # proportional: v / b * S, as Stage I reads a level (level / scale_max * S);
    # linear: (v - a) / (b - a) * S, the lowest answer at 0
    to_report_scale: Literal["proportional", "linear"] = "proportional"
    # usage answers (keys) whose respondent's statements about the programme are not scored
    not_scored_usage: list[str] = ["never"]
    respondent_fields: list[Item]
    usage: Item
    questions: list[Item] = Field(min_length=1)

    @model_validator(mode="after")
    def _usable(self) -> Questionnaire:
        values = [a.value for a in self.scale]
        if values != list(range(values[0], values[0] + len(values))):
            raise ValueError(f"scale values must be whole numbers rising by 1, got {values}")
        keys = [i.key for i in (*self.respondent_fields, self.usage, *self.questions)]
        if len(set(keys)) != len(keys):
            raise ValueError(f"a key is used twice: {keys}")
        if not self.usage.choices:
            raise ValueError("usage needs choices (how often the respondent uses it)")
        unknown = sorted(set(self.not_scored_usage) - {c.key for c in self.usage.choices})
        if unknown:
            raise ValueError(f"not_scored_usage: {', '.join(unknown)} not a key of usage's "
                             "choices")
        if self.to_report_scale == "proportional" and values[0] < 0:
            raise ValueError("to_report_scale: proportional needs a scale from 0 or more")
        problems = []
        for lang in ("id", "en"):
            problems += _drop_down_problems(f"scale ({lang})",
                                            [getattr(a, lang) for a in self.scale])
            for item in (*self.respondent_fields, self.usage):
                if item.choices:
                    problems += _drop_down_problems(f"{item.key} ({lang})",
                                                    [getattr(c, lang) for c in item.choices])
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def scale_labels(self, lang: str) -> list[str]:
        return [getattr(a, lang) for a in self.scale]

    def report_value(self, value: float, report_scale: float) -> float:
        """An answer's value (or a mean of values) on the report scale 0..report_scale."""
        low, high = self.scale[0].value, self.scale[-1].value
        if self.to_report_scale == "linear":
            return (value - low) / (high - low) * report_scale
        return value / high * report_scale


def _read(model: type[BaseModel], path: str | Path):
    path = Path(path)
    raw = read_params_file(path)
    problems = model_problems(model, raw, path.name)
    if problems:
        raise ParamsError("\n".join(problems))
    return model.model_validate(raw, strict=False), file_version(path, raw.get("version", ""))


def read_rules(path: str | Path) -> tuple[SurveyRules, str]:
    """The survey rules file, checked, and its version (`name version #sha`); ParamsError
    names the file and every bad key."""
    return _read(SurveyRules, path)


def read_questionnaire(path: str | Path) -> tuple[Questionnaire, str]:
    """The questionnaire file, checked, and its version; ParamsError names every problem."""
    return _read(Questionnaire, path)

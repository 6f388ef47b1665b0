"""The whole configuration, checked before anything runs.

The run parameters name three more settings: the Stage I weights file, the Quick Win criteria
file and the clustering settings. Each is a typed model here (pydantic), with unknown keys
refused and nulls where a number is needed refused, so that a typo in the criteria file stops
`smartcity run` (exit 2) before workbook 00 starts, instead of failing workbook 03 after 00-02
have run. `configuration_problems` lists every problem at once, each with its file and key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PositiveFloat,
    PositiveInt,
    ValidationError,
    model_validator,
)

from smartcity_utils.errors import ParamsError
from smartcity_utils.params import read_params_file, resolve
from smartcity_utils.stage1.weights import read_weights


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


Method = Literal["weighted_sum", "topsis"]

# The criteria workbook 03 knows a formula for (quick_win/values.py, docs/quick_win.md).
CriterionName = Literal["beneficiaries", "sub_dimension_index", "budget", "readiness",
                        "time_to_deliver", "pentahelix_reach", "partner_agencies",
                        "integration_potential", "digital"]
CRITERION_NAMES = get_args(CriterionName)


class MonteCarlo(_Strict):
    draws: PositiveInt = 1000
    relative_bound: float = Field(0.5, ge=0, lt=1)
    method: Method = "weighted_sum"


class ShortlistLimits(_Strict):
    max_per_agency: PositiveInt | None = None
    max_per_dimension: PositiveInt | None = None
    max_total: PositiveInt | None = None
    near_misses: PositiveInt = 5


class CriterionSpec(_Strict):
    weight: PositiveFloat
    direction: Literal["benefit", "cost"]
    group: str = ""
    source: str = ""
    doc: str = ""
    transform: Literal["log1p"] | None = None
    # options of particular criteria (readiness, time_to_deliver)
    levels: dict[str, float] | None = None
    months: dict[str, float] | None = None
    minimum_months: PositiveFloat | None = None


class CriteriaFile(_Strict):
    """params/quick_win_criteria.yaml."""

    version: str = ""
    source: str = ""
    top_k: PositiveInt = 10
    shortlist_score: Method = "weighted_sum"
    monte_carlo: MonteCarlo = MonteCarlo()
    shortlist: ShortlistLimits = ShortlistLimits()
    criteria: dict[CriterionName, CriterionSpec] = Field(min_length=1)


FeatureBlock = Literal["text", "sub_dimension", "jenis", "tahapan", "pentahelix", "budget",
                       "beneficiaries"]


class ClusterSettings(_Strict):
    """The clustering keys of the run parameters (workbook 02)."""

    cluster_feature_weights: dict[FeatureBlock, float] = {}
    cluster_k_min: int = Field(10, ge=2)
    cluster_k_max: int = Field(40, ge=2)
    cluster_similarity_threshold: float = Field(0.5, gt=0, le=1)

    @model_validator(mode="after")
    def _range(self) -> ClusterSettings:
        if self.cluster_k_min > self.cluster_k_max:
            raise ValueError(f"cluster_k_min ({self.cluster_k_min}) must not exceed "
                             f"cluster_k_max ({self.cluster_k_max})")
        negative = {k: v for k, v in self.cluster_feature_weights.items() if v < 0}
        if negative:
            raise ValueError(f"cluster_feature_weights must be numbers >= 0, got {negative}")
        return self


_KEY_NAMES = {"criteria": "criterion", "cluster_feature_weights": "feature block"}


def _problems(error: ValidationError, where: str) -> list[str]:
    """pydantic's errors as `where: key.path: message` lines a user can act on."""
    lines = []
    for item in error.errors():
        path = ".".join(str(p) for p in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown key"
        elif item["loc"][-1:] == ("[key]",):
            path = ".".join(str(p) for p in item["loc"][:-2])
            what = _KEY_NAMES.get(path, "name")
            message = (f"unknown {what} {item['input']!r} "
                       f"(known: {item.get('ctx', {}).get('expected', '')})")
        elif path and "input" in item and item["type"] != "missing":
            message = f"{message} (got {item['input']!r})"
        lines.append(f"{where}: {path + ': ' if path else ''}{message}")
    return lines


def _validated(model: type[BaseModel], data: Any, where: str) -> list[str]:
    try:
        # YAML gives ints where floats are meant: numbers may be either, the rest is strict.
        model.model_validate(data, strict=False)
    except ValidationError as error:
        return _problems(error, where)
    return []


def criteria_file_problems(raw: dict, source: str) -> list[str]:
    """Every problem of a Quick Win criteria file's contents."""
    return _validated(CriteriaFile, raw, source)


def cluster_settings_problems(params: dict[str, Any], source: str) -> list[str]:
    keys = {k: v for k, v in params.items() if k in ClusterSettings.model_fields}
    return _validated(ClusterSettings, keys, source)


def configuration_problems(params: dict[str, Any], source: str = "parameters") -> list[str]:
    """Every problem of the files and settings the run parameters name, at once."""
    problems = cluster_settings_problems(params, source)
    if params.get("weights_file"):
        try:
            read_weights(resolve(params["weights_file"]))
        except ParamsError as error:
            problems.append(str(error))
    if params.get("quick_win_criteria_file"):
        path = resolve(params["quick_win_criteria_file"])
        try:
            problems += criteria_file_problems(read_params_file(path), Path(path).name)
        except ParamsError as error:
            problems.append(str(error))
    return problems


def check_configuration(params: dict[str, Any], source: str = "parameters") -> None:
    """ParamsError listing every configuration problem, one per line."""
    problems = configuration_problems(params, source)
    if problems:
        raise ParamsError("the configuration is refused:\n" + "\n".join(f"- {p}"
                                                                       for p in problems))

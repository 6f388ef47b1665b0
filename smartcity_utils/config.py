"""The whole configuration, read and checked once, before anything runs.

Four more settings come with the run parameters: the Smart City rulebook of the evaluation
year (chosen from params/rulebooks/ by the year, unless the optional `rulebook` parameter names
one), the Quick Win criteria file, the clustering settings and the Stage II readiness
thresholds. This is the one module that reads those files: each is checked into a typed object
(pydantic models for the criteria, the cluster settings and the readiness thresholds, with
unknown keys and nulls where a number is needed refused; `stage1.weights` for the rulebooks), so
that a typo in the criteria file stops `smartcity run` (exit 2) before workbook 00 starts,
instead of failing workbook 03 after 00-02 have run. `read_configuration` gives them all, or
one ParamsError listing every problem at once, each with its file and key. Defaults live in the
models only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, get_args

import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveFloat,
    PositiveInt,
    ValidationError,
    model_validator,
)

from smartcity_utils import formatting as fmt
from smartcity_utils.errors import ParamsError
from smartcity_utils.params import LANGUAGES, read_params_file, resolve
from smartcity_utils.provenance import MeetingProvenance, WeightsProvenance
from smartcity_utils.stage1.readiness import ReadinessRules
from smartcity_utils.stage1.weights import Stage1Weights, parse_weights
from smartcity_utils.strings import text
from smartcity_utils.words import STOP_WORDS_FILE

RULEBOOK_FOLDER = "params/rulebooks"  # the Smart City rulebooks, smart_city_<version>.yaml
# The impact survey's questionnaire (read by survey/rules.py; the run stamp has its version)
QUESTIONNAIRE_FILE = "params/impact_questionnaire.yaml"


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
    # at least this many per smart-city dimension that has an eligible candidate (0 or null: off)
    min_per_dimension: NonNegativeInt | None = 1
    max_total: PositiveInt | None = None
    near_misses: PositiveInt = 5

    @model_validator(mode="after")
    def _minimum_within_maximum(self) -> ShortlistLimits:
        if (self.min_per_dimension and self.max_per_dimension is not None
                and self.min_per_dimension > self.max_per_dimension):
            raise ValueError(f"min_per_dimension ({self.min_per_dimension}) must not exceed "
                             f"max_per_dimension ({self.max_per_dimension})")
        return self


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
    provenance: WeightsProvenance | MeetingProvenance | None = None


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


def model_problems(model: type[BaseModel], data: Any, where: str) -> list[str]:
    """Every problem of `data` read as `model`, one line each naming `where` and the key (also
    for the configuration files other rooms own: the impact survey's rules and questionnaire)."""
    try:
        # YAML gives ints where floats are meant: numbers may be either, the rest is strict.
        model.model_validate(data, strict=False)
    except ValidationError as error:
        return _problems(error, where)
    return []


def cluster_settings_problems(params: dict[str, Any], source: str) -> list[str]:
    keys = {k: v for k, v in params.items() if k in ClusterSettings.model_fields}
    return model_problems(ClusterSettings, keys, source)


# ------------------------------------------------------------------ the typed objects


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: float
    direction: str
    group: str
    source: str
    doc: str
    transform: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CriteriaSet:
    """The criteria file: criteria in file order plus the run settings stored beside them."""

    criteria: tuple[Criterion, ...]
    version: str
    top_k: int
    shortlist_score: str
    draws: int
    relative_bound: float
    sensitivity_method: str
    max_per_agency: int | None
    max_per_dimension: int | None
    min_per_dimension: int | None
    max_total: int | None
    near_misses: int
    file: str = ""
    # set by the team's AHP forms or in its meeting, when it was
    provenance: WeightsProvenance | MeetingProvenance | None = None

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.criteria]

    def weights(self) -> pd.Series:
        """The stated weights, rescaled to sum to 1."""
        w = pd.Series({c.name: c.weight for c in self.criteria}, dtype=float)
        return w / w.sum()

    def directions(self) -> pd.Series:
        return pd.Series({c.name: c.direction for c in self.criteria}, dtype=str)

    def limits(self) -> dict[str, int | None]:
        """The shortlist's optional limits, by the keyword `quick_win_shortlist` takes."""
        return {"max_per_agency": self.max_per_agency,
                "max_per_dimension": self.max_per_dimension,
                "min_per_dimension": self.min_per_dimension, "max_total": self.max_total}

    def without(self, names: list[str]) -> CriteriaSet:
        """The same set with `names` dropped (the remaining weights rescale in `weights`)."""
        kept = tuple(c for c in self.criteria if c.name not in names)
        return replace(self, criteria=kept)


def _criteria_set(model: CriteriaFile, name: str) -> CriteriaSet:
    known = {"weight", "direction", "group", "source", "doc", "transform"}
    criteria = tuple(
        Criterion(name=key, weight=spec.weight, direction=spec.direction, group=spec.group,
                  source=spec.source, doc=spec.doc, transform=spec.transform,
                  options={k: v for k, v in spec.model_dump(exclude_none=True).items()
                           if k not in known})
        for key, spec in model.criteria.items())
    limits = model.shortlist
    return CriteriaSet(
        criteria=criteria, version=model.version, top_k=model.top_k,
        shortlist_score=model.shortlist_score, draws=model.monte_carlo.draws,
        relative_bound=model.monte_carlo.relative_bound,
        sensitivity_method=model.monte_carlo.method, max_per_agency=limits.max_per_agency,
        max_per_dimension=limits.max_per_dimension,
        min_per_dimension=limits.min_per_dimension, max_total=limits.max_total,
        near_misses=limits.near_misses, file=name, provenance=model.provenance)


# ------------------------------------------------------------------ reading the files


def read_weights(path: str | Path) -> Stage1Weights:
    """A Smart City rulebook file, checked; ParamsError names the file and every problem."""
    path = Path(path)
    return parse_weights(read_params_file(path), path.name)


def read_rulebooks(folder: str | Path = RULEBOOK_FOLDER) -> tuple[Stage1Weights, ...]:
    """Every Smart City rulebook of `folder` (`smart_city_*.yaml`, by name), checked; a year
    claimed by two rulebooks is refused, naming both."""
    rulebooks = tuple(read_weights(p) for p in sorted(resolve(folder).glob("smart_city_*.yaml")))
    claimed: dict[int, str] = {}
    for rulebook in rulebooks:
        for year in rulebook.years:
            if year in claimed:
                raise ParamsError(f"rulebooks {claimed[year]} and {rulebook.file} both list "
                                  f"the year {year}: a year has one rulebook")
            claimed[year] = rulebook.file
    return rulebooks


@dataclass(frozen=True)
class RulebookChoice:
    """The rulebook a run uses and why, said once in each report language (`sentence`)."""

    rulebook: Stage1Weights
    year: int  # the evaluation year
    reason: Literal["own", "earlier", "latest", "named"]
    basis_year: int | None  # the year whose entry in the rulebook the reason quotes
    sentence: dict[str, str]


def _sentence(rulebook: Stage1Weights, year: int, reason: str, basis: int | None,
              lang: str) -> str:
    weights = ", ".join(f"{d} {fmt.number(w, lang, 0)}" for d, w in rulebook.weights.items())
    how = rulebook.years[basis][lang] if basis is not None else ""
    key = reason if reason != "named" or basis is not None else "named_unknown"
    return text(f"ev.rulebook.{key}", lang).format(
        version=rulebook.version, weights=weights, year=year, basis=basis, how=how)


def choose_rulebook(rulebooks: tuple[Stage1Weights, ...], year: int,
                    named: Stage1Weights | None = None) -> RulebookChoice:
    """The rulebook of evaluation `year`: the one `named` by the parameters; else the one
    listing the year; else the latest listing a year before it; else the latest of all."""
    by_year = {y: r for r in rulebooks for y in r.years}
    if named is not None:
        reason, basis, chosen = "named", (year if year in named.years else None), named
    elif year in by_year:
        reason, basis = "own", year
    elif any(y < year for y in by_year):
        reason, basis = "earlier", max(y for y in by_year if y < year)
    elif by_year:
        reason, basis = "latest", max(by_year)
    else:
        raise ParamsError(f"no rulebook in {RULEBOOK_FOLDER} lists an evaluation year: name "
                          "one with the `rulebook` parameter")
    chosen = named if named is not None else by_year[basis]
    return RulebookChoice(chosen, year, reason, basis,
                          {lang: _sentence(chosen, year, reason, basis, lang)
                           for lang in LANGUAGES})


def _model_or_problems(model: type[BaseModel], path: Path) -> tuple[Any, list[str]]:
    """A configuration file read as `model`, or None and every problem with the file's name."""
    try:
        raw = read_params_file(path)
    except ParamsError as error:
        return None, [str(error)]
    problems = model_problems(model, raw, path.name)
    return (None if problems else model.model_validate(raw, strict=False)), problems


def _criteria_or_problems(path: Path) -> tuple[CriteriaSet | None, list[str]]:
    model, problems = _model_or_problems(CriteriaFile, path)
    return (_criteria_set(model, path.name) if model else None), problems


def read_criteria(path: str | Path) -> CriteriaSet:
    """A Quick Win criteria file, checked; ParamsError names the file and every bad key."""
    criteria, problems = _criteria_or_problems(Path(path))
    if problems:
        raise ParamsError("; ".join(problems))
    return criteria


def read_readiness_rules(path: str | Path) -> ReadinessRules:
    """The Stage II readiness thresholds (docs/evaluation.md, "Stage II readiness"), checked;
    ParamsError names the file and every bad key."""
    rules, problems = _model_or_problems(ReadinessRules, Path(path))
    if problems:
        raise ParamsError("; ".join(problems))
    return rules


@dataclass(frozen=True)
class Configuration:
    """The files and settings the run parameters name, each read and checked once."""

    rulebook: RulebookChoice
    other_weights: tuple[Stage1Weights, ...]  # the framework's other rulebooks, by file name
    criteria: CriteriaSet | None
    clusters: ClusterSettings
    readiness_rules: ReadinessRules
    versions: dict[str, str]  # fingerprints of the files and settings, for the run stamp

    @property
    def weights(self) -> Stage1Weights:
        """The chosen rulebook."""
        return self.rulebook.rulebook


def read_configuration(params: dict[str, Any], source: str = "parameters") -> Configuration:
    """Every configuration file and setting of `params`, checked; one ParamsError listing
    every problem, one per line, when any is wrong."""
    from smartcity_utils.stamps import digest, file_version

    problems = cluster_settings_problems(params, source)
    choice = criteria = None
    others: tuple[Stage1Weights, ...] = ()
    versions = {"criteria": "", "readiness": "",
                "survey": file_version(resolve(QUESTIONNAIRE_FILE))}
    try:
        rulebooks = read_rulebooks(RULEBOOK_FOLDER)
        # every rulebook, not only the chosen one: 01 compares the index under the others
        versions["rulebooks"] = digest(*(file_version(resolve(RULEBOOK_FOLDER) / r.file,
                                                      r.version) for r in rulebooks))[:12]
        named = read_weights(resolve(params["rulebook"])) if params.get("rulebook") else None
        choice = choose_rulebook(rulebooks, params["year"], named)
        others = tuple(r for r in rulebooks if r.file != choice.rulebook.file)
        folder = resolve(params["rulebook"]).parent if named else resolve(RULEBOOK_FOLDER)
        versions["weights"] = file_version(folder / choice.rulebook.file,
                                           choice.rulebook.version)
    except ParamsError as error:
        problems.append(str(error))
    if params.get("quick_win_criteria_file"):
        path = resolve(params["quick_win_criteria_file"])
        criteria, criteria_problems = _criteria_or_problems(path)
        problems += criteria_problems
        if criteria is not None:
            versions["criteria"] = file_version(path, criteria.version)
    readiness_rules = ReadinessRules()  # without a thresholds file: the model's defaults
    if params.get("stage2_readiness_file"):
        path = resolve(params["stage2_readiness_file"])
        readiness_rules, readiness_problems = _model_or_problems(ReadinessRules, path)
        problems += readiness_problems
        if readiness_rules is not None:
            versions["readiness"] = file_version(path)
    if problems:
        raise ParamsError("the configuration is refused:\n" + "\n".join(f"- {p}"
                                                                       for p in problems))
    clusters = ClusterSettings.model_validate(
        {k: v for k, v in params.items() if k in ClusterSettings.model_fields}, strict=False)
    # the clusters' words too: the stop words file (read by `words`) shapes 02's text features
    versions["clusters"] = digest(clusters.model_dump_json(),
                                  file_version(resolve(STOP_WORDS_FILE)))[:12]
    return Configuration(choice, others, criteria, clusters, readiness_rules, versions)


def configuration_problems(params: dict[str, Any], source: str = "parameters") -> list[str]:
    """Every problem of the files and settings the run parameters name, at once."""
    try:
        read_configuration(params, source)
    except ParamsError as error:
        return [line.removeprefix("- ") for line in str(error).splitlines()[1:]]
    return []

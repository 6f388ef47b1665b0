"""Quick Win criteria: the criteria file (params/quick_win_criteria.yaml), read and checked.

The criteria and their weights come from the YAML file; values.py holds the formula behind
each criterion name.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from smartcity_utils.config import CRITERION_NAMES, criteria_file_problems
from smartcity_utils.errors import ParamsError
from smartcity_utils.params import read_params_file
from smartcity_utils.quick_win.inputs import EXTERNAL_INPUTS, PriorityInputs

DIRECTIONS = ("benefit", "cost")
METHODS = ("weighted_sum", "topsis")


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
    max_total: int | None
    near_misses: int

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
                "max_per_dimension": self.max_per_dimension, "max_total": self.max_total}

    def without(self, names: list[str]) -> CriteriaSet:
        """The same set with `names` dropped (the remaining weights rescale in `weights`)."""
        kept = tuple(c for c in self.criteria if c.name not in names)
        return replace(self, criteria=kept)


# ---------------------------------------------------------------- the criteria file


def _positive_int_or_none(value, key: str, source: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ParamsError(f"{source}: '{key}' must be a whole number >= 1 or null, got {value!r}")
    return value


def _criterion(name: str, spec: Any, source: str) -> Criterion:
    if name not in CRITERION_NAMES:  # the names values.py has a formula for (test_config)
        raise ParamsError(f"{source}: unknown criterion '{name}' "
                          f"(known: {', '.join(CRITERION_NAMES)})")
    if not isinstance(spec, dict):
        raise ParamsError(f"{source}: criterion '{name}' must be a mapping")
    weight = spec.get("weight")
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        raise ParamsError(f"{source}: criterion '{name}': weight must be a positive number, "
                          f"got {weight!r}")
    if spec.get("direction") not in DIRECTIONS:
        raise ParamsError(f"{source}: criterion '{name}': direction must be benefit or cost, "
                          f"got {spec.get('direction')!r}")
    if spec.get("transform") not in (None, "log1p"):
        raise ParamsError(f"{source}: criterion '{name}': transform must be log1p or absent")
    known = {"weight", "direction", "group", "source", "doc", "transform"}
    return Criterion(
        name=name, weight=float(weight), direction=spec["direction"],
        group=str(spec.get("group", "")), source=str(spec.get("source", "")),
        doc=str(spec.get("doc", "")), transform=spec.get("transform"),
        options={k: v for k, v in spec.items() if k not in known},
    )


def load_criteria(path: str | Path) -> CriteriaSet:
    """Read and check a criteria file; ParamsError names the file and every bad key."""
    source = Path(path).name
    raw = read_params_file(path)
    problems = criteria_file_problems(raw, source)
    if problems:
        raise ParamsError("; ".join(problems))
    criteria = raw.get("criteria")
    if not isinstance(criteria, dict) or not criteria:
        raise ParamsError(f"{source}: 'criteria' must map criterion names to their settings")
    monte_carlo = raw.get("monte_carlo") or {}
    shortlist = raw.get("shortlist") or {}
    settings = {
        "shortlist_score": raw.get("shortlist_score", "weighted_sum"),
        "sensitivity_method": monte_carlo.get("method", "weighted_sum"),
    }
    for key, value in settings.items():
        if value not in METHODS:
            raise ParamsError(f"{source}: '{key}' must be one of {', '.join(METHODS)}, "
                              f"got {value!r}")
    bound = monte_carlo.get("relative_bound", 0.5)
    if isinstance(bound, bool) or not isinstance(bound, int | float) or not 0 <= bound < 1:
        raise ParamsError(f"{source}: 'monte_carlo.relative_bound' must be in [0, 1), "
                          f"got {bound!r}")
    return CriteriaSet(
        criteria=tuple(_criterion(name, spec, source) for name, spec in criteria.items()),
        version=str(raw.get("version", "")),
        top_k=_positive_int_or_none(raw.get("top_k", 10), "top_k", source),
        draws=_positive_int_or_none(monte_carlo.get("draws", 1000), "monte_carlo.draws", source),
        relative_bound=float(bound),
        max_per_agency=_positive_int_or_none(shortlist.get("max_per_agency"),
                                             "shortlist.max_per_agency", source),
        max_per_dimension=_positive_int_or_none(shortlist.get("max_per_dimension"),
                                                "shortlist.max_per_dimension", source),
        max_total=_positive_int_or_none(shortlist.get("max_total"), "shortlist.max_total",
                                        source),
        near_misses=_positive_int_or_none(shortlist.get("near_misses", 5),
                                          "shortlist.near_misses", source),
        **settings,
    )


def criteria_table(criteria: CriteriaSet) -> pd.DataFrame:
    """The criteria as the team stated them: weight share, direction, group, source."""
    weights = criteria.weights()
    rows = [(c.name, c.group, c.direction, weights[c.name], c.source) for c in criteria.criteria]
    frame = pd.DataFrame(rows, columns=["criterion", "group", "direction", "weight", "source"])
    return frame.sort_values(["weight", "criterion"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def usable_criteria(criteria: CriteriaSet, inputs: PriorityInputs) -> tuple[CriteriaSet, list]:
    """The criteria whose inputs exist, and the names of those dropped for a missing input."""
    dropped = [c.name for c in criteria.criteria
               if c.name in EXTERNAL_INPUTS and not inputs.has(EXTERNAL_INPUTS[c.name])]
    if len(dropped) == len(criteria.criteria):
        raise ParamsError("no quick-win criterion can be computed: every one needs a missing file")
    return criteria.without(dropped), dropped

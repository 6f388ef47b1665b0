"""Stage I evaluation: indicator levels -> evaluation-dimension scores -> weighted index.

The rules (docs/evaluation.md says the same, with examples):

- **Normalised score.** Each assessment row's level becomes ``level / scale_max * scale`` on the
  report scale of the weights file, so rows on different scales can be averaged.
- **Indicator score.** The mean of the rows of one agency, smart-city dimension, sub-dimension,
  evaluation dimension and indicator code (several innovations assessed on one indicator give
  one score).
- **Evaluation-dimension score** of any group (an agency, a smart-city dimension or
  sub-dimension, an agency within a dimension, the city): the mean of the indicator scores in it.
- **Index**: the weighted mean of the group's evaluation-dimension scores.
- **Missing rule.** An evaluation dimension with no indicator in a group is *missing*: it is never
  scored as zero. The index is computed over the dimensions present, with their weights
  renormalised to sum to one, and the group is flagged with the dimensions it misses. An agency
  with no row at all in the year is *not assessed*: listed, never dropped, and without an index.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from smartcity_utils.artifacts import STAGE1_TABLES, write_table
from smartcity_utils.errors import DataError, ParamsError, no_rows_of_year
from smartcity_utils.params import read_params_file
from smartcity_utils.strings import column_label, sub_dimension_label, text
from smartcity_utils.vocabulary import (
    DIMENSIONS,
    EVALUATION_DIMENSIONS,
    SUB_DIMENSIONS,
    normalise,
)

REQUIRED_COLUMNS = (
    "agency_code", "innovation_id", "year", "evaluation_dimension", "dimension", "sub_dimension",
    "indicator_code", "indicator", "level", "scale_max", "evidence_ref", "evidence_present",
)
INDICATOR_KEYS = ["agency_code", "dimension", "sub_dimension", "evaluation_dimension",
                  "indicator_code"]
SCORE_COLUMNS = {d: "score_" + d.lower().replace(" ", "_") for d in EVALUATION_DIMENSIONS}
"""Column of each evaluation dimension's score in the wide index tables."""


# ---------------------------------------------------------------- weights file


@dataclass(frozen=True)
class Band:
    """A predicate band of the index: its inclusive lower bound and its names."""

    lower: float
    name_id: str
    name_en: str


@dataclass(frozen=True)
class Stage1Weights:
    """A versioned weights file: evaluation-dimension weights, report scale, predicate bands."""

    file: str
    version: str
    source: str
    weights: dict[str, float]
    scale: float
    bands: tuple[Band, ...]

    def band(self, value: float) -> Band | None:
        """The band an index value falls in; None for a missing value."""
        if pd.isna(value):
            return None
        return [b for b in self.bands if value >= b.lower][-1]


def _number(value, what: str, problems: list[str]) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
        problems.append(f"{what} must be a number, got {value!r}")
        return None
    return float(value)


def _read_weights_map(raw, problems: list[str]) -> dict[str, float]:
    if not isinstance(raw, dict):
        problems.append("'weights' must map each evaluation dimension to its weight")
        return {}
    weights: dict[str, float] = {}
    for name, value in raw.items():
        dimension = normalise("evaluation_dimension", name)
        if dimension is None:
            problems.append(f"unknown evaluation dimension {name!r} in 'weights'")
            continue
        number = _number(value, f"weight of {dimension}", problems)
        if number is not None and number <= 0:
            problems.append(f"weight of {dimension} must be positive, got {value!r}")
        elif number is not None:
            weights[dimension] = number
    absent = [d for d in EVALUATION_DIMENSIONS if d not in weights and d not in
              {normalise("evaluation_dimension", k) for k in raw}]
    if absent:
        problems.append(f"'weights' lacks {', '.join(absent)} (needs exactly "
                        f"{', '.join(EVALUATION_DIMENSIONS)})")
    return {d: weights[d] for d in EVALUATION_DIMENSIONS if d in weights}


def _read_bands(raw, scale: float | None, problems: list[str]) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append("'bands' must be a list of {lower, id, en}")
        return ()
    bands = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not {"lower", "id", "en"} <= set(item):
            problems.append(f"band {i} must have 'lower', 'id' and 'en'")
            continue
        lower = _number(item["lower"], f"band {i} 'lower'", problems)
        if lower is not None:
            bands.append(Band(lower, str(item["id"]), str(item["en"])))
    lowers = [b.lower for b in bands]
    if bands and lowers[0] != 0:
        problems.append(f"the first band must start at 0, got {lowers[0]:g}")
    if any(b <= a for a, b in zip(lowers, lowers[1:], strict=False)):
        problems.append("band lower bounds must increase")
    if scale is not None and any(x >= scale for x in lowers):
        problems.append(f"band lower bounds must be below the scale ({scale:g})")
    return tuple(bands)


def read_weights(path: str | Path) -> Stage1Weights:
    """Read and check a Stage I weights file; ParamsError names the file and every problem."""
    path = Path(path)
    data = read_params_file(path)
    problems: list[str] = []
    weights = _read_weights_map(data.get("weights"), problems)
    scale = _number(data.get("scale"), "'scale'", problems)
    if scale is not None and scale <= 0:
        problems.append(f"'scale' must be positive, got {scale:g}")
        scale = None
    bands = _read_bands(data.get("bands"), scale, problems)
    for key in ("version", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(f"'{key}' must be a non-empty text")
    if problems:
        raise ParamsError(f"weights file {path.name}: " + "; ".join(problems))
    return Stage1Weights(path.name, data["version"], " ".join(data["source"].split()),
                         weights, scale, bands)


def weights_table(weights: Stage1Weights) -> pd.DataFrame:
    """The weights of a file as a table: evaluation dimension, weight and share of the total."""
    total = sum(weights.weights.values())
    return pd.DataFrame({
        "evaluation_dimension": list(weights.weights),
        "weight": list(weights.weights.values()),
        "share": [w / total for w in weights.weights.values()],
    })


def bands_table(weights: Stage1Weights) -> pd.DataFrame:
    """The predicate bands: names and the index range each covers on the report scale."""
    uppers = [b.lower for b in weights.bands[1:]] + [weights.scale]
    return pd.DataFrame({
        "band": [b.name_id for b in weights.bands],
        "band_en": [b.name_en for b in weights.bands],
        "lower": [b.lower for b in weights.bands],
        "upper": uppers,
    })


# ---------------------------------------------------------------- scores


@dataclass(frozen=True)
class Stage1Result:
    """Every Stage I score table of one evaluation year (tidy frames, weakest first)."""

    year: int
    weights: Stage1Weights
    scored_rows: pd.DataFrame
    indicator_scores: pd.DataFrame
    dimension_scores: pd.DataFrame
    index_by_agency: pd.DataFrame
    index_by_dimension: pd.DataFrame
    index_by_sub_dimension: pd.DataFrame
    index_by_agency_dimension: pd.DataFrame
    index_by_indicator: pd.DataFrame
    city_index: pd.DataFrame
    not_assessed: pd.DataFrame
    missing_dimensions: pd.DataFrame
    evidence_by_agency: pd.DataFrame
    evidence_todo: pd.DataFrame
    change_vs_previous: pd.DataFrame

    TABLES = STAGE1_TABLES

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every score table by its export name."""
        return {name: getattr(self, name) for name in self.TABLES}


def _check_assessment(assessment: pd.DataFrame) -> None:
    absent = [c for c in REQUIRED_COLUMNS if c not in assessment.columns]
    if absent:
        raise DataError(f"assessment table lacks column(s): {', '.join(absent)}")
    level = assessment["level"].astype("float64")
    scale_max = assessment["scale_max"].astype("float64")
    bad = level.isna() | scale_max.isna() | (scale_max <= 0) | (level < 0) | (level > scale_max)
    if bad.any():
        row = assessment[bad].iloc[0]
        where = (f"row {row['source_row']} of {row['source_file']}"
                 if "source_row" in assessment.columns else f"agency {row['agency_code']}")
        raise DataError(
            f"assessment: {int(bad.sum())} row(s) with a level outside 0..scale_max or no "
            f"scale, first at {where} (indicator {row['indicator_code']}, level "
            f"{row['level']}, scale_max {row['scale_max']})"
        )


def normalised_levels(assessment: pd.DataFrame, scale: float) -> pd.DataFrame:
    """The assessment rows with `score` = level / scale_max * scale (the report scale)."""
    _check_assessment(assessment)
    level = assessment["level"].astype("float64")
    return assessment.assign(score=level / assessment["scale_max"].astype("float64") * scale)


def _evidence_lacking(rows: pd.DataFrame) -> pd.Series:
    """True where a row has no evidence; an unknown evidence status counts as none."""
    return ~rows["evidence_present"].astype("boolean").fillna(False).astype(bool)


def indicator_scores(rows: pd.DataFrame) -> pd.DataFrame:
    """One score per agency, dimension, sub-dimension, evaluation dimension and indicator."""
    rows = rows.assign(_lacking=_evidence_lacking(rows))
    grouped = rows.groupby(INDICATOR_KEYS, dropna=False, sort=True)
    return grouped.agg(
        indicator=("indicator", "first"),
        score=("score", "mean"),
        n_rows=("score", "size"),
        evidence_missing=("_lacking", "sum"),
    ).reset_index().astype({"n_rows": "int64", "evidence_missing": "int64"})


def _evaluation_scores(indicators: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Per group of `by` and evaluation dimension: mean indicator score and indicator count."""
    grouped = indicators.groupby([*by, "evaluation_dimension"], dropna=False, sort=True)
    return grouped.agg(score=("score", "mean"), n_indicators=("score", "size")).reset_index()


def weighted_index(scores: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """Weighted mean of the present evaluation-dimension scores (columns named by dimension);
    weights of missing (NaN) dimensions are dropped and the rest renormalised."""
    values = scores[list(weights)].astype("float64")
    w = pd.Series(weights, dtype="float64")
    present = values.notna()
    total = (values.fillna(0.0) * w).sum(axis=1)
    weight = (present * w).sum(axis=1)
    return (total / weight).where(weight > 0)


def _index_table(indicators: pd.DataFrame, by: list[str],
                 weights: Stage1Weights) -> pd.DataFrame:
    """Wide table per group of `by`: the five scores, the index, its band and what is missing."""
    long = _evaluation_scores(indicators, by)
    key = by or ["_all"]
    if not by:
        long = long.assign(_all=0)
    wide = long.pivot(index=key, columns="evaluation_dimension", values="score")
    wide = wide.reindex(columns=EVALUATION_DIMENSIONS)
    counts = long.groupby(key, dropna=False)["n_indicators"].sum()
    table = pd.DataFrame(index=wide.index)
    for dimension, column in SCORE_COLUMNS.items():
        table[column] = wide[dimension]
    table["index"] = weighted_index(wide, weights.weights)
    table["band"] = [_band_name(weights, v, "id") for v in table["index"]]
    table["band_en"] = [_band_name(weights, v, "en") for v in table["index"]]
    table["n_indicators"] = counts.reindex(table.index).astype("int64")
    missing = wide.isna()
    table["dimensions_missing"] = ["; ".join(wide.columns[m]) for m in missing.to_numpy()]
    table["complete"] = ~missing.any(axis=1)
    table = table.reset_index()
    return table.drop(columns="_all") if not by else table


def _band_name(weights: Stage1Weights, value: float, lang: str) -> str | None:
    band = weights.band(value)
    if band is None:
        return None
    return band.name_id if lang == "id" else band.name_en


def _agency_names(agencies: pd.DataFrame, codes: pd.Series) -> np.ndarray:
    """Short name of each agency code (the code itself for an agency not in the list)."""
    names = agencies.set_index("agency_code")["short_name"]
    return codes.map(names).fillna(codes).to_numpy(dtype=object)


def _with_names(frame: pd.DataFrame, agencies: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.insert(frame.columns.get_loc("agency_code") + 1, "short_name",
                 _agency_names(agencies, frame["agency_code"]))
    return frame


def _rows_of_year(assessment: pd.DataFrame, year: int, scale: float) -> pd.DataFrame:
    rows = assessment[assessment["year"] == year]
    return normalised_levels(rows, scale)


def _ranked(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Weakest first: ascending index (missing index first), ties in `by` order."""
    return frame.sort_values(["index", *by], na_position="first",
                             kind="stable").reset_index(drop=True)


def _form_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort key columns of smart-city dimension, sub-dimension and evaluation dimension."""
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    sub_order = {s: i for subs in SUB_DIMENSIONS.values() for i, (s, _, _) in enumerate(subs)}
    eval_order = {d: i for i, d in enumerate(EVALUATION_DIMENSIONS)}
    return frame.assign(
        _dim=frame["dimension"].map(order).astype("float64"),
        _sub=frame["sub_dimension"].map(sub_order).astype("float64"),
        _eval=frame["evaluation_dimension"].map(eval_order).astype("float64"),
    )


def _index_by_agency(indicators, agencies, weights, previous) -> pd.DataFrame:
    table = _index_table(indicators, ["agency_code"], weights)
    evidence = indicators.groupby("agency_code")["evidence_missing"].sum()
    all_codes = pd.DataFrame({"agency_code": agencies["agency_code"].to_numpy()})
    extra = table.loc[~table["agency_code"].isin(all_codes["agency_code"]), ["agency_code"]]
    table = pd.concat([all_codes, extra]).merge(table, on="agency_code", how="left")
    table = _with_names(table, agencies)
    table.insert(2, "assessed", table["index"].notna())
    table["n_indicators"] = table["n_indicators"].astype("Int64")
    table["evidence_missing"] = table["agency_code"].map(evidence).astype("Int64")
    table["complete"] = table["complete"].astype("boolean")
    table["rank"] = table["index"].rank(ascending=False, method="min").astype("Int64")
    table["index_previous"] = table["agency_code"].map(previous).astype("float64")
    table["index_change"] = table["index"] - table["index_previous"]
    return _ranked(table, ["agency_code"])


def _all_groups(table: pd.DataFrame, groups: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """`table` with a row for every group in `groups` (empty scores for groups without rows)."""
    return groups.merge(table, on=by, how="left")


def _with_agency_count(table: pd.DataFrame, indicators: pd.DataFrame,
                       key: list[str]) -> pd.DataFrame:
    """`table` with the number of agencies scored in each group, after the key columns."""
    counts = indicators.groupby(key).agg(n_agencies=("agency_code", "nunique")).reset_index()
    table = table.merge(counts, on=key, how="left")
    table["n_agencies"] = table["n_agencies"].fillna(0).astype("int64")
    table["n_indicators"] = table["n_indicators"].astype("Int64")
    table["complete"] = table["complete"].astype("boolean")
    columns = [*key, "n_agencies", *[c for c in table.columns if c not in (*key, "n_agencies")]]
    return table[columns]


def _group_indices(indicators, weights) -> tuple[pd.DataFrame, pd.DataFrame]:
    """City index per smart-city dimension and per sub-dimension (every one listed)."""
    dims = pd.DataFrame({"dimension": DIMENSIONS})
    subs = pd.DataFrame([(d, s) for d, ss in SUB_DIMENSIONS.items() for s, _, _ in ss],
                        columns=["dimension", "sub_dimension"])
    by_dim = _all_groups(_index_table(indicators, ["dimension"], weights), dims, ["dimension"])
    scored_subs = indicators[indicators["sub_dimension"].notna()]
    by_sub = _all_groups(_index_table(scored_subs, ["dimension", "sub_dimension"], weights),
                         subs, ["dimension", "sub_dimension"])
    by_dim = _with_agency_count(by_dim, indicators, ["dimension"])
    by_sub = _with_agency_count(by_sub, scored_subs, ["dimension", "sub_dimension"])
    return _ranked(by_dim, []), _ranked(by_sub, [])


def _city_index(indicators, weights, year, agencies_table, previous_index) -> pd.DataFrame:
    city = _index_table(indicators, [], weights) if len(indicators) else pd.DataFrame(
        {**{c: [np.nan] for c in SCORE_COLUMNS.values()}, "index": [np.nan]})
    city.insert(0, "year", year)
    city["scale"] = weights.scale
    city["weights_file"] = weights.file
    city["weights_version"] = weights.version
    city["n_agencies_assessed"] = int(agencies_table["assessed"].sum())
    city["n_agencies_not_assessed"] = int((~agencies_table["assessed"]).sum())
    city["index_previous"] = previous_index
    city["index_change"] = city["index"] - previous_index
    return city


def _missing_dimensions(by_agency: pd.DataFrame, weights: Stage1Weights) -> pd.DataFrame:
    """One row per assessed agency and evaluation dimension it has no indicator in."""
    rows = [
        (r.agency_code, r.short_name, d, weights.weights[d])
        for r in by_agency[by_agency["assessed"]].itertuples()
        for d in EVALUATION_DIMENSIONS if pd.isna(getattr(r, SCORE_COLUMNS[d]))
    ]
    frame = pd.DataFrame(rows, columns=["agency_code", "short_name", "evaluation_dimension",
                                        "weight"])
    return frame.astype({"weight": "float64"})


def _evidence_todo(rows: pd.DataFrame, agencies: pd.DataFrame) -> pd.DataFrame:
    """Every assessment row without evidence: the agency's to-do list before the form."""
    lacking = rows[_evidence_lacking(rows)]
    status = np.where(lacking["evidence_present"].astype("boolean").isna(), "unknown", "missing")
    columns = ["agency_code", "dimension", "sub_dimension", "evaluation_dimension",
               "indicator_code", "indicator", "innovation_id", "evidence_ref"]
    todo = _with_names(lacking[columns].assign(evidence_status=status), agencies)
    count = todo.groupby("agency_code")["indicator_code"].transform("size")
    todo = _form_order(todo.assign(_count=count))
    todo = todo.sort_values(["_count", "agency_code", "_dim", "_sub", "_eval", "indicator_code",
                             "innovation_id"], ascending=[False] + [True] * 6,
                            na_position="last", kind="stable")
    return todo.drop(columns=["_count", "_dim", "_sub", "_eval"]).reset_index(drop=True)


def _scored_rows(rows: pd.DataFrame, agencies: pd.DataFrame) -> pd.DataFrame:
    """The year's assessment rows in form order, with their score and evidence status."""
    present = rows["evidence_present"].astype("boolean")
    status = np.where(present.isna(), "unknown", np.where(present.fillna(False), "present",
                                                          "missing"))
    columns = ["agency_code", "innovation_id", "dimension", "sub_dimension",
               "evaluation_dimension", "indicator_code", "indicator", "level", "scale_max",
               "score", "evidence_ref"]
    frame = _form_order(_with_names(rows[columns].assign(evidence_status=status), agencies))
    frame = frame.sort_values(["_dim", "_sub", "_eval", "indicator_code", "agency_code",
                               "innovation_id"], na_position="last", kind="stable")
    return frame.drop(columns=["_dim", "_sub", "_eval"]).reset_index(drop=True)


def _evidence_by_agency(rows: pd.DataFrame, agencies: pd.DataFrame) -> pd.DataFrame:
    """Per assessed agency: assessment rows, rows without evidence and their share."""
    frame = rows.assign(_lacking=_evidence_lacking(rows)).groupby("agency_code").agg(
        n_rows=("score", "size"), evidence_missing=("_lacking", "sum")).reset_index()
    frame = _with_names(frame, agencies).astype({"n_rows": "int64",
                                                 "evidence_missing": "int64"})
    frame["share_missing"] = frame["evidence_missing"] / frame["n_rows"]
    return frame.sort_values(["evidence_missing", "agency_code"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def _change_vs_previous(current: pd.DataFrame, previous: pd.DataFrame,
                        agencies: pd.DataFrame) -> pd.DataFrame:
    """Per agency and evaluation dimension: previous score, score and change, largest falls
    first; a side without indicators is empty, never zero."""
    keys = ["agency_code", "evaluation_dimension"]
    now = _evaluation_scores(current, ["agency_code"])[[*keys, "score"]]
    before = _evaluation_scores(previous, ["agency_code"])[keys + ["score"]]
    frame = before.rename(columns={"score": "score_previous"}).merge(now, on=keys, how="outer")
    frame["change"] = frame["score"] - frame["score_previous"]
    frame = _with_names(frame, agencies)
    eval_order = {d: i for i, d in enumerate(EVALUATION_DIMENSIONS)}
    frame["_eval"] = frame["evaluation_dimension"].map(eval_order)
    frame = frame.sort_values(["change", "agency_code", "_eval"], na_position="last",
                              kind="stable")
    return frame.drop(columns="_eval").reset_index(drop=True)


def _index_by_indicator(indicators: pd.DataFrame) -> pd.DataFrame:
    """City-wide per indicator: mean indicator score, agencies and rows without evidence."""
    frame = indicators.groupby(["evaluation_dimension", "indicator_code"], sort=True).agg(
        indicator=("indicator", "first"), score=("score", "mean"),
        n_agencies=("agency_code", "nunique"), evidence_missing=("evidence_missing", "sum"),
    ).reset_index().astype({"n_agencies": "int64", "evidence_missing": "int64"})
    return frame.sort_values(["score", "indicator_code"], kind="stable").reset_index(drop=True)


def stage1_scores(assessment: pd.DataFrame, agencies: pd.DataFrame, weights: Stage1Weights,
                  year: int) -> Stage1Result:
    """Every Stage I score table of `year` (the previous year, year - 1, for the change)."""
    rows = _rows_of_year(assessment, year, weights.scale)
    if rows.empty:
        raise no_rows_of_year("assessment", year, assessment["year"].dropna())
    previous_rows = _rows_of_year(assessment, year - 1, weights.scale)
    indicators = indicator_scores(rows)
    previous = indicator_scores(previous_rows)
    previous_by_agency = _index_table(previous, ["agency_code"], weights)
    previous_index = previous_by_agency.set_index("agency_code")["index"]
    previous_city = (_index_table(previous, [], weights)["index"].iloc[0]
                     if len(previous) else np.nan)
    by_agency = _index_by_agency(indicators, agencies, weights, previous_index)
    by_dimension, by_sub_dimension = _group_indices(indicators, weights)
    agency_dimension = _with_names(
        _index_table(indicators, ["agency_code", "dimension"], weights), agencies)
    dimension_scores = _with_names(_evaluation_scores(indicators, ["agency_code"]), agencies)
    not_assessed = by_agency.loc[~by_agency["assessed"], ["agency_code", "short_name"]]
    return Stage1Result(
        year=year,
        weights=weights,
        scored_rows=_scored_rows(rows, agencies),
        indicator_scores=_with_names(indicators, agencies).sort_values(
            ["score", *INDICATOR_KEYS], kind="stable").reset_index(drop=True),
        dimension_scores=dimension_scores.sort_values(
            ["score", "agency_code", "evaluation_dimension"], kind="stable"
        ).reset_index(drop=True),
        index_by_agency=by_agency,
        index_by_dimension=by_dimension,
        index_by_sub_dimension=by_sub_dimension,
        index_by_agency_dimension=_ranked(agency_dimension, ["agency_code", "dimension"]),
        index_by_indicator=_index_by_indicator(indicators),
        city_index=_city_index(indicators, weights, year, by_agency, previous_city),
        not_assessed=not_assessed.sort_values("agency_code").reset_index(drop=True),
        missing_dimensions=_missing_dimensions(by_agency, weights),
        evidence_by_agency=_evidence_by_agency(rows, agencies),
        evidence_todo=_evidence_todo(rows, agencies),
        change_vs_previous=_change_vs_previous(indicators, previous, agencies),
    )


def weight_sets(path: str | Path) -> list[Stage1Weights]:
    """The chosen weights file first, then every other `stage1_*.yaml` beside it (by name)."""
    path = Path(path)
    others = sorted(p for p in path.parent.glob("stage1_*.yaml") if p.name != path.name)
    return [read_weights(p) for p in (path, *others)]


def compare_weights(assessment: pd.DataFrame, agencies: pd.DataFrame,
                    weight_sets: list[Stage1Weights], year: int) -> pd.DataFrame:
    """Tidy: the city's and each assessed agency's index and rank under every weights set."""
    frames = []
    for weights in weight_sets:
        result = stage1_scores(assessment, agencies, weights, year)
        table = result.index_by_agency
        table = table.loc[table["assessed"], ["agency_code", "short_name", "index", "rank"]]
        city = pd.DataFrame({"agency_code": [""], "short_name": ["(city)"],
                             "index": result.city_index["index"].to_numpy(),
                             "rank": pd.array([pd.NA], dtype="Int64")})
        table = pd.concat([city, table], ignore_index=True)
        frames.append(table.assign(weights_version=weights.version))
    return pd.concat(frames, ignore_index=True)


def weights_comparison(assessment: pd.DataFrame, agencies: pd.DataFrame,
                       weight_sets: list[Stage1Weights], year: int,
                       lang: str = "id") -> pd.DataFrame:
    """For a reader: index and rank under each weights set side by side, the city first, then
    the agencies weakest first under the first set."""
    long = compare_weights(assessment, agencies, weight_sets, year)
    versions = list(dict.fromkeys(long["weights_version"]))
    first = long[long["weights_version"] == versions[0]]
    wide = first[["agency_code", "short_name"]].reset_index(drop=True)
    for version in versions:
        mine = long[long["weights_version"] == version].set_index("agency_code")
        wide[f"{label('index', lang)} ({version})"] = wide["agency_code"].map(mine["index"])
        wide[f"{label('rank', lang)} ({version})"] = (
            wide["agency_code"].map(mine["rank"]).astype("Int64"))
    city, agencies_part = wide.iloc[:1], wide.iloc[1:]
    agencies_part = agencies_part.sort_values(wide.columns[2], kind="stable")
    wide = pd.concat([city.assign(short_name=text("ev.city", lang)), agencies_part])
    wide = wide.drop(columns="agency_code").reset_index(drop=True)
    return wide.rename(columns={"short_name": label("short_name", lang)})


# ---------------------------------------------------------------- presentation

DISPLAY_COLUMNS: dict[str, list[str]] = {
    "city_index": ["year", *SCORE_COLUMNS.values(), "index", "band", "scale", "index_previous",
                   "index_change", "n_agencies_assessed", "n_agencies_not_assessed",
                   "weights_version"],
    "index_by_agency": ["short_name", *SCORE_COLUMNS.values(), "index", "band", "rank",
                        "dimensions_missing", "evidence_missing", "index_change"],
    "index_by_dimension": ["dimension", "n_agencies", *SCORE_COLUMNS.values(), "index", "band",
                           "dimensions_missing"],
    "index_by_sub_dimension": ["dimension", "sub_dimension", "n_agencies", "index", "band",
                               "dimensions_missing"],
    "index_by_indicator": ["evaluation_dimension", "indicator_code", "indicator", "score",
                           "n_agencies", "evidence_missing"],
    "indicator_scores": ["short_name", "sub_dimension", "evaluation_dimension",
                         "indicator_code", "indicator", "score", "evidence_missing"],
    "not_assessed": ["agency_code", "short_name"],
    "missing_dimensions": ["short_name", "evaluation_dimension", "weight"],
    "evidence_by_agency": ["short_name", "n_rows", "evidence_missing", "share_missing"],
    "evidence_todo": ["short_name", "sub_dimension", "evaluation_dimension", "indicator_code",
                      "indicator", "innovation_id", "evidence_status"],
    "change_vs_previous": ["short_name", "evaluation_dimension", "score_previous", "score",
                           "change"],
    "compare_weights": ["weights_version", "short_name", "index", "rank"],
    "weights": ["evaluation_dimension", "weight", "share"],
    "bands": ["band", "lower", "upper"],
}
_SCHEMA_COLUMNS = {"dimension", "evaluation_dimension", "indicator_code",
                   "indicator", "innovation_id", "evidence_ref", "level", "scale_max"}
_VALUE_KEYS = {"evidence_status": "ev.status.", "assessed": "ev.bool.", "complete": "ev.bool."}


def label(column: str, lang: str = "id") -> str:
    """The header of a score-table column in the report language."""
    if column in SCORE_COLUMNS.values():
        return next(d for d, c in SCORE_COLUMNS.items() if c == column)
    if column == "agency_code":
        return column_label(column, lang, "agencies")
    if column in _SCHEMA_COLUMNS:
        return column_label(column, lang, "assessment")
    if column == "sub_dimension":
        return text("sub_dimension", lang)
    return text(f"ev.col.{column}", lang)


def report_table(frame: pd.DataFrame, lang: str = "id", table: str | None = None,
                 head: int | None = None) -> pd.DataFrame:
    """A score table for a reader: its display columns, values and headers in `lang`."""
    frame = frame.copy()
    if "band" in frame.columns and "band_en" in frame.columns and lang == "en":
        frame["band"] = frame["band_en"]
    if "band" in frame.columns and "assessed" in frame.columns:
        frame["band"] = frame["band"].where(frame["assessed"],
                                            text("ev.status.not_assessed", lang))
    if "sub_dimension" in frame.columns:
        frame["sub_dimension"] = frame["sub_dimension"].map(
            lambda s: s if pd.isna(s) else sub_dimension_label(s, lang))
    if "short_name" in frame.columns:
        frame["short_name"] = frame["short_name"].replace("(city)", text("ev.city", lang))
    for column, prefix in _VALUE_KEYS.items():
        if column in frame.columns:
            frame[column] = frame[column].map(
                lambda v, p=prefix: v if pd.isna(v) else text(f"{p}{str(v).lower()}", lang))
    for column in ("innovation_id", "dimensions_missing"):
        if column in frame.columns:
            frame[column] = frame[column].fillna("")
    if table is not None:
        frame = frame[[c for c in DISPLAY_COLUMNS[table] if c in frame.columns]]
    if head is not None:
        frame = frame.head(head)
    return frame.rename(columns={c: label(c, lang) for c in frame.columns})


def weights_note(weights: Stage1Weights, lang: str = "id") -> str:
    """One line saying which weights file and version the index was computed with."""
    return text("ev.weights_note", lang).format(
        file=weights.file, version=weights.version, source=weights.source,
        scale=f"{weights.scale:g}")


# ---------------------------------------------------------------- figures


def _agency_matrix(result: Stage1Result, lang: str) -> pd.DataFrame:
    """Agency x evaluation-dimension scores plus the index, weakest agency on top."""
    table = result.index_by_agency
    matrix = table[[*SCORE_COLUMNS.values(), "index"]].copy()
    matrix.columns = [*EVALUATION_DIMENSIONS, text("ev.col.index", lang)]
    not_assessed = text("ev.not_assessed_mark", lang)
    matrix.index = [n if a else f"{n} {not_assessed}"
                    for n, a in zip(table["short_name"], table["assessed"], strict=True)]
    return matrix


def agency_heatmap(result: Stage1Result, lang: str = "id"):
    """Heatmap of every agency's evaluation-dimension scores and index (empty = missing)."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    matrix = _agency_matrix(result, lang)
    fig, ax = plt.subplots(figsize=(8.0, max(3.0, 0.3 * len(matrix) + 1.5)))
    sns.heatmap(matrix, annot=True, fmt=".2f", cmap="RdYlGn", vmin=0, vmax=result.weights.scale,
                linewidths=0.5, cbar_kws={"label": text("ev.fig.score_axis", lang)}, ax=ax)
    ax.set_title(text("ev.fig.heatmap", lang).format(year=result.year))
    ax.tick_params(axis="x", labelrotation=30)
    ax.set_xlabel(text("evaluation_dimension", lang))
    ax.set_ylabel(text("agency", lang))
    fig.tight_layout()
    return fig


def dimension_vs_city(result: Stage1Result, lang: str = "id"):
    """One panel per smart-city dimension: its evaluation-dimension scores and index as bars,
    the city's as black marks."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    columns = [*SCORE_COLUMNS.values(), "index"]
    names = [*EVALUATION_DIMENSIONS, text("ev.col.index", lang)]
    city = result.city_index[columns].iloc[0].to_numpy(dtype=float)
    by_dim = result.index_by_dimension.set_index("dimension")
    fig, axes = plt.subplots(2, 3, figsize=(11.0, 6.5), sharex=True, sharey=True)
    positions = np.arange(len(columns))
    for ax, dimension in zip(axes.flat, DIMENSIONS, strict=True):
        values = by_dim.loc[dimension, columns].to_numpy(dtype=float)
        sns.barplot(x=values, y=names, orient="h", color="#4C72B0", ax=ax,
                    label=text("ev.fig.dimension_bar", lang))
        ax.scatter(city, positions, color="black", marker="|", s=300, zorder=3,
                   label=text("ev.city", lang))
        ax.set_xlim(0, result.weights.scale)
        ax.set_title(dimension)
        ax.set_xlabel(text("ev.fig.score_axis", lang) if ax in axes[1] else "")
        ax.legend().remove()
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncols=2, fontsize="small")
    fig.suptitle(text("ev.fig.vs_city", lang).format(year=result.year))
    fig.tight_layout()
    return fig


def index_distribution(result: Stage1Result, lang: str = "id"):
    """Histogram of the agency indices on the report scale, with the city index and the band
    boundaries marked."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    scale = result.weights.scale
    values = result.index_by_agency["index"].dropna()
    fig, ax = plt.subplots()
    sns.histplot(values, bins=np.linspace(0, scale, 17), color="#4C72B0", ax=ax)
    for band in result.weights.bands[1:]:
        ax.axvline(band.lower, color="grey", linestyle=":", linewidth=1)
    city = result.city_index["index"].iloc[0]
    ax.axvline(city, color="black", linewidth=2,
               label=f"{text('ev.city', lang)} ({city:.2f})")
    ax.set_xlim(0, scale)
    ax.set_title(text("ev.fig.distribution", lang).format(year=result.year))
    ax.set_xlabel(text("ev.fig.index_axis", lang).format(scale=f"{scale:g}"))
    ax.set_ylabel(text("ev.fig.agency_count", lang))
    ax.legend()
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- exports and next steps


def write_stage1_tables(result: Stage1Result, out_dir: Path) -> list[Path]:
    """Write every score table as its artifact (tidy CSV, canonical column names)."""
    return [write_table(out_dir, name, frame) for name, frame in result.tables().items()]


def _weakest_agencies(result: Stage1Result, n: int) -> pd.DataFrame:
    table = result.index_by_agency
    return table[table["assessed"]].head(n)


def next_steps(result: Stage1Result, lang: str = "id", n: int = 3) -> str:
    """'What to do next' in markdown: weakest agencies, indicators, sub-dimensions, evidence."""
    t = lambda key: text(f"ev.next.{key}", lang)  # noqa: E731
    weakest = _weakest_agencies(result, n)
    agencies = ", ".join(f"{r.short_name} ({r.index:.2f})" for r in weakest.itertuples())
    indicators = ", ".join(f"{r.indicator_code} {r.indicator} ({r.score:.2f})"
                           for r in result.index_by_indicator.head(n).itertuples())
    subs = result.index_by_sub_dimension.dropna(subset=["index"]).head(n)
    sub_text = ", ".join(f"{sub_dimension_label(r.sub_dimension, lang)} ({r.index:.2f})"
                         for r in subs.itertuples())
    empty = result.index_by_sub_dimension["index"].isna().sum()
    todo = result.evidence_by_agency
    todo = todo[todo["evidence_missing"] > 0]
    evidence = ", ".join(f"{r.short_name} ({r.evidence_missing})"
                         for r in todo.head(n + 2).itertuples())
    lines = [
        t("agencies").format(agencies=agencies or "-"),
        t("indicators").format(indicators=indicators or "-"),
        t("sub_dimensions").format(sub_dimensions=sub_text or "-", empty=empty),
        t("evidence").format(total=int(todo["evidence_missing"].sum()), agencies=len(todo),
                             list=evidence or "-"),
    ]
    if len(result.missing_dimensions):
        lines.append(t("missing").format(
            agencies=result.missing_dimensions["agency_code"].nunique()))
    if len(result.not_assessed):
        lines.append(t("not_assessed").format(
            agencies=", ".join(result.not_assessed["short_name"])))
    return "\n".join(f"- {line}" for line in lines)

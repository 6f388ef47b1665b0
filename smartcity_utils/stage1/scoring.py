"""Stage I evaluation: indicator levels -> evaluation-dimension scores -> weighted index.

The rules (docs/evaluation.md says the same, with examples):

- **Normalised score.** Each assessment row's level becomes ``level / scale_max * scale`` on the
  report scale of the weights file, so rows on different scales can be averaged.
- **Indicator score.** The mean of the rows of one agency, smart-city dimension, sub-dimension,
  evaluation dimension and indicator code (several innovations assessed on one indicator give
  one score).
- **Evaluation-dimension score** of any group (an agency, a smart-city dimension or
  sub-dimension, an agency within a dimension, the city): the mean of the indicator scores in it.
- **Index**: the weighted mean of the group's evaluation-dimension scores; `index_published`
  is it as the ministry publishes it, `index_change` the improvement as published (`published`).
- **Missing rule.** An evaluation dimension with no indicator in a group is *missing*: it is never
  scored as zero. The index is computed over the dimensions present, with their weights
  renormalised to sum to one, and the group is flagged with the dimensions it misses. An agency
  with no row at all in the year is *not assessed*: listed, never dropped, and without an index.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from smartcity_utils.artifacts import STAGE1_TABLES
from smartcity_utils.errors import no_rows_of_year
from smartcity_utils.names import agency_labels
from smartcity_utils.stage1.actions import index_actions
from smartcity_utils.stage1.levels import normalised_levels
from smartcity_utils.stage1.published import improvement, published_index
from smartcity_utils.stage1.rows import (
    INDICATOR_KEYS,
    evidence_known,
    evidence_lacking,
    form_order,
    impact_sources,
)
from smartcity_utils.stage1.weights import Stage1Weights
from smartcity_utils.vocabulary import (
    DIMENSIONS,
    EVALUATION_DIMENSIONS,
    SUB_DIMENSIONS,
)

SCORE_COLUMNS = {d: "score_" + d.lower().replace(" ", "_") for d in EVALUATION_DIMENSIONS}
"""Column of each evaluation dimension's score in the wide index tables."""


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
    index_actions: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every score table by its export name (01's other artifacts, such as the Stage II
        readiness checklist, are written by their own sections)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in STAGE1_TABLES}


def indicator_scores(rows: pd.DataFrame) -> pd.DataFrame:
    """One score per agency, dimension, sub-dimension, evaluation dimension and indicator."""
    rows = rows.assign(_lacking=evidence_lacking(rows))
    grouped = rows.groupby(INDICATOR_KEYS, dropna=False, sort=True)
    scores = grouped.agg(
        indicator=("indicator", "first"),
        score=("score", "mean"),
        n_rows=("score", "size"),
        evidence_missing=("_lacking", "sum"),
    ).reset_index().astype({"n_rows": "int64", "evidence_missing": "Int64"})
    if scores.empty:
        return scores
    known = scores["agency_code"].map(evidence_known(rows)).fillna(False).astype(bool)
    scores["evidence_missing"] = scores["evidence_missing"].where(known)
    return scores


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
    table["index_published"] = published_index(table["index"], weights.published_value)
    # the band of the value the reader sees: 2.497 is shown 2,50 and is Baik, not Cukup
    table["band"] = [_band_name(weights, v, "id") for v in table["index_published"]]
    table["band_en"] = [_band_name(weights, v, "en") for v in table["index_published"]]
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


def _with_names(frame: pd.DataFrame, agencies: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each agency's display name beside its code (names.agency_labels)."""
    frame = frame.copy()
    frame.insert(frame.columns.get_loc("agency_code") + 1, "short_name",
                 np.array(agency_labels(frame["agency_code"], agencies), dtype=object))
    return frame


def _rows_of_year(assessment: pd.DataFrame, year: int, scale: float) -> pd.DataFrame:
    rows = assessment[assessment["year"] == year]
    return normalised_levels(rows, scale)


def _ranked(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Weakest first: ascending index (missing index first), ties in `by` order."""
    return frame.sort_values(["index", *by], na_position="first",
                             kind="stable").reset_index(drop=True)


def _index_by_agency(indicators, agencies, weights, previous) -> pd.DataFrame:
    table = _index_table(indicators, ["agency_code"], weights)
    evidence = indicators.groupby("agency_code")["evidence_missing"].sum(min_count=1)
    all_codes = pd.DataFrame({"agency_code": agencies["agency_code"].to_numpy()})
    extra = table.loc[~table["agency_code"].isin(all_codes["agency_code"]), ["agency_code"]]
    table = pd.concat([all_codes, extra]).merge(table, on="agency_code", how="left")
    table = _with_names(table, agencies)
    table.insert(2, "assessed", table["index"].notna())
    table["n_indicators"] = table["n_indicators"].astype("Int64")
    table["evidence_missing"] = table["agency_code"].map(evidence).astype("Int64")
    table["complete"] = table["complete"].astype("boolean")
    table["rank"] = table["index"].rank(ascending=False, method="min").astype("Int64")
    table["index_previous"] = published_index(
        table["agency_code"].map(previous).astype("float64"), weights.published_value)
    table["index_change"] = improvement(table["index_published"], table["index_previous"],
                                        weights.published_value)
    table["impact_source"] = table["agency_code"].map(impact_sources(indicators))
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
        {**{c: [np.nan] for c in SCORE_COLUMNS.values()}, "index": [np.nan],
         "index_published": [np.nan], "band": [None],
         "band_en": [None], "n_indicators": [0],
         "dimensions_missing": ["; ".join(EVALUATION_DIMENSIONS)], "complete": [False]})
    city.insert(0, "year", year)
    city["scale"] = weights.scale
    city["rulebook_file"] = weights.file
    city["rulebook_version"] = weights.version
    city["n_agencies_assessed"] = int(agencies_table["assessed"].sum())
    city["n_agencies_not_assessed"] = int((~agencies_table["assessed"]).sum())
    city["index_previous"] = published_index(pd.Series(previous_index, index=city.index,
                                                       dtype="float64"), weights.published_value)
    city["index_change"] = improvement(city["index_published"], city["index_previous"],
                                       weights.published_value)
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
    lacking = rows[evidence_lacking(rows)]
    status = np.where(lacking["evidence_present"].astype("boolean").isna(), "unknown", "missing")
    columns = ["agency_code", "dimension", "sub_dimension", "evaluation_dimension",
               "indicator_code", "indicator", "innovation_id", "evidence_ref"]
    todo = _with_names(lacking[columns].assign(evidence_status=status), agencies)
    count = todo.groupby("agency_code")["indicator_code"].transform("size")
    todo = form_order(todo.assign(_count=count))
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
    # the fields `smartcity suggest` filled in each row ('' for none), for the form to mark
    suggested = rows["suggested"] if "suggested" in rows else ""
    frame = form_order(_with_names(rows[columns].assign(evidence_status=status,
                                                         suggested=suggested), agencies))
    frame = frame.sort_values(["_dim", "_sub", "_eval", "indicator_code", "agency_code",
                               "innovation_id"], na_position="last", kind="stable")
    return frame.drop(columns=["_dim", "_sub", "_eval"]).reset_index(drop=True)


def _evidence_by_agency(rows: pd.DataFrame, agencies: pd.DataFrame) -> pd.DataFrame:
    """Per assessed agency: assessment rows, rows without evidence and their share."""
    frame = rows.assign(_lacking=evidence_lacking(rows)).groupby("agency_code").agg(
        n_rows=("score", "size"), evidence_missing=("_lacking", "sum")).reset_index()
    frame = _with_names(frame, agencies).astype({"n_rows": "int64",
                                                 "evidence_missing": "Int64"})
    known = frame["agency_code"].map(evidence_known(rows)).fillna(False).astype(bool)
    frame["evidence_missing"] = frame["evidence_missing"].where(known)
    frame["share_missing"] = (frame["evidence_missing"] / frame["n_rows"]).astype("float64")
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
        n_agencies=("agency_code", "nunique"),
        evidence_missing=("evidence_missing", lambda v: v.sum(min_count=1)),
    ).reset_index().astype({"n_agencies": "int64", "evidence_missing": "Int64"})
    return frame.sort_values(["score", "indicator_code"], kind="stable").reset_index(drop=True)


def stage1_scores(assessment: pd.DataFrame, agencies: pd.DataFrame, weights: Stage1Weights,
                  year: int) -> Stage1Result:
    """Every Stage I score table of `year` (the previous year, year - 1, for the change)."""
    rows = _rows_of_year(assessment, year, weights.scale)
    if rows.empty and len(assessment):
        raise no_rows_of_year("assessment", year, assessment["year"].dropna())
    # no assessment data at all: every table is empty and the report says Stage I cannot be
    # evaluated (tables.next_steps, the figures); the later workbooks go on without it
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
        index_actions=index_actions(rows, agencies, weights),
    )


def compare_weights(assessment: pd.DataFrame, agencies: pd.DataFrame,
                    weight_sets: list[Stage1Weights], year: int) -> pd.DataFrame:
    """Tidy: the city's and each assessed agency's index, published index and rank under every
    rulebook.
    Only the indicator scores and the two indices are computed per set, the way
    `stage1_scores` computes them (a whole `stage1_scores` per set took 25 s nationally)."""
    frames = []
    for weights in weight_sets:
        rows = _rows_of_year(assessment, year, weights.scale)
        if rows.empty and len(assessment):
            raise no_rows_of_year("assessment", year, assessment["year"].dropna())
        indicators = indicator_scores(rows)
        table = _index_by_agency(indicators, agencies, weights, pd.Series(dtype="float64"))
        table = table.loc[table["assessed"], ["agency_code", "short_name", "index",
                                              "index_published", "rank"]]
        city = _index_table(indicators, [], weights) if len(indicators) else pd.DataFrame(
            {"index": [np.nan], "index_published": [np.nan]})
        city = city[["index", "index_published"]].assign(
            agency_code="", short_name="(city)", rank=pd.array([pd.NA], dtype="Int64"))
        table = pd.concat([city, table], ignore_index=True)
        frames.append(table.assign(rulebook_version=weights.version))
    return pd.concat(frames, ignore_index=True)

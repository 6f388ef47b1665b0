"""Choosing the programmes to survey: one per sub-dimension, with alternates.

A programme is eligible when its row of the survey year is implemented (a `tahapan` of the
rules), not stopped (`status`) and has at least `min_beneficiaries` beneficiaries: the
respondents are its beneficiaries. The eligible programmes of a sub-dimension are ranked by the
rules' `rank_by` keys, more first, then by innovation id; the first is chosen and the next
ones are its alternates. The team can pin a programme (chosen whatever its rank, with what it
lacks said) or exclude one, each with its reason. A sub-dimension with no eligible programme
names the first requirement none of its innovations meets.
"""

from __future__ import annotations

import pandas as pd

from smartcity_utils.errors import DataError, ParamsError, no_rows_of_year
from smartcity_utils.names import display_names
from smartcity_utils.survey.models import Agency, Programme, SubDimensionChoice
from smartcity_utils.survey.rules import SurveyRules
from smartcity_utils.vocabulary import PENTAHELIX, SUB_DIMENSIONS

FUNNEL = ("registered", "implemented", "running", "with_beneficiaries", "not_excluded")
MISSING_AT = {"registered": "no_innovation", "implemented": "not_implemented",
              "running": "not_running", "with_beneficiaries": "no_beneficiaries",
              "not_excluded": "all_excluded"}


def survey_year(innovations: pd.DataFrame, year: int | None) -> int:
    """The year whose registry rows are surveyed: `year`, else the registry's latest."""
    years = innovations["year"].dropna()
    if year is None:
        if years.empty:
            raise DataError("the innovation registry has no rows: there is nothing to survey")
        return int(years.max())
    if not (years == year).any():
        raise no_rows_of_year("innovations", year, years)
    return year


def _since(innovations: pd.DataFrame) -> pd.Series:
    """Innovation id -> the first year it is known to run: its first registry year or its
    start date's year, whichever is earlier."""
    started = pd.to_datetime(innovations["start_date"]).dt.year if "start_date" in innovations \
        else pd.Series(pd.NA, index=innovations.index)
    first = pd.concat([innovations["year"], started], axis=1).min(axis=1, skipna=True)
    return first.groupby(innovations["innovation_id"]).min()


def _sectors(rows: pd.DataFrame) -> pd.Series:
    columns = [f"pentahelix_{s}" for s in PENTAHELIX if f"pentahelix_{s}" in rows]
    return rows[columns].fillna(False).astype(bool).sum(axis=1).astype(int) if columns \
        else pd.Series(0, index=rows.index)


def _candidates(innovations: pd.DataFrame, agencies: dict[str, Agency],
                year: int) -> pd.DataFrame:
    """The survey year's rows with what ranking and reporting need."""
    rows = innovations[innovations["year"] == year].copy()
    since = _since(innovations)
    rows["years_running"] = [int(year - since[i] + 1) for i in rows["innovation_id"]]
    rows["pentahelix_sectors"] = _sectors(rows)
    rows["agency"] = [agencies.get(c) or Agency(code=c, name=c, short=c)
                      for c in rows["agency_code"]]
    return rows


def survey_agencies(agencies: pd.DataFrame) -> dict[str, Agency]:
    """Each agency of the clean agencies table by code, with its full and display names."""
    short = display_names(agencies)
    return {code: Agency(code=code, name=_text(name) or short[code], short=short[code])
            for code, name in zip(agencies["agency_code"], agencies["agency_name"],
                                  strict=True)}


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _int_or_none(value) -> int | None:
    return None if pd.isna(value) else int(value)


def _shortfalls(row: pd.Series, rules: SurveyRules) -> tuple[str, ...]:
    out = []
    if row["tahapan"] not in rules.eligible.tahapan:
        out.append("tahapan")
    if _text(row.get("status")) in rules.eligible.exclude_status:
        out.append("status")
    if pd.isna(row["beneficiaries"]) or row["beneficiaries"] < rules.eligible.min_beneficiaries:
        out.append("beneficiaries")
    return tuple(out)


def _programme(row: pd.Series, role: str, **extra) -> Programme:
    return Programme(
        innovation_id=str(row["innovation_id"]), innovation_name=_text(row["innovation_name"]),
        agency=row["agency"],
        dimension=row["dimension"], sub_dimension=row["sub_dimension"],
        description=_text(row.get("description")), tahapan=_text(row["tahapan"]) or None,
        status=_text(row.get("status")) or None,
        beneficiaries=_int_or_none(row["beneficiaries"]), years_running=row["years_running"],
        pentahelix_sectors=int(row["pentahelix_sectors"]), role=role, **extra)


def _ranked(rows: pd.DataFrame, rules: SurveyRules) -> pd.DataFrame:
    keys = list(rules.rank_by)
    return rows.sort_values([*keys, "innovation_id"], ascending=[False] * len(keys) + [True],
                            kind="mergesort")


def _check_listed(ids: dict[str, str], rows: pd.DataFrame, key: str, source: str,
                  year: int) -> None:
    unknown = sorted(set(ids) - set(rows["innovation_id"]))
    if unknown:
        raise ParamsError(f"{source}: {key}: {', '.join(unknown)} not in the registry's "
                          f"innovations of {year}")


def _one_sub_dimension(dimension: str, sub: str, rows: pd.DataFrame,
                       rules: SurveyRules, source: str) -> SubDimensionChoice:
    steps = [rows]
    steps.append(steps[-1][steps[-1]["tahapan"].isin(rules.eligible.tahapan)])
    steps.append(steps[-1][~steps[-1]["status"].isin(rules.eligible.exclude_status)])
    steps.append(steps[-1][steps[-1]["beneficiaries"].fillna(0)
                           >= rules.eligible.min_beneficiaries])
    steps.append(steps[-1][~steps[-1]["innovation_id"].isin(rules.exclude)])
    funnel = dict(zip(FUNNEL, (len(s) for s in steps), strict=True))
    eligible = _ranked(steps[-1], rules)
    rank = {i: n for n, i in enumerate(eligible["innovation_id"], start=1)}

    pins = rows[rows["innovation_id"].isin(rules.pin)]
    if len(pins) > 1:
        raise ParamsError(f"{source}: pin: {', '.join(pins['innovation_id'])} are all in "
                          f"{sub}; pin one programme per sub-dimension")
    programmes = []
    if len(pins):
        row = pins.iloc[0]
        programmes.append(_programme(row, "chosen", rank=rank.get(row["innovation_id"]),
                                     pinned=rules.pin[row["innovation_id"]],
                                     shortfalls=_shortfalls(row, rules)))
        eligible = eligible[eligible["innovation_id"] != row["innovation_id"]]
    elif len(eligible):
        programmes.append(_programme(eligible.iloc[0], "chosen", rank=1))
        eligible = eligible.iloc[1:]
    for _, row in eligible.head(rules.alternates).iterrows():
        programmes.append(_programme(row, "alternate", rank=rank[row["innovation_id"]]))
    for _, row in rows[rows["innovation_id"].isin(rules.exclude)].iterrows():
        programmes.append(_programme(row, "excluded", excluded=rules.exclude[row["innovation_id"]]))
    missing = None
    if not programmes or programmes[0].role != "chosen":
        missing = MISSING_AT[next(step for step in FUNNEL if funnel[step] == 0)]
    return SubDimensionChoice(dimension=dimension, sub_dimension=sub,
                              programmes=tuple(programmes), eligible=len(rank),
                              funnel=funnel, missing=missing)


def choose_programmes(innovations: pd.DataFrame, agencies: dict[str, Agency],
                      rules: SurveyRules, year: int,
                      source: str = "impact_survey.yaml") -> list[SubDimensionChoice]:
    """One choice per sub-dimension (in the vocabulary's order) from the clean registry
    (`agencies`: code -> its names, `survey_agencies`); `source` names the rules file in
    errors."""
    rows = _candidates(innovations, agencies, year)
    _check_listed(rules.pin, rows, "pin", source, year)
    _check_listed(rules.exclude, rows, "exclude", source, year)
    return [_one_sub_dimension(dimension, sub, rows[rows["sub_dimension"] == sub], rules, source)
            for dimension, subs in SUB_DIMENSIONS.items() for sub, _, _ in subs]

"""Data-quality flags: values that pass validation but look wrong, for the team to check.

A budget of 0 (read later as "cost unknown", never as free) or a round placeholder budget, a
beneficiary count far outside the registry's own range, the same innovation name in several
agencies, a description that is empty or only repeats the name. A flag is a question for the
agency, not a rejection: the row stays in the data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smartcity_utils.formatting import money
from smartcity_utils.names import agency_labels
from smartcity_utils.strings import column_label, text
from smartcity_utils.words import words

ROUND_BUDGET_FROM = 10_000_000   # a budget of one significant digit from here up looks placeholder
OUTLIER_FENCE = 3.0              # Tukey's far-out fence: quartile -/+ 3 IQR (on log10 scale)
MIN_FOR_RANGE = 10               # rows with beneficiaries needed before a range is judged
FLAG_COLUMNS = ["innovation_id", "innovation_name", "agency_code", "year", "column", "value",
                "flag"]


def _one_significant_digit(amount: pd.Series) -> pd.Series:
    exponent = np.floor(np.log10(amount.where(amount > 0)))
    return (amount % (10 ** exponent)) == 0


def budget_flags(rows: pd.DataFrame) -> pd.DataFrame:
    """Budgets of exactly 0, and round budgets (one significant digit, >= ROUND_BUDGET_FROM)."""
    budget = rows["budget_idr"].astype(float)
    zero = rows[budget == 0].assign(column="budget_idr", value="0",
                                    flag=text("dq.flag_zero_budget"))
    is_round = (budget >= ROUND_BUDGET_FROM) & _one_significant_digit(budget).fillna(False)
    round_rows = rows[is_round.to_numpy(dtype=bool)]
    shown = [money(v) for v in round_rows["budget_idr"].astype(float)]
    round_rows = round_rows.assign(column="budget_idr", value=shown,
                                   flag=[text("dq.flag_round_budget").format(value=v)
                                         for v in shown])
    return pd.concat([zero, round_rows])


def beneficiary_flags(rows: pd.DataFrame) -> pd.DataFrame:
    """Beneficiary counts beyond the far-out fences of the registry's own values (log scale)."""
    count = rows["beneficiaries"].astype(float)
    known = np.log10(count.dropna().clip(lower=0) + 1)
    if len(known) < MIN_FOR_RANGE:
        return rows.iloc[0:0]
    q1, q3 = np.percentile(known, [25, 75])
    low, high = q1 - OUTLIER_FENCE * (q3 - q1), q3 + OUTLIER_FENCE * (q3 - q1)
    scaled = np.log10(count.clip(lower=0) + 1)
    far = rows[((scaled < low) | (scaled > high)).fillna(False).to_numpy(dtype=bool)]
    low_count, high_count = max(0, round(10**low - 1)), round(10**high - 1)
    return far.assign(column="beneficiaries",
                      value=far["beneficiaries"].astype("Int64").astype(str),
                      flag=[text("dq.flag_beneficiaries_outlier").format(
                          value=int(v), low=low_count, high=high_count)
                          for v in far["beneficiaries"]])


def name_key(name: object) -> str:
    """An innovation name compared loosely: folded words, web addresses and punctuation out."""
    return " ".join(words(name))


def same_name_flags(latest: pd.DataFrame) -> pd.DataFrame:
    """Innovations whose name (compared loosely) is used by two or more agencies."""
    key = latest["innovation_name"].map(name_key)
    agencies = latest.groupby(key)["agency_code"].agg(lambda a: sorted(set(a)))
    shared = key.map(agencies)
    many = shared.map(len) > 1
    rows = latest[many.to_numpy()]
    return rows.assign(column="innovation_name", value=rows["innovation_name"],
                       flag=[text("dq.flag_same_name").format(n=len(a), agencies=", ".join(a))
                             for a in shared[many]])


def description_flags(latest: pd.DataFrame) -> pd.DataFrame:
    """Descriptions that are empty, or whose words are all words of the name."""
    description = latest["description"].fillna("").astype(str)
    own = [set(words(d)) for d in description]
    name = [set(words(n)) for n in latest["innovation_name"]]
    empty = np.array([not w for w in own])
    copies = np.array([bool(w) and w <= n for w, n in zip(own, name, strict=True)])
    return pd.concat([
        latest[empty].assign(column="description", value="",
                             flag=text("dq.flag_empty_description")),
        latest[copies].assign(column="description", value=description[copies],
                              flag=text("dq.flag_description_is_name")),
    ])


def suspicious_values(innovations: pd.DataFrame) -> pd.DataFrame:
    """Every flag of the registry (FLAG_COLUMNS), by innovation and column. Amounts are judged
    on every row; names and descriptions on each innovation's latest row."""
    if innovations.empty:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    rows = innovations.sort_values(["innovation_id", "year"], kind="stable")
    latest = rows.drop_duplicates("innovation_id", keep="last")
    flags = pd.concat([budget_flags(rows), beneficiary_flags(rows), same_name_flags(latest),
                       description_flags(latest)])
    flags = flags.reindex(columns=FLAG_COLUMNS)
    flags["value"] = flags["value"].astype(str)
    flags = flags.sort_values(["innovation_id", "year", "column"], kind="stable")
    return flags.reset_index(drop=True)


def flags_table(flags: pd.DataFrame, agencies: pd.DataFrame | None = None) -> pd.DataFrame:
    """The flags for reading: headers, the flagged column and the agency by their names in the
    report language; or one line that there are none."""
    if flags.empty:
        return pd.DataFrame({text("dq.flag"): [text("dq.flags_none")]})
    shown = flags.assign(column=[column_label(c, table="innovations") for c in flags["column"]])
    if agencies is not None:
        shown["agency_code"] = agency_labels(shown["agency_code"], agencies)
    return shown.rename(columns={
        "innovation_id": text("qw.innovation_id"), "innovation_name": text("qw.innovation"),
        "agency_code": text("agency"), "year": text("year"), "column": text("dq.column"),
        "value": text("dq.value"), "flag": text("dq.flag"),
    })

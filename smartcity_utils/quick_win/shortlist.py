"""The Quick Win shortlist: the candidates with the largest total priority within the budget.

An exact 0-1 integer programme (PuLP with its bundled CBC solver): maximise the sum of the
chosen candidates' priority subject to the year's budget and optional limits per agency and
per smart-city dimension. An integer programme rather than a knapsack table because the
agency and dimension limits are extra constraints a one-dimensional knapsack cannot hold, and
rupiah amounts need no rescaling. Each chosen candidate and each near miss gets a reason.

With a minimum per dimension (`min_per_dimension`) the objective is lexicographic, so the
programme is always feasible: first the most places filled towards the dimensions' minimums
(with a minimum of 1: the most dimensions on the shortlist), then the largest total priority
among the selections that fill that many. Two exact solves, not a weighted sum of the two.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pandas as pd
import pulp

from smartcity_utils.errors import DataError
from smartcity_utils.formatting import money
from smartcity_utils.quick_win.reasons import QuickWinTerms, reason_text
from smartcity_utils.quick_win.scoring import score_rank
from smartcity_utils.quick_win.tables import labelled
from smartcity_utils.strings import text

REQUIRED = ("priority", "cost_idr", "agency_code", "dimension")
# Two selections whose total priorities differ by less than this are equally good.
_SAME_TOTAL = 1e-9


@dataclass(frozen=True)
class Shortlist:
    selected: list[str]  # innovation ids chosen, in the candidates' order
    total_priority: float
    total_cost: float
    budget: float
    eligible: list[str]  # candidates with a known cost
    # each dimension's minimum in force: min_per_dimension, capped by its eligible candidates
    # and max_per_dimension; a dimension without an eligible candidate has none
    minimums: dict[str, int] = field(default_factory=dict)
    # chosen only because of the minimums: in no best selection without them
    for_dimension: list[str] = field(default_factory=list)
    # left out only because of the minimums: in every best selection without them
    displaced: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Limits:
    budget: float
    max_per_agency: int | None
    max_per_dimension: int | None
    max_total: int | None


def _check(candidates: pd.DataFrame, budget: float) -> None:
    missing = [c for c in REQUIRED if c not in candidates.columns]
    if missing:
        raise DataError(f"shortlist candidates lack column(s): {', '.join(missing)}")
    if not candidates.index.is_unique:
        raise DataError("shortlist candidates must have unique innovation ids")
    if budget is None or not budget >= 0:
        raise DataError(f"the Quick Win budget must be a number >= 0, got {budget!r}")
    if (candidates["cost_idr"].dropna() < 0).any():
        raise DataError("a candidate's budget is negative")
    if candidates["priority"].isna().any():
        raise DataError("a candidate has no priority score")


def _within_limits(chosen: pd.DataFrame, limits: _Limits) -> bool:
    """True when the chosen rows respect the budget and every limit, in exact arithmetic."""
    if chosen["cost_idr"].sum() > limits.budget or (limits.max_total is not None
                                                     and len(chosen) > limits.max_total):
        return False
    for column, limit in (("agency_code", limits.max_per_agency),
                          ("dimension", limits.max_per_dimension)):
        if limit is not None and len(chosen) and chosen[column].value_counts().max() > limit:
            return False
    return True


def dimension_minimums(eligible: pd.DataFrame, min_per_dimension: int | None,
                       max_per_dimension: int | None) -> dict[str, int]:
    """Each dimension's minimum: `min_per_dimension`, but never more than the dimension's
    eligible candidates or `max_per_dimension`; {} when the rule is off (0 or None)."""
    if not min_per_dimension:
        return {}
    counts = eligible["dimension"].value_counts()
    return {dimension: min(min_per_dimension, int(n), max_per_dimension or int(n))
            for dimension, n in sorted(counts.items())}


def places_filled(chosen: pd.DataFrame, minimums: dict[str, int]) -> int:
    """Places filled towards the minimums: each dimension's chosen count, up to its minimum."""
    counts = chosen["dimension"].value_counts()
    return sum(min(int(counts.get(dimension, 0)), need) for dimension, need in minimums.items())


def _solver() -> pulp.LpSolver:
    """CBC with zero optimality gap: a system CBC (COIN_CMD) when installed, else the binary
    bundled with PuLP 3 (deprecated there, removed in PuLP 4: then install `pulp[cbc]`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        system = pulp.COIN_CMD(msg=False, gapRel=0, gapAbs=0)
        if system.available():
            return system
        return pulp.PULP_CBC_CMD(msg=False, gapRel=0, gapAbs=0)


def _programme(eligible: pd.DataFrame, limits: _Limits,
               minimums: dict[str, int]) -> tuple[pulp.LpProblem, dict, pulp.LpAffineExpression]:
    """The constraints, the choice variables and the places filled towards the minimums (an
    integer z per dimension, at most its minimum and at most its chosen count)."""
    problem = pulp.LpProblem("quick_win_shortlist", pulp.LpMaximize)
    x = {i: problem.add_variable(f"x{n}", cat="Binary") for n, i in enumerate(eligible.index)}
    problem += (pulp.lpSum(float(eligible.at[i, "cost_idr"]) * x[i] for i in x)
                <= float(limits.budget))
    if limits.max_total is not None:
        problem += pulp.lpSum(x.values()) <= limits.max_total
    for column, limit in (("agency_code", limits.max_per_agency),
                          ("dimension", limits.max_per_dimension)):
        if limit is None:
            continue
        for _, ids in eligible.groupby(column, sort=True).groups.items():
            problem += pulp.lpSum(x[i] for i in ids) <= limit
    places = []
    for n, (dimension, ids) in enumerate(eligible.groupby("dimension", sort=True).groups.items()):
        if dimension in minimums:
            z = problem.add_variable(f"z{n}", lowBound=0, upBound=minimums[dimension],
                                     cat="Integer")
            problem += z <= pulp.lpSum(x[i] for i in ids)
            places.append(z)
    return problem, x, pulp.lpSum(places)


def _solve(problem: pulp.LpProblem, x: dict, eligible: pd.DataFrame,
           limits: _Limits) -> pd.DataFrame:
    """The programme's optimal selection, checked in exact arithmetic."""
    while True:
        status = problem.solve(_solver())
        if pulp.LpStatus[status] != "Optimal":
            raise DataError(f"the shortlist solver ended with status {pulp.LpStatus[status]}")
        chosen_ids = [i for i in eligible.index if x[i].value() > 0.5]
        chosen = eligible.loc[chosen_ids]
        if _within_limits(chosen, limits):
            return chosen
        # The solver's tolerances let a selection over by a few rupiah through: cut exactly
        # that selection (and its supersets, all over too) off and solve again (the true
        # optimum is never cut).
        problem += pulp.lpSum(x[i] for i in chosen_ids) <= len(chosen_ids) - 1


def _best(eligible: pd.DataFrame, limits: _Limits, minimums: dict[str, int],
          fixed: dict[str, int] | None = None) -> pd.DataFrame:
    """The exact best selection: the most places towards `minimums`, then the largest total
    priority; `fixed` forces candidates in (1) or out (0)."""
    problem, x, places = _programme(eligible, limits, minimums)
    for innovation_id, value in (fixed or {}).items():
        problem += x[innovation_id] == value
    if minimums:
        problem.setObjective(places)
        most = places_filled(_solve(problem, x, eligible, limits), minimums)
        problem += places >= most
    problem.setObjective(pulp.lpSum(float(eligible.at[i, "priority"]) * x[i] for i in x))
    return _solve(problem, x, eligible, limits)


def _total(chosen: pd.DataFrame) -> float:
    return float(chosen["priority"].sum())


def _effect_of_minimums(eligible: pd.DataFrame, limits: _Limits,
                        chosen: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The chosen candidates that no best selection without the minimums holds, and the
    left-out ones that every best selection without them holds (each tested by one more
    exact solve with that candidate forced in or out)."""
    free = _best(eligible, limits, {})
    best = _total(free)
    if _total(chosen) >= best - _SAME_TOTAL:  # the minimums cost no priority
        return [], []
    for_dimension = [i for i in chosen.index if i not in free.index
                     and _total(_best(eligible, limits, {}, {i: 1})) < best - _SAME_TOTAL]
    displaced = [i for i in free.index if i not in chosen.index
                 and _total(_best(eligible, limits, {}, {i: 0})) < best - _SAME_TOTAL]
    return for_dimension, displaced


def quick_win_shortlist(candidates: pd.DataFrame, budget: float,
                        max_per_agency: int | None = None,
                        max_per_dimension: int | None = None,
                        max_total: int | None = None,
                        min_per_dimension: int | None = None) -> Shortlist:
    """The exact best selection. `candidates` (index: innovation id) has `priority`,
    `cost_idr`, `agency_code` and `dimension`; a candidate without a cost or with priority 0
    is not eligible. Optional limits: per agency, per dimension and in total; optional
    minimum per dimension (module docstring: most places towards it first)."""
    _check(candidates, budget)
    eligible = candidates[candidates["cost_idr"].notna()]
    eligible = eligible[eligible["priority"] > 0]
    limits = _Limits(float(budget), max_per_agency, max_per_dimension, max_total)
    minimums = dimension_minimums(eligible, min_per_dimension, max_per_dimension)
    chosen = _best(eligible, limits, minimums)
    for_dimension, displaced = (_effect_of_minimums(eligible, limits, chosen) if minimums
                                else ([], []))
    return Shortlist(
        selected=list(chosen.index),
        total_priority=_total(chosen),
        total_cost=float(chosen["cost_idr"].sum()),
        budget=float(budget),
        eligible=list(candidates.index[candidates["cost_idr"].notna()]),
        minimums=minimums, for_dimension=for_dimension, displaced=displaced,
    )


# ---------------------------------------------------------------- reasons


def exclusion_reasons(row, chosen: pd.DataFrame, left: float, budget: float,
                       limits: dict) -> list[str]:
    """Why a candidate is not on the shortlist: the constraints it runs into, as reason codes
    (`quick_win.reasons` words them)."""
    if pd.isna(row.cost_idr):
        return ["no_cost"]
    if row.priority <= 0:
        return ["no_priority"]
    if row.cost_idr > budget:
        return ["over_budget"]
    reasons = []
    if limits.get("max_total") is not None and len(chosen) >= limits["max_total"]:
        reasons.append("total_limit")
    for code, column, limit in (("agency_limit", "agency_code", limits.get("max_per_agency")),
                                ("dimension_limit", "dimension",
                                 limits.get("max_per_dimension"))):
        if limit is not None and (chosen[column] == getattr(row, column)).sum() >= limit:
            reasons.append(code)
    if row.cost_idr > left:
        reasons.append("budget_left")
    return reasons or ["lower_total"]


def candidate_reasons(candidates: pd.DataFrame, shortlist: Shortlist,
                      limits: dict | None = None) -> pd.Series:
    """Every candidate's reason codes (`;`-joined, by innovation id): `chosen`,
    `chosen_for_dimension` (on the list only because of the minimum per dimension), or the
    constraints that kept it out (`dimension_minimum` alone when the minimum took its place).
    The one place a candidate's reason is decided."""
    chosen = candidates.loc[shortlist.selected]
    left = shortlist.budget - shortlist.total_cost
    codes = {}
    for innovation_id, row in candidates.iterrows():
        if innovation_id in shortlist.for_dimension:
            codes[innovation_id] = "chosen_for_dimension"
        elif innovation_id in shortlist.selected:
            codes[innovation_id] = "chosen"
        elif innovation_id in shortlist.displaced:
            # its place went to a lower-ranked candidate: "filled by higher-ranked" would be false
            codes[innovation_id] = "dimension_minimum"
        else:
            codes[innovation_id] = ";".join(
                exclusion_reasons(row, chosen, left, shortlist.budget, limits or {}))
    return pd.Series(codes, name="reason", dtype=object)


def shortlist_table(candidates: pd.DataFrame, shortlist: Shortlist, near_misses: int,
                    limits: dict | None = None, reasons: pd.Series | None = None
                    ) -> pd.DataFrame:
    """The chosen candidates (best priority first) and the `near_misses` best unchosen ones,
    each with its reason codes (`reasons`: `candidate_reasons`, when already decided).
    `limits`: max_per_agency, max_per_dimension, max_total."""
    ranked = candidates.sort_values("priority", ascending=False, kind="stable")
    rank = score_rank(ranked["priority"])  # tied priorities share a rank
    if reasons is None:
        reasons = candidate_reasons(candidates, shortlist, limits)
    rows = []
    for innovation_id in ranked.index:
        is_chosen = innovation_id in shortlist.selected
        if not is_chosen and sum(not r["selected"] for r in rows) >= near_misses:
            continue
        rows.append({"innovation_id": innovation_id, "selected": is_chosen,
                     "priority_rank": int(rank[innovation_id]),
                     "reason": reasons[innovation_id]})
    table = pd.DataFrame(rows, columns=["innovation_id", "selected", "priority_rank", "reason"])
    table = table.join(candidates, on="innovation_id")
    extra = [c for c in candidates.columns if c not in (*REQUIRED, "innovation_name")]
    order = ["innovation_id", *(["innovation_name"] if "innovation_name" in table else []),
             "agency_code", "dimension", "selected", "priority_rank", "priority", "cost_idr",
             "reason", *extra]
    return table[order].sort_values(["selected", "priority_rank"], ascending=[False, True],
                                    kind="stable").reset_index(drop=True)


def labelled_shortlist(table: pd.DataFrame, terms: QuickWinTerms,
                       names: dict[str, str]) -> pd.DataFrame:
    """The shortlist table for reading: reasons in words, yes/no in words, rupiah written
    out, agencies by their display names, headers in the report language."""
    shown = table.drop(columns=["innovation_id"]).copy()
    shown["reason"] = [reason_text(r.reason, r.cost_idr, r.agency_code, r.dimension, terms,
                                   names) for r in table.itertuples()]
    shown["agency_code"] = shown["agency_code"].map(lambda c: names.get(c, c))
    shown["selected"] = shown["selected"].map(
        {True: text("qw.yes"), False: text("qw.no")})
    shown["cost_idr"] = shown["cost_idr"].map(lambda v: "-" if pd.isna(v) else money(v))
    shown["priority"] = shown["priority"].round(3)
    return labelled(shown)


def shortlist_summary(shortlist: Shortlist) -> pd.Series:
    """Chosen count, total priority, rupiah spent and left, as one labelled column."""
    return pd.Series({
        text("qw.summary_selected"): len(shortlist.selected),
        text("qw.summary_priority"): round(shortlist.total_priority, 3),
        text("qw.summary_spent"): money(shortlist.total_cost),
        text("qw.summary_budget"): money(shortlist.budget),
        text("qw.summary_left"): money(shortlist.budget - shortlist.total_cost),
    }, name=text("qw.shortlist"), dtype=object)

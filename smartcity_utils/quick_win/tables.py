"""The Quick Win workbook's tables and exports, in the report language."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from smartcity_utils.artifacts import RunFolder
from smartcity_utils.config import CriteriaSet
from smartcity_utils.names import display_names
from smartcity_utils.quick_win.criteria import criteria_table
from smartcity_utils.quick_win.scoring import method_disagreements, score_rank
from smartcity_utils.quick_win.sensitivity import Sensitivity
from smartcity_utils.quick_win.suggested import suggested_criteria, suggested_labels
from smartcity_utils.quick_win.values import known_cost
from smartcity_utils.strings import STRINGS, column_label, criterion_label, text

# ---------------------------------------------------------------- tables, figures, exports


def _display_names(candidates: pd.DataFrame, agencies: pd.DataFrame | None) -> pd.DataFrame:
    """Innovation name and agency display name per innovation id."""
    names = candidates.set_index("innovation_id")[["innovation_name", "agency_code"]]
    known = display_names(agencies) if agencies is not None else {}
    names = names.assign(agency=[known.get(code, code) for code in names["agency_code"]])
    return names[["innovation_name", "agency"]]


def ranking_table(ranking: pd.DataFrame, candidates: pd.DataFrame, agencies: pd.DataFrame | None,
                  rows: int, criteria: CriteriaSet | None = None) -> pd.DataFrame:
    """The best `rows` candidates by weighted sum, with both scores and ranks, for reading;
    given the criteria, the criterion values that rest on a suggested field, marked."""
    table = ranking.head(rows).join(_display_names(candidates, agencies))
    table = table[["rank_weighted_sum", "innovation_name", "agency", "weighted_sum",
                   "rank_topsis", "topsis"]]
    if criteria is not None:
        found = suggested_criteria(candidates, criteria)
        if found.map(len).any():
            table = table.assign(suggested=table.index.map(found).map(suggested_labels))
    return labelled(table.reset_index(drop=True))


_LABELS = {
    "innovation_id": "qw.innovation_id", "innovation_name": "qw.innovation", "agency": "agency",
    "weighted_sum": "qw.weighted_sum", "topsis": "qw.topsis",
    "rank_weighted_sum": "qw.rank_weighted_sum", "rank_topsis": "qw.rank_topsis",
    "rank_gap": "qw.rank_gap", "top_k_probability": "qw.top_k_probability",
    "model_probability": "qw.model_probability", "rank_p05": "qw.rank_p05",
    "rank_median": "qw.rank_median", "rank_p95": "qw.rank_p95", "criterion": "qw.criterion",
    "group": "qw.group", "direction": "qw.direction", "weight": "qw.weight",
    "source": "qw.source", "selected": "qw.selected", "priority_rank": "qw.priority_rank",
    "priority": "qw.priority", "cost_idr": "qw.cost", "reason": "qw.reason",
    "dimension": "dimension", "agency_code": "agency", "suggested": "qw.col_suggested",
}


def labelled(table: pd.DataFrame) -> pd.DataFrame:
    """Column headers in the report language."""
    return table.rename(columns={c: text(_LABELS[c]) for c in table.columns
                                 if c in _LABELS})


def labelled_criteria_table(criteria: CriteriaSet) -> pd.DataFrame:
    """`criteria_table` with its headers and directions in the report language."""
    table = criteria_table(criteria)
    table["criterion"] = table["criterion"].map(criterion_label)
    table["group"] = table["group"].map(
        lambda g: text(f"qw.group_{g}") if f"qw.group_{g}" in STRINGS else g)
    table["direction"] = table["direction"].map(lambda d: text(f"qw.direction_{d}"))
    table["source"] = table["source"].map(source_label)
    return labelled(table)


def source_label(source: str) -> str:
    """Where a criterion's values come from, as a reader names it: registry columns by their
    headers (`innovations.budget_idr` -> Anggaran (Rp)), another workbook's result by what it
    is and the page it comes from (a team's own file keeps its name)."""
    names = []
    for part in (p.strip() for p in source.split(",")):
        table, _, column = part.partition(".")
        result = f"qw.source.{Path(part).stem}"
        if result in STRINGS:
            names.append(text(result))
        elif table != "innovations":
            names.append(part)
        elif column.startswith("pentahelix_"):
            names.append(text("ag.partners"))
        else:
            names.append(column_label(column, table="innovations"))
    return ", ".join(names)


def disagreement_table(ranking: pd.DataFrame, candidates: pd.DataFrame,
                       agencies: pd.DataFrame | None, top_k: int) -> pd.DataFrame:
    """The candidates in one method's top k but not the other's, largest rank gap first."""
    table = method_disagreements(ranking, top_k).join(_display_names(candidates, agencies))
    table = table[["innovation_name", "agency", "rank_weighted_sum", "rank_topsis", "rank_gap"]]
    return labelled(table.reset_index(drop=True))


def sensitivity_table(sensitivity: Sensitivity, ranking: pd.DataFrame, candidates: pd.DataFrame,
                      agencies: pd.DataFrame | None, rows: int) -> pd.DataFrame:
    """The candidates most often in the top k under redrawn weights, with their rank range."""
    table = pd.concat([sensitivity.top_k_probability, sensitivity.rank_range], axis=1)
    table = table.join(ranking["rank_weighted_sum"]).join(_display_names(candidates, agencies))
    table = table.sort_values(["top_k_probability", "rank_weighted_sum"],
                              ascending=[False, True], kind="stable").head(rows)
    table = table[["innovation_name", "agency", "rank_weighted_sum", "top_k_probability",
                   "rank_p05", "rank_median", "rank_p95"]]
    return labelled(table.reset_index(drop=True))


def correlation_table(sensitivity: Sensitivity) -> pd.DataFrame:
    """How far the whole ranking moves over the weight draws: the lowest, 5th-percentile,
    median and highest rank correlation with the ranking under the stated weights."""
    r = sensitivity.rank_correlation
    statistics = {"qw.correlation_lowest": r.min(), "qw.correlation_p05": np.percentile(r, 5),
                  "qw.correlation_median": np.median(r), "qw.correlation_highest": r.max()}
    table = pd.DataFrame({text("qw.spearman"): list(statistics.values())},
                         index=pd.Index([text(key) for key in statistics],
                                        name=text("qw.over_draws")))
    return table.round(2)


def shortlist_candidates(candidates: pd.DataFrame, ranking: pd.DataFrame,
                         score: str) -> pd.DataFrame:
    """The shortlist's input (index: innovation id): priority = the chosen score, cost = the
    budget asked (unknown when empty or 0: such a candidate is never taken as free), agency
    and dimension for the limits."""
    base = candidates.set_index("innovation_id")
    return pd.DataFrame({
        "innovation_name": base["innovation_name"],
        "agency_code": base["agency_code"],
        "dimension": base["dimension"],
        "priority": ranking[score].reindex(base.index),
        "cost_idr": known_cost(base["budget_idr"]),
    })


def quick_win_ranking(candidates: pd.DataFrame, values: pd.DataFrame, ranking: pd.DataFrame,
                      probability: pd.Series, sensitivity: Sensitivity, score: str,
                      shortlisted: list[str], reasons: pd.Series) -> pd.DataFrame:
    """Every candidate with both scores, both ranks, the model probability, the top-k
    probability and rank range, whether it is shortlisted and why (the shortlist's reason
    codes), and the raw criterion values; best `score` first."""
    base = candidates.set_index("innovation_id")[
        ["innovation_name", "agency_code", "dimension", "sub_dimension", "tahapan",
         "budget_idr"]]
    table = base.join(ranking).join(probability.rename("model_probability"))
    table = table.join(sensitivity.top_k_probability).join(sensitivity.rank_range)
    table["shortlisted"] = table.index.isin(shortlisted)
    table["reason"] = reasons.reindex(table.index)
    table = table.join(values.add_prefix("value_"))
    table.insert(0, "rank", score_rank(table[score]))
    table = table.sort_values("rank", kind="stable").reset_index()
    return table[["rank", *table.columns.drop("rank")]]


def write_quick_win_outputs(run: RunFolder, ranking: pd.DataFrame, shortlist: pd.DataFrame,
                            coverage: pd.DataFrame) -> list[Path]:
    """Write the quick_win_ranking, quick_win_shortlist and quick_win_coverage artifacts."""
    return [run.write_table("quick_win_ranking", ranking),
            run.write_table("quick_win_shortlist", shortlist),
            run.write_table("quick_win_coverage", coverage)]

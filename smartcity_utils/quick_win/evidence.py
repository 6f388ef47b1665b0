"""What the Quick Win data can carry: criteria that say nothing, ties, unknown costs, and
whether the weight sensitivity can be judged.

A criterion without a value for any candidate, or with one value for all of them, cannot tell
candidates apart: it is left out and named, and the other weights are renormalised. A tie is
shown as a tie. A budget that is empty or 0 is an unknown cost, never a free candidate.
"""

from __future__ import annotations

import pandas as pd

from smartcity_utils import formatting as fmt
from smartcity_utils.config import CriteriaSet
from smartcity_utils.formatting import sentence
from smartcity_utils.strings import criterion_label, text

MIN_VARYING = 2      # criteria that must vary for the weight sensitivity to mean anything
SHOWN_TIES = 5       # tie groups listed (largest first)
SHOWN_NAMES = 10     # candidates named in the unknown-cost note


def varying_criteria(values: pd.DataFrame, criteria: CriteriaSet
                     ) -> tuple[CriteriaSet, list[tuple[str, str, float | None]]]:
    """The criteria that tell candidates apart, and (name, 'no_data' | 'constant', value) for
    each one left out. When none varies, every criterion is kept: all scores then tie."""
    left_out = []
    for name in criteria.names:
        column = values[name].dropna()
        if column.empty:
            left_out.append((name, "no_data", None))
        elif column.nunique() == 1:
            left_out.append((name, "constant", float(column.iloc[0])))
    if len(left_out) == len(criteria.names):
        return criteria, left_out
    return criteria.without([name for name, _, _ in left_out]), left_out


def _plain_number(value: float | None) -> str:
    """`0`, `1`, `2,5`: a criterion's constant value without needless decimals."""
    if value is None:
        return ""
    return fmt.number(value, decimals=0 if float(value).is_integer() else 2)


def left_out_note(left_out: list[tuple[str, str, float | None]]) -> str:
    """The criteria left out and why, as a Markdown list, or one line that every one varies."""
    if not left_out:
        return text("qw.all_vary")
    lines = [text("qw.left_out_title"), ""]
    for name, reason, value in left_out:
        line = text(f"qw.left_out_{reason}").format(
            criterion=criterion_label(name), value=_plain_number(value))
        lines.append(f"- {line}")
    return "\n".join(lines)


def tie_groups(ranking: pd.DataFrame, score: str) -> pd.DataFrame:
    """Groups of two or more candidates with the same `score`: score, rank, size; largest
    first."""
    rounded = ranking[score].round(9)
    sizes = rounded.value_counts()
    sizes = sizes[sizes > 1]
    rank = ranking[f"rank_{score}"].groupby(rounded).min()
    groups = pd.DataFrame({"score": sizes.index.astype(float), "size": sizes.to_numpy(),
                           "rank": rank.reindex(sizes.index).to_numpy()})
    return groups.sort_values(["size", "rank"], ascending=[False, True],
                              kind="stable").reset_index(drop=True)


def ties_note(ranking: pd.DataFrame, score: str) -> str:
    """The largest tie groups of `score`, as a Markdown list, or one line that none ties."""
    groups = tie_groups(ranking, score)
    if groups.empty:
        return text("qw.no_ties")
    lines = [text("qw.ties_title"), ""]
    for row in groups.head(SHOWN_TIES).itertuples():
        lines.append("- " + sentence(text("qw.tie"), n=row.size, score=row.score, rank=row.rank))
    return "\n".join(lines)


def varying_count(matrix: pd.DataFrame) -> int:
    """How many criteria of the decision matrix take more than one value."""
    return int((matrix.nunique() > 1).sum())


def sensitivity_meaningful(matrix: pd.DataFrame) -> bool:
    """True when enough criteria vary for redrawn weights to be able to change the order."""
    return varying_count(matrix) >= MIN_VARYING


def sensitivity_note(matrix: pd.DataFrame, shown: str = "qw.sensitivity_meaningful") -> str:
    """Whether the weight sensitivity can be judged, in one sentence; `shown` names where the
    reader sees its result (03: the draws below; the meeting: the chance column)."""
    key = shown if sensitivity_meaningful(matrix) else "qw.sensitivity_void"
    return text(key).format(n=varying_count(matrix))


def unknown_cost_note(shortlist_input: pd.DataFrame) -> str:
    """Which candidates cannot be shortlisted because their cost is unknown."""
    missing = shortlist_input[shortlist_input["cost_idr"].isna()]
    if missing.empty:
        return text("qw.costs_known")
    names = missing["innovation_name"].astype(str).tolist()
    shown = ", ".join(names[:SHOWN_NAMES]) + (f", … (+{len(names) - SHOWN_NAMES})"
                                              if len(names) > SHOWN_NAMES else "")
    return text("qw.cost_unknown").format(n=len(names), names=shown)

"""Cross-row and cross-table checks of one typed table (step 3 of `validate`): agency
references, duplicate keys, agency codes that differ only in case, a sub-dimension of its
dimension, quick-win consistency, levels within their scale, assessment rows pointing to known
innovations."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from smartcity_utils.data import consistency, parsing
from smartcity_utils.data.cells import distinct_cells, spread
from smartcity_utils.data.problems import Collector
from smartcity_utils.data.references import agency_index, resolve
from smartcity_utils.vocabulary import DIMENSION_OF, fold


def check_agencies(typed: pd.DataFrame, agencies: pd.DataFrame, out: Collector,
                    rejected: dict[str, str]) -> None:
    """Resolve agency references to canonical codes; unresolved ones are problems. References
    to agencies whose own row was rejected give one problem per agency, not one per row."""
    index = agency_index(agencies)
    for column in out.table.columns:
        if column.kind not in ("agency", "agency_list"):
            continue
        codes, texts = distinct_cells(typed[column.name])
        answers = [resolve(text, column.kind, index, rejected) for text in texts]
        resolved = spread([found for found, _ in answers], codes, None)
        cascade: dict[str, list[int]] = {}
        loose: dict[str, tuple[str, list[int]]] = {}
        failing = [i for i, (_, failed) in enumerate(answers) if failed]
        for position in np.flatnonzero(np.isin(codes, failing)).tolist():
            row = typed.index[position]
            for item in answers[codes[position]][1]:
                if item.taken:
                    loose.setdefault(item.ref, (item.reason, []))[1].append(row)
                elif item.rejected_row:
                    out.reject_unlisted(row, column.name, item.reason)
                    cascade.setdefault(item.ref, []).append(row)
                else:
                    out.add(row, column.name, item.ref, item.reason)
        typed[column.name] = pd.Series(resolved, index=typed.index, dtype="str")
        for ref, (reason, rows) in loose.items():
            out.add(rows[0], column.name, ref, f"{reason} ({rows_text(rows)})",
                    severity="warning")
        for ref, rows in cascade.items():
            out.add(None, column.name, ref, f"agency {ref!r}: its row "
                    f"({rejected[fold(ref)]}) was rejected, and with it the rows of this file "
                    f"that refer to it ({rows_text(rows)}); fix that row first")


def rows_text(rows: list[int]) -> str:
    shown = ", ".join(map(str, rows[:5]))
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return f"row {shown}" if len(rows) == 1 else f"{len(rows)} rows ({shown}{more})"


def _check_duplicates(typed: pd.DataFrame, out: Collector) -> None:
    """Every row repeating the key of an earlier row is a duplicate of that row."""
    key = list(out.table.key)
    required = [k for k in key if out.table.column(k).required]
    keyed = typed.dropna(subset=required)[key]
    if keyed.empty:
        return
    first = keyed.reset_index(names="_row").groupby(key, dropna=False)["_row"].transform("min")
    first.index = keyed.index
    names = " + ".join(out.headers.get(k, k) for k in key if k in out.headers)
    for row, first_row in first[first.index != first].items():
        values = ", ".join(parsing.cell_text(v) for v in keyed.loc[row] if not pd.isna(v))
        out.add(row, key[0], keyed.at[row, key[0]],
                f"duplicate id: {names} ({values}) already on row {first_row}")


def code_key(code: str) -> str:
    """An agency code without case, spaces and punctuation: codes equal under it are two
    agencies no reader (and no folded comparison) can tell apart."""
    return fold(code).replace(" ", "")


def lookalike_reason(code: str, others: str) -> str:
    """Why an agency code whose `code_key` other codes share (`others`, with where they are)
    is rejected."""
    return (f"agency code {code!r} differs from {others} only in case, spaces or punctuation: "
            "give the two agencies codes that differ in letters or digits, or write one "
            "agency's code the same way")


def _check_code_lookalikes(typed: pd.DataFrame, out: Collector) -> None:
    """Agency codes that differ only in case, spaces or punctuation ('DINKES', 'dinkes'):
    each row is rejected, naming the other."""
    codes = typed["agency_code"].dropna()
    keys = codes.map(code_key)
    alike = keys.duplicated(keep=False)
    for _, group in codes[alike].groupby(keys[alike], sort=False):
        if group.nunique() < 2:
            continue  # the same code twice: a duplicate id
        for row, code in group.items():
            others = ", ".join(f"{other!r} (row {where})" for where, other in group.items()
                               if other != code)
            out.add(row, "agency_code", code, lookalike_reason(code, others))


def _flagged(mask) -> list[int]:
    """The positions where a (nullable) boolean mask is true."""
    return np.flatnonzero(np.asarray(pd.array(mask, dtype="boolean").fillna(False))).tolist()


def _check_sub_dimensions(typed: pd.DataFrame, out: Collector) -> None:
    """A sub-dimension must belong to the row's smart-city dimension."""
    dim, sub = typed["dimension"], typed["sub_dimension"]
    belongs = sub.map(DIMENSION_OF)
    wrong = sub.isin(list(DIMENSION_OF)) & dim.isin(list(set(DIMENSION_OF.values()))) & \
        (belongs != dim)
    for position in _flagged(wrong):
        row, value = typed.index[position], sub.iloc[position]
        out.add(row, "sub_dimension", value,
                f"sub-dimension {value!r} belongs to {DIMENSION_OF[value]}, not "
                f"{dim.iloc[position]}")


def _check_quick_win(typed: pd.DataFrame, out: Collector) -> None:
    """quick_win is true exactly when quick_win_year is set, and that year is <= the row's
    year; an empty quick_win is derived from quick_win_year."""
    qw_year, year = typed["quick_win_year"], typed["year"]
    given = typed["quick_win"]
    typed["quick_win"] = given.fillna(qw_year.notna())
    yes_no_year = given.fillna(False) & qw_year.isna()
    no_with_year = ~given.fillna(True) & qw_year.notna()
    after = (qw_year > year).fillna(False)
    for position in _flagged(yes_no_year | no_with_year | after):
        row, when, this = typed.index[position], qw_year.iloc[position], year.iloc[position]
        if yes_no_year.iloc[position]:
            out.add(row, "quick_win_year", None, "quick win is yes but the quick win year is empty")
        elif no_with_year.iloc[position]:
            out.add(row, "quick_win_year", when, "quick win year given but quick win is no")
        if after.iloc[position]:
            out.add(row, "quick_win_year", when,
                    f"quick win year {when} is after the row's year {this}")


def _check_levels(typed: pd.DataFrame, out: Collector) -> None:
    """An assessment level lies within 0..scale_max."""
    level, top = typed["level"], typed["scale_max"]
    for position in _flagged((top > 0) & (top < level)):
        value = level.iloc[position]
        out.add(typed.index[position], "level", value,
                f"level {value:g} is above the scale maximum {top.iloc[position]:g}")


def check_innovations(typed: pd.DataFrame, innovation_ids: set[str], out: Collector) -> None:
    """An assessment row's innovation id must be one the registry has."""
    known = {consistency.id_key(i) for i in innovation_ids if i}
    codes, ids = distinct_cells(typed["innovation_id"])
    unknown = [i for i, iid in enumerate(ids) if consistency.id_key(iid) not in known]
    for position in np.flatnonzero(np.isin(codes, unknown)).tolist():
        iid = ids[codes[position]]
        out.add(typed.index[position], "innovation_id", iid,
                f"unknown innovation: {iid!r} is not an id in the innovation registry")


CROSS_CHECKS: dict[str, list[Callable[[pd.DataFrame, Collector], None]]] = {
    "agencies": [_check_duplicates, _check_code_lookalikes],
    "innovations": [_check_duplicates, _check_sub_dimensions, _check_quick_win,
                    consistency.check_id_lookalikes],
    "assessment": [_check_duplicates, _check_sub_dimensions, _check_levels],
}

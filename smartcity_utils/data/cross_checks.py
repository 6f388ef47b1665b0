"""Cross-row and cross-table checks of one typed table (step 3 of `validate`): agency
references, duplicate keys, a sub-dimension of its dimension, quick-win consistency, levels within
their scale, assessment rows pointing to known innovations."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from smartcity_utils.data import consistency, parsing
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
        memo: dict[str, tuple] = {}
        resolved: list[object] = []
        cascade: dict[str, list[int]] = {}
        unpadded: dict[str, tuple[str, list[int]]] = {}
        for row, text in typed[column.name].items():
            if pd.isna(text):
                resolved.append(None)
                continue
            if text not in memo:
                memo[text] = resolve(text, column.kind, index, rejected)
            codes, failed = memo[text]
            for item in failed:
                if item.padded:
                    unpadded.setdefault(item.ref, (item.reason, []))[1].append(row)
                elif item.rejected_row:
                    out.reject_unlisted(row, column.name, item.reason)
                    cascade.setdefault(item.ref, []).append(row)
                else:
                    out.add(row, column.name, item.ref, item.reason)
            resolved.append(codes)
        typed[column.name] = pd.Series(resolved, index=typed.index, dtype="str")
        for ref, (reason, rows) in unpadded.items():
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


def _check_sub_dimensions(typed: pd.DataFrame, out: Collector) -> None:
    """A sub-dimension must belong to the row's smart-city dimension."""
    for row, dim, sub in zip(typed.index, typed["dimension"], typed["sub_dimension"], strict=True):
        if pd.isna(dim) or pd.isna(sub) or sub not in DIMENSION_OF:
            continue
        if dim in DIMENSION_OF.values() and DIMENSION_OF[sub] != dim:
            out.add(row, "sub_dimension", sub,
                    f"sub-dimension {sub!r} belongs to {DIMENSION_OF[sub]}, not {dim}")


def _check_quick_win(typed: pd.DataFrame, out: Collector) -> None:
    """quick_win is true exactly when quick_win_year is set, and that year is <= the row's
    year; an empty quick_win is derived from quick_win_year."""
    qw_year, year = typed["quick_win_year"], typed["year"]
    given = typed["quick_win"]
    typed["quick_win"] = given.fillna(qw_year.notna())
    for row, flag, when, this in zip(typed.index, given, qw_year, year, strict=True):
        if not pd.isna(flag) and flag and pd.isna(when):
            out.add(row, "quick_win_year", None, "quick win is yes but the quick win year is empty")
        elif not pd.isna(flag) and not flag and not pd.isna(when):
            out.add(row, "quick_win_year", when, "quick win year given but quick win is no")
        if not pd.isna(when) and not pd.isna(this) and when > this:
            out.add(row, "quick_win_year", when,
                    f"quick win year {when} is after the row's year {this}")


def _check_levels(typed: pd.DataFrame, out: Collector) -> None:
    """An assessment level lies within 0..scale_max."""
    for row, level, top in zip(typed.index, typed["level"], typed["scale_max"], strict=True):
        if not pd.isna(level) and not pd.isna(top) and 0 < top < level:
            out.add(row, "level", level, f"level {level:g} is above the scale maximum {top:g}")


def check_innovations(typed: pd.DataFrame, innovation_ids: set[str], out: Collector) -> None:
    """An assessment row's innovation id must be one the registry has."""
    known = {consistency.id_key(i) for i in innovation_ids if i}
    for row, iid in typed["innovation_id"].items():
        if not pd.isna(iid) and consistency.id_key(iid) not in known:
            out.add(row, "innovation_id", iid,
                    f"unknown innovation: {iid!r} is not an id in the innovation registry")


CROSS_CHECKS: dict[str, list[Callable[[pd.DataFrame, Collector], None]]] = {
    "agencies": [_check_duplicates],
    "innovations": [_check_duplicates, _check_sub_dimensions, _check_quick_win,
                    consistency.check_id_lookalikes],
    "assessment": [_check_duplicates, _check_sub_dimensions, _check_levels],
}

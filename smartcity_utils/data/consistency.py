"""Checks across rows and tables that a spreadsheet cannot see: the same innovation id used by
two agencies or with two names in different years, ids that differ only in case or by
invisible characters, and assessment rows pointing to innovations the registry does not have.

These find real mistakes (a copy-paste across agencies, a renamed innovation, a non-breaking
space pasted from a web page) but can also be intended, so the first two are warnings: the
rows stay in the clean data and the coordinator decides.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from smartcity_utils.data.cells import distinct_cells, spread

INVISIBLE = {"\u00a0", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def id_key(value: str) -> str:
    """An id without case, invisible characters and spacing: ids equal under it are the same
    id written differently."""
    text = str(value)
    if text.isascii():  # NFKC leaves ASCII as it is, and it has no invisible characters
        return "".join(text.split()).lower()
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch not in INVISIBLE and not ch.isspace()).casefold()


def _keys(values: pd.Series) -> np.ndarray:
    """`id_key` of each value (computed once per distinct value; missing stays None)."""
    codes, distinct = distinct_cells(values)
    return spread([id_key(v) for v in distinct], codes, None)


def check_id_lookalikes(typed: pd.DataFrame, out) -> None:
    """Innovation ids written two ways ('INV-01' and 'inv-01 '), one id used by two agencies,
    and one id with two names in different years: one warning each, on the later row."""
    iid, agency, name, year = (typed[c].reset_index(drop=True) for c in
                               ("innovation_id", "agency_code", "innovation_name", "year"))
    keys = pd.Series(_keys(iid)).dropna()
    if keys.empty:
        return
    first = pd.Series(keys.index, index=keys.index).groupby(keys, sort=False).transform("min")
    later = first[first.index != first]
    now, then = later.index.to_numpy(), later.to_numpy()

    def at(column: pd.Series, positions: np.ndarray) -> pd.Series:
        return column.iloc[positions].reset_index(drop=True)

    same_id = (at(iid, now) == at(iid, then)).to_numpy(bool)
    same_key = same_id & at(year, now).notna().to_numpy(bool) & \
        (at(year, now) == at(year, then)).fillna(False).to_numpy(bool)
    other_agency = (at(agency, now) != at(agency, then)).fillna(False).to_numpy(bool) & \
        at(agency, now).notna().to_numpy(bool) & at(agency, then).notna().to_numpy(bool)
    names = pd.Series(_keys(name))
    renamed = (at(names, now) != at(names, then)).to_numpy(bool) & \
        at(names, now).notna().to_numpy(bool) & at(names, then).notna().to_numpy(bool)
    for i in np.flatnonzero(~same_key & (~same_id | other_agency | renamed)).tolist():
        row, first_row = typed.index[now[i]], typed.index[then[i]]
        this_id, first_id = iid.iloc[now[i]], iid.iloc[then[i]]
        if not same_id[i]:
            out.add(row, "innovation_id", this_id,
                    f"id {this_id!r} differs from {first_id!r} (row {first_row}) only in case, "
                    "spaces or invisible characters: write it the same way if it is the same "
                    "innovation", severity="warning")
        if other_agency[i]:
            out.add(row, "innovation_id", this_id,
                    f"id {this_id!r} is used by {agency.iloc[then[i]]} on row {first_row} and "
                    f"by {agency.iloc[now[i]]} here: give each agency's innovation its own id",
                    severity="warning")
        elif renamed[i]:
            out.add(row, "innovation_id", this_id,
                    f"id {this_id!r} is named {name.iloc[then[i]]!r} on row {first_row} and "
                    f"{name.iloc[now[i]]!r} here: same innovation renamed, or an id reused?",
                    severity="warning")

"""The one Quick Win candidate rule, and every innovation's standing under it: plain pandas, so
an agency's page reads the rule 03 uses without loading 03's libraries."""

from __future__ import annotations

import pandas as pd

from smartcity_utils.clusters.partnerships import latest_rows


def candidacy(rows: pd.DataFrame) -> pd.Series:
    """The one Quick Win candidate rule, for each registry row in its own year: 'candidate',
    'earlier' (already a Quick Win of an earlier year) or 'stopped' (status dihentikan)."""
    earlier = (rows["quick_win_year"] < rows["year"]).fillna(False).astype(bool)
    stopped = (rows["status"] == "dihentikan").fillna(False).astype(bool)
    status = pd.Series("candidate", index=rows.index, dtype=object)
    status[stopped.to_numpy()] = "stopped"
    status[earlier.to_numpy()] = "earlier"
    return status


def innovation_standing(innovations: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every innovation registered up to `year` (its latest row, as 02 sees it) and why it is
    or is not a Quick Win candidate of `year`: `candidacy` on its row of `year`, or
    'not_registered' when `year`'s registry does not list it. Adds the column `standing`."""
    rows = latest_rows(innovations, year)
    in_year = (rows["year"] == year).to_numpy()
    standing = pd.Series("not_registered", index=rows.index, dtype=object)
    standing[in_year] = candidacy(rows[in_year]).to_numpy()
    return rows.assign(standing=standing)

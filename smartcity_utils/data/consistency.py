"""Checks across rows and tables that a spreadsheet cannot see: the same innovation id used by
two agencies or with two names in different years, ids that differ only in case or by
invisible characters, and assessment rows pointing to innovations the registry does not have.

These find real mistakes (a copy-paste across agencies, a renamed innovation, a non-breaking
space pasted from a web page) but can also be intended, so the first two are warnings: the
rows stay in the clean data and the coordinator decides.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

INVISIBLE = {"\u00a0", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def id_key(value: str) -> str:
    """An id without case, invisible characters and spacing: ids equal under it are the same
    id written differently."""
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(ch for ch in text if ch not in INVISIBLE and not ch.isspace()).casefold()


def check_id_lookalikes(typed: pd.DataFrame, out) -> None:
    """Innovation ids written two ways ('INV-01' and 'inv-01 '), one id used by two agencies,
    and one id with two names in different years: one warning each, on the later row."""
    first: dict[str, tuple[int, str, object, object, object]] = {}
    for row, iid, agency, name, year in zip(typed.index, typed["innovation_id"],
                                            typed["agency_code"], typed["innovation_name"],
                                            typed["year"], strict=True):
        if pd.isna(iid):
            continue
        key = id_key(iid)
        if key not in first:
            first[key] = (row, iid, agency, name, year)
            continue
        first_row, first_id, first_agency, first_name, first_year = first[key]
        if iid == first_id and not pd.isna(year) and year == first_year:
            continue  # the same key twice: the duplicate check reports it
        if iid != first_id:
            out.add(row, "innovation_id", iid,
                    f"id {iid!r} differs from {first_id!r} (row {first_row}) only in case, "
                    "spaces or invisible characters: write it the same way if it is the same "
                    "innovation", severity="warning")
        if not pd.isna(agency) and not pd.isna(first_agency) and agency != first_agency:
            out.add(row, "innovation_id", iid,
                    f"id {iid!r} is used by {first_agency} on row {first_row} and by {agency} "
                    "here: give each agency's innovation its own id", severity="warning")
        elif not pd.isna(name) and not pd.isna(first_name) and \
                id_key(name) != id_key(first_name):
            out.add(row, "innovation_id", iid,
                    f"id {iid!r} is named {first_name!r} on row {first_row} and {name!r} "
                    "here: same innovation renamed, or an id reused?", severity="warning")

"""The innovations 02 looks at and the partnerships their registry rows declare: plain pandas,
so an agency's page reads the same rule as 02 without loading the clustering's libraries."""

from __future__ import annotations

import pandas as pd


def latest_rows(innovations: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each innovation's latest registry row up to `year`, sorted by innovation id."""
    rows = innovations[innovations["year"] <= year]
    rows = rows.sort_values(["innovation_id", "year"], kind="stable")
    return rows.drop_duplicates("innovation_id", keep="last").reset_index(drop=True)


def declared_partnerships(latest: pd.DataFrame, agencies: pd.DataFrame) -> pd.DataFrame:
    """One row per (innovation, declared partner agency) of a known, different agency."""
    known = set(agencies["agency_code"])
    partners = latest[["innovation_id", "agency_code", "partner_agencies"]].dropna()
    partners = partners.assign(partner=partners["partner_agencies"].str.split(";"))
    partners = partners.explode("partner")
    partners["partner"] = partners["partner"].str.strip()
    keep = partners["partner"].isin(known) & (partners["partner"] != partners["agency_code"])
    return partners.loc[keep, ["innovation_id", "agency_code", "partner"]].reset_index(drop=True)

"""Which cells are web addresses: a registry of websites and applications gives each row its
own site, which says the row is digital (`suggest`) and names a row that has no name
(`derived`)."""

from __future__ import annotations

import re

import pandas as pd

WEB_ADDRESS = re.compile(r"(https?://|www\.)\S+|[a-z0-9-]+(\.[a-z0-9-]+)*"
                         r"\.(go|ac|co|or|net|com|org|info|io|id)\b\S*", re.IGNORECASE)


def site_address_columns(cells: pd.DataFrame) -> list[str]:
    """The columns that give each row its own site: nine in ten of their filled cells are one
    web address each (the rest may be a server's number or a local path), and at least half of
    those name a host of their own (links to a video or a file share a few platforms' hosts)."""
    found = []
    for column in cells.columns:
        written = cells[column][cells[column] != ""]
        addresses = written[written.map(lambda v: bool(WEB_ADDRESS.fullmatch(v)))]
        if written.empty or len(addresses) < 0.9 * len(written):
            continue
        hosts = addresses.str.lower().str.replace(r"^https?://", "", regex=True).str.split("/")
        if hosts.str[0].nunique() >= len(addresses) / 2:
            found.append(column)
    return found

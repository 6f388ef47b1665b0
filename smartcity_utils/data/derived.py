"""What a registry leaves out, derived from the registry itself and marked as derived: each
row's id from its agency and name when it has no id column, the one year its file or sheet
name states when it has no year column, and the agencies its rows name when the folder has no
agencies table. Each is said once, as a warning."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

import pandas as pd

from smartcity_utils.data.agency_type import complete_agencies
from smartcity_utils.data.problems import Problem
from smartcity_utils.data.validate import empty_frame
from smartcity_utils.vocabulary import fold

DERIVED_ID = "ID Inovasi (derived)"
DERIVED_YEAR = "Tahun (derived)"
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


def registry_columns(part, cells: pd.DataFrame, columns: dict[str, str]) -> list:
    """Add, in place, a derived id column (each row's agency and name hashed: the same
    whatever the rows' order) and a derived year column (the one year the file or sheet name
    of `part` states) where the registry has none; the (row, reason) notes saying so."""
    said = []
    if "innovation_id" not in columns and "innovation_name" in columns:
        agency = cells[columns["agency_code"]] if "agency_code" in columns else ""
        key = agency.map(fold) + "|" + cells[columns["innovation_name"]].map(fold)
        cells[DERIVED_ID] = ["ID-" + hashlib.sha1(k.encode()).hexdigest()[:8] for k in key]
        columns["innovation_id"] = DERIVED_ID
        said.append((None, "no id column: each row's id is derived from its agency and name "
                           f"(column '{DERIVED_ID}')"))
    years = set(_YEAR.findall(f"{part.path.stem} {part.sheet.name or ''}"))
    if "year" not in columns and len(years) == 1:
        year = years.pop()
        cells[DERIVED_YEAR] = year
        columns["year"] = DERIVED_YEAR
        said.append((None, f"no year column: every row is taken for {year}, the year the file "
                           f"or sheet name states (column '{DERIVED_YEAR}')"))
    return said


def agencies_from_registry(innovations: pd.DataFrame) -> pd.DataFrame:
    """The agencies a registry names: each written agency once, as its code and name, its type
    inferred, marked in `agency_derived`; traced to the first registry row naming it."""
    named = innovations.dropna(subset=["agency_code"]).drop_duplicates("agency_code")
    agencies = empty_frame("agencies").reindex(range(len(named)))
    agencies["agency_code"] = agencies["agency_name"] = named["agency_code"].to_numpy()
    complete_agencies(agencies, {"agency_code", "agency_name"})
    agencies["agency_derived"] = pd.array([True] * len(named), dtype="boolean")
    agencies["source_file"] = named["source_file"].to_numpy()
    agencies["source_row"] = pd.array(named["source_row"].to_numpy(), dtype="Int64")
    return agencies.astype(empty_frame("agencies").dtypes.to_dict())


def registry_agencies(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> list[Problem]:
    """Without an agencies table, the clean registry's agencies (added to `frames`); the missing
    table's problem then says where the agencies come from."""
    if "agencies" in frames or not len(frames.get("innovations", ())):
        return problems
    frames["agencies"] = agencies_from_registry(frames["innovations"])
    reason = (f"the {len(frames['agencies'])} agencies are taken from the registry's agency "
              "names (marked as derived); add an agencies table for their codes and short names")
    return [replace(p, reason=f"{p.reason.split(':')[0]}: {reason}")
            if p.table == "agencies" and p.reason.startswith("no agencies table") else p
            for p in problems]

"""What a registry leaves out, derived from the registry itself and marked as derived: each
row's name from its description or its site's address when it has no name column, each row's
id from its agency and name when it has no id column, the year stated once (in a title row
above the header, else in the file or sheet name) or else the run's evaluation year when it has
no year column, and the agencies its rows name when the folder has no agencies table. Each is
said once, as a warning."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

import pandas as pd

from smartcity_utils.data.addresses import site_address_columns
from smartcity_utils.data.agency_type import complete_agencies
from smartcity_utils.data.parsing import cell_text
from smartcity_utils.data.problems import Problem
from smartcity_utils.data.validate import empty_frame
from smartcity_utils.vocabulary import fold

DERIVED_ID = "ID Inovasi (derived)"
DERIVED_YEAR = "Tahun (derived)"
DERIVED_NAME = "Nama Inovasi (derived)"
DERIVED_HEADERS = (DERIVED_NAME, DERIVED_ID, DERIVED_YEAR)
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
NAME_WORDS = 12  # a longer description gives its first clause as the name
_CLAUSE_END = re.compile(r"\s+[-\u2013\u2014]\s+|[;:(]|\.\s")


def name_of(description: str, address: str) -> str:
    """A row's name from its description (whole when short, else its first clause, at most
    `NAME_WORDS` words), or from its site's address when it has no description."""
    words = description.split()
    if len(words) > NAME_WORDS:
        words = _CLAUSE_END.split(description, maxsplit=1)[0].split()[:NAME_WORDS]
    return " ".join(words) or address.strip().rstrip("/")


def _derive_names(cells: pd.DataFrame, columns: dict[str, str]) -> list:
    """A name column from each row's description, or its site's address (see `name_of`)."""
    texts = cells.map(cell_text)
    recognised = set(columns.values())
    sites = site_address_columns(texts[[c for c in texts.columns if c not in recognised]])
    description = texts[columns["description"]] if "description" in columns else None
    if description is None and not sites:
        return []
    empty = pd.Series("", index=cells.index)
    address = texts[sites[0]] if sites else empty
    cells[DERIVED_NAME] = [name_of(d, a) for d, a in zip(
        empty if description is None else description, address, strict=True)]
    columns["innovation_name"] = DERIVED_NAME
    source = {(True, True): "description (or its site's address where it has none)",
              (True, False): "description", (False, True): "site's address"}[
        (description is not None, bool(sites))]
    return [(None, f"no name column: each row's name is taken from its {source} "
                   f"(column '{DERIVED_NAME}')")]


def stated_year(part) -> tuple[str, str] | None:
    """The one year a title row above the header states, else the one year the file or sheet
    name states, with where; None when none or several are stated."""
    above = " ".join(cell_text(c) for row in part.sheet.head[:part.match.row] for c in row)
    names = f"{part.path.stem} {part.sheet.name or ''}"
    for text, where in ((above, "the year the title above the header states"),
                        (names, "the year the file or sheet name states")):
        years = set(_YEAR.findall(text))
        if len(years) == 1:
            return years.pop(), where
    return None


def registry_columns(part, cells: pd.DataFrame, columns: dict[str, str],
                     year: int | None = None) -> list:
    """Add, in place, the columns the registry lacks: a derived name (`_derive_names`), a
    derived id (each row's agency and name hashed, with the cells its name comes from: the
    same whatever the rows' order) and a derived year (`stated_year`, else the run's `year`);
    the (row, reason) notes saying so, and saying which columns of a folder `suggest` wrote
    hold values derived before."""
    said = [(None, f"the values of column '{header}' were derived from the registry, not "
                   "written in it") for header in columns.values() if header.endswith("(derived)")]
    said += [] if "innovation_name" in columns else _derive_names(cells, columns)
    if "innovation_id" not in columns and "innovation_name" in columns:
        agency = cells[columns["agency_code"]].map(fold) if "agency_code" in columns else ""
        key = agency + "|" + cells[columns["innovation_name"]].map(fold)
        if columns["innovation_name"] == DERIVED_NAME:
            key = key + "|" + cells.drop(columns=DERIVED_NAME).map(cell_text).agg("|".join,
                                                                                 axis=1)
        cells[DERIVED_ID] = ["ID-" + hashlib.sha1(k.encode()).hexdigest()[:8] for k in key]
        columns["innovation_id"] = DERIVED_ID
        said.append((None, "no id column: each row's id is derived from its agency and name "
                           f"(column '{DERIVED_ID}')"))
    if "year" not in columns:
        stated = stated_year(part)
        if stated is None and year is not None:
            stated = str(year), "the run's evaluation year, as no year is stated in the file"
        if stated is not None:
            cells[DERIVED_YEAR] = stated[0]
            columns["year"] = DERIVED_YEAR
            said.append((None, f"no year column: every row is taken for {stated[0]}, "
                               f"{stated[1]} (column '{DERIVED_YEAR}')"))
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

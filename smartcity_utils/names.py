"""An agency's names: the one place its display name is built, and its name in file names.

The display name is the agency's short name (its full name when it has none, or when its short
name is only its code and that code is an id no one says), with its region
in brackets when another agency of the registry has the same short name (a national registry
has a Dinkes in every region); a code missing from the agencies table stays as it is. The slug
is one distinct, file-name-safe name per agency code, shared by the runner that writes the
agency reports and the checks that read them."""

from __future__ import annotations

import hashlib
import re

import pandas as pd

from smartcity_utils.artifacts import slug


def agency_slugs(codes: list[str]) -> dict[str, str]:
    """A distinct, file-name-safe slug per agency code."""
    slugs: dict[str, str] = {}
    for code in codes:
        candidate = slug(code)
        if candidate in slugs.values():
            candidate = f"{candidate}-{hashlib.sha1(code.encode()).hexdigest()[:6]}"
        slugs[code] = candidate
    return slugs


def _filled(value) -> str | None:
    return str(value).strip() if isinstance(value, str) and str(value).strip() else None


# A code no one says: no letter (030201), or an account or path id (jatimprov.biroumum).
_IDENTIFIER = re.compile(r"^[^A-Za-z]*$|[._@:/\\]")


def short_name(value, code) -> str | None:
    """A short name that names the agency. A registry without short names often repeats the
    code in that column: a code that is also a name (DLH, DPMTK-PTSP) stays, an id no one
    says (jatimprov.biroumum, 030201) is no short name."""
    short = _filled(value)
    if short and short == str(code).strip() and _IDENTIFIER.search(short):
        return None
    return short


def display_names(agencies: pd.DataFrame) -> dict[str, str]:
    """Agency code to display name, for every agency of `agencies`."""
    table = agencies.drop_duplicates("agency_code")
    blank = pd.Series(None, index=table.index, dtype=object)
    short = [(short_name(s, c) or _filled(n) or str(c)) for c, s, n in
             zip(table["agency_code"], table.get("short_name", blank),
                 table.get("agency_name", blank), strict=True)]
    shared = pd.Series(short).duplicated(keep=False).to_numpy()
    regions = table["region"] if "region" in table else pd.Series(None, index=table.index)
    names = {}
    for code, name, region, twice in zip(table["agency_code"], short, regions, shared,
                                         strict=True):
        names[code] = f"{name} ({_filled(region)})" if twice and _filled(region) else name
    return names


def display_name(code: str, names: dict[str, str]) -> str:
    """One agency's display name from `display_names`; its code when it is not listed."""
    return names.get(code, str(code))


def agency_labels(codes, agencies: pd.DataFrame) -> list[str]:
    """The display name of each of `codes` (the code itself when it is not in `agencies`)."""
    names = display_names(agencies)
    return [names.get(code, str(code)) for code in codes]

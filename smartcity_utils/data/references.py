"""Agency references: an agency's code, short name or name, written in another table.

A reference resolves to the agency's code. It can fail in three ways, each with its own
message: it names no agency (perhaps a code whose leading zeros Excel dropped: `23` for `023`),
it names two agencies (a short name shared by two of them), or it names an agency whose own
row was rejected (reported once per file and agency, not once per row).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from smartcity_utils.data import parsing
from smartcity_utils.vocabulary import fold

AGENCY_LIST_JOIN = "; "


@dataclass
class AgencyIndex:
    """Folded code, short name and name of every agency -> its code; names shared by
    several agencies are kept apart as ambiguous."""

    codes: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    # an all-digit code without its leading zeros -> the zero-padded codes it may mean
    unpadded: dict[str, list[str]] = field(default_factory=dict)

    def __contains__(self, ref: str) -> bool:
        return fold(ref) in self.codes


def agency_index(agencies: pd.DataFrame) -> AgencyIndex:
    """The index of a clean agencies frame. A code always names its own agency; a name or
    short name shared by agencies with different codes is ambiguous."""
    index = AgencyIndex()
    all_codes = agencies["agency_code"].tolist()
    codes = [str(c) for c in all_codes if not parsing.is_blank(c)]
    names: dict[str, set[str]] = {}
    for column in ("agency_name", "short_name"):
        if column not in agencies:
            continue
        for code, ref in zip(all_codes, agencies[column].tolist(), strict=True):
            if not parsing.is_blank(ref) and not parsing.is_blank(code):
                names.setdefault(fold(ref), set()).add(str(code))
    for key, owners in names.items():
        if len(owners) == 1:
            index.codes[key] = next(iter(owners))
        else:
            index.ambiguous[key] = sorted(owners)
    for code in codes:
        index.codes[fold(code)] = code
        index.ambiguous.pop(fold(code), None)
        if code.isdigit() and code.startswith("0"):
            index.unpadded.setdefault(code.lstrip("0") or "0", []).append(code)
    return index


def split_agency_list(text: str, index: AgencyIndex | dict | None = None) -> list[str]:
    """Split 'A; B' (or 'A, B' when there is no ';') into references; with an `index`, the
    longest run of ','-pieces that names an agency is kept whole ('Dinas X, Y dan Z')."""
    if ";" in text:
        return [p.strip() for p in text.split(";") if p.strip()]
    pieces = [p.strip() for p in text.split(",") if p.strip()]
    if index is None:
        return pieces
    known_refs = index.codes if isinstance(index, AgencyIndex) else index
    refs: list[str] = []
    i = 0
    while i < len(pieces):
        known = [j for j in range(i + 1, len(pieces) + 1)
                 if fold(", ".join(pieces[i:j])) in known_refs]
        j = max(known, default=i + 1)
        refs.append(", ".join(pieces[i:j]))
        i = j
    return refs


@dataclass(frozen=True)
class Unresolved:
    """A reference that names no single usable agency, and why."""

    ref: str
    reason: str
    rejected_row: str | None = None  # `file:row` of the agency's own rejected row
    padded: str | None = None  # the one zero-padded code an unpadded digit code stands for


def resolve(text: str, kind: str, index: AgencyIndex,
            rejected: dict[str, str]) -> tuple[str | None, list[Unresolved]]:
    """The code(s) of an agency reference (`kind` 'agency') or list ('agency_list'), and the
    references that could not be resolved."""
    refs = [text] if kind == "agency" else split_agency_list(text, index)
    codes: list[str] = []
    failed: list[Unresolved] = []
    for ref in refs:
        key = fold(ref)
        if key in index.codes:
            codes.append(index.codes[key])
            continue
        item = _unresolved(ref, index, rejected)
        if item.padded:
            codes.append(item.padded)  # taken, with one warning per value (see validate)
        failed.append(item)
    return AGENCY_LIST_JOIN.join(dict.fromkeys(codes)) or None, failed


def _unresolved(ref: str, index: AgencyIndex, rejected: dict[str, str]) -> Unresolved:
    key = fold(ref)
    if key in index.ambiguous:
        owners = ", ".join(index.ambiguous[key])
        return Unresolved(ref, f"ambiguous agency: {ref!r} is the name of several agencies "
                               f"({owners}); write the agency code instead")
    if key in rejected:
        return Unresolved(ref, f"agency {ref!r}: its row ({rejected[key]}) was rejected; fix "
                               "that row first", rejected_row=rejected[key])
    padded = index.unpadded.get(ref.strip().lstrip("0") or "0") if ref.strip().isdigit() else None
    if padded and len(padded) == 1:
        return Unresolved(ref, f"agency code {ref!r} read as {padded[0]!r}: its leading zeros "
                               "were lost when it was stored as a number (format the column "
                               "as text in Excel)", padded=padded[0])
    if padded:
        return Unresolved(ref, f"unknown agency: {ref!r}; the agencies table has the codes "
                               f"{' and '.join(map(repr, padded))}: the leading zeros were "
                               "lost when the code was stored as a number; write the code as "
                               "text")
    return Unresolved(ref, f"unknown agency: {ref!r} (not a code, short name or name in the "
                           "agencies table)")

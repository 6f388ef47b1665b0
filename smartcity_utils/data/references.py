"""Agency references: an agency's code, short name or name, written in another table.

A reference resolves to the agency's code: written exactly as a code, short name or name, or
in another case and spacing when only one agency answers to it that way (a code written so is
taken with a warning: codes are identities, compared as written). It can fail in three ways,
each with its own message: it names no agency (perhaps a code whose leading zeros Excel
dropped: `23` for `023`), it names two agencies (a short name shared by two of them), or it
names an agency whose own row was rejected (reported once per file and agency, not once per
row).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from smartcity_utils.vocabulary import fold

AGENCY_LIST_JOIN = "; "


@dataclass
class AgencyIndex:
    """Every agency's code, short name and name -> its code, as written and folded; a
    reference several agencies answer to is kept apart as ambiguous."""

    exact: dict[str, str] = field(default_factory=dict)  # as written (trimmed)
    codes: dict[str, str] = field(default_factory=dict)  # folded
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    # folded codes that are no agency's folded name: a code written in another case or spacing
    loose_codes: set[str] = field(default_factory=set)
    # an all-digit code without its leading zeros -> the zero-padded codes it may mean
    unpadded: dict[str, list[str]] = field(default_factory=dict)

    def __contains__(self, ref: str) -> bool:
        return fold(ref) in self.codes


def agency_index(agencies: pd.DataFrame) -> AgencyIndex:
    """The index of a clean agencies frame. A code as written always names its own agency; a
    name, short name or folded code that agencies with different codes answer to is
    ambiguous."""
    index = AgencyIndex()
    codes = agencies["agency_code"].tolist()
    written: dict[str, set[str]] = {}
    folded: dict[str, set[str]] = {}
    names: set[str] = set()
    for column in ("agency_name", "short_name", "agency_code"):
        if column not in agencies:
            continue
        for code, ref in zip(codes, agencies[column].tolist(), strict=True):
            if isinstance(ref, str) and ref.strip() and isinstance(code, str):
                key = fold(ref)
                written.setdefault(ref.strip(), set()).add(code)
                folded.setdefault(key, set()).add(code)
                if column != "agency_code":
                    names.add(key)
    index.exact = {ref: owners.pop() for ref, owners in written.items() if len(owners) == 1}
    index.exact.update({code: code for code in codes if isinstance(code, str)})
    for key, owners in folded.items():
        if len(owners) == 1:
            index.codes[key] = owners.pop()
        else:
            index.ambiguous[key] = sorted(owners)
    index.loose_codes = {fold(code) for code in codes if isinstance(code, str)} - names
    for code in codes:
        if isinstance(code, str) and code.isdigit() and code.startswith("0"):
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
    """A reference that names no single usable agency, or names one only loosely, and why."""

    ref: str
    reason: str
    rejected_row: str | None = None  # `file:row` of the agency's own rejected row
    # the one code a loosely written reference stands for (a code in another case, or an
    # unpadded digit code): taken, with a warning
    taken: str | None = None


def resolve(text: str, kind: str, index: AgencyIndex,
            rejected: dict[str, str]) -> tuple[str | None, list[Unresolved]]:
    """The code(s) of an agency reference (`kind` 'agency') or list ('agency_list'), and the
    references that could not be resolved, or only loosely."""
    refs = [text] if kind == "agency" else split_agency_list(text, index)
    codes: list[str] = []
    failed: list[Unresolved] = []
    for ref in refs:
        key = fold(ref)
        if ref.strip() in index.exact:
            codes.append(index.exact[ref.strip()])
            continue
        if key in index.codes:
            codes.append(index.codes[key])
            if key in index.loose_codes:
                failed.append(Unresolved(
                    ref, f"agency code {ref!r} read as {index.codes[key]!r}, as the agencies "
                         "table writes it (it differs only in case, spaces or punctuation)",
                    taken=index.codes[key]))
            continue
        item = _unresolved(ref, index, rejected)
        if item.taken:
            codes.append(item.taken)  # taken, with one warning per value (see validate)
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
                               "as text in Excel)", taken=padded[0])
    if padded:
        return Unresolved(ref, f"unknown agency: {ref!r}; the agencies table has the codes "
                               f"{' and '.join(map(repr, padded))}: the leading zeros were "
                               "lost when the code was stored as a number; write the code as "
                               "text")
    return Unresolved(ref, f"unknown agency: {ref!r} (not a code, short name or name in the "
                           "agencies table)")

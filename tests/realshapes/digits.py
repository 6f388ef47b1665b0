"""The sample data with its agency codes replaced by all-digit codes with leading zeros
(`030100`, `030200`, ...), the way many cities number their agencies (Kota Denpasar's
inventory uses `030801`-style codes)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def digit_codes(codes: list[str]) -> dict[str, str]:
    """Letter code -> a six-digit code with a leading zero, in the agencies' order."""
    return {code: f"{30100 + 100 * i:06d}" for i, code in enumerate(codes)}


def _rewrite(path: Path, columns: tuple[str, ...], mapping: dict[str, str]) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        for column in columns:
            if row.get(column):
                row[column] = "; ".join(mapping[c.strip()] for c in row[column].split(";"))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_sample_copy(out: Path, digits: bool) -> dict[str, str]:
    """Copy the sample's three tables to `out`, under digit codes if `digits`; returns the
    code mapping (letter -> code used). Both copies leave out the metadata.json sidecar, whose
    planted truth names agencies by their letter codes."""
    out.mkdir(parents=True, exist_ok=True)
    for name in ("agencies.csv", "innovations.csv", "assessment.csv"):
        shutil.copy(SAMPLE / name, out / name)
    with (out / "agencies.csv").open(encoding="utf-8") as f:
        codes = [row["agency_code"] for row in csv.DictReader(f)]
    if not digits:
        return {c: c for c in codes}
    mapping = digit_codes(codes)
    _rewrite(out / "agencies.csv", ("agency_code",), mapping)
    _rewrite(out / "innovations.csv", ("agency_code", "partner_agencies"), mapping)
    _rewrite(out / "assessment.csv", ("agency_code",), mapping)
    return mapping


FORMULAS = ('=HYPERLINK("http://x","click")', "=cmd|' /C calc'!A0")


def write_slice(out: Path, digits: bool) -> dict[str, str]:
    """Five agencies of the sample (tests.realshapes.awkward.base) as CSV files, under digit
    codes if `digits`, with formula-looking evidence references planted in the first two
    assessment rows of the year 2024; returns the code mapping (letter -> code used)."""
    from tests.realshapes.awkward import base

    data = base()
    codes = data["agencies"]["agency_code"].tolist()
    mapping = digit_codes(codes) if digits else {c: c for c in codes}
    data["agencies"]["agency_code"] = data["agencies"]["agency_code"].map(mapping)
    data["assessment"]["agency_code"] = data["assessment"]["agency_code"].map(mapping)
    inn = data["innovations"]
    inn["agency_code"] = inn["agency_code"].map(mapping)
    inn["partner_agencies"] = inn["partner_agencies"].map(
        lambda v: "; ".join(mapping[c] for c in v.split("; ") if c))
    rows = data["assessment"].index[data["assessment"]["year"] == "2024"][:2]
    data["assessment"].loc[rows, "evidence_ref"] = list(FORMULAS)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in data.items():
        frame.to_csv(out / f"{name}.csv", index=False, lineterminator="\n")
    return mapping

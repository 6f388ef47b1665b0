"""Small hand-made registries for the impact survey's tests: every number of the tests that use
them is read off the rows below."""

from __future__ import annotations

import csv
from pathlib import Path

from smartcity_utils.vocabulary import SUB_DIMENSIONS

AGENCIES = [("DISKOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo"),
            ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Bappeda"),
            ("DINKES", "Dinas Kesehatan", "Dinkes"),
            ("DISPAR", "Dinas Pariwisata", "Dispar"),
            ("DLH", "Dinas Lingkungan Hidup", "DLH")]

HEADERS = ["Innovation ID", "Innovation Name", "Agency", "Year", "Dimension", "Sub-dimension",
           "Stage", "Description", "Start Date", "Beneficiaries", "Status",
           "Partner Government", "Partner Academia"]

# Kesehatan (Smart Living), year 2024: eligible are KES-A, KES-B and KES-C.
KESEHATAN = [
    # id, name, agency, year, stage, beneficiaries, status, start, government, academia
    ("KES-A", "Posyandu Digital", "DINKES", 2024, "penerapan", 5000, "aktif", "01/01/2024",
     "tidak", "tidak"),                                    # since 2024: 1 year
    ("KES-B", "Ambulans Gratis", "DINKES", 2022, "penerapan", 4000, "aktif", "", "tidak",
     "tidak"),
    ("KES-B", "Ambulans Gratis", "DINKES", 2024, "penerapan", 5000, "aktif", "", "tidak",
     "tidak"),                                             # first registry year 2022: 3 years
    ("KES-C", "Klinik Keliling", "DINKES", 2024, "penerapan", 8000, "aktif", "15/03/2023", "ya",
     "ya"),                                                # since 2023: 2 years, 2 sectors
    ("KES-D", "Aplikasi Gizi Anak", "DINKES", 2024, "uji coba", 90000, "aktif", "", "tidak",
     "tidak"),                                             # a trial
    ("KES-E", "Senam Lansia", "DINKES", 2024, "penerapan", 40, "aktif", "", "tidak",
     "tidak"),                                             # fewer than 50 beneficiaries
    ("KES-F", "Kartu Sehat Lama", "DINKES", 2024, "penerapan", 99999, "dihentikan", "", "tidak",
     "tidak"),                                             # stopped
]

# Sub-dimensions left without an eligible programme, one per reason (Smart Environment and
# Smart Living): Energi has no innovation at all.
GAPS = [
    ("SAM-1", "Bank Sampah Sekolah", "DLH", 2024, "uji coba", 300, "aktif", "", "tidak",
     "tidak"),
    ("SAM-2", "Kompos Warga", "DLH", 2024, "inisiatif", 300, "aktif", "", "tidak", "tidak"),
    ("PRO-1", "Hutan Kota Lama", "DLH", 2024, "penerapan", 300, "dihentikan", "", "tidak",
     "tidak"),
    ("HAR-1", "Kampung Toleransi", "DINKES", 2024, "penerapan", None, "aktif", "", "tidak",
     "tidak"),
    ("HAR-2", "Forum Warga", "DINKES", 2024, "penerapan", 30, "aktif", "", "tidak", "tidak"),
]


def filler(skip: set[str]) -> list[tuple]:
    """One eligible programme (100 beneficiaries) for every sub-dimension not in `skip`."""
    rows = []
    for n, sub in enumerate((s for subs in SUB_DIMENSIONS.values() for s, _, _ in subs),
                            start=1):
        if sub not in skip:
            rows.append((f"F-{n:02d}", f"Program {sub}", "DISPAR" if n <= 6 else "DLH", 2024,
                         "penerapan", 100, "aktif", "", "tidak", "tidak"))
    return rows


def _dimension(sub: str) -> str:
    return next(d for d, subs in SUB_DIMENSIONS.items() if sub in [s for s, _, _ in subs])


SUB_OF = {"KES": "Kesehatan", "SAM": "Sampah", "PRO": "Proteksi", "HAR": "Harmoni"}


def write_registry(folder: Path, rows: list[tuple], with_agencies: bool = True) -> Path:
    """A data folder: agencies.csv and innovations.csv of `rows` (filler rows name their
    sub-dimension in their name; the others by their id's prefix)."""
    folder.mkdir(parents=True, exist_ok=True)
    if with_agencies:
        with open(folder / "agencies.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["Agency Code", "Agency Name", "Short Name"])
            writer.writerows(AGENCIES)
    with open(folder / "innovations.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        for iid, name, agency, year, stage, beneficiaries, status, start, gov, acad in rows:
            sub = name.removeprefix("Program ") if iid.startswith("F-") else SUB_OF[iid[:3]]
            writer.writerow([iid, name, agency, year, _dimension(sub), sub, stage,
                             f"{name}: layanan untuk warga kota.", start,
                             "" if beneficiaries is None else beneficiaries, status, gov, acad])
    return folder


def complete_registry(folder: Path) -> Path:
    """Every sub-dimension with an eligible programme; Kesehatan with its six candidates."""
    return write_registry(folder, KESEHATAN + filler({"Kesehatan"}))


def registry_with_gaps(folder: Path) -> Path:
    return write_registry(folder, KESEHATAN + GAPS
                          + filler({"Kesehatan", "Sampah", "Proteksi", "Harmoni", "Energi"}))

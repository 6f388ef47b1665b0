"""The canonical vocabulary of the field and the spellings agencies use for it.

Every controlled value in the data (smart-city dimension, sub-dimension, tahapan, ...) has one
canonical spelling, used in the clean data and in every report, and a set of accepted spellings
in Indonesian and English. `normalise(vocabulary, value)` maps a spelling to its canonical value.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Six smart-city dimensions, three sub-dimensions each (domain.md, 2024 evaluation).
# canonical dimension -> [(canonical sub-dimension, English label, extra accepted spellings)]
SUB_DIMENSIONS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "Smart Governance": [
        ("Layanan Publik", "Public Service", ("pelayanan publik", "public services")),
        ("Kebijakan Publik", "Public Policy", ()),
        ("Tata Kelola Birokrasi", "Bureaucratic Governance", ("birokrasi", "bureaucracy")),
    ],
    "Smart Branding": [
        ("Wisata", "Tourism", ("pariwisata", "tourism branding")),
        ("Bisnis", "Business", ("business branding",)),
        ("Wajah Kota", "City Appearance", ("penataan wajah kota", "cityscape")),
    ],
    "Smart Economy": [
        ("Industri", "Industry", ()),
        ("Kesejahteraan", "Welfare", ()),
        ("Transaksi", "Transaction", ("transactions",)),
    ],
    "Smart Living": [
        ("Harmoni", "Harmony", ()),
        ("Kesehatan", "Health", ()),
        ("Mobilitas", "Mobility", ("transportasi",)),
    ],
    "Smart Society": [
        ("Komunitas", "Community", ()),
        ("Pendidikan", "Education", ()),
        ("Keamanan", "Security", ("safety",)),
    ],
    "Smart Environment": [
        ("Proteksi", "Protection", ("perlindungan lingkungan", "proteksi lingkungan")),
        ("Sampah", "Waste", ("persampahan", "waste management")),
        ("Energi", "Energy", ()),
    ],
}

DIMENSIONS: list[str] = list(SUB_DIMENSIONS)
DIMENSION_OF: dict[str, str] = {
    sub: dim for dim, subs in SUB_DIMENSIONS.items() for sub, _, _ in subs
}
SUB_DIMENSION_EN: dict[str, str] = {
    sub: en for subs in SUB_DIMENSIONS.values() for sub, en, _ in subs
}

_DIMENSION_ALIASES = {
    "Smart Governance": ("governance", "tata kelola", "pemerintahan"),
    "Smart Branding": ("branding", "pencitraan"),
    "Smart Economy": ("economy", "ekonomi"),
    "Smart Living": ("living", "kehidupan"),
    "Smart Society": ("society", "masyarakat", "sosial"),
    "Smart Environment": ("environment", "lingkungan"),
}

# Evaluation dimensions of the Stage I assessment, in the order of the official form.
EVALUATION_DIMENSIONS: list[str] = ["Baseline", "Output", "Outcome", "Impact", "Quick Win"]

TAHAPAN: list[str] = ["inisiatif", "uji coba", "penerapan"]
JENIS: list[str] = ["digital", "non-digital"]
BENTUK: list[str] = ["tata kelola pemerintahan daerah", "pelayanan publik", "lainnya"]
INISIATOR: list[str] = ["kepala daerah", "anggota DPRD", "perangkat daerah", "ASN", "masyarakat"]
STATUS: list[str] = ["aktif", "selesai", "dihentikan"]
AGENCY_TYPES: list[str] = [
    "dinas", "badan", "sekretariat", "inspektorat", "satuan", "kecamatan", "kelurahan",
    "rsud", "bumd", "lainnya",
]
# Pentahelix partner sectors: canonical key -> (Indonesian label, English label).
PENTAHELIX: dict[str, tuple[str, str]] = {
    "government": ("Pemerintah", "Government"),
    "academia": ("Akademisi", "Academia"),
    "business": ("Swasta", "Business"),
    "community": ("Komunitas/LSM", "Community/NGO"),
    "media": ("Media", "Media"),
}


@lru_cache(maxsize=1 << 18, typed=True)  # a registry folds the same codes and names again
def fold(text: object) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces: the key spellings match on."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    s = re.sub(r"[^0-9a-z]+", " ", s.lower())
    return " ".join(s.split())


def _table(pairs: dict[str, tuple[str, ...]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, spellings in pairs.items():
        for spelling in (canonical, *spellings):
            table[fold(spelling)] = canonical
    return table


VOCABULARIES: dict[str, dict[str, str]] = {
    "dimension": _table(
        {
            d: (*_DIMENSION_ALIASES[d], d.replace("Smart ", "") + " cerdas")
            for d in DIMENSIONS
        }
    ),
    "sub_dimension": _table(
        {
            sub: (en, *extra)
            for subs in SUB_DIMENSIONS.values()
            for sub, en, extra in subs
        }
    ),
    "evaluation_dimension": _table(
        {
            "Baseline": ("dasar", "garis dasar"),
            "Output": ("keluaran",),
            "Outcome": ("hasil",),
            "Impact": ("dampak",),
            "Quick Win": ("quickwin", "quick wins", "qw"),
        }
    ),
    "tahapan": _table(
        {
            "inisiatif": ("initiative", "initiation", "inisiasi"),
            "uji coba": ("ujicoba", "trial", "pilot", "piloting"),
            "penerapan": ("implementation", "implemented", "diterapkan", "implementasi"),
        }
    ),
    "jenis": _table(
        {
            # what a registry of websites and applications writes for its kind of system
            "digital": ("daring", "online", "elektronik", "website", "situs web", "aplikasi",
                        "sistem informasi"),
            "non-digital": ("nondigital", "non digital", "luring", "offline", "manual"),
        }
    ),
    "bentuk": _table(
        {
            "tata kelola pemerintahan daerah": (
                "tata kelola pemerintahan", "tata kelola", "local governance", "governance",
                # the wording of the IID (Kemendagri) form and its exports
                "inovasi tata kelola pemerintahan daerah", "inovasi tata kelola pemerintah daerah",
            ),
            "pelayanan publik": ("layanan publik", "public service", "public services",
                                 "inovasi pelayanan publik"),
            "lainnya": ("lain lain", "other", "others", "inovasi daerah lainnya",
                        "inovasi daerah lainnya sesuai dengan urusan pemerintahan yang menjadi "
                        "kewenangan daerah",
                        "inovasi bentuk lainnya sesuai dengan bidang urusan pemerintahan yang "
                        "menjadi kewenangan daerah"),
        }
    ),
    "inisiator": _table(
        {
            "kepala daerah": (
                "walikota", "wali kota", "bupati", "gubernur", "head of region", "mayor",
            ),
            "anggota DPRD": ("dprd", "anggota dprd", "council member", "legislator"),
            "perangkat daerah": ("opd", "pd", "skpd", "agency", "city agency"),
            "ASN": ("pns", "pegawai", "civil servant"),
            "masyarakat": ("warga", "public", "community", "citizen", "citizens"),
        }
    ),
    "status": _table(
        {
            "aktif": ("active", "berjalan", "ongoing"),
            "selesai": ("completed", "finished", "done", "tuntas"),
            "dihentikan": ("stopped", "discontinued", "berhenti", "tidak aktif", "inactive",
                           "nonaktif", "non aktif", "naktif"),
        }
    ),
    "agency_type": _table(
        {
            "dinas": ("office",),
            "badan": ("agency", "board"),
            "sekretariat": ("secretariat", "setda", "sekretariat daerah"),
            "inspektorat": ("inspectorate",),
            "satuan": ("satpol pp", "unit"),
            "kecamatan": ("district", "subdistrict"),
            "kelurahan": ("village", "urban village"),
            "rsud": ("hospital", "rumah sakit", "rumah sakit umum daerah"),
            "bumd": ("perumda", "pdam", "regional enterprise", "city owned company"),
            "lainnya": ("other",),
        }
    ),
}


def normalise(vocabulary: str, value: object) -> str | None:
    """The canonical spelling of `value` in `vocabulary`; None for an unknown spelling."""
    return VOCABULARIES[vocabulary].get(fold(value))


def canonical_values(vocabulary: str) -> list[str]:
    """The canonical values of a vocabulary, in their documented order."""
    return list(dict.fromkeys(VOCABULARIES[vocabulary].values()))

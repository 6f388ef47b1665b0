"""Every report string in one place, in Bahasa Indonesia (`id`, the default) and English (`en`).

Notebooks and reports call `text(key, lang)`; table headers of the data contract come from
`column_label(column, lang)`, which reads the header names in schema.py.
"""

from __future__ import annotations

from smartcity_utils.schema import TABLES
from smartcity_utils.vocabulary import PENTAHELIX, SUB_DIMENSION_EN

STRINGS: dict[str, dict[str, str]] = {
    # data quality workbook
    "dq.title": {"id": "Kualitas Data", "en": "Data Quality"},
    "dq.table": {"id": "Tabel", "en": "Table"},
    "dq.file": {"id": "Berkas", "en": "File"},
    "dq.rows_read": {"id": "Baris dibaca", "en": "Rows read"},
    "dq.rows_clean": {"id": "Baris valid", "en": "Valid rows"},
    "dq.rows_rejected": {"id": "Baris ditolak", "en": "Rejected rows"},
    "dq.row": {"id": "Baris", "en": "Row"},
    "dq.column": {"id": "Kolom", "en": "Column"},
    "dq.value": {"id": "Nilai", "en": "Value"},
    "dq.reason": {"id": "Alasan", "en": "Reason"},
    "dq.problems": {"id": "Jumlah masalah", "en": "Problems"},
    "dq.no_problems": {
        "id": "Tidak ada masalah: semua baris valid.",
        "en": "No problems: every row is valid.",
    },
    "dq.innovations": {"id": "Inovasi", "en": "Innovations"},
    "dq.assessment_rows": {"id": "Baris penilaian", "en": "Assessment rows"},
    "dq.evidence_missing": {"id": "Bukti belum ada", "en": "Evidence missing"},
    "dq.coverage_agency": {
        "id": "Jumlah inovasi per perangkat daerah dan tahun",
        "en": "Innovations per agency and year",
    },
    "dq.coverage_dimension": {
        "id": "Jumlah inovasi per dimensi dan tahun",
        "en": "Innovations per dimension and year",
    },
    "dq.coverage_sub_dimension": {
        "id": "Jumlah inovasi per sub-dimensi (tahun evaluasi)",
        "en": "Innovations per sub-dimension (evaluation year)",
    },
    "dq.assessment_coverage": {
        "id": "Cakupan penilaian Tahap I per perangkat daerah",
        "en": "Stage I assessment coverage per agency",
    },
    "dq.not_assessed": {
        "id": "Perangkat daerah tanpa baris penilaian pada tahun evaluasi",
        "en": "Agencies with no assessment rows in the evaluation year",
    },
    "dq.none": {"id": "(tidak ada)", "en": "(none)"},
    "dq.written": {"id": "Data bersih ditulis ke", "en": "Clean data written to"},
    "dq.count": {"id": "Jumlah", "en": "Count"},
    "dq.total": {"id": "Total", "en": "Total"},
    "dq.synthetic": {
        "id": "Catatan: data ini SINTETIS (contoh), bukan data perangkat daerah yang sebenarnya.",
        "en": "Note: this data is SYNTHETIC (a sample), not real agency data.",
    },
    # generic labels
    "agency": {"id": "Perangkat Daerah", "en": "Agency"},
    "year": {"id": "Tahun", "en": "Year"},
    "dimension": {"id": "Dimensi", "en": "Dimension"},
    "sub_dimension": {"id": "Sub-dimensi", "en": "Sub-dimension"},
    "evaluation_dimension": {"id": "Dimensi Evaluasi", "en": "Evaluation Dimension"},
}


def text(key: str, lang: str = "id") -> str:
    """The report string `key` in `lang`; KeyError names a missing key so gaps are found early."""
    return STRINGS[key][lang]


def column_label(column: str, lang: str = "id", table: str | None = None) -> str:
    """The header of a data-contract column in the report language."""
    for t in [TABLES[table]] if table else TABLES.values():
        for c in t.columns:
            if c.name == column:
                return c.header_id if lang == "id" else c.header_en
    if column in STRINGS:
        return text(column, lang)
    return column


def sub_dimension_label(sub_dimension: str, lang: str = "id") -> str:
    """A canonical sub-dimension in the report language."""
    return sub_dimension if lang == "id" else SUB_DIMENSION_EN.get(sub_dimension, sub_dimension)


def pentahelix_label(sector: str, lang: str = "id") -> str:
    """A pentahelix sector key in the report language."""
    label_id, label_en = PENTAHELIX[sector]
    return label_id if lang == "id" else label_en

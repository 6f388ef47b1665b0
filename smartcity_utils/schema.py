"""The data contract: every table's columns, their types, allowed values and header names.

This module is the single source of truth for the data dictionary (docs/data.md is checked
against it), for header recognition and validation in `data.load` and `data.validate`, for the
collection templates and for the column labels of every report (`strings`); it sits beside the
shared modules so that each of them can read it.

Column kinds:
- ``text``: free text; ``code``: an identifier (trimmed);
- ``year``: a calendar year; ``count``: a whole number >= 0; ``amount``: rupiah >= 0;
  ``number``: a decimal number (Indonesian or English notation);
- ``date``: a day-first date (``05/06/2024``) or ISO date;
- ``bool``: ya/tidak, yes/no, 1/0, true/false, v/x;
- ``vocab``: one value of the named vocabulary in `vocabulary`;
- ``agency``: a reference to an agency (its code, short name or name);
- ``agency_list``: agency references separated by ``;`` or ``,``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from smartcity_utils.vocabulary import fold


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    header_id: str
    header_en: str
    example: str
    required: bool = False
    vocabulary: str | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    doc: str = ""

    def spellings(self) -> set[str]:
        """Every folded header spelling that names this column."""
        return {fold(h) for h in (self.name, self.header_id, self.header_en, *self.aliases)}


@dataclass(frozen=True)
class Table:
    name: str
    title_id: str
    title_en: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    doc: str = ""
    # required columns the suite supplies when a registry has none (derived or suggested)
    supplied: tuple[str, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


# How registries name an agency (headers match in any word order, `_` and `/` as spaces), and
# its code or id (`Kode OPD`, `inovasi_id`'s neighbour `opd_id`, `idinstansi`)
AGENCY_WORDS = ("perangkat daerah", "pd", "opd", "skpd", "instansi", "lembaga", "unit kerja",
                "satuan kerja", "satker")
AGENCY_CODES = tuple(f"{prefix} {word}" for prefix in ("kode", "id") for word in AGENCY_WORDS)

AGENCIES = Table(
    name="agencies",
    title_id="Perangkat Daerah",
    title_en="Agencies",
    key=("agency_code",),
    doc="One row per city agency (Perangkat Daerah) taking part in the evaluation.",
    columns=(
        Column("agency_code", "code", "Kode PD", "Agency Code", "DISKOMINFO", required=True,
               aliases=("kode", "code", *AGENCY_CODES)),
        Column("agency_name", "text", "Nama Perangkat Daerah", "Agency Name",
               "Dinas Komunikasi dan Informatika", required=True,
               aliases=("nama", "name", *AGENCY_WORDS, *(f"nama {w}" for w in AGENCY_WORDS))),
        Column("short_name", "text", "Singkatan", "Short Name", "Diskominfo",
               aliases=("nama singkat", "akronim", "short", "nama pendek"),
               doc="Empty or absent: the agency's name is used."),
        Column("agency_type", "vocab", "Jenis PD", "Agency Type", "dinas",
               vocabulary="agency_type",
               aliases=("tipe pd", "jenis perangkat daerah", "type", "jenis opd", "jenis",
                        "tipe"),
               doc="Empty or absent: inferred from the name (marked in agency_type_inferred)."),
        Column("region", "text", "Daerah", "Region", "Kota Pontianak",
               aliases=("pemerintah daerah", "kabupaten kota", "pemda", "city")),
    ),
)

_PENTAHELIX_DOC = "Whether this pentahelix sector takes part in the innovation."

INNOVATIONS = Table(
    name="innovations",
    title_id="Registri Inovasi",
    title_en="Innovation Registry",
    key=("innovation_id", "year"),
    doc="One row per innovation per year, as registered by its agency.",
    supplied=("innovation_id", "innovation_name", "year", "dimension", "sub_dimension"),
    columns=(
        Column("innovation_id", "code", "ID Inovasi", "Innovation ID", "INV-0001", required=True,
               aliases=("kode inovasi", "no inovasi", "id")),
        Column("innovation_name", "text", "Nama Inovasi", "Innovation Name",
               "Pionirs (Pelayanan Administrasi Kependudukan dari Rumah)", required=True,
               aliases=("inovasi", "judul inovasi", "name")),
        Column("agency_code", "agency", "Perangkat Daerah", "Agency", "DISDUKCAPIL", required=True,
               aliases=("agency code", *AGENCY_WORDS, *AGENCY_CODES, "nama opd", "nama skpd",
                        "nama pd", "unit instansi", "opd pengampu",
                        "perangkat daerah pengampu", "opd pelaksana")),
        Column("year", "year", "Tahun", "Year", "2024", required=True,
               aliases=("tahun registrasi", "tahun data", "tahun implementasi",
                        "tahun penerapan")),
        Column("dimension", "vocab", "Dimensi", "Dimension", "Smart Governance", required=True,
               vocabulary="dimension", aliases=("dimensi smart city", "smart city dimension")),
        Column("sub_dimension", "vocab", "Sub Dimensi", "Sub-dimension", "Layanan Publik",
               required=True, vocabulary="sub_dimension",
               aliases=("subdimensi", "sub dimensi smart city", "subdimension")),
        Column("tahapan", "vocab", "Tahapan", "Stage", "penerapan",
               vocabulary="tahapan", aliases=("tahap", "tahapan inovasi")),
        Column("jenis", "vocab", "Jenis", "Type", "digital", vocabulary="jenis",
               aliases=("jenis inovasi", "innovation type")),
        Column("bentuk", "vocab", "Bentuk", "Form", "pelayanan publik", vocabulary="bentuk",
               aliases=("bentuk inovasi", "innovation form")),
        Column("inisiator", "vocab", "Inisiator", "Initiator", "perangkat daerah",
               vocabulary="inisiator", aliases=("inisiator inovasi", "penggagas")),
        Column("description", "text", "Deskripsi", "Description",
               "Layanan dokumen kependudukan yang diantar ke rumah warga.",
               aliases=("uraian", "keterangan", "deskripsi inovasi", "rancang bangun",
                        "penjelasan")),
        Column("start_date", "date", "Tanggal Mulai", "Start Date", "05/06/2024",
               aliases=("tgl mulai", "mulai", "tanggal penerapan", "tanggal uji coba",
                        "tahun mulai", "tahun pembuatan", "waktu penerapan"),
               doc="A year (2016) or a month and year (06/2016) means its first day."),
        Column("budget_idr", "amount", "Anggaran (Rp)", "Budget (IDR)", "Rp 1.250.000",
               aliases=("anggaran", "biaya", "budget", "pagu anggaran", "nilai anggaran")),
        Column("beneficiaries", "count", "Jumlah Penerima Manfaat", "Beneficiaries", "1.250",
               aliases=("penerima manfaat", "jumlah penerima", "jumlah pemanfaat")),
        Column("pentahelix_government", "bool", "Mitra Pemerintah", "Partner Government", "ya",
               aliases=("pemerintah",), doc=_PENTAHELIX_DOC),
        Column("pentahelix_academia", "bool", "Mitra Akademisi", "Partner Academia", "tidak",
               aliases=("akademisi", "perguruan tinggi"), doc=_PENTAHELIX_DOC),
        Column("pentahelix_business", "bool", "Mitra Swasta", "Partner Business", "ya",
               aliases=("swasta", "dunia usaha", "bisnis"), doc=_PENTAHELIX_DOC),
        Column("pentahelix_community", "bool", "Mitra Komunitas/LSM", "Partner Community/NGO",
               "tidak", aliases=("komunitas", "lsm", "masyarakat", "mitra lsm"),
               doc=_PENTAHELIX_DOC),
        Column("pentahelix_media", "bool", "Mitra Media", "Partner Media", "tidak",
               aliases=("mitra pentahelix media", "pentahelix media"), doc=_PENTAHELIX_DOC),
        Column("partner_agencies", "agency_list", "PD Mitra", "Partner Agencies",
               "DINKES; BAPPEDA", aliases=("mitra pd", "opd mitra", "perangkat daerah mitra")),
        Column("status", "vocab", "Status", "Status", "aktif", vocabulary="status",
               aliases=("status inovasi",)),
        Column("quick_win", "bool", "Quick Win", "Quick Win", "tidak",
               aliases=("terpilih quick win", "selected quick win"),
               doc="Whether the innovation has been selected as a Quick Win (in quick_win_year)."),
        Column("quick_win_year", "year", "Tahun Quick Win", "Quick Win Year", "2023",
               aliases=("tahun terpilih quick win",),
               doc="The year it was selected as a Quick Win; empty if never (up to this row's "
                   "year)."),
    ),
)

ASSESSMENT = Table(
    name="assessment",
    title_id="Penilaian Tahap I",
    title_en="Stage I Assessment",
    key=("agency_code", "innovation_id", "evaluation_dimension", "indicator_code", "year"),
    doc=(
        "Long format: one row per (agency or innovation, evaluation dimension, indicator, year). "
        "An agency-level row leaves innovation_id empty."
    ),
    columns=(
        Column("agency_code", "agency", "Perangkat Daerah", "Agency", "DINKES", required=True,
               aliases=("agency code", *AGENCY_WORDS, *AGENCY_CODES)),
        Column("innovation_id", "code", "ID Inovasi", "Innovation ID", "INV-0012",
               aliases=("kode inovasi",)),
        Column("year", "year", "Tahun", "Year", "2024", required=True),
        Column("evaluation_dimension", "vocab", "Dimensi Evaluasi", "Evaluation Dimension",
               "Outcome", required=True, vocabulary="evaluation_dimension",
               aliases=("aspek", "aspek penilaian", "dimensi penilaian")),
        Column("dimension", "vocab", "Dimensi", "Dimension", "Smart Living", required=True,
               vocabulary="dimension", aliases=("dimensi smart city",)),
        Column("sub_dimension", "vocab", "Sub Dimensi", "Sub-dimension", "Kesehatan",
               vocabulary="sub_dimension", aliases=("subdimensi", "subdimension")),
        Column("indicator_code", "code", "Kode Indikator", "Indicator Code", "OC-02",
               required=True, aliases=("indikator kode", "no indikator")),
        Column("indicator", "text", "Indikator", "Indicator",
               "Persentase program masterplan yang terlaksana", required=True,
               aliases=("nama indikator", "uraian indikator")),
        Column("level", "number", "Level", "Level", "3", required=True,
               aliases=("nilai", "skor", "tingkat", "score")),
        Column("scale_max", "number", "Skala Maks", "Scale Max", "4", required=True,
               aliases=("skala", "skala maksimal", "scale", "max level")),
        Column("evidence_ref", "text", "Bukti Dukung", "Evidence Reference",
               "SK Wali Kota No. 12/2024", aliases=("referensi bukti", "bukti", "evidence")),
        Column("evidence_present", "bool", "Ada Bukti", "Evidence Present", "ya",
               aliases=("bukti tersedia", "bukti ada", "has evidence")),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (AGENCIES, INNOVATIONS, ASSESSMENT)}

# Columns the suite writes beside the contract's (`smartcity suggest`: which values of the row
# were suggested, and how sure each is). The loader reads past them without a warning.
SUGGESTED_COLUMN = "Suggested"
CONFIDENCE_COLUMN = "Suggestion Confidence"
MARKER_COLUMNS = (SUGGESTED_COLUMN, CONFIDENCE_COLUMN)

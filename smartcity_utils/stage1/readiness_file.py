"""The Stage II readiness file the technical team fills in (issue #25): its template and its reader.

A short YAML file in the data folder, `kesiapan_tahap2.yaml`, with Indonesian comments: the
masterplan regulation, the last meetings of the smart-city council and implementing team, the
last forum, the smart-city budget and the regional budget (APBD), the SPBE index. A value left
empty is *not filled in*; the words `tidak ada` (or `belum ada`, `belum pernah`) say that the
thing does not exist, which is an answer. Dates are read like the data tables' dates (ISO
`2024-03-12` or day first `12/03/2024`), amounts like their amounts (`Rp 1.250.000`).

`read_readiness(data_dir)` gives the answers, or None when the file is absent (not an error:
every item is then "not filled in"); a file that cannot be used is a DataError naming the file,
every wrong key and the reason. `readiness_text(year, answers)` writes the template (or, with
answers, a filled file: the sample data uses it), which reads back to the same answers.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from smartcity_utils.atomic import write_atomically
from smartcity_utils.data.parsing import (
    ParseError,
    parse_amount,
    parse_date,
    parse_number,
    parse_year,
)
from smartcity_utils.errors import DataError, SmartCityError
from smartcity_utils.params import AliasRefused, load_yaml

READINESS_FILE = "kesiapan_tahap2.yaml"
ABSENT = "tidak ada"  # the answer "it does not exist", as the team writes it
ABSENT_WORDS = {"tidak ada", "belum ada", "belum pernah", "tidak"}
SPBE_SCALE = (0.0, 5.0)  # the SPBE index lies in 0..5 (maturity levels 1-5)

TEXT, DATE, AMOUNT, INDEX, YEAR = "text", "date", "amount", "index", "year"


@dataclass(frozen=True)
class Field:
    section: str
    key: str
    kind: str
    comment: str  # the template's comment, in Indonesian

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"


SECTION_COMMENTS = {
    "masterplan": "Masterplan Smart City dan peraturan yang menetapkannya",
    "dewan_smart_city": "Dewan Smart City: rapat terakhir",
    "tim_pelaksana": "Tim Pelaksana Smart City: surat keputusan pembentukan dan rapat terakhir",
    "forum_smart_city": "Forum Smart City yang diadakan secara berkala",
    "anggaran": "Anggaran smart city tahun evaluasi dan APBD tahun yang sama (rupiah)",
    "indeks_spbe": "Indeks SPBE terakhir dari Kementerian PANRB",
}
FIELDS = (
    Field("masterplan", "peraturan", TEXT, "nomor dan judul peraturan kepala daerah atau "
          "perda, mis. \"Peraturan Wali Kota Nomor 25 Tahun 2019\"; tulis tidak ada bila belum "
          "ditetapkan"),
    Field("masterplan", "tanggal", DATE, "tanggal penetapan, mis. 2019-06-03 atau 03/06/2019"),
    Field("dewan_smart_city", "rapat_terakhir", DATE, "tanggal rapat terakhir; tidak ada bila "
          "belum pernah rapat"),
    Field("tim_pelaksana", "sk", TEXT, "nomor surat keputusan pembentukan tim; tidak ada bila "
          "belum dibentuk"),
    Field("tim_pelaksana", "rapat_terakhir", DATE, "tanggal rapat terakhir; tidak ada bila "
          "belum pernah rapat"),
    Field("forum_smart_city", "forum_terakhir", DATE, "tanggal forum terakhir; tidak ada bila "
          "belum pernah diadakan"),
    Field("anggaran", "smart_city_rp", AMOUNT, "anggaran program smart city (APBD), mis. "
          "12500000000; tidak ada bila nol"),
    Field("anggaran", "apbd_rp", AMOUNT, "total belanja APBD tahun evaluasi"),
    Field("indeks_spbe", "nilai", INDEX, "nilai Indeks SPBE (0 sampai 5), mis. 3,12"),
    Field("indeks_spbe", "tahun", YEAR, "tahun evaluasi SPBE yang menghasilkan nilai itu"),
)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}
SECTIONS = tuple(dict.fromkeys(f.section for f in FIELDS))

HEADER = (
    "# Kesiapan Evaluasi Smart City Tahap II: diisi oleh Tim Teknis Smart City.",
    "# Simpan berkas ini di folder data dengan nama " + READINESS_FILE + ", lalu jalankan lagi",
    "# Evaluasi Tahap I: daftar periksa kesiapan Tahap II dibuat dari isian di bawah.",
    "# - Biarkan kosong bila belum tahu (butirnya tercatat \"belum diisi\").",
    "# - Tulis tidak ada bila memang belum ada (butirnya tercatat \"belum\").",
    "# - Tanggal: 2024-03-12 atau 12/03/2024. Rupiah: angka saja, tanpa titik (12500000000).",
    "# Kelengkapan bukti dukung tidak diisi di sini: dihitung dari data penilaian Tahap I.",
)


@dataclass(frozen=True)
class Readiness:
    """The team's answers for one evaluation year: the value of each field by its name
    (`masterplan.peraturan`), None when not filled in, ABSENT when the thing does not exist."""

    year: int
    answers: dict[str, object]

    def __getitem__(self, name: str) -> object:
        return self.answers.get(name)


# ------------------------------------------------------------------ reading


def _is_absent(value: object) -> bool:
    return isinstance(value, str) and " ".join(value.lower().split()) in ABSENT_WORDS


def _value(field: Field, raw: object, year: int | None) -> object:
    """One answer, checked; ParseError says why it cannot be used."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if field.kind == TEXT:
        if _is_absent(raw):
            return ABSENT
        if isinstance(raw, (bool, dict, list, dt.date)):
            raise ParseError(f"not a text: {raw!r}")
        return " ".join(str(raw).split())
    if field.kind == DATE:
        if _is_absent(raw):
            return ABSENT
        date = parse_date(raw)
        if year is not None and date > dt.date(year, 12, 31):
            raise ParseError(f"{date.isoformat()} is after the end of the year the file "
                             f"describes ({year})")
        return date
    if field.kind == AMOUNT:
        if field.key == "smart_city_rp" and _is_absent(raw):
            return 0.0
        return parse_amount(raw)
    if field.kind == INDEX:
        number = parse_number(raw)
        if not SPBE_SCALE[0] <= number <= SPBE_SCALE[1]:
            raise ParseError(f"{raw!r} is outside the SPBE scale {SPBE_SCALE[0]:g}-"
                             f"{SPBE_SCALE[1]:g}")
        return number
    found = parse_year(raw)
    if year is not None and found > year:
        raise ParseError(f"{found} is after the year the file describes ({year})")
    return found


def _problems_of_shape(data: object) -> list[str]:
    if not isinstance(data, dict):
        return ["must be a list of keys and values (tahun:, masterplan:, ...)"]
    problems = [f"{key}: unknown key (known: tahun, {', '.join(SECTIONS)})"
                for key in data if key not in ("tahun", *SECTIONS)]
    for section in SECTIONS:
        block = data.get(section)
        if block is None:
            continue
        if not isinstance(block, dict):
            problems.append(f"{section}: must hold its keys "
                            f"({', '.join(f.key for f in FIELDS if f.section == section)})")
            continue
        known = [f.key for f in FIELDS if f.section == section]
        problems += [f"{section}.{key}: unknown key (known: {', '.join(known)})"
                     for key in block if key not in known]
    return problems


def parse_readiness(data: object, source: str) -> Readiness:
    """The answers of a readiness file's contents; DataError naming `source` and every bad key."""
    problems = _problems_of_shape(data)
    if problems:
        raise DataError(f"{source}: " + "; ".join(problems))
    year = None
    try:
        year = parse_year(data.get("tahun"))
    except ParseError as error:
        problems.append(f"tahun: {error.reason} (the evaluation year the file describes)")
    answers = {}
    for field in FIELDS:
        raw = (data.get(field.section) or {}).get(field.key)
        try:
            answers[field.name] = _value(field, raw, year)
        except ParseError as error:
            problems.append(f"{field.name}: {error.reason}")
    smart_city, apbd = answers.get("anggaran.smart_city_rp"), answers.get("anggaran.apbd_rp")
    if apbd == 0:
        problems.append("anggaran.apbd_rp: the regional budget cannot be 0")
    elif isinstance(smart_city, float) and isinstance(apbd, float) and smart_city > apbd:
        problems.append("anggaran.smart_city_rp: larger than the whole regional budget "
                        "(anggaran.apbd_rp)")
    if problems:
        raise DataError(f"{source}: " + "; ".join(problems))
    return Readiness(year=year, answers=answers)


def read_readiness(data_dir: str | Path) -> Readiness | None:
    """The team's readiness answers in `data_dir`, or None when the file is not there."""
    path = Path(data_dir) / READINESS_FILE
    if not path.is_file():
        return None
    try:
        data = load_yaml(path.read_text(encoding="utf-8-sig"))
    except AliasRefused as error:
        raise DataError(f"{READINESS_FILE}: {error}") from None
    except yaml.YAMLError as error:
        raise DataError(f"{READINESS_FILE}: not valid YAML: {error}") from None
    except UnicodeDecodeError:
        raise DataError(f"{READINESS_FILE}: not a UTF-8 text file") from None
    return parse_readiness(data, READINESS_FILE)


# ------------------------------------------------------------------ writing


def _yaml_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML string


def readiness_text(year: int, answers: dict[str, object] | None = None) -> str:
    """The readiness file for `year`: the empty template, or filled with `answers` (by field
    name, as `Readiness.answers`)."""
    answers = answers or {}
    unknown = set(answers) - set(FIELDS_BY_NAME)
    if unknown:
        raise ValueError(f"no readiness field named {sorted(unknown)}")
    lines = [*HEADER, "", f"tahun: {year}   # tahun evaluasi yang dijelaskan berkas ini"]
    for section in SECTIONS:
        lines += ["", f"# {SECTION_COMMENTS[section]}", f"{section}:"]
        for field in (f for f in FIELDS if f.section == section):
            value = _yaml_value(answers.get(field.name))
            lines += [f"  # {field.comment}", f"  {field.key}: {value}".rstrip()]
    return "\n".join(lines) + "\n"


def write_readiness_template(folder: str | Path, year: int,
                             answers: dict[str, object] | None = None) -> Path:
    """Write the readiness file into `folder` (created), never over one already there."""
    path = Path(folder) / READINESS_FILE
    if path.exists():
        raise SmartCityError(f"{path.as_posix()} already exists: it is the team's filled-in "
                             "file; rename or move it first to write a new template")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, readiness_text(year, answers))
    return path

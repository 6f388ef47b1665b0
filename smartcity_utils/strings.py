"""Every report string in one place, in Bahasa Indonesia (`id`, the default) and English (`en`).

The report language is bound once per workbook (`use_language`, called by `start_workbook`);
`text(key)` and the label functions speak it unless given a `lang` of their own. Table headers
of the data contract come from `column_label(column)`, which reads the header names in schema.py.
Logic never compares translated text: it works on canonical values and keys.
"""

from __future__ import annotations

from importlib.resources import files

from smartcity_utils.params import load_yaml
from smartcity_utils.schema import TABLES
from smartcity_utils.vocabulary import PENTAHELIX, SUB_DIMENSION_EN

# load_yaml uses libyaml when PyYAML has it: every kernel reads these strings, in 0.02 s
# instead of the pure-Python loader's 0.2 s.
STRINGS: dict[str, dict[str, str]] = load_yaml(
    files(__package__).joinpath("strings.yaml").read_text(encoding="utf-8"))


LANGUAGES = ("id", "en")
_language = "id"  # a module global: ipykernel runs each cell in a copy of the context


def use_language(lang: str) -> None:
    """Bind the report language for everything this process renders from now on."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"report language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    _language = lang


def language() -> str:
    """The report language bound by `use_language` (default: id)."""
    return _language


def text(key: str, lang: str | None = None) -> str:
    """The report string `key` in the bound language (or `lang`); KeyError names a missing key
    so gaps are found early."""
    return STRINGS[key][lang or _language]


def column_label(column: str, lang: str | None = None, table: str | None = None) -> str:
    """The header of a data-contract column in the report language."""
    lang = lang or _language
    for t in [TABLES[table]] if table else TABLES.values():
        for c in t.columns:
            if c.name == column:
                return c.header_id if lang == "id" else c.header_en
    if column in STRINGS:
        return text(column, lang)
    return column


# English names of the Stage I indicators, keyed by the official Indonesian name.
INDICATOR_EN: dict[str, str] = load_yaml(
    files(__package__).joinpath("indicator_names.yaml").read_text(encoding="utf-8")) or {}


def indicator_label(indicator: str, lang: str | None = None, official: bool = False) -> str:
    """A Stage I indicator in the report language: in English its English name, followed by the
    official Indonesian name when `official` (where a reader looks it up in the form); a name
    the translation table lacks, or a missing one, stays as written."""
    english = INDICATOR_EN.get(indicator) if isinstance(indicator, str) else None
    if (lang or _language) == "id" or english is None:
        return indicator
    return f"{english} ({indicator})" if official else english


def sub_dimension_label(sub_dimension: str, lang: str | None = None) -> str:
    """A canonical sub-dimension in the report language."""
    lang = lang or _language
    return sub_dimension if lang == "id" else SUB_DIMENSION_EN.get(sub_dimension, sub_dimension)


# English labels of controlled values shown in reports (the Indonesian label is the value itself).
VALUE_EN: dict[str, str] = {
    "inisiatif": "initiative", "uji coba": "trial", "penerapan": "implemented",
    "digital": "digital", "non-digital": "non-digital",
    "aktif": "active", "selesai": "completed", "dihentikan": "discontinued",
}


def value_label(value: str, lang: str | None = None) -> str:
    """A controlled value (tahapan, jenis, status) in the report language."""
    lang = lang or _language
    return value if lang == "id" else VALUE_EN.get(value, value)


def criterion_label(name: str, lang: str | None = None) -> str:
    """A Quick Win criterion of the criteria file by its name in the report language; a
    criterion the suite has no name for (a team's own addition) keeps its file name."""
    key = f"qw.criterion_name.{name}"
    return text(key, lang) if key in STRINGS else name


def pentahelix_label(sector: str, lang: str | None = None) -> str:
    """A pentahelix sector key in the report language."""
    lang = lang or _language
    label_id, label_en = PENTAHELIX[sector]
    return label_id if lang == "id" else label_en

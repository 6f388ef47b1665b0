"""Fill the fields a registry lacks with marked suggestions, for a person to confirm.

`suggest_data(data_dir, out_dir)` reads the tables of a data folder as written, fills every
dimension, sub-dimension, tahapan and jenis of the innovations (and agency type of the agencies)
that is empty or not a value of its list with a suggestion, and writes the data as canonical
CSVs plus `suggestions.xlsx` for review (`suggest_output`). Every other cell is kept as written,
the columns the suite does not know under their own headers. Where a suggestion comes from, in
order: the same innovation's row of another year; the sub-dimension's own dimension; for jenis,
evidence of digital in the row (a web address, or a name or written kind such as 'Aplikasi',
'Sistem Informasi', 'Website', 'Portal', 'E-...'); the text classifier (`classifier`); for
tahapan, which words cannot tell, the share of each stage among the data's own rows, or
nationally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from smartcity_utils.data.addresses import WEB_ADDRESS, site_address_columns
from smartcity_utils.data.load import detect_table, read_cells, read_metadata, table_files
from smartcity_utils.data.parsing import cell_text, is_blank
from smartcity_utils.errors import SmartCityError
from smartcity_utils.schema import TABLES
from smartcity_utils.suggest import classifier as text_model
from smartcity_utils.vocabulary import DIMENSION_OF, fold, normalise

SUGGESTED_FIELDS = {
    "agencies": ("agency_type",),
    "innovations": ("dimension", "sub_dimension", "tahapan", "jenis"),
    "assessment": ("dimension",),
}
# Below this confidence a suggestion is marked for checking (docs/data.md).
LOW_CONFIDENCE = 0.5
# IID 2023 (domain.md): 1,362 inisiatif, 1,080 uji coba, 26,097 penerapan of 28,539.
NATIONAL_TAHAPAN = {"inisiatif": 1362, "uji coba": 1080, "penerapan": 26097}
# The first words of an agency's name that say its type, in the order they are tried.
AGENCY_TYPE_WORDS = (
    ("rumah sakit", "rsud"), ("rsud", "rsud"), ("perusahaan daerah", "bumd"),
    ("perumda", "bumd"), ("pdam", "bumd"), ("pd ", "bumd"), ("dinas", "dinas"),
    ("badan", "badan"), ("sekretariat", "sekretariat"), ("inspektorat", "inspektorat"),
    ("satuan", "satuan"), ("kecamatan", "kecamatan"), ("kelurahan", "kelurahan"),
)
# Evidence that an innovation is digital: its own web address, or one of these words in its
# written kind, its name or the first words of its description (a registry without names says
# there what the thing is: 'Website Dinas ...', 'Aplikasi ...'); on folded text, where 'E-Surat'
# reads 'e surat'. Further into a description the words are no evidence ('KTP elektronik',
# 'informasi lewat aplikasi' in non-digital rows), nor is a link to a video or a document.
DIGITAL_WORDS = re.compile(r"\b(aplikasi|apps?|website|web|situs|portal|sistem informasi|online|"
                           r"daring|dashboard|dasbor|elektronik|android|e)\b|(?<!non )\bdigital\b")
DESCRIPTION_OPENING = 2  # words


class SuggestError(SmartCityError):
    """The data folder cannot be read for suggestions."""


@dataclass(frozen=True)
class Filled:
    """One value suggested for one cell."""

    table: str
    file: str
    row: int
    record: str
    name: str
    field: str
    value: str
    confidence: float
    because: str
    runner_up: str | None = None
    runner_up_confidence: float | None = None
    written: str = ""  # the user's value it stands in for, when that was not of the list

    @property
    def low(self) -> bool:
        return self.confidence < LOW_CONFIDENCE


@dataclass
class Suggested:
    """The data folder's tables as canonical text, with what was filled in them. `cells` holds
    each table's cells as written under the user's headers, in the user's column order;
    `columns` maps the headers the suite recognised to their canonical names."""

    tables: dict[str, pd.DataFrame]
    files: dict[str, str]
    cells: dict[str, pd.DataFrame] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    filled: list[Filled] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)


def read_canonical(data_dir: Path) -> Suggested:
    """Every table of `data_dir` as text cells under canonical column names (the first file
    holding a table wins, as in `load_dataset`); index: the row number the user sees."""
    data = Suggested({}, {})
    for path in table_files(data_dir):
        name = detect_table(path)
        if name is None or name in data.tables:
            continue
        cells = read_cells(path, name)
        if cells is None:
            continue
        written = cells.frame.map(_text)
        data.tables[name] = pd.DataFrame(
            {c: (written[cells.columns[c]] if c in cells.columns else "")
             for c in TABLES[name].column_names}, index=cells.frame.index)
        data.files[name] = path.name
        data.cells[name] = written
        data.columns[name] = {header: c for c, header in cells.columns.items()}
    if not data.tables:
        raise SuggestError(f"{data_dir}: no table of agencies, innovations or assessment found "
                           f"(run `smartcity validate {data_dir}` to see why)")
    data.metadata, _ = read_metadata(data_dir / "metadata.json")
    return data


def _text(value: object) -> str:
    """A cell as text that reads back as the same value: a decimal number never looks like a
    thousands group ('12.125' would read as 12125, so it is written '12.1250')."""
    if isinstance(value, float) and not value.is_integer():
        text = repr(value)
        whole, _, decimals = text.partition(".")
        return text + "0" if len(decimals) == 3 and whole.lstrip("-") not in ("", "0") else text
    return cell_text(value)


def suggest_data(data_dir: str | Path) -> Suggested:
    """The data of `data_dir` with every empty suggestible field filled (see module doc)."""
    data = read_canonical(Path(data_dir))
    if "agencies" in data.tables:
        _fill_agency_types(data)
    if "innovations" in data.tables:
        _fill_innovations(data)
    if "assessment" in data.tables:
        _fill_from_sub_dimension(data, "assessment")
    return data


def _blank(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].map(is_blank)


def _missing(frame: pd.DataFrame, column: str) -> pd.Series:
    """Empty cells, and cells whose value is not of the column's list: both get a suggestion."""
    return frame[column].map(lambda value: normalise(column, value) is None)


def _record(data: Suggested, table: str, row: int, field_name: str, value: str,
            confidence: float, because: str, runner_up: str | None = None,
            runner_up_confidence: float | None = None) -> None:
    frame = data.tables[table]
    written = frame.at[row, field_name]
    frame.at[row, field_name] = value
    key = "agency_code" if table != "innovations" else "innovation_id"
    name = frame.at[row, "agency_name" if table == "agencies" else
                    "innovation_name" if table == "innovations" else "indicator"]
    data.filled.append(Filled(table, data.files[table], int(row), frame.at[row, key], name,
                              field_name, value, round(confidence, 3), because, runner_up,
                              None if runner_up_confidence is None
                              else round(runner_up_confidence, 3), written))


def agency_type_of(name: str) -> str | None:
    """The agency type its name says ('Dinas Kesehatan' -> dinas), or None."""
    folded = fold(name) + " "
    return next((kind for start, kind in AGENCY_TYPE_WORDS if folded.startswith(start)), None)


def _fill_agency_types(data: Suggested) -> None:
    agencies = data.tables["agencies"]
    for row in agencies.index[_missing(agencies, "agency_type")]:
        kind = agency_type_of(agencies.at[row, "agency_name"])
        if kind:
            _record(data, "agencies", row, "agency_type", kind, 1.0,
                    f"the agency's name begins with '{agencies.at[row, 'agency_name'].split()[0]}'")


def _fill_from_sub_dimension(data: Suggested, table: str) -> None:
    """An empty dimension next to a known sub-dimension is that sub-dimension's dimension."""
    frame = data.tables[table]
    for row in frame.index[_missing(frame, "dimension")]:
        sub = normalise("sub_dimension", frame.at[row, "sub_dimension"])
        if sub:
            _record(data, table, row, "dimension", DIMENSION_OF[sub], 1.0,
                    f"the row's sub-dimension {sub} belongs to it")


def _fill_from_other_years(data: Suggested) -> None:
    """An empty field takes the same innovation's value from its nearest other year."""
    frame = data.tables["innovations"]
    for column in SUGGESTED_FIELDS["innovations"]:
        given = frame[~_missing(frame, column) & ~_blank(frame, "innovation_id")]
        for row in frame.index[_missing(frame, column)]:
            same = given[given["innovation_id"] == frame.at[row, "innovation_id"]]
            if same.empty:
                continue
            years = pd.to_numeric(same["year"], errors="coerce")
            this = pd.to_numeric(pd.Series([frame.at[row, "year"]]), errors="coerce").iloc[0]
            nearest = (years - this).abs().fillna(1e9).idxmin()
            _record(data, "innovations", row, column, same.at[nearest, column], 1.0,
                    f"the same innovation's row {nearest} (year {same.at[nearest, 'year']})")


def _fill_innovations(data: Suggested) -> None:
    _fill_from_other_years(data)
    _fill_from_sub_dimension(data, "innovations")
    rows = _with_agency_names(data)
    training = _training_rows(rows)
    frame = data.tables["innovations"]
    todo = rows.loc[_missing(frame, "sub_dimension")]
    if not todo.empty:
        model = text_model.Classifier("sub_dimension").fit(training)
        given = todo["dimension"].map(lambda v: normalise("dimension", v))
        dims, subs = text_model.suggest_sub_dimensions(model, todo, given)
        for row, dim, sub in zip(todo.index, dims, subs, strict=True):
            if normalise("dimension", frame.at[row, "dimension"]) is None:
                _record(data, "innovations", row, "dimension", dim.value, dim.confidence,
                        dim.because, dim.runner_up, dim.runner_up_confidence)
            _record(data, "innovations", row, "sub_dimension", sub.value, sub.confidence,
                    sub.because, sub.runner_up, sub.runner_up_confidence)
    _fill_digital_from_evidence(data)
    todo = rows.loc[_missing(frame, "jenis")]
    if not todo.empty:
        model = text_model.Classifier("jenis").fit(training)
        for row, pick in zip(todo.index, text_model.suggest_values(model, todo), strict=True):
            _record(data, "innovations", row, "jenis", pick.value, pick.confidence, pick.because,
                    pick.runner_up, pick.runner_up_confidence)
    _fill_tahapan(data)


def digital_evidence(address: str, kind: str, name: str, description: str) -> str | None:
    """Why a row is digital, from its site's address, its written kind, its name and its
    description's first words (see `DIGITAL_WORDS`); None when nothing says so."""
    if address:
        return f"the row gives its site's address '{address}'"
    opening = " ".join(description.split()[:DESCRIPTION_OPENING])
    for what, value in (("written kind", kind), ("name", name), ("description", opening)):
        found = WEB_ADDRESS.search(value) if what == "name" else None
        found = found or DIGITAL_WORDS.search(fold(value))
        if found:
            return f"its {what} '{value}' says '{found.group(0)}'"
    return None


def _fill_digital_from_evidence(data: Suggested) -> None:
    frame, cells = data.tables["innovations"], data.cells["innovations"]
    sites = cells[site_address_columns(cells)].agg(" ".join, axis=1).str.strip()
    for row in frame.index[_missing(frame, "jenis")]:
        because = digital_evidence(sites.get(row, ""), *frame.loc[row, [
            "jenis", "innovation_name", "description"]])
        if because:
            _record(data, "innovations", row, "jenis", "digital", 1.0, because)


def _with_agency_names(data: Suggested) -> pd.DataFrame:
    """The innovations with each agency reference's full name, for the classifier."""
    rows = data.tables["innovations"].copy()
    names: dict[str, str] = {}
    agencies = data.tables.get("agencies")
    if agencies is not None:
        for column in ("agency_name", "short_name", "agency_code"):
            names.update({fold(ref): name for ref, name
                          in zip(agencies[column], agencies["agency_name"], strict=True)})
    rows["agency_name"] = rows["agency_code"].map(lambda ref: names.get(fold(ref), ref))
    return rows


def _training_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The seed set plus the data's own labelled innovations (latest row of each), with
    canonical labels; rows whose sub-dimension is not of their dimension are left out."""
    own = rows.assign(
        sub_dimension=rows["sub_dimension"].map(lambda v: normalise("sub_dimension", v) or ""),
        dimension=rows["dimension"].map(lambda v: normalise("dimension", v) or ""),
        jenis=rows["jenis"].map(lambda v: normalise("jenis", v) or ""),
    )
    consistent = own["sub_dimension"].map(DIMENSION_OF.get) == own["dimension"]
    own = own[consistent | (own["sub_dimension"] == "")]
    own = own.drop_duplicates("innovation_id", keep="last")
    seed = text_model.seed_set()
    return pd.concat([seed, own[seed.columns.intersection(own.columns)]], ignore_index=True)


def _fill_tahapan(data: Suggested) -> None:
    """Words do not tell an innovation's stage: an empty tahapan gets the stage most of the
    data's own rows have (or, with none, most innovations nationally), marked as such."""
    frame = data.tables["innovations"]
    missing = frame.index[_missing(frame, "tahapan")]
    if missing.empty:
        return
    own = frame["tahapan"].map(lambda v: normalise("tahapan", v)).dropna().value_counts()
    counts, where = (own, "of this data's rows") if own.sum() else \
        (pd.Series(NATIONAL_TAHAPAN), "of innovations nationally (IID 2023)")
    shares = (counts / counts.sum()).sort_values(ascending=False)
    top, runner = shares.index[0], shares.index[1] if len(shares) > 1 else None
    because = f"no stage in the row; {shares.iloc[0]:.0%} {where} are {top}"
    for row in missing:
        _record(data, "innovations", row, "tahapan", top, float(shares.iloc[0]), because,
                runner, None if runner is None else float(shares.iloc[1]))

"""Write what `suggest` filled: canonical CSVs that `validate` and `run` read as they are, and
`suggestions.xlsx`, one line per suggested value for a person to review.

In the CSVs every table keeps its rows and columns in their order: the columns the suite
recognised under the contract's English headers, the others under their own headers, as
written; a suggested field the table lacked comes after them. A column the reader derived
(a registry's missing name, id or year: `data.derived`) is kept under its English header
marked '(derived)', so the folder runs as it is and still says so. Two more columns, which the
loader reads past, say which fields of the row were suggested (`Suggested`) and how sure each
suggestion is (`Suggestion Confidence`, e.g. `dimension 0.93; sub_dimension 0.71`).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from smartcity_utils.artifacts import neutralise
from smartcity_utils.atomic import write_atomically
from smartcity_utils.data.derived import DERIVED_HEADERS
from smartcity_utils.schema import CONFIDENCE_COLUMN, SUGGESTED_COLUMN, TABLES
from smartcity_utils.spreadsheet import save_workbook
from smartcity_utils.suggest.fill import Filled, Suggested

REVIEW_FILE = "suggestions.xlsx"
# Review sheet headers: Indonesian with the English in parentheses. None of them is a header of
# a data table, so the loader never takes this sheet for one (tested).
REVIEW_HEADERS = (
    ("Berkas (File)", "file"), ("Baris (Row)", "row"), ("Rekaman (Record)", "record"),
    ("Nama (Name)", "name"), ("Kolom (Field)", "field"), ("Saran (Suggestion)", "value"),
    ("Keyakinan (Confidence)", "confidence"), ("Periksa (Check)", "check"),
    ("Dasar (Because)", "because"), ("Alternatif (Runner-up)", "runner_up"),
    ("Keyakinan Alternatif (Runner-up Confidence)", "runner_up_confidence"),
    ("Tertulis (Written)", "written"),
)
LOW_FILL = PatternFill("solid", fgColor="FCE4D6")


def canonical_frame(data: Suggested, table: str) -> pd.DataFrame:
    """One table as the user wrote it, recognised columns under English headers and holding
    the suggestions, with the two suggestion columns."""
    frame, recognised = data.tables[table], data.columns[table]
    headers = {c.name: c.header_en for c in TABLES[table].columns}
    filled = [f for f in data.filled if f.table == table]
    out = pd.DataFrame(index=frame.index)
    for header in data.cells[table].columns:
        name = recognised.get(header)
        if name and header in DERIVED_HEADERS:  # kept, and still marked as derived
            out[f"{headers[name]} (derived)"] = frame[name]
            continue
        out[headers[name] if name else header] = frame[name] if name else \
            data.cells[table][header]
    added = {f.field for f in filled} - set(recognised.values())
    for name in (name for name in headers if name in added):
        out[headers[name]] = frame[name]
    out[SUGGESTED_COLUMN] = pd.Series("", index=frame.index)
    out[CONFIDENCE_COLUMN] = pd.Series("", index=frame.index)
    for row in sorted({f.row for f in filled}):
        mine = [f for f in filled if f.row == row]
        out.at[row, SUGGESTED_COLUMN] = "; ".join(f.field for f in mine)
        out.at[row, CONFIDENCE_COLUMN] = "; ".join(f"{f.field} {f.confidence:.2f}" for f in mine)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """A comma-separated UTF-8 CSV, every formula-looking cell made inert, written atomically."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow([neutralise(v) for v in row])
    write_atomically(path, buffer.getvalue())
    return path


def review_book(filled: list[Filled]) -> Workbook:
    """The review sheet: least sure first; low-confidence lines shaded and marked."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Saran"
    sheet.append([header for header, _ in REVIEW_HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in sorted(filled, key=lambda f: (f.confidence, f.table, f.row, f.field)):
        values = {**item.__dict__, "check": "periksa" if item.low else ""}
        sheet.append([values[key] for _, key in REVIEW_HEADERS])
        if item.low:
            for cell in sheet[sheet.max_row]:
                cell.fill = LOW_FILL
    for position, width in enumerate((18, 7, 12, 40, 14, 22, 12, 9, 70, 22, 12, 22), start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return book


def summary(data: Suggested) -> dict:
    """How many values of each field were suggested, and the suggested dimensions."""
    counts: dict[str, dict[str, int]] = {}
    for item in data.filled:
        table = counts.setdefault(item.table, {})
        table[item.field] = table.get(item.field, 0) + 1
    dimensions = pd.Series([f.value for f in data.filled
                            if f.table == "innovations" and f.field == "dimension"])
    return {"fields": counts, "low_confidence": sum(f.low for f in data.filled),
            "dimensions": {str(k): int(v) for k, v in dimensions.value_counts().items()},
            "review": REVIEW_FILE}


def write_suggested(data: Suggested, out_dir: str | Path) -> dict[str, Path]:
    """Write the tables, the review sheet and metadata.json into `out_dir`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {table: write_csv(canonical_frame(data, table), out / f"{table}.csv")
               for table in data.tables}
    written["review"] = save_workbook(review_book(data.filled), out / REVIEW_FILE)
    metadata = {**data.metadata, "suggested": summary(data)}
    write_atomically(out / "metadata.json",
                     json.dumps(metadata, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
    written["metadata"] = out / "metadata.json"
    return written

"""CSV files are split into cells by pandas' C parser when it reads them as Python's `csv`
module does, else by the `csv` module: both ways give the same cells, row for row (a blank
line is a row of empty cells to pandas and an empty row to `csv`: the same blank row)."""

from __future__ import annotations

import pytest

from smartcity_utils.data.parsing import UnreadCell
from smartcity_utils.data.reading import (
    _csv_rows,
    _csv_sheet,
    read_sheets,
)

QUIRKS = [
    'kode;nama;catatan\n'
    'A1;"Dinas; Satu";"dua\nbaris"\n'      # a separator and a line break inside quotes
    '\n'                                   # a blank line keeps its row number
    'A2;Dua\n'                             # a short row
    'A3;"say ""ya""";  \n'                 # doubled quotes, trailing spaces kept
    ';;\n'                                 # only empty fields
    'A4;x"y;\r\n'                          # a quote inside a field, a CRLF ending
    'A5;tiga;empat',                       # no final line break
    'a,b\r1,2\r3,4\r',                     # old Mac line endings
]


def _trimmed(cells: list[object]) -> list[object]:
    """A row without the empty cells at its end (those that pad a short row)."""
    cells = list(cells)
    while cells and (cells[-1] is None or cells[-1] == ""):
        cells.pop()
    return cells


def _as_lists(sheet) -> list[list[object]]:
    return [_trimmed(row) for row in sheet.cells.itertuples(index=False)]


@pytest.mark.parametrize("text", QUIRKS)
def test_fast_split_gives_the_csv_module_cells(text):
    delimiter = ";" if ";" in text else ","
    expected = _csv_rows(text, delimiter)
    sheet = _csv_sheet(text, delimiter)
    assert _as_lists(sheet) == [_trimmed(row) for row in expected]
    assert sheet.head == expected[:11]  # header recognition sees each row as written
    assert len(expected) >= 3  # the quirks are in the data, not parsed away


def test_row_longer_than_the_first_is_read_by_the_csv_module():
    # pandas' C parser refuses a row with more fields than the first; nothing is lost
    text = "kode,nama\nA1,Satu\nA2,Dua,tambahan,lagi\n"
    sheet = _csv_sheet(text, ",")
    assert _as_lists(sheet) == [["kode", "nama"], ["A1", "Satu"], ["A2", "Dua", "tambahan", "lagi"]]


def test_nul_byte_read_as_the_csv_module_reads_it():
    text = "kode,nama\nA1,Sa\x00tu\n"
    assert _as_lists(_csv_sheet(text, ",")) == _csv_rows(text, ",")


def test_oversized_field_is_one_unread_cell(tmp_path):
    big = tmp_path / "big.csv"
    big.write_text("kode,nama\nA1," + "x" * 200_000 + "\nA2,Dua\n", encoding="utf-8")
    [sheet] = read_sheets(big, lambda rows: 0)
    assert isinstance(sheet.cells.iat[1, 1], UnreadCell)
    assert sheet.cells.iat[2, 1] == "Dua"

"""The marks `smartcity suggest` leaves in a folder it wrote: which fields of each row it filled
(its `Suggested` column), read back so that pages can mark suggested values."""

from __future__ import annotations

from pathlib import Path

from smartcity_utils.data.load import read_cells, table_files
from smartcity_utils.data.parsing import cell_text, is_blank
from smartcity_utils.schema import SUGGESTED_COLUMN


def suggested_marks(data_dir: str | Path) -> dict[tuple[str, int], str]:
    """The fields `suggest` filled in each row of a folder it wrote, by (file, row number):
    its `Suggested` column as written (e.g. 'dimension; sub_dimension; jenis')."""
    marks = {}
    for path in table_files(Path(data_dir)):
        cells = read_cells(path)
        if cells is not None and SUGGESTED_COLUMN in cells.frame.columns:
            marks.update({(path.name, int(row)): cell_text(value) for row, value
                          in cells.frame[SUGGESTED_COLUMN].items() if not is_blank(value)})
    return marks

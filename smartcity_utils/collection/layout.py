"""What a collection template and its returned workbook agree on: where the agency's code is
kept in the workbook, the sheet headers, the file naming who was sent what, and the folder the
returned workbooks go in (docs/data.md)."""

from __future__ import annotations

from smartcity_utils.artifacts import slug
from smartcity_utils.schema import Column

AGENCY_PROPERTY = "smartcity_agency"  # document property holding the agency's code
YEAR_PROPERTY = "smartcity_year"
SENT_FILE = "sent.json"  # who was sent which workbook; put it beside the returned workbooks
RETURNED_FOLDER = "returned"  # the data folder's subfolder of returned workbooks
SURVEY_FOLDER = "survei-dampak"  # the data folder's subfolder of returned impact survey forms


def header(column: Column) -> str:
    """The template header of a column: Indonesian, with the English beside it."""
    return f"{column.header_id} ({column.header_en})"


def template_name(agency_code: str, year: int) -> str:
    """The file name of the template sent to one agency for one year."""
    return f"template_{slug(agency_code)}_{year}.xlsx"

"""Value parsers: turn one spreadsheet cell (text, or a typed Excel value) into a Python value.

Every parser is a pure function that returns the parsed value or raises `ParseError` with a
reason a user can act on ("not a number: 'abc'"). Empty cells are handled by the caller
(`is_blank`), never by the parsers.

Number notation (Indonesian and English, decided per value):
- ``Rp``/``IDR`` prefixes, spaces and a trailing ``,-`` (``Rp 1.250.000,-``) are ignored;
- with both ``.`` and ``,`` present, the one written last is the decimal mark;
- several ``.`` (or several ``,``) are thousands separators: ``1.250.000``, ``1,250,000``;
- a single ``.`` or ``,`` followed by exactly 3 digits, after 1-3 digits not starting with 0, is a
  thousands separator: ``1.250`` and ``1,250`` are 1250; otherwise it is the decimal mark:
  ``12,5``, ``1250,50``, ``0.125``, ``3.14159``;
- a trailing ``%`` divides by 100: ``12,5%`` is the fraction 0.125.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from smartcity_utils.errors import SmartCityError

# Words a program writes for a missing value (pandas' NaN, SQL's NULL, Python's None): read as
# empty like the placeholders, but said, since a person may have meant them as text
PROGRAM_BLANKS = {"nan", "none", "null"}
BLANK_MARKERS = {"", "-", "–", "—", "n/a", "#n/a"} | PROGRAM_BLANKS


class ParseError(SmartCityError, ValueError):
    """A cell could not be parsed; `reason` says why in words a user understands."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class UnreadCell:
    """A cell whose value could not be read (a formula without a stored result, NUL
    characters, more characters than a cell holds): validation reports it on its row and
    column. `shown` is what problems and the rejects show of the cell."""

    shown: str
    reason: str

    def __str__(self) -> str:
        return self.shown


def is_blank(value: object) -> bool:
    """True for an empty cell: None, NaN, whitespace, or a lone dash / 'n/a' placeholder."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return value.strip().lower() in BLANK_MARKERS
    return False


def is_program_blank(value: object) -> bool:
    """A cell holding only a program's word for a missing value (`NaN`, `NULL`, `None`)."""
    return isinstance(value, str) and value.strip().lower() in PROGRAM_BLANKS


def cell_text(value: object) -> str:
    """The text a user sees in a cell: whole floats without '.0', dates as ISO, blanks as ''."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_CURRENCY = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)


def _strip_grouping(digits: str, sep: str, original: str) -> str:
    """Remove thousands separators `sep` from `digits`, checking the groups are 3 digits."""
    if not re.fullmatch(r"\d{1,3}(?:" + re.escape(sep) + r"\d{3})+", digits):
        raise ParseError(f"not a number: {original!r} (digit groups must have 3 digits)")
    return digits.replace(sep, "")


def _single_separator_is_thousands(text: str, sep: str) -> bool:
    """A lone `sep` groups thousands when 1-3 digits (not starting with 0) precede 3 digits."""
    head, _, tail = text.partition(sep)
    return len(tail) == 3 and 1 <= len(head) <= 3 and not head.startswith("0")


def _decimal_text(body: str, original: str) -> str:
    """Rewrite a number in any accepted notation as plain '1234.5' text."""
    if not re.fullmatch(r"[\d.,]+", body) or not re.search(r"\d", body):
        raise ParseError(f"not a number: {original!r}")
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal = "." if body.rfind(".") > body.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        whole, _, frac = body.rpartition(decimal)
        if decimal in whole or not frac:
            raise ParseError(f"not a number: {original!r}")
        return _strip_grouping(whole, thousands, original) + "." + frac
    sep = "." if dots else "," if commas else ""
    if not sep:
        return body
    if body.count(sep) > 1 or _single_separator_is_thousands(body, sep):
        return _strip_grouping(body, sep, original)
    whole, _, frac = body.partition(sep)
    if not frac:
        raise ParseError(f"not a number: {original!r}")
    return (whole or "0") + "." + frac


def parse_number(value: object) -> float:
    """A decimal number in Indonesian or English notation; a percentage becomes a fraction."""
    if _is_number(value):
        if math.isnan(value):
            raise ParseError("not a number: empty")
        return float(value)
    original = str(value)
    text = original.strip().replace("\u00a0", " ").replace("\u2212", "-")
    text = _CURRENCY.sub("", re.sub(r"[.,]-$", "", text))
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    text = _CURRENCY.sub("", text.strip("-()").strip())
    percent = text.endswith("%")
    body = text.rstrip("%").replace(" ", "")
    number = float(_decimal_text(body, original))
    if percent:
        number /= 100
    return -number if negative else number


def parse_amount(value: object) -> float:
    """A rupiah amount >= 0 (``Rp 1.250.000``, ``1.250.000,50``, ``1250000``)."""
    number = parse_number(value)
    if number < 0:
        raise ParseError(f"negative amount: {cell_text(value)!r}")
    return number


MAX_COUNT = 10**15


def parse_count(value: object) -> int:
    """A whole number >= 0 (``1.250`` is 1250)."""
    number = parse_number(value)
    if not float(number).is_integer():
        raise ParseError(f"not a whole number: {cell_text(value)!r}")
    if number < 0:
        raise ParseError(f"negative count: {cell_text(value)!r}")
    if number > MAX_COUNT:
        raise ParseError(f"number too large: {cell_text(value)!r}")
    return int(number)


YEAR_RANGE = (1900, 2100)


def parse_year(value: object) -> int:
    """A four-digit calendar year between 1900 and 2100."""
    text = cell_text(value)
    if not re.fullmatch(r"\d{4}", text):
        raise ParseError(f"not a year: {text!r}")
    year = int(text)
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ParseError(f"year out of range {YEAR_RANGE[0]}-{YEAR_RANGE[1]}: {text!r}")
    return year


_MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2,
    "mar": 3, "maret": 3, "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7,
    "agu": 8, "agt": 8, "agustus": 8, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "oct": 10, "october": 10,
    "nov": 11, "nopember": 11, "november": 11, "des": 12, "desember": 12, "dec": 12,
    "december": 12,
}
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})" + _TIME)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME)
_WORDS = re.compile(r"(\d{1,2})[ \-]([a-z]+)\.?[ \-](\d{4})")
# A start date known only to the year or the month: "2016", "06/2016", "Juni 2016"
_YEAR_ONLY = re.compile(r"(\d{4})(?:\.0)?")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{4})")
_MONTH_WORD_YEAR = re.compile(r"([a-z]+)\.?[ \-](\d{4})")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def _make_date(year: int, month: int, day: int, original: str) -> dt.date:
    try:
        date = dt.date(year, month, day)
    except ValueError:  # Python's own words are English: the cause in the project's phrases
        cause = "no such month" if not 1 <= month <= 12 else (
            "no such day in that month" if day >= 1 else "no such day")
        raise ParseError(f"not a valid date: {original!r} ({cause})") from None
    return _in_range(date, original)


def _in_range(date: dt.date, original: object) -> dt.date:
    """Dates outside the year range are typos (and would not fit a datetime64 column)."""
    if not YEAR_RANGE[0] <= date.year <= YEAR_RANGE[1]:
        raise ParseError(f"date out of range {YEAR_RANGE[0]}-{YEAR_RANGE[1]}: "
                         f"{cell_text(original)!r}")
    return date


def parse_date(value: object) -> dt.date:
    """A day-first date (``05/06/2024``, ``5-6-2024``, ``05.06.2024``, ``5 Juni 2024``), an ISO
    date (``2024-06-05``), an Excel date cell, or an Excel serial number (45448). A date known
    only to the month (``06/2024``, ``Juni 2024``) or the year (``2024``) is the first day of
    that month or year."""
    if isinstance(value, dt.datetime):
        return _in_range(value.date(), value)
    if isinstance(value, dt.date):
        return _in_range(value, value)
    if _is_number(value) and YEAR_RANGE[0] <= value <= YEAR_RANGE[1] and float(value).is_integer():
        return dt.date(int(value), 1, 1)  # a year typed into a date column, not a serial number
    if _is_number(value):
        if not 1 <= value < 2958466:
            raise ParseError(f"not a date: {cell_text(value)!r}")
        return _in_range(EXCEL_EPOCH + dt.timedelta(days=int(value)), value)
    original = str(value)
    text = original.strip().lower()
    if m := _ISO.fullmatch(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), original)
    if m := _DAY_FIRST.fullmatch(text):
        if len(m[3]) != 4:
            raise ParseError(f"not a date: {original!r} (write the year with 4 digits)")
        return _make_date(int(m[3]), int(m[2]), int(m[1]), original)
    if (m := _WORDS.fullmatch(text)) and m[2] in _MONTHS:
        return _make_date(int(m[3]), _MONTHS[m[2]], int(m[1]), original)
    if m := _YEAR_ONLY.fullmatch(text):
        return _make_date(int(m[1]), 1, 1, original)
    if m := _MONTH_YEAR.fullmatch(text):
        return _make_date(int(m[2]), int(m[1]), 1, original)
    if (m := _MONTH_WORD_YEAR.fullmatch(text)) and m[1] in _MONTHS:
        return _make_date(int(m[2]), _MONTHS[m[1]], 1, original)
    raise ParseError(f"not a date: {original!r} (expected day/month/year, e.g. 05/06/2024)")


_TRUE = {"ya", "y", "yes", "1", "true", "v", "✓", "✔", "benar", "ada", "iya"}
_FALSE = {"tidak", "tdk", "n", "no", "0", "false", "x", "✗", "✘", "salah", "tidak ada", "bukan"}


def parse_bool(value: object) -> bool:
    """Yes/no: ya/tidak, y/n, yes/no, 1/0, true/false, v/x, ✓, benar/salah, ada/tidak ada."""
    if isinstance(value, bool):
        return value
    if _is_number(value) and value in (0, 1):
        return bool(value)
    text = " ".join(str(value).strip().lower().split())
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ParseError(f"not yes/no: {str(value)!r} (write ya or tidak)")

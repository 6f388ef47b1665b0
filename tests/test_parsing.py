"""Value parsers: each notation rule, and the reason given when a value does not parse."""

import datetime as dt

import pytest

from smartcity_utils.data.parsing import (
    ParseError,
    cell_text,
    is_blank,
    parse_amount,
    parse_bool,
    parse_count,
    parse_date,
    parse_number,
    parse_year,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp 1.250.000", 1_250_000),  # Indonesian thousands dots, currency prefix
        ("Rp1.250.000", 1_250_000),
        ("Rp. 1.250.000,-", 1_250_000),  # the ',-' written after whole rupiah
        ("IDR 1250000", 1_250_000),
        ("1.250.000,50", 1_250_000.5),  # both marks: the last one is the decimal mark
        ("1,250,000.50", 1_250_000.5),  # English notation
        ("1250000", 1_250_000),
        (" 1 250 000 ", 1_250_000),  # spaces as grouping
        ("1.250", 1250),  # single '.' + exactly 3 digits: thousands
        ("1,250", 1250),  # same rule for ','
        ("12,5", 12.5),  # ',' + 1-2 digits: decimal comma
        ("1250,50", 1250.5),
        ("12.5", 12.5),
        ("0,125", 0.125),  # a leading 0 is never a thousands group
        ("0.125", 0.125),
        ("1250.500", 1250.5),  # 4 digits before the mark: not a thousands group
        ("3,14159", 3.14159),
        ("12,5%", 0.125),  # percentages become fractions
        ("100%", 1.0),
        (",5", 0.5),
        ("-1.000", -1000),
        ("(2.500)", -2500),  # accounting negative
        ("Rp -1.000", -1000),
    ],
)
def test_parse_number_notations(text, expected):
    assert parse_number(text) == pytest.approx(expected)


def test_parse_number_passes_excel_numbers_through():
    assert parse_number(1250) == 1250.0
    assert parse_number(0.125) == 0.125


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("abc", "not a number: 'abc'"),
        ("Rp", "not a number: 'Rp'"),
        ("1.25.000", "not a number: '1.25.000' (digit groups must have 3 digits)"),
        ("1,2,3", "not a number: '1,2,3' (digit groups must have 3 digits)"),
        ("1.250,5.0", "not a number: '1.250,5.0'"),
        ("12 ribu", "not a number: '12 ribu'"),
    ],
)
def test_parse_number_rejects_with_reason(text, reason):
    with pytest.raises(ParseError) as err:
        parse_number(text)
    assert err.value.reason == reason
    assert isinstance(err.value, ValueError)


def test_parse_amount_refuses_negative():
    assert parse_amount("Rp 0") == 0
    with pytest.raises(ParseError, match="^negative amount: '-5.000'$"):
        parse_amount("-5.000")


def test_parse_count():
    assert parse_count("1.250") == 1250
    assert parse_count(42.0) == 42
    with pytest.raises(ParseError, match="^not a whole number: '12,5'$"):
        parse_count("12,5")
    with pytest.raises(ParseError, match="^negative count: '-3'$"):
        parse_count("-3")
    with pytest.raises(ParseError, match="^number too large: '1.000.000.000.000.000.000'$"):
        parse_count("1.000.000.000.000.000.000")


def test_parse_year():
    assert parse_year("2024") == 2024
    assert parse_year(2024.0) == 2024  # an Excel number cell
    assert parse_year(" 2019 ") == 2019
    with pytest.raises(ParseError, match="^not a year: '24'$"):
        parse_year("24")
    with pytest.raises(ParseError, match="^not a year: 'dua ribu'$"):
        parse_year("dua ribu")
    with pytest.raises(ParseError, match="^year out of range 1900-2100: '1850'$"):
        parse_year("1850")


@pytest.mark.parametrize(
    "value",
    [
        "05/06/2024", "5/6/2024", "5-6-2024", "05.06.2024", "2024-06-05", "2024-06-05 00:00:00",
        "05/06/2024 08:30", "5 Juni 2024", "5 Jun 2024", "05-jun-2024",
        dt.datetime(2024, 6, 5, 0, 0), dt.date(2024, 6, 5),
        45448,  # Excel serial: 2024-01-01 is 45292, plus 156 days
        45448.75,  # a serial with a time of day
    ],
)
def test_parse_date_is_day_first(value):
    assert parse_date(value) == dt.date(2024, 6, 5)


def test_parse_date_indonesian_month_names():
    assert parse_date("17 Agustus 1945") == dt.date(1945, 8, 17)
    assert parse_date("1 Mei 2023") == dt.date(2023, 5, 1)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("31/02/2024", "not a valid date: '31/02/2024' (no such day in that month)"),
        ("05/13/2024", "not a valid date: '05/13/2024' (no such month)"),
        ("05/06/24", "not a date: '05/06/24' (write the year with 4 digits)"),
        ("kemarin", "not a date: 'kemarin' (expected day/month/year, e.g. 05/06/2024)"),
        (-3, "not a date: '-3'"),
        ("01/01/9999", "date out of range 1900-2100: '01/01/9999'"),
        (dt.datetime(1800, 1, 1), "date out of range 1900-2100: '1800-01-01'"),
    ],
)
def test_parse_date_rejects_with_reason(value, reason):
    with pytest.raises(ParseError) as err:
        parse_date(value)
    assert err.value.reason == reason


@pytest.mark.parametrize(
    "value", ["ya", "Ya", "YA ", "y", "yes", "1", "true", "TRUE", "v", "V", "✓", "benar", "ada",
              True, 1, 1.0],
)
def test_parse_bool_true(value):
    assert parse_bool(value) is True


@pytest.mark.parametrize(
    "value", ["tidak", "Tidak", "n", "no", "0", "false", "x", "X", "✗", "salah", "tidak ada",
              False, 0],
)
def test_parse_bool_false(value):
    assert parse_bool(value) is False


def test_parse_bool_rejects_with_reason():
    with pytest.raises(ParseError) as err:
        parse_bool("mungkin")
    assert err.value.reason == "not yes/no: 'mungkin' (write ya or tidak)"
    with pytest.raises(ParseError):
        parse_bool(2)


@pytest.mark.parametrize("value", [None, float("nan"), "", "   ", "-", "n/a", "#N/A"])
def test_blank_cells(value):
    assert is_blank(value)


@pytest.mark.parametrize("value", ["0", 0, "x", False])
def test_not_blank(value):
    assert not is_blank(value)


def test_cell_text_shows_what_the_user_typed():
    assert cell_text(2024.0) == "2024"
    assert cell_text(12.5) == "12.5"
    assert cell_text(dt.datetime(2024, 6, 5)) == "2024-06-05"
    assert cell_text("  INV-1 ") == "INV-1"
    assert cell_text(None) == ""

"""Numbers as readers of each report language write them (the examples of issue 13 and the
Indonesian spreadsheet conventions of the domain brief)."""

import math

import pandas as pd

from smartcity_utils import formatting as fmt

NBSP = "\u00a0"


def test_decimals_in_each_language():
    assert fmt.number(2.3749, "id") == "2,37"
    assert fmt.number(2.3749, "en") == "2.37"
    assert fmt.number(1234.5, "id") == "1.234,50"
    assert fmt.number(-0.001, "id", signed=True) == "+0,00"
    assert fmt.number(0.09, "en", signed=True) == "+0.09"
    assert fmt.number(-0.92, "id", signed=True) == "-0,92"


def test_rupiah_amounts_do_not_break_and_follow_the_language():
    assert fmt.money(1250000, "id") == f"Rp{NBSP}1.250.000"
    assert fmt.money(1250000.4, "en") == f"IDR{NBSP}1,250,000"


def test_counts_and_plurals():
    assert fmt.integer(1250, "id") == "1.250"
    assert fmt.integer(1250, "en") == "1,250"
    assert fmt.count(1, "as.n_innovations", "en") == "1 innovation"
    assert fmt.count(2, "as.n_innovations", "en") == "2 innovations"
    assert fmt.count(1, "as.n_innovations", "id") == "1 inovasi"
    assert fmt.count(1250, "as.n_evidence", "id") == "1.250 bukti dukung"


def test_percentages():
    assert fmt.percent(0.39, "id") == "39%"
    assert fmt.percent(0.125, "id", decimals=1) == "12,5%"
    assert fmt.percent(0.125, "en", decimals=1) == "12.5%"


def test_missing_values_are_a_dash_never_a_program_value():
    for missing in (None, math.nan, pd.NA, pd.NaT):
        assert fmt.cell(missing, "id") == "–"
        assert fmt.money(missing, "en") == "–"
    assert fmt.cell(True, "en") == "yes" and fmt.cell(False, "id") == "tidak"


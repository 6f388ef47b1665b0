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



def test_sentences_write_their_decimals_in_the_language_and_leave_years_alone():
    template = "indeks {index:.2f}, {share:.0%} anggaran, tahun {year}, {name}"
    values = {"index": 2.3749, "share": 0.391, "year": 2024, "name": "Dinkes"}
    assert fmt.sentence(template, "id", **values) == \
        "indeks 2,37, 39% anggaran, tahun 2024, Dinkes"
    assert fmt.sentence(template, "en", **values) == \
        "indeks 2.37, 39% anggaran, tahun 2024, Dinkes"
    assert fmt.sentence("{x:.1f}", "id", x=1250.5) == "1.250,5"


def test_a_missing_value_in_a_sentence_is_a_dash_never_none_or_nan():
    """Issue #23, item 4: the index page wrote 'Indeks Tahap I kota – None, skala 0–4'."""
    for missing in (None, float("nan"), pd.NA, pd.NaT):
        assert fmt.sentence("{band}, skala 0–{scale} ({x:.2f})", "id", band=missing,
                            scale=4, x=missing) == "–, skala 0–4 (–)"


def test_every_decimal_in_a_report_sentence_goes_through_the_formatter():
    """A template with a decimal placeholder (`{x:.2f}`) filled by `str.format` would print
    `2.37` in an Indonesian report; each such template is filled by `formatting.sentence`."""
    import re
    from pathlib import Path

    import smartcity_utils
    from smartcity_utils.strings import STRINGS

    decimal = re.compile(r"\{\w+:\.\d[f%]\}")
    keys = {key for key, texts in STRINGS.items() if decimal.search(str(texts))}
    package = Path(smartcity_utils.__file__).parent
    sources = [p.read_text(encoding="utf-8") for p in package.rglob("*.py")]
    sources += [p.read_text(encoding="utf-8")
                for p in (package.parent / "notebooks").glob("*.ipynb")]
    for key in sorted(keys):
        used = [s for s in sources if f'"{key}"' in s or f'\\"{key}\\"' in s]
        assert used, f"{key} is not used"
        for source in used:
            assert not re.search(rf'text\(\\?"{re.escape(key)}\\?"\)\.format\(', source), key


def test_a_column_with_one_fraction_writes_every_number_with_decimals():
    from smartcity_utils.formatting import column
    from smartcity_utils.reports.tables import table_html

    # a previous score of 4 beside 3.5 in one column: written "4,00", never "4"
    assert column([4, 3.5, None], "id") == ["4,00", "3,50", "–"]
    assert column([3, 4], "en") == ["3", "4"]
    page = table_html(pd.DataFrame({"Skor": pd.Series([4, 3.5], dtype=object)}), "id")
    assert ">4,00<" in page and ">4<" not in page


def test_a_score_column_named_after_last_year_is_not_written_as_years():
    from smartcity_utils.reports.tables import table_html

    # 01's change table: "Nilai tahun lalu" 4 and 3.5 are scores (4,00 and 3,50), while a
    # "Tahun" column of whole numbers stays 2024
    page = table_html(pd.DataFrame({"Tahun": [2024, 2023], "Nilai tahun lalu": [4.0, 3.5]}), "id")
    assert ">4,00<" in page and ">3,50<" in page and ">2024<" in page and ">4<" not in page


def test_a_labelled_column_writes_each_fact_as_its_own_number():
    from smartcity_utils.reports.tables import series_html

    # 03's shortlist summary: 20 innovations chosen beside a total priority of 13.14
    page = series_html(pd.Series({"Inovasi terpilih": 20, "Prioritas total": 13.14},
                                 dtype=object), "id")
    assert ">20<" in page and ">13,14<" in page and "20,00" not in page


def test_a_share_of_the_budget_is_never_read_as_nothing():
    """Issue #24, item 3: Rp 2.511.000 of a Rp 2.500.000.000 budget is 0.10044%: "0,1%", not
    "0%"; smaller than 0.1% is "< 0,1%"; under 10% one decimal; above, whole percents."""
    from smartcity_utils.formatting import share_of_whole

    budget = 2_500_000_000
    assert share_of_whole(2_511_000 / budget, "id") == "0,1%"
    assert share_of_whole(1_000_000 / budget, "id") == "< 0,1%"  # 0.04%
    assert share_of_whole(1_000_000 / budget, "en") == "< 0.1%"
    assert share_of_whole(107_265_000 / budget, "id") == "4,3%"  # 4.2906%
    assert share_of_whole(250_000_000 / budget, "en") == "10%"
    assert share_of_whole(1_000_000_000 / budget, "id") == "40%"
    assert share_of_whole(0.0, "id") == "0%"  # nothing is nothing
    assert share_of_whole(float("nan"), "id") == "–"

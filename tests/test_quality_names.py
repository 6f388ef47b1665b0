"""Workbook 00 names agencies as every other page does (names.display_names, issue 21): the
short name, with the region when two agencies share it, the full name when the short name is
only an id; never a blank where the short name is missing."""

import pandas as pd

from smartcity_utils.quality import tables
from smartcity_utils.quality.flags import flags_table

AGENCIES = pd.DataFrame({
    "agency_code": ["DINKES-A", "DINKES-B", "DLH", "030201"],
    "agency_name": ["Dinas Kesehatan", "Dinas Kesehatan", "Dinas Lingkungan Hidup",
                    "Dinas Pangan"],
    "short_name": ["Dinkes", "Dinkes", "DLH", "030201"],
    "region": ["Kota Alpha", "Kota Beta", "Kota Alpha", "Kota Beta"],
})
# written out by hand from the table above
SHOWN = {"DINKES-A": "Dinkes (Kota Alpha)", "DINKES-B": "Dinkes (Kota Beta)", "DLH": "DLH",
         "030201": "Dinas Pangan"}


def test_innovations_per_agency_and_year_by_display_name():
    innovations = pd.DataFrame({"agency_code": ["DINKES-A", "DINKES-A", "DLH", "030201"],
                                "year": [2024, 2023, 2024, 2024]})
    table = tables.innovations_per_agency_year(innovations, AGENCIES, "en")
    assert dict(zip(table.index, table["Total"], strict=True)) == {
        "Dinkes (Kota Beta)": 0, "DLH": 1, "Dinas Pangan": 1, "Dinkes (Kota Alpha)": 2}


def test_assessment_coverage_and_the_agencies_not_assessed_by_display_name():
    assessment = pd.DataFrame({"agency_code": ["DINKES-B", "DINKES-B", "030201"],
                               "year": [2024, 2024, 2023],
                               "evidence_present": [True, False, True]})
    coverage = tables.assessment_coverage(assessment, AGENCIES, 2024, "en")
    assert coverage.iloc[:, 0].tolist() == [SHOWN["DINKES-A"], SHOWN["DLH"], SHOWN["030201"],
                                            SHOWN["DINKES-B"]]
    assert tables.not_assessed(assessment, AGENCIES, 2024) == [
        "Dinkes (Kota Alpha)", "DLH", "Dinas Pangan"]


def test_flagged_values_name_the_agency_by_display_name():
    flags = pd.DataFrame({"innovation_id": ["I1", "I2"], "innovation_name": ["A", "B"],
                          "agency_code": ["DINKES-B", "UNKNOWN"], "year": [2024, 2024],
                          "column": ["budget_idr", "budget_idr"], "value": ["1", "2"],
                          "flag": ["f", "f"]})
    shown = flags_table(flags, AGENCIES)
    assert shown.iloc[:, 2].tolist() == ["Dinkes (Kota Beta)", "UNKNOWN"]

"""Workbook 00's coverage tables, on small tables whose counts are written out by hand."""

import re

import pandas as pd
import pytest

from smartcity_utils.params import resolve
from smartcity_utils.quality.tables import assessment_coverage, not_assessed


def _agencies():
    return pd.DataFrame({"agency_code": ["A", "B", "C"],
                         "short_name": ["Dinkes", "Disdik", "PUPR"]})


def _assessment():
    return pd.DataFrame({
        "agency_code": ["A", "A", "A", "B", "C"],
        "year": pd.array([2024, 2024, 2024, 2024, 2023], dtype="Int64"),
        "indicator_code": ["BL-01", "OP-01", "OC-01", "BL-01", "BL-01"],
        "evidence_present": pd.array([True, False, None, True, False], dtype="boolean"),
    })


def test_assessment_coverage_by_hand():
    # 2024: A has 3 rows, one without evidence and one unknown (counted as lacking) -> 2;
    # B has 1 row with evidence -> 0; C has none in 2024 (its row is 2023) -> 0 rows, 0 lacking.
    # Gaps first: fewest rows on top, then most lacking.
    table = assessment_coverage(_assessment(), _agencies(), 2024, "en")
    assert table.columns.tolist() == ["Agency", "Assessment rows", "Evidence missing"]
    assert table.values.tolist() == [["PUPR", 0, 0], ["Disdik", 1, 0], ["Dinkes", 3, 2]]


def test_a_year_without_assessment_rows_gives_zeros_for_every_agency():
    for assessment in (_assessment(), _assessment().iloc[:0]):
        table = assessment_coverage(assessment, _agencies(), 2025, "en")
        assert table.values.tolist() == [["Dinkes", 0, 0], ["Disdik", 0, 0], ["PUPR", 0, 0]]
    assert not_assessed(_assessment(), _agencies(), 2025) == ["Dinkes", "Disdik", "PUPR"]


def test_figures_without_rows_say_so_instead_of_failing(english):
    from smartcity_utils.clusters.figures import cluster_agency_heatmap
    from smartcity_utils.quality.figures import (
        coverage_by_type,
        dimension_year_barplot,
    )
    from smartcity_utils.strings import use_language

    def texts(fig):
        return [t.get_text() for t in fig.axes[0].texts]

    empty_innovations = pd.DataFrame({"dimension": [], "year": []})
    use_language("en")
    assert texts(dimension_year_barplot(empty_innovations)) == [
        "No valid innovation rows to draw."]
    no_rows = pd.DataFrame({"agency_code": [], "year": []})
    # a few agencies: the table says it all, no figure repeats it
    assert coverage_by_type(no_rows, _agencies()) is None
    assert texts(cluster_agency_heatmap(pd.DataFrame(index=["1: Sampah"]))) == [
        "No known agency to draw."]


# ---------------------------------------------------------------- reasons in the page's language

# English that reached the Indonesian page 00 of the corpus sources (issue #23, item 7).
ENGLISH = ("required", "unknown value", "allowed", "not recognised", "not loaded",
           "did you mean", "table found", "headers found", "header in the file", "rows (",
           " more)", "every row", "the directory", "not a ")


def test_reasons_are_worded_in_indonesian_around_the_values_as_written():
    from smartcity_utils.quality.reasons import reason_text

    assert reason_text("empty required field (92 rows (76, 77, 78, 79, 80 and 87 more))", "id") \
        == "isian wajib kosong (92 baris (76, 77, 78, 79, 80 dan 87 lainnya))"
    assert reason_text("unknown value 'Website'; allowed: digital, non-digital", "id") == \
        "nilai tidak dikenal 'Website'; yang diterima: digital, non-digital"
    # a quoted value is never translated, though it reads like a phrase of the table
    assert reason_text("unknown value 'not a number'; allowed: ya, tidak", "id") == \
        "nilai tidak dikenal 'not a number'; yang diterima: ya, tidak"
    assert reason_text("column not recognised, not loaded (did you mean 'PD Mitra'?)", "id") \
        == "kolom tidak dikenali, tidak dimuat (maksudnya 'PD Mitra'?)"
    assert reason_text("duplicate id: ID Inovasi (X1) already on row 4", "id") == \
        "id ganda: ID Inovasi (X1) sudah ada di baris 4"
    assert reason_text("no id column: each row's id is derived from its agency and name "
                       "(column 'ID')", "id") == ("tidak ada kolom id: id setiap baris diturunkan "
                                                  "dari perangkat daerah dan namanya (kolom 'ID')")
    english = "empty required field (row 7)"
    assert reason_text(english, "en") == english


@pytest.mark.parametrize("folder", ["tests/fixtures/corpus/banten_web",
                                    "tests/fixtures/corpus/lan_inovasi",
                                    "tests/fixtures/corpus/keerom_satudata",
                                    "tests/fixtures/real/denpasar_spbe",
                                    "tests/fixtures/real/jatim_iid"])
def test_page_00_shows_the_reasons_of_real_registries_in_indonesian(folder):
    from smartcity_utils.collection.registry import load_registry
    from smartcity_utils.quality.tables import problems_by_reason, problems_table

    problems = load_registry(resolve(folder)).problems
    assert problems
    reasons = list(problems_table(problems, "id")["Alasan"])
    reasons += list(problems_by_reason(problems, "id")["Alasan"])
    for reason in reasons:
        # the values quoted from the registry stay as written
        outside = re.sub(r"'[^']*'", "''", reason)
        assert not [e for e in ENGLISH if e in outside], reason
    assert set(problems_table(problems, "en")["Reason"]) == {p.reason for p in problems}

"""Workbook 00's coverage tables, on small tables whose counts are written out by hand."""

import pandas as pd

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
        agency_coverage_heatmap,
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
    assert texts(agency_coverage_heatmap(no_rows, _agencies())) == [
        "No valid innovation rows to draw."]
    assert texts(cluster_agency_heatmap(pd.DataFrame(index=["1: Sampah"]))) == [
        "No known agency to draw."]

"""Every value either read or named (issue 22): numbers outside a plausible range are rejected
with the range, no value crashes a formatter, and cells that cannot be read (formulas without
a stored result, NUL characters, over-long cells, program spellings of a missing value, bytes
that are not UTF-8) give a problem naming file, sheet, row and column while the rest is read."""

import math

import pytest

from smartcity_utils import formatting as fmt
from smartcity_utils.data.load import read_table

pytestmark = pytest.mark.faults

REGISTRY_HEAD = ("ID Inovasi;Nama Inovasi;Perangkat Daerah;Tahun;Dimensi;Sub Dimensi;"
                 "Anggaran (Rp);Jumlah Penerima Manfaat\n")
ROW = "{id};PSC 119;DINKES;2024;Smart Living;Kesehatan;{budget};{people}\n"


def _registry(tmp_path, rows: list[tuple[str, str, str]], name="inovasi.csv"):
    path = tmp_path / name
    path.write_text(REGISTRY_HEAD + "".join(ROW.format(id=i, budget=b, people=p)
                                            for i, b, p in rows), encoding="utf-8")
    return path


def _errors(result):
    return {(p.row, p.column): p.reason for p in result.problems if p.severity == "error"}


def test_numbers_beyond_a_plausible_range_are_rejected_with_the_range(tmp_path):
    result = read_table(_registry(tmp_path, [
        ("A-1", "1" + "0" * 30, "5"),                   # 10^30 rupiah
        ("A-2", "Rp 10.000.000.000.000.000", "10.000.000.000"),  # both at the limit: read
        ("A-3", "Rp 20.000.000.000.000.000", "5"),
        ("A-4", "1000", "10.000.000.001"),
    ]), "innovations")
    assert result.frame["innovation_id"].tolist() == ["A-2"]
    assert result.frame["budget_idr"].tolist() == [1e16]
    national = ("(Rp 10.000 triliun, more than the whole national budget: APBN 2025 spends "
                "about Rp 3.600 triliun)")
    assert _errors(result) == {
        (2, "Anggaran (Rp)"): "1e+30 is outside the plausible range 0 to "
                              f"10,000,000,000,000,000 {national}",
        (4, "Anggaran (Rp)"): "2e+16 is outside the plausible range 0 to "
                              f"10,000,000,000,000,000 {national}",
        (5, "Jumlah Penerima Manfaat"): "1e+10 is outside the plausible range 0 to "
                                        "10,000,000,000 (ten billion, more than the people "
                                        "of the world)",
    }


def test_a_scale_maximum_beyond_any_scale_is_rejected(tmp_path):
    path = tmp_path / "penilaian.csv"
    path.write_text("Perangkat Daerah;Tahun;Dimensi Evaluasi;Dimensi;Kode Indikator;Indikator;"
                    "Level;Skala Maks\n"
                    "DINKES;2024;Outcome;Smart Living;OC-01;Program;3;4\n"
                    "DINKES;2024;Outcome;Smart Living;OC-02;Program;3;1000\n", encoding="utf-8")
    result = read_table(path, "assessment")
    assert result.frame["indicator_code"].tolist() == ["OC-01"]
    assert _errors(result) == {(3, "Skala Maks"): (
        "1,000 is outside the plausible range above 0 to 100 (Stage I scales run to 4 or 5; "
        "100 allows a percentage scale)")}


@pytest.mark.parametrize("formatter", [fmt.number, fmt.integer, fmt.money, fmt.percent,
                                       fmt.cell])
def test_no_float_crashes_a_formatter(formatter):
    assert [formatter(v, "id") for v in (math.inf, -math.inf, math.nan)] == ["–"] * 3
    assert formatter(1e300, "id").replace(".", "").replace(",", "").strip("Rp\u00a0%") \
        .startswith("1000000000000000")


def test_huge_numbers_are_written_in_full():
    assert fmt.money(1e30, "id") == "Rp\u00a01.000.000.000.000.000.019.884.624.838.656"
    assert fmt.integer(1e30, "en") == "1,000,000,000,000,000,019,884,624,838,656"
    assert fmt.number(1e30, "id") == "1.000.000.000.000.000.000.000.000.000.000,00"
    assert fmt.percent(1e28, "en") == "1" + ",000" * 10 + "%"
    largest = fmt.money(1.7976931348623157e308, "en")
    assert largest.startswith("IDR\u00a0179,769,313,486,231,570,814")
    assert len(largest) == len("IDR ") + 309 + 102  # 309 digits in 103 groups
    assert fmt.number(2.375, "id") == "2,38"  # ordinary numbers as before

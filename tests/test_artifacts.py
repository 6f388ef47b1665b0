"""The files one workbook writes for another keep their contract: codes as text, numbers as
numbers, nothing a spreadsheet would run, nothing half-written."""

import os

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from smartcity_utils.artifacts import ARTIFACTS, neutralise, read_table, write_table
from smartcity_utils.errors import ArtifactError
from smartcity_utils.spreadsheet import save_workbook

HOSTILE = ['=HYPERLINK("http://x","click")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1)",
           "\tTAB", "'=already quoted"]


def _pairs(codes_a, codes_b, terms):
    n = len(codes_a)
    return pd.DataFrame({
        "innovation_id_a": [f"0{i}" for i in range(n)], "innovation_name_a": ["x"] * n,
        "agency_code_a": codes_a, "cluster_a": [1] * n,
        "innovation_id_b": [f"00{i}" for i in range(n)], "innovation_name_b": ["y"] * n,
        "agency_code_b": codes_b, "cluster_b": [2] * n,
        "similarity": [0.5] * n, "shared_terms": terms,
    })


def test_all_digit_codes_keep_their_leading_zeros(tmp_path):
    write_table(tmp_path, "integration_pairs", _pairs(["030801", "00"], ["1.50", "7e3"],
                                                      ["a", "b"]))
    back = read_table(tmp_path, "integration_pairs")
    assert back["agency_code_a"].tolist() == ["030801", "00"]
    assert back["agency_code_b"].tolist() == ["1.50", "7e3"]
    assert back["innovation_id_b"].tolist() == ["000", "001"]
    assert back["cluster_a"].tolist() == [1, 1] and back["similarity"].dtype == float


def test_formula_text_is_inert_in_the_csv_and_comes_back_as_written(tmp_path):
    path = write_table(tmp_path, "integration_pairs",
                       _pairs(["A"] * len(HOSTILE), ["B"] * len(HOSTILE), HOSTILE))
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)["shared_terms"].tolist()
    # What a spreadsheet program opens: no cell begins with a formula character.
    assert all(cell.startswith("'") for cell in raw)
    assert read_table(tmp_path, "integration_pairs")["shared_terms"].tolist() == HOSTILE


def test_negative_numbers_are_numbers_not_neutralised_text():
    assert neutralise(-2.5) == -2.5 and neutralise("-") == "'-" and neutralise("a=b") == "a=b"


def test_a_table_off_its_contract_is_refused_naming_the_file(tmp_path):
    frame = _pairs(["A"], ["B"], ["t"]).drop(columns="similarity")
    with pytest.raises(ArtifactError, match=r"integration_pairs\.csv.*missing: \['similarity'\]"):
        write_table(tmp_path, "integration_pairs", frame)
    assert not (tmp_path / "clusters" / "integration_pairs.csv").exists()


def test_a_missing_artifact_reads_as_none_and_a_damaged_one_names_its_writer(tmp_path):
    assert read_table(tmp_path, "quick_win_ranking") is None
    path = tmp_path / ARTIFACTS["integration_pairs"].path
    path.parent.mkdir(parents=True)
    path.write_text("innovation_id_a,innovation_name_a\n1,x\n")  # truncated by a crash
    with pytest.raises(ArtifactError, match="integration_pairs.csv"):
        read_table(tmp_path, "integration_pairs")


def test_outputs_are_readable_by_others_and_leave_no_temporary_file(tmp_path):
    path = write_table(tmp_path, "integration_pairs", _pairs(["A"], ["B"], ["t"]))
    assert oct(os.stat(path).st_mode & 0o777) == "0o644"
    assert [p.name for p in path.parent.iterdir()] == ["integration_pairs.csv"]


def test_excel_text_that_looks_like_a_formula_stays_text(tmp_path):
    book = Workbook()
    book.active.append(HOSTILE + [5])
    save_workbook(book, tmp_path / "form.xlsx")
    sheet = load_workbook(tmp_path / "form.xlsx").active
    cells = list(sheet.iter_rows(values_only=False))[0]
    assert [c.value for c in cells[:len(HOSTILE)]] == HOSTILE
    assert all(c.data_type == "s" for c in cells[:len(HOSTILE)])
    assert cells[-1].value == 5 and cells[-1].data_type == "n"

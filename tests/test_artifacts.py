"""The files one workbook writes for another keep their contract: codes as text, numbers as
numbers, nothing a spreadsheet would run, nothing half-written."""

import os
from dataclasses import replace

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from smartcity_utils.artifacts import ARTIFACTS, RunFolder, neutralise
from smartcity_utils.errors import ArtifactError
from smartcity_utils.spreadsheet import save_workbook
from smartcity_utils.stamps import RunStamp

STAMP = RunStamp(year=2024, city="Kota", data="d1", weights="w1", clusters="c1",
                 criteria="q1", budget=1e9)


def write_table(folder, name, frame, stamp=STAMP):
    return RunFolder(folder, stamp).write_table(name, frame)


def read_table(folder, name, stamp=STAMP):
    return RunFolder(folder, stamp).read_table(name)

HOSTILE = ['=HYPERLINK("http://x","click")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1)",
           "\tTAB", "'=already quoted"]


def _pairs(codes_a, codes_b, terms):
    n = len(codes_a)
    return pd.DataFrame({
        "innovation_id_a": [f"0{i}" for i in range(n)], "innovation_name_a": ["x"] * n,
        "agency_code_a": codes_a, "cluster_a": [1] * n,
        "innovation_id_b": [f"00{i}" for i in range(n)], "innovation_name_b": ["y"] * n,
        "agency_code_b": codes_b, "cluster_b": [2] * n,
        "similarity": [0.5] * n, "shared_terms": terms, "possible_duplicate": [False] * n,
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


def test_a_missing_artifact_names_the_path_and_its_workbook_and_a_damaged_one_its_writer(
        tmp_path):
    missing = f"{(tmp_path / 'quick_win' / 'quick_win_ranking.csv').as_posix()} not found: " \
              "run 03_quick_win_priority first (for this output folder)"
    with pytest.raises(ArtifactError) as refused:
        read_table(tmp_path, "quick_win_ranking")  # never None without a word (issue 21)
    assert str(refused.value) == missing
    with pytest.raises(ArtifactError) as refused:
        RunFolder(tmp_path, STAMP)["quick_win_ranking"]
    assert str(refused.value) == missing
    # a page that says what is missing asks for the table only if it was written
    assert RunFolder(tmp_path, STAMP).table_if_written("quick_win_ranking") is None
    path = tmp_path / ARTIFACTS["integration_pairs"].path
    path.parent.mkdir(parents=True)
    path.write_text("innovation_id_a,innovation_name_a\n1,x\n")  # truncated by a crash
    with pytest.raises(ArtifactError, match="integration_pairs.csv"):
        read_table(tmp_path, "integration_pairs")


def test_a_table_of_another_year_is_refused_naming_the_year_and_its_workbook(tmp_path):
    write_table(tmp_path, "integration_pairs", _pairs(["A"], ["B"], ["t"]),
                replace(STAMP, year=2023))
    with pytest.raises(ArtifactError) as refused:
        read_table(tmp_path, "integration_pairs")
    assert str(refused.value) == (
        "clusters/integration_pairs.csv was made for evaluation year 2023, but this run is for "
        "2024: rerun 02_innovation_clusters with evaluation year 2024")


def test_a_setting_the_writer_does_not_depend_on_is_not_compared(tmp_path):
    # 02's clusters do not depend on the Stage I weights or the Quick Win budget.
    write_table(tmp_path, "integration_pairs", _pairs(["A"], ["B"], ["t"]),
                replace(STAMP, weights="w2", budget=5.0))
    assert len(read_table(tmp_path, "integration_pairs")) == 1
    write_table(tmp_path, "quick_win_shortlist", _shortlist(), replace(STAMP, budget=5.0))
    with pytest.raises(ArtifactError, match="Quick Win budget 5, but this run is for "
                                            "1,000,000,000: rerun 03_quick_win_priority"):
        read_table(tmp_path, "quick_win_shortlist")


def test_a_table_changed_after_it_was_written_or_never_recorded_is_refused(tmp_path):
    path = write_table(tmp_path, "integration_pairs", _pairs(["A", "C"], ["B", "D"], ["t", "u"]))
    path.write_text(path.read_text().replace(",C,", ",E,"))
    with pytest.raises(ArtifactError, match="changed after 02_innovation_clusters wrote it"):
        read_table(tmp_path, "integration_pairs")
    (tmp_path / "stamps" / "02_innovation_clusters.json").unlink()
    with pytest.raises(ArtifactError, match="has no run stamp"):
        read_table(tmp_path, "integration_pairs")


def test_a_rewrite_under_another_stamp_forgets_the_files_of_the_old_run(tmp_path):
    write_table(tmp_path, "integration_pairs", _pairs(["A"], ["B"], ["t"]))
    write_table(tmp_path, "agency_network", _network(), replace(STAMP, year=2023))
    folder = RunFolder(tmp_path, replace(STAMP, year=2023))
    assert len(folder.read_table("agency_network")) == 1
    with pytest.raises(ArtifactError, match="has no run stamp"):
        folder.read_table("integration_pairs")  # written under 2024, before the 2023 rerun


def test_a_folder_opened_without_a_stamp_reads_but_does_not_write(tmp_path):
    write_table(tmp_path, "integration_pairs", _pairs(["A"], ["B"], ["t"]))
    assert read_table(tmp_path, "integration_pairs", None).attrs["stamp"]["year"] == 2024
    with pytest.raises(ArtifactError, match="cannot be written"):
        write_table(tmp_path, "integration_pairs", _pairs(["A"], ["B"], ["t"]), None)


def _shortlist():
    return pd.DataFrame({"innovation_id": ["1"], "innovation_name": ["x"],
                         "agency_code": ["A"], "dimension": ["Smart Living"],
                         "selected": [True], "priority_rank": [1], "priority": [0.5],
                         "cost_idr": [10], "reason": ["chosen"]})


def _network():
    return pd.DataFrame({"agency_code_a": ["A"], "agency_code_b": ["B"], "similar_pairs": [1],
                         "declared_partnerships": [0], "weight": [1]})


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

"""Returned impact survey forms (issue #26 item 4): hand-filled forms of a hand-made plan, read
as one survey; every problem named by file, sheet, row and column, every respondent row either
scored or listed, and the scores computed by hand (docs/impact_survey.md, *Reading*)."""

from __future__ import annotations

import math
import shutil

import pytest
from openpyxl import Workbook, load_workbook

from smartcity_utils.cli import main
from smartcity_utils.params import resolve
from smartcity_utils.survey.commands import write_forms, write_plan
from smartcity_utils.survey.returned import read_returned_survey
from smartcity_utils.survey.rules import read_questionnaire
from smartcity_utils.survey.scores import survey_scores
from tests.survey_fixtures import complete_registry

LIVING = "formulir_dampak_2024-smart-living.xlsx"  # Harmoni F-10, Kesehatan KES-C, Mobilitas F-12
WORDS = {1: "Sangat tidak setuju", 2: "Tidak setuju", 3: "Setuju", 4: "Sangat setuju"}
PERSON = ["25-34 tahun", "Perempuan", "Pontianak Kota", "Mariana"]


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    root = tmp_path_factory.mktemp("returned")
    write_plan(complete_registry(root / "data"), root / "plan", city="Kota Uji")
    write_forms(root / "plan", root / "forms")
    return root / "forms"


@pytest.fixture(scope="module")
def questionnaire():
    return read_questionnaire(resolve("params/impact_questionnaire.yaml"))[0]


def _row(p1, p2, p3, person=PERSON, usage=("Setiap minggu",) * 3):
    """A respondent row from column B: the fields, then per programme usage and statements
    (numbers become the scale's words; anything else is written as it is)."""
    cells = list(person)
    for used, answers in zip(usage, (p1, p2, p3), strict=True):
        cells += [used, *[WORDS.get(a, a) for a in answers]]
    return cells


def _write(book, row: int, cells: list) -> None:
    for column, value in enumerate(cells, start=2):
        book["Jawaban"].cell(row, column).value = value


def _returned(sent, tmp_path, rows: dict[int, list], took_part=("Ya", "Ya", "Ya")):
    """A survey folder with the plan and the Smart Living form filled with `rows`."""
    folder = tmp_path / "survei-dampak"
    folder.mkdir()
    shutil.copy(sent / "survey_plan.json", folder)
    book = load_workbook(sent / LIVING)
    for row, cells in rows.items():
        _write(book, row, cells)
    for k, answer in enumerate(took_part):
        book["Program"].cell(2 + k, 6).value = answer
    book.save(folder / LIVING)
    return folder


def _problems(survey):
    return {(p.file, p.sheet, p.row, p.column, p.code) for p in survey.problems}


def test_scores_by_hand_with_the_t_interval(sent, tmp_path, questionnaire):
    folder = _returned(sent, tmp_path, {
        3: _row([2, 2, 2, 2, 2], [4, 4, 3, 3, 4], [2, 3, 3, 3, 2]),   # 2.0, 3.6, 2.6
        4: _row([2, 2, 3, 2, 3], [3, 3, 3, 3, 3], [3, 3, 2, 2, 3]),   # 2.4, 3.0, 2.6
        5: _row([3, 3, 3, 3, 2], [4, 4, 4, 4, 4], [2, 2, 2, 2, 2]),   # 2.8, 4.0, 2.0
    })
    survey = read_returned_survey(folder, questionnaire)
    scores = survey_scores(survey, questionnaire, 4.0).set_index("innovation_id", drop=False)
    harmoni = scores.loc["F-10"]
    # (2.0 + 2.4 + 2.8) / 3 = 2.4; s = 0.4; t(0.975, 2) = 4.303; 4.303 * 0.4 / sqrt(3) = 0.9937
    assert harmoni["score"] == pytest.approx(2.4)
    assert harmoni["ci_low"] == pytest.approx(2.4 - 0.99373, abs=1e-4)
    assert harmoni["ci_high"] == pytest.approx(2.4 + 0.99373, abs=1e-4)
    assert (harmoni["n_respondents"], harmoni["n_planned"]) == (3, 50)
    # (3.6 + 3.0 + 4.0) / 3 = 3.5333; the upper end 3.53 + 1.25 is cut to the scale's 4
    assert scores.loc["KES-C", "score"] == pytest.approx(10.6 / 3)
    assert scores.loc["KES-C", "ci_high"] == 4.0
    # the dimension: each respondent's mean over the three programmes, then their mean:
    # (2.0+3.6+2.6)/3 = 2.7333, (2.4+3.0+2.6)/3 = 2.6667, (2.8+4.0+2.0)/3 = 2.9333 -> 2.7778
    living = scores[(scores["scope"] == "dimension") & (scores["dimension"] == "Smart Living")]
    assert living["score"].iloc[0] == pytest.approx((8.2 + 8.0 + 8.8) / 9)
    assert living["n_respondents"].iloc[0] == 3


def test_the_linear_mapping_puts_the_lowest_answer_at_zero(sent, tmp_path, questionnaire):
    folder = _returned(sent, tmp_path, {3: _row([1] * 5, [4] * 5, [3] * 5)})
    linear = questionnaire.model_copy(update={"to_report_scale": "linear"})
    survey = read_returned_survey(folder, linear)
    scores = survey_scores(survey, linear, 4.0).set_index("innovation_id")
    # (v - 1) / (4 - 1) * 4: 1 -> 0, 4 -> 4, 3 -> 2.667; proportional would give 1, 4, 3
    assert scores.loc[["F-10", "KES-C", "F-12"], "score"].tolist() == pytest.approx(
        [0.0, 4.0, 8 / 3])
    assert math.isnan(scores.loc["F-10", "ci_low"])  # one respondent: no interval


def test_every_problem_is_named_by_file_sheet_row_and_column(sent, tmp_path, questionnaire):
    folder = _returned(sent, tmp_path, {
        3: _row([3] * 5, [3] * 5, [3] * 5),
        4: _row([4] * 5, [3, 3, None, 3, 3], [3] * 5),            # a blank answer (O4)
        5: _row([4] * 5, [3] * 5, ["5", 3, 3, 3, 3]),              # off the scale (S5)
        6: _row([3] * 5, [3] * 5, [3] * 5),                        # row 3 again
        7: _row([3] * 5, [2] * 5, [2] * 5,
                usage=("Setiap hari", "Belum pernah", "Setiap hari")),  # never used KES-C
        8: _row([2] * 5, [2] * 5, [None] * 5),                     # the third left out
        9: _row([1] * 5, [1] * 5, [1] * 5, person=[None, "Laki-laki", "Pontianak Kota",
                                                   "Tengah"]),   # no age group: counted
    }, took_part=("Tidak", None, "Ya"))
    (folder / "catatan.csv").write_text("catatan koordinator\n", encoding="utf-8")
    survey = read_returned_survey(folder, questionnaire)
    found = _problems(survey)
    assert {
        (LIVING, "Jawaban", 4, "O", "blank_answer"),
        (LIVING, "Jawaban", 5, "S", "off_scale"),
        (LIVING, "Jawaban", 6, "B-W", "duplicate"),
        (LIVING, "Jawaban", 7, "L", "never_used"),
        (LIVING, "Jawaban", 8, "S-W", "programme_blank"),
        (LIVING, "Jawaban", 9, "B", "field_blank"),
        (LIVING, "Program", 2, "F", "agency_not_taking_part"),
        (LIVING, "Program", 3, "F", "agency_took_part_blank"),
        (LIVING, "Jawaban", None, "G-K", "too_few"),
        (LIVING, "Jawaban", None, "M-Q", "too_few"),
        (LIVING, "Jawaban", None, "S-W", "too_few"),
        ("formulir_dampak_2024-smart-governance.xlsx", None, None, None, "form_missing"),
        ("catatan.csv", None, None, None, "not_xlsx"),
    } <= found
    duplicate = next(p for p in survey.problems if p.code == "duplicate")
    assert duplicate.facts == {"first_file": LIVING, "first_row": 3}
    assert next(p for p in survey.problems if p.code == "off_scale").value == "5"
    assert next(p for p in survey.problems if p.code == "agency_not_taking_part").message(
        "id") == ("Dinas Lingkungan Hidup, penanggung jawab Program Harmoni, menyatakan tidak "
                  "ikut melaksanakan survei: survei tanpa perangkat daerah penanggung jawab "
                  "tidak diperkenankan")
    # every respondent row scored or listed: F-10 from rows 3, 4, 5, 7, 8, 9 (6 is the copy);
    # KES-C from 3, 5, 8, 9 (4 blank, 7 never used); F-12 from 3, 4, 7, 9 (5 off, 8 blank)
    used = survey.answers.groupby("innovation_id")["row"].apply(sorted).to_dict()
    assert used == {"F-10": [3, 4, 5, 7, 8, 9], "KES-C": [3, 5, 8, 9], "F-12": [3, 4, 7, 9]}
    too_few = {p.column: p.facts["n"] for p in survey.problems if p.code == "too_few"}
    assert too_few == {"G-K": 6, "M-Q": 4, "S-W": 4}
    assert survey.rows == {"2024-smart-living": 7}
    assert survey.took_part == {"F-10": "no", "KES-C": "", "F-12": "yes"}


def test_a_copy_in_a_second_file_of_the_same_form_is_a_duplicate(sent, tmp_path,
                                                                 questionnaire):
    folder = _returned(sent, tmp_path, {3: _row([3] * 5, [3] * 5, [3] * 5),
                                        4: _row([4] * 5, [4] * 5, [4] * 5)})
    # a second enumerator's copy of the form: one new respondent and one already entered
    book = load_workbook(sent / LIVING)
    _write(book, 3, _row([2] * 5, [2] * 5, [2] * 5))
    _write(book, 4, _row([4] * 5, [4] * 5, [4] * 5))
    book.save(folder / "zz_petugas_2.xlsx")
    survey = read_returned_survey(folder, questionnaire)
    assert ("zz_petugas_2.xlsx", "Jawaban", 4, "B-W", "duplicate") in _problems(survey)
    assert survey.files["2024-smart-living"] == [LIVING, "zz_petugas_2.xlsx"]
    assert len(survey.answers[survey.answers["innovation_id"] == "F-10"]) == 3


def _tampered(sent, folder, name: str, prop: str | None, value: str = "") -> None:
    book = load_workbook(sent / LIVING)
    for p in list(book.custom_doc_props):
        if p.name == prop:
            p.value = value
    book.save(folder / name)


def test_forms_that_cannot_be_read_against_the_plan_block_scoring(sent, tmp_path,
                                                                  questionnaire):
    folder = _returned(sent, tmp_path, {3: _row([3] * 5, [3] * 5, [3] * 5)})
    _tampered(sent, folder, "lain_rencana.xlsx", "smartcity_survey_plan", "0123456789ab")
    _tampered(sent, folder, "lain_dimensi.xlsx", "smartcity_dimension", "Smart Economy")
    _tampered(sent, folder, "lain_formulir.xlsx", "smartcity_survey_form", "2024-smart-city")
    Workbook().save(folder / "bukan_formulir.xlsx")
    (folder / "rusak.xlsx").write_bytes(b"not a zip")
    heading = load_workbook(sent / LIVING)
    heading["Jawaban"]["G2"].value = "Pertanyaan lain"
    heading.save(folder / "judul_diubah.xlsx")
    survey = read_returned_survey(folder, questionnaire)
    found = _problems(survey)
    assert {("lain_rencana.xlsx", None, None, None, "other_plan"),
            ("lain_dimensi.xlsx", None, None, None, "other_dimension"),
            ("lain_formulir.xlsx", None, None, None, "unknown_form"),
            ("bukan_formulir.xlsx", None, None, None, "not_a_form"),
            ("rusak.xlsx", None, None, None, "unreadable"),
            ("judul_diubah.xlsx", "Jawaban", 2, "G", "changed_heading")} <= found
    assert all(p.severity == "error" for p in survey.problems
               if p.file != LIVING and p.code != "form_missing")
    assert survey.files == {"2024-smart-living": [LIVING]}  # none of them was read
    other = next(p for p in survey.problems if p.code == "other_plan")
    assert other.message("en") == ("form 2024-smart-living was made for another survey plan "
                                   f"(0123456789ab, not {survey.plan.plan_id}): not read")


def test_survey_check_says_every_problem_and_exits_by_what_blocks(sent, tmp_path, capsys):
    folder = _returned(sent, tmp_path, {3: _row([3] * 5, [3] * 5, [3] * 5),
                                        4: _row([4] * 5, [4] * 5, [None] * 5)},
                       took_part=("Ya", "Ya", "Ya"))
    assert main(["survey", "check", str(folder)]) == 0  # notes and uncounted answers only
    out = capsys.readouterr().out
    assert (f"{LIVING}[Jawaban]:4:S-W: tidak dihitung: tidak ada jawaban untuk program Program "
            "Mobilitas: program ini tidak dihitung untuk responden ini") in out
    assert "Klinik Keliling: 3,50 (95%: " in out and "2 dari 50 responden" in out
    _tampered(sent, folder, "lain_rencana.xlsx", "smartcity_survey_plan", "0123456789ab")
    assert main(["survey", "check", str(tmp_path), "--lang", "en"]) == 1  # the data folder
    assert "lain_rencana.xlsx: blocks scoring: form 2024-smart-living was made for another" \
        in capsys.readouterr().out
    (folder / "survey_plan.json").write_text("{}", encoding="utf-8")
    assert main(["survey", "check", str(folder)]) == 2
    out = capsys.readouterr().out
    assert out.startswith("survey_plan.json: menghalangi penilaian: rencana survei tidak dapat "
                          "dibaca: bukan rencana yang ditulis `smartcity survey plan`, atau rusak")
    assert str(tmp_path) not in out  # the file, never where it lies
    (folder / "survey_plan.json").unlink()
    assert main(["survey", "check", str(folder)]) == 2
    assert "survey_plan.json: menghalangi penilaian: rencana survei tidak ada" in \
        capsys.readouterr().out
    assert main(["survey", "check", str(tmp_path / "tidak-ada")]) == 2
    assert "no such folder of returned survey forms" in capsys.readouterr().err


def test_without_a_survey_the_page_says_so_and_how_to_plan_one(tmp_path):
    from smartcity_utils.survey.report import SurveyTables, no_survey_note
    from smartcity_utils.survey.run import read_survey, survey_note

    none = read_survey(tmp_path, 4.0)  # a data folder without survei-dampak/
    assert none.survey.plan is None and none.scores.empty and none.problems.empty
    tables = SurveyTables(none.scores, none.forms, none.problems, None)
    assert not tables.present
    note = no_survey_note(tables, "id")
    assert note.startswith("**Belum ada survei dampak.** Folder data tidak memuat subfolder "
                           "`survei-dampak/`")
    assert "`smartcity survey plan --data data/kota --out survei/rencana` (dengan folder" in note
    (tmp_path / "survei-dampak").mkdir()  # forms, but no plan
    unplanned = read_survey(tmp_path, 4.0)
    tables = SurveyTables(unplanned.scores, unplanned.forms, unplanned.problems, None)
    assert no_survey_note(tables, "en").startswith(
        "**The impact survey cannot be read.** The `survei-dampak/` subfolder is there, but: "
        "the survey plan is not in the survey folder")
    assert survey_note(unplanned.forms, unplanned.scores, unplanned.problems, "id") == (
        "Folder survei-dampak/ ada, tetapi formulirnya tidak dapat dibaca tanpa rencana survei "
        "(lihat masalahnya di workbook Survei Dampak): nilai Impact berasal dari isian "
        "perangkat daerah.")

"""The team-weights form: written, filled with openpyxl as a member would, read back; every
bad answer named by file, sheet, row and column; the criteria file version it makes."""

import datetime as dt
import shutil

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from smartcity_utils.cli import main
from smartcity_utils.config import read_criteria
from smartcity_utils.team_weights.form import write_weights_forms
from smartcity_utils.team_weights.hierarchy import hierarchy
from smartcity_utils.team_weights.layout import FIRST_ROW, KEY, SIDE
from smartcity_utils.team_weights.report import report_lines, weigh
from smartcity_utils.team_weights.returned import read_forms

CRITERIA = "params/quick_win_criteria.yaml"


@pytest.fixture()
def forms(tmp_path):
    out = tmp_path / "forms"
    write_weights_forms(out, read_criteria(CRITERIA), 3)
    return out


def _fill(path, role="akademisi", name=None, answers=None, side=None):
    """Fill a form as a member does: role and name on Petunjuk, then every comparison row;
    `answers` maps a key to (side: 'A'/'B', intensity words); the default is 'sama penting'."""
    book = load_workbook(path)
    book["Petunjuk"]["B5"] = role
    book["Petunjuk"]["B4"] = name
    for sheet in book.worksheets[1:-1]:
        for row in range(FIRST_ROW, sheet.max_row + 1):
            key = sheet.cell(row, KEY).value
            chosen, words = (answers or {}).get(key, (None, "sama penting"))
            if chosen:
                sheet.cell(row, SIDE).value = sheet.cell(row, 2 if chosen == "A" else 3).value
            sheet.cell(row, SIDE + 1).value = words
    book.save(path)


def test_the_form_in_bahasa_indonesia_with_its_drop_downs_and_identity(forms):
    book = load_workbook(forms / "bobot_tim_02.xlsx")
    assert book.sheetnames == ["Petunjuk", "Kelompok", "Dampak", "Upaya", "Keterpaduan", "Skala"]
    props = {p.name: p.value for p in book.custom_doc_props}
    assert props["smartcity_member"] == "02"
    assert props["smartcity_criteria_version"] == "2024-draft-2"
    assert book["Petunjuk"]["B2"].value == "02"
    effort = book["Upaya"]
    # groups first: impact, effort, reach, integration -> 6 pairs; effort's 4 criteria -> 6
    assert [effort.cell(r, 2).value for r in range(4, 10)][:3] == ["Anggaran"] * 3
    assert effort.cell(4, 3).value == "Kesiapan"
    assert book["Kelompok"].max_row == 3 + 6
    lists = {str(v.sqref): v.formula1 for v in effort.data_validations.dataValidation}
    assert lists["D4"] == "$B$4:$C$4"  # the side: the row's own two names
    assert lists["E4"] == "Skala!$A$2:$A$10"
    assert book["Skala"]["A4"].value == "sedikit lebih penting" and book["Skala"]["B4"].value == 3
    roles = book["Petunjuk"].data_validations.dataValidation[0]
    assert roles.formula1 == '"perangkat daerah,akademisi,praktisi,sektor lain"'
    assert effort.protection.sheet and book.security.lockStructure
    assert not effort["D4"].protection.locked and effort["B4"].protection.locked
    assert effort.column_dimensions["F"].hidden


def test_the_form_reads_on_screen_and_prints_one_page_wide(forms):
    """Each instruction paragraph is wrapped across both columns with a row tall enough for
    its lines (not one line running over many columns and pages), and every sheet prints one
    page wide."""
    book = load_workbook(forms / "bobot_tim_01.xlsx")
    guide = book["Petunjuk"]
    paragraph = guide["A7"]
    assert "A7:B7" in {str(r) for r in guide.merged_cells.ranges}
    assert paragraph.alignment.wrap_text
    # width 36 + 60 = 96 columns, 92 characters a line
    lines = -(-len(paragraph.value) // 92)
    assert guide.row_dimensions[7].height == 15 * lines
    for sheet in book.worksheets:
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    # the hidden key column does not make rows taller
    assert book["Kelompok"].row_dimensions[4].height == 15


def test_a_filled_form_reads_back_as_the_members_judgements(forms):
    path = forms / "bobot_tim_01.xlsx"
    _fill(path, role="praktisi", name="Rina", answers={
        "groups:impact|effort": ("A", "sedikit lebih penting"),
        "effort:budget|readiness": ("B", "mutlak lebih penting"),
        "impact:beneficiaries|sub_dimension_index": ("A", 7)})  # typed as a number
    tree = hierarchy(read_criteria(CRITERIA))
    returned = read_forms(forms, tree, "quick_win_criteria.yaml")
    mine = [f for f in returned.forms if f.file == path.name]
    assert len(mine) == 1 and mine[0].role == "practitioner" and mine[0].name == "Rina"
    answers = mine[0].answers
    assert answers["groups:impact|effort"] == 3
    assert answers["effort:budget|readiness"] == pytest.approx(1 / 9)
    assert answers["impact:beneficiaries|sub_dimension_index"] == 7
    assert answers["groups:reach|integration"] == 1
    assert set(answers) == {c.key for c in tree.comparisons()}


def _problems(folder):
    tree = hierarchy(read_criteria(CRITERIA))
    return read_forms(folder, tree, "quick_win_criteria.yaml").problems


def test_every_bad_answer_is_named_by_file_sheet_row_and_column(forms):
    _fill(forms / "bobot_tim_01.xlsx", answers={
        "groups:impact|effort": ("A", None),  # blank intensity
        "groups:impact|reach": ("A", "banyak sekali"),  # outside the scale
        "groups:impact|integration": ("A", 10),  # outside the scale, typed
        "effort:budget|readiness": (None, "jelas lebih penting")})  # no side chosen
    book = load_workbook(forms / "bobot_tim_01.xlsx")
    book["Dampak"]["D4"] = "Anggaran"  # a name that is not of this row
    book["Dampak"]["E4"] = "sedikit lebih penting"  # (with 'sama penting' no side is read)
    book.save(forms / "bobot_tim_01.xlsx")
    _fill(forms / "bobot_tim_02.xlsx", role=None)
    _fill(forms / "bobot_tim_03.xlsx", role="wartawan")
    lines = [p.line() for p in _problems(forms)]
    assert lines == [
        "bobot_tim_01.xlsx[Kelompok]:4:Seberapa lebih penting?: blank answer: how much more "
        "important is not chosen for Dampak against Upaya",
        "bobot_tim_01.xlsx[Kelompok]:5:Seberapa lebih penting?: answer outside the scale: "
        "'banyak sekali' is not one of the choices of sheet Skala (Saaty's 1-9 scale)",
        "bobot_tim_01.xlsx[Kelompok]:6:Seberapa lebih penting?: answer outside the scale: 10 "
        "is not one of the choices of sheet Skala (Saaty's 1-9 scale)",
        "bobot_tim_01.xlsx[Dampak]:4:Mana yang lebih penting?: answer outside the choices: "
        "'Anggaran' is neither Penerima manfaat nor Indeks sub-dimensi (kebutuhan)",
        "bobot_tim_01.xlsx[Upaya]:4:Mana yang lebih penting?: blank answer: which is more "
        "important is not chosen for Anggaran against Kesiapan",
        "bobot_tim_02.xlsx[Petunjuk]:5:Peran Anda di Tim Teknis (wajib): blank answer: the "
        "member's role is required (perangkat daerah, akademisi, praktisi, sektor lain)",
        "bobot_tim_03.xlsx[Petunjuk]:5:Peran Anda di Tim Teknis (wajib): answer outside the "
        "choices: 'wartawan' is not one of perangkat daerah, akademisi, praktisi, sektor lain",
    ]


def test_a_form_for_another_version_a_duplicate_and_a_stranger_are_named(forms, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(open(CRITERIA, encoding="utf-8").read().replace(
        'version: "2024-draft-2"', 'version: "2023"'), encoding="utf-8")
    write_weights_forms(tmp_path / "old", read_criteria(other), 1)
    shutil.copy(tmp_path / "old" / "bobot_tim_01.xlsx", forms / "lama.xlsx")
    for n in (1, 2, 3):
        _fill(forms / f"bobot_tim_0{n}.xlsx", name=f"Anggota {n}")
    _fill(forms / "bobot_tim_03.xlsx", name="  anggota 1 ")  # the same person, twice
    shutil.copy(forms / "bobot_tim_02.xlsx", forms / "bobot_tim_02_salinan.xlsx")
    Workbook().save(forms / "catatan.xlsx")
    (forms / "rusak.xlsx").write_bytes(b"not a workbook")
    (forms / "jawaban.csv").write_text("a;b\n", encoding="utf-8")
    lines = sorted(p.line() for p in _problems(forms))
    assert lines[-1].startswith("rusak.xlsx::: unreadable workbook: ")
    assert lines[:-1] == [
        "bobot_tim_02_salinan.xlsx::: a duplicate member: bobot_tim_02.xlsx is the same "
        "member's form (same form number or name); this one is not read",
        "bobot_tim_03.xlsx::: a duplicate member: bobot_tim_01.xlsx is the same member's "
        "form (same form number or name); this one is not read",
        "catatan.xlsx::: not a team-weights form (write them with smartcity template "
        "--weights)",
        "jawaban.csv::: not a team-weights form: a .csv file (the forms are the .xlsx "
        "workbooks of smartcity template --weights)",
        "lama.xlsx::: a form for criteria version '2023', but quick_win_criteria.yaml is "
        "version '2024-draft-2': the members answer forms of the file read",
    ]


def test_changed_comparisons_under_the_same_version_are_named(forms, tmp_path):
    moved = tmp_path / "moved.yaml"
    moved.write_text(open(CRITERIA, encoding="utf-8").read().replace(
        "  digital:\n    group: effort", "  digital:\n    group: reach"), encoding="utf-8")
    _fill(forms / "bobot_tim_01.xlsx")
    tree = hierarchy(read_criteria(moved))
    problems = read_forms(forms, tree, "moved.yaml").problems
    assert problems[0].line() == ("bobot_tim_01.xlsx::: the form asks other comparisons than "
                                  "moved.yaml (its groups or criteria changed without a new "
                                  "version)")


def _three_members(forms):
    # 01 and 02 answer 'sama penting' everywhere; 03 puts Dampak strongly above Upaya
    _fill(forms / "bobot_tim_01.xlsx", role="perangkat daerah")
    _fill(forms / "bobot_tim_02.xlsx", role="akademisi")
    _fill(forms / "bobot_tim_03.xlsx", role="sektor lain",
          answers={"groups:impact|effort": ("A", "jelas lebih penting")})


def test_the_criteria_file_version_reads_back_for_workbook_03(forms, tmp_path):
    _three_members(forms)
    out = tmp_path / "quick_win_criteria_tim.yaml"
    run = weigh(forms, CRITERIA, out, "2025-tim-1", today=dt.date(2025, 5, 20))
    assert run.problems == [] and run.written == out
    criteria = read_criteria(out)
    assert criteria.version == "2025-tim-1"
    weights = {c.name: c.weight for c in criteria.criteria}
    assert weights == {c: round(100 * w, 2) for c, w in run.team.aij.items()}
    # AIJ of the groups: impact-effort (1 * 1 * 5)^(1/3) = 5^(1/3), every other pair 1;
    # reach and integration tie, so the group weights of reach and integration are equal
    assert weights["pentahelix_reach"] == pytest.approx(
        weights["partner_agencies"] + weights["integration_potential"], abs=0.011)
    text = out.read_text(encoding="utf-8")
    assert "min_per_dimension: 1       # at least this many per smart-city dimension" in text
    origin = yaml.safe_load(text)["provenance"]
    assert origin["members"] == 3 and origin["based_on"] == "2024-draft-2"
    assert origin["members_by_role"] == {"agency": 1, "academic": 1, "other": 1}
    assert origin["date"] == "2025-05-20" and "AIJ" in origin["method"]
    assert set(origin["consistency_ratios"]) == {"groups", "impact", "effort", "integration"}
    # forms of the old version against the new file: named, nothing written
    again = weigh(forms, out, tmp_path / "never.yaml")
    assert again.written is None and "'2025-tim-1'" in again.problems[0].reason
    assert not (tmp_path / "never.yaml").exists()
    # a version made from this version replaces the provenance, it does not add a second
    later = tmp_path / "later"
    write_weights_forms(later, criteria, 2)
    _fill(later / "bobot_tim_01.xlsx", role="praktisi")
    _fill(later / "bobot_tim_02.xlsx", role="praktisi")
    newer = weigh(later, out, tmp_path / "newer.yaml", "2025-tim-2").written
    assert newer.read_text(encoding="utf-8").count("provenance:") == 1
    assert yaml.safe_load(newer.read_text(encoding="utf-8"))["provenance"]["based_on"] == \
        "2025-tim-1"
    assert read_criteria(newer).version == "2025-tim-2"


def test_the_report_in_bahasa_indonesia(forms):
    _three_members(forms)
    lines = report_lines(weigh(forms, CRITERIA), "id")
    assert lines[0] == ("3 berkas dibaca; bobot tim dibuat dari 3 anggota (perangkat daerah 1, "
                        "akademisi 1, sektor lain 1).")
    assert any(line.startswith("Bobot yang dipakai adalah AIJ") for line in lines)
    assert any("Kesepakatan anggota: W Kendall" in line for line in lines)


def test_a_contradictory_team_matrix_is_said(forms):
    # 01 puts Anggaran 9 x Kesiapan, Kesiapan 9 x Waktu, Waktu 9 x Anggaran (a cycle); 02 and
    # 03 the same: their geometric mean keeps the cycle, far above CR 0.1
    cycle = {"effort:budget|readiness": ("A", "mutlak lebih penting"),
             "effort:readiness|time_to_deliver": ("A", "mutlak lebih penting"),
             "effort:budget|time_to_deliver": ("B", "mutlak lebih penting")}
    for n in (1, 2, 3):
        _fill(forms / f"bobot_tim_0{n}.xlsx", answers=cycle)
    lines = report_lines(weigh(forms, CRITERIA), "id")
    assert ("CR matriks tim untuk kriteria kelompok Upaya di atas 0,10: jawaban para anggota "
            "pada perbandingan ini saling bertentangan; bahas di rapat sebelum bobotnya "
            "dipakai.") in lines
    assert not any("kelompok kriteria di atas" in line for line in lines)


def test_the_commands(forms, tmp_path, capsys):
    assert main(["template", "--weights", "--out", str(tmp_path / "x")]) == 2
    assert "--members" in capsys.readouterr().err
    _three_members(forms)
    _fill(forms / "bobot_tim_01.xlsx", role=None)
    out = tmp_path / "new.yaml"
    assert main(["weights", str(forms), "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "bobot_tim_01.xlsx[Petunjuk]:5:" in printed and not out.exists()
    assert "Berkas kriteria versi baru belum ditulis" in printed
    _three_members(forms)
    assert main(["weights", str(forms), "--out", str(out), "--lang", "en"]) == 0
    assert "New criteria file version written" in capsys.readouterr().out
    assert read_criteria(out).version.startswith("2024-draft-2-tim-")

"""Impact survey forms (issue #26, docs/impact_survey.md), opened as a spreadsheet program
would: the instructions, the programmes in plain words, one row per planned respondent, the
drop-downs, only the answer cells open, the form's identity inside, and no name or identity
number column."""

from __future__ import annotations

import re

import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from smartcity_utils.cli import main
from smartcity_utils.errors import ParamsError
from smartcity_utils.survey.commands import write_forms, write_plan
from smartcity_utils.vocabulary import fold
from tests.survey_fixtures import complete_registry, registry_with_gaps

QUESTIONNAIRE = "params/impact_questionnaire.yaml"
SCALE = ["Sangat tidak setuju", "Tidak setuju", "Setuju", "Sangat setuju"]


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    root = tmp_path_factory.mktemp("survey")
    plan = write_plan(complete_registry(root / "data"), root / "plan", city="Kota Uji")
    write_forms(root / "plan", root / "forms")
    return plan, root / "forms"


def _living(sent):
    plan, folder = sent
    return load_workbook(folder / "formulir_dampak_2024-smart-living.xlsx")


def _rules(sheet) -> dict[str, set[str]]:
    """Drop-down list -> the columns it covers, each from row 3 to row 52."""
    found = {}
    for rule in sheet.data_validations.dataValidation:
        assert rule.type == "list" and rule.showErrorMessage
        ranges = str(rule.sqref).split()
        assert all(re.fullmatch(r"([A-Z]+)3:\1(52)", r) for r in ranges), ranges
        found[rule.formula1] = {r.split(":")[0][:-1] for r in ranges}
    return found


def test_one_workbook_per_form_with_the_plan_beside_them(sent):
    plan, folder = sent
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f.file for f in plan.forms] + ["survey_plan.json"])
    assert len(plan.forms) == 8


def test_the_form_keeps_its_identity_inside(sent):
    plan, _ = sent
    book = _living(sent)
    props = {p.name: p.value for p in book.custom_doc_props}
    assert props == {
        "smartcity_survey_form": "2024-smart-living", "smartcity_survey_plan": plan.plan_id,
        "smartcity_year": "2024", "smartcity_dimension": "Smart Living",
        "smartcity_sub_dimensions": "Harmoni; Kesehatan; Mobilitas",
        "smartcity_programmes": "F-10; KES-C; F-12", "smartcity_respondents": "50",
        "smartcity_questionnaire": props["smartcity_questionnaire"],
        "smartcity_language": "id"}
    assert props["smartcity_questionnaire"].startswith("impact_questionnaire.yaml tim-2026-1 #")


def test_instructions_and_programmes_in_plain_words(sent):
    book = _living(sent)
    assert book.sheetnames == ["Petunjuk", "Program", "Jawaban"]
    lines = [" ".join(str(v) for v in row if v is not None)
             for row in book["Petunjuk"].iter_rows(values_only=True)]
    assert lines[0] == "Survei Dampak Program Smart City Kota Uji 2024"
    text = "\n".join(lines)
    assert "Jumlah responden 50" in text
    assert "Setiap responden menjawab untuk ketiga program." in text
    assert "Jangan menulis nama, NIK, nomor telepon atau alamat responden" in text
    assert "baris nomor 1 sampai 50" in text
    assert "1 = Sangat tidak setuju, 2 = Tidak setuju, 3 = Setuju, 4 = Sangat setuju" in text
    assert ("Survei ini dilaksanakan oleh Dinas Lingkungan Hidup serta Dinas Kesehatan, "
            "dikoordinasikan oleh Dinas Komunikasi dan Informatika serta Badan Perencanaan "
            "Pembangunan Daerah.") in text
    programmes = list(book["Program"].iter_rows(values_only=True))
    assert programmes[0] == ("No.", "Nama program", "Perangkat daerah penanggung jawab",
                             "Sub-dimensi", "Apa yang dilakukan program",
                             "Perangkat daerah penanggung jawab ikut melaksanakan survei?")
    assert programmes[2] == (2, "Klinik Keliling", "Dinas Kesehatan", "Kesehatan",
                             "Klinik Keliling: layanan untuk warga kota.", None)
    assert ("6. Perangkat daerah penanggung jawab setiap program mengisi kolom terakhir lembar "
            "Program dengan Ya bila ikut melaksanakan survei ini.") in text
    took_part = book["Program"].data_validations.dataValidation
    assert [(r.formula1, str(r.sqref)) for r in took_part] == [('"Ya,Tidak"', "F2:F4")]


def test_one_row_per_planned_respondent_and_no_name_or_id_column(sent):
    sheet = _living(sent)["Jawaban"]
    assert sheet.max_row == 52  # two heading rows, then 50 respondents
    assert [sheet.cell(r, 1).value for r in range(3, 53)] == list(range(1, 51))
    headings = [c.value for c in sheet[2]]
    # No., 4 respondent fields, then per programme: usage + 5 statements
    assert len(headings) == 1 + 4 + 3 * 6
    assert headings[1:5] == ["Kelompok usia", "Jenis kelamin", "Kecamatan tempat tinggal",
                             "Kelurahan tempat tinggal"]
    assert headings[5:7] == ["Seberapa sering Anda memakai program ini?",
                             "1. Program ini mudah saya jangkau dan gunakan."]
    words = {w for h in headings for w in fold(h).split()}
    assert not words & {"nama", "name", "nik", "ktp", "telepon", "hp", "alamat", "email"}
    groups = [c.value for c in sheet[1] if c.value]
    assert groups == ["Responden", "Program 1: Program Harmoni", "Program 2: Klinik Keliling",
                      "Program 3: Program Mobilitas"]


def test_every_answer_is_a_drop_down(sent):
    sheet = _living(sent)["Jawaban"]
    rules = _rules(sheet)
    letters = [get_column_letter(n) for n in range(1, 24)]  # A (No.) .. W
    statements = {letters[i] for p in range(3) for i in range(6 + 6 * p, 11 + 6 * p)}
    assert rules['"' + ",".join(SCALE) + '"'] == statements  # 15 columns: G-K, M-Q, S-W
    assert rules['"Setiap hari,Setiap minggu,Setiap bulan,Beberapa kali setahun,Baru sekali,'
                 'Belum pernah"'] == {"F", "L", "R"}
    assert rules['"Laki-laki,Perempuan"'] == {"C"}
    assert rules['"17-24 tahun,25-34 tahun,35-44 tahun,45-54 tahun,55-64 tahun,'
                 '65 tahun ke atas"'] == {"B"}
    assert len(rules) == 5  # kecamatan's list too; kelurahan (E) is written
    assert "E" not in set().union(*rules.values())


def test_only_the_answer_cells_are_open(sent):
    book = _living(sent)
    assert book.security.lockStructure
    for sheet in book.worksheets:
        assert sheet.protection.sheet
    answers = book["Jawaban"]
    open_cells = {c.coordinate for row in answers.iter_rows(min_row=1, max_row=60, max_col=30)
                  for c in row if not c.protection.locked}
    # B (age group) to W (the third programme's last statement), rows 3 to 52
    assert open_cells == {f"{get_column_letter(col)}{row}" for col in range(2, 24)
                          for row in range(3, 53)}
    assert all(c.protection.locked for row in book["Petunjuk"].iter_rows() for c in row)
    # on the Program sheet only whether each programme's agency took part (F2:F4)
    programmes = {c.coordinate for row in book["Program"].iter_rows(max_row=10, max_col=10)
                  for c in row if not c.protection.locked}
    assert programmes == {"F2", "F3", "F4"}


def test_a_smart_branding_form_asks_about_its_one_programme(sent):
    _, folder = sent
    book = load_workbook(folder / "formulir_dampak_2024-smart-branding-wisata.xlsx")
    sheet = book["Jawaban"]
    assert len([c for c in sheet[2] if c.value]) == 1 + 4 + 6 and sheet.max_row == 52
    assert {p.name: p.value for p in book.custom_doc_props}["smartcity_programmes"] == "F-04"
    text = " ".join(str(v) for row in book["Petunjuk"].iter_rows(values_only=True)
                    for v in row if v)
    assert "Warga penerima manfaat yang memakai atau merasakan program di lembar Program." in text


def test_a_form_missing_a_sub_dimension_asks_about_the_programmes_it_has(tmp_path):
    write_plan(registry_with_gaps(tmp_path / "data"), tmp_path / "plan", city="Kota Uji")
    write_forms(tmp_path / "plan", tmp_path / "forms")
    book = load_workbook(tmp_path / "forms" / "formulir_dampak_2024-smart-living.xlsx")
    text = " ".join(str(v) for row in book["Petunjuk"].iter_rows(values_only=True)
                    for v in row if v)
    assert "Setiap responden menjawab untuk semua program di formulir ini." in text
    # Kesehatan's and Mobilitas's programmes: No. + 4 fields + 2 x 6
    assert len([c for c in book["Jawaban"][2] if c.value]) == 1 + 4 + 2 * 6
    assert {p.name: p.value for p in book.custom_doc_props}["smartcity_programmes"] == \
        "KES-C; F-12"


def test_forms_in_english(tmp_path, sent):
    plan, folder = sent
    write_forms(folder / "survey_plan.json", tmp_path, lang="en")
    book = load_workbook(tmp_path / "formulir_dampak_2024-smart-living.xlsx")
    assert book.sheetnames == ["Instructions", "Programmes", "Answers"]
    assert '"Strongly disagree,Disagree,Agree,Strongly agree"' in _rules(book["Answers"])


@pytest.mark.parametrize("change, message", [
    (lambda q: q["respondent_fields"][1]["choices"].append(
        {"key": "x", "id": "Lainnya, sebutkan", "en": "Other"}),
     "sex (id): 'Lainnya, sebutkan' holds a comma"),
    (lambda q: q["scale"].pop(2), "scale values must be whole numbers rising by 1"),
    (lambda q: q["questions"].append(dict(q["questions"][0])), "a key is used twice"),
    (lambda q: q.pop("questions"), "impact_questionnaire.yaml: questions: Field required"),
])
def test_mistakes_in_the_questionnaire_are_named(tmp_path, sent, change, message):
    questionnaire = yaml.safe_load(open(QUESTIONNAIRE, encoding="utf-8"))
    change(questionnaire)
    path = tmp_path / "impact_questionnaire.yaml"
    path.write_text(yaml.safe_dump(questionnaire, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ParamsError) as error:
        write_forms(sent[1], tmp_path / "forms", questionnaire_file=path)
    assert message in str(error.value)
    assert not (tmp_path / "forms").exists()


def test_the_command_line_writes_the_forms_with_a_line_per_form(tmp_path, sent, capsys):
    assert main(["survey", "forms", "--plan", str(sent[1]), "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "form 1 of 8: formulir_dampak_2024-smart-governance.xlsx (3 programmes, 50 rows)" \
        in captured.err
    assert "form 2 of 8: formulir_dampak_2024-smart-branding-wisata.xlsx (1 programme, 50 " \
        "rows)" in captured.err
    assert "8 form(s) written" in captured.out
    assert main(["survey", "forms", "--plan", str(tmp_path / "nothing"), "--out",
                 str(tmp_path)]) == 2
    assert "run `smartcity survey plan` first" in capsys.readouterr().err

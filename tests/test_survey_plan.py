"""Impact survey, choosing and planning (issue #26, docs/impact_survey.md): one programme per
sub-dimension ranked by the rules, two alternates, the team's pins and exclusions, what a
sub-dimension without a programme lacks, one form of 50 per dimension and Smart Branding as
three forms of 50, a split dimension, and the coordinator's workbook and CSV. The registries
are hand-made (tests/survey_fixtures.py); every expected value is read off their rows."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from smartcity_utils.cli import main
from smartcity_utils.errors import DataError, ParamsError
from smartcity_utils.survey.commands import write_plan
from smartcity_utils.survey.plan import read_plan
from smartcity_utils.survey.rules import read_rules
from tests.survey_fixtures import complete_registry, registry_with_gaps, write_registry

RULES = "params/impact_survey.yaml"


def rules_file(tmp_path, **changes):
    rules = yaml.safe_load(open(RULES, encoding="utf-8"))
    rules.update(changes)
    path = tmp_path / "impact_survey.yaml"
    path.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    return path


def plan_of(tmp_path, data, **changes):
    rules = rules_file(tmp_path, **changes) if changes else None
    return write_plan(data, tmp_path / "plan", rules_file=rules, city="Kota Uji")


def choice(plan, sub):
    return next(c for c in plan.choices if c.sub_dimension == sub)


def programmes(choice_, role):
    return [p.innovation_id for p in choice_.programmes if p.role == role]


def csv_reasons(tmp_path) -> dict[str, str]:
    rows = pd.read_csv(tmp_path / "plan" / "survey_plan.csv", dtype=str)
    return dict(zip(rows["innovation_id"].fillna(rows["sub_dimension"]), rows["reason"],
                    strict=True))


def test_one_programme_per_sub_dimension_ranked_with_two_alternates(tmp_path):
    plan = plan_of(tmp_path, complete_registry(tmp_path / "data"))
    assert len(plan.choices) == 18
    assert all(c.chosen is not None and c.chosen.sub_dimension == c.sub_dimension
               for c in plan.choices)
    kesehatan = choice(plan, "Kesehatan")
    # eligible: A (5,000), B (5,000), C (8,000); D is a trial, E has 40 beneficiaries, F stopped.
    # C has most beneficiaries; A and B tie, B runs 3 years (2022-2024), A 1 (2024).
    assert kesehatan.funnel == {"registered": 6, "implemented": 5, "running": 4,
                                "with_beneficiaries": 3, "not_excluded": 3}
    assert kesehatan.chosen.innovation_id == "KES-C"
    assert programmes(kesehatan, "alternate") == ["KES-B", "KES-A"]
    reasons = csv_reasons(tmp_path)
    assert reasons["KES-C"] == ("Peringkat 1 dari 3 program yang memenuhi syarat: 8.000 "
                                "penerima manfaat, berjalan 2 tahun, 2 sektor mitra pentahelix.")
    assert reasons["KES-B"] == ("Peringkat 2 dari 3 program yang memenuhi syarat: 5.000 "
                                "penerima manfaat, berjalan 3 tahun, 0 sektor mitra pentahelix.")
    assert reasons["KES-A"].startswith("Peringkat 3 dari 3 program")
    # a sub-dimension with one eligible programme has no alternate
    assert programmes(choice(plan, "Wisata"), "alternate") == []


def test_the_rank_follows_the_rules_order(tmp_path):
    # years running first: B (3 years) before C (2) before A (1)
    plan = plan_of(tmp_path, complete_registry(tmp_path / "data"),
                   rank_by=["years_running", "beneficiaries"], alternates=1)
    kesehatan = choice(plan, "Kesehatan")
    assert kesehatan.chosen.innovation_id == "KES-B"
    assert programmes(kesehatan, "alternate") == ["KES-C"]
    assert csv_reasons(tmp_path)["KES-B"] == ("Peringkat 1 dari 3 program yang memenuhi syarat: "
                                              "berjalan 3 tahun, 5.000 penerima manfaat.")


def test_the_team_pins_and_excludes_programmes_with_its_reasons(tmp_path):
    plan = plan_of(tmp_path, complete_registry(tmp_path / "data"),
                   pin={"KES-D": "program unggulan wali kota"},
                   exclude={"KES-C": "sudah disurvei dinas bulan ini"})
    kesehatan = choice(plan, "Kesehatan")
    assert kesehatan.chosen.innovation_id == "KES-D"
    assert kesehatan.eligible == 2  # A and B; C excluded, D is a trial
    assert programmes(kesehatan, "alternate") == ["KES-B", "KES-A"]
    assert programmes(kesehatan, "excluded") == ["KES-C"]
    reasons = csv_reasons(tmp_path)
    assert reasons["KES-D"] == ("Ditetapkan tim: program unggulan wali kota. Tidak memenuhi "
                                "syarat: tahapannya uji coba, bukan penerapan.")
    assert reasons["KES-C"] == "Dikecualikan tim: sudah disurvei dinas bulan ini."
    assert reasons["KES-B"].startswith("Peringkat 1 dari 2 program")


def test_a_pinned_eligible_programme_says_its_rank(tmp_path):
    plan = plan_of(tmp_path, complete_registry(tmp_path / "data"), pin={"KES-A": "dekat warga"})
    kesehatan = choice(plan, "Kesehatan")
    assert kesehatan.chosen.innovation_id == "KES-A"
    assert programmes(kesehatan, "alternate") == ["KES-C", "KES-B"]
    assert csv_reasons(tmp_path)["KES-A"] == ("Ditetapkan tim: dekat warga. Menurut aturan "
                                              "peringkatnya 3 dari 3.")


@pytest.mark.parametrize("changes, message", [
    ({"pin": {"KES-X": "salah ketik"}}, "impact_survey.yaml: pin: KES-X not in the registry's "
                                        "innovations of 2024"),
    ({"exclude": {"NOPE": "x"}}, "exclude: NOPE not in the registry"),
    ({"pin": {"KES-A": "a", "KES-B": "b"}}, "pin: KES-A, KES-B are all in Kesehatan"),
    ({"pin": {"KES-A": "a"}, "exclude": {"KES-A": "b"}}, "pinned and excluded at once: KES-A"),
    ({"rank_by": ["beneficiaries", "budget"]}, "impact_survey.yaml: rank_by.1:"),
    ({"respondents_per_form": 0}, "respondents_per_form: Input should be greater than 0"),
    ({"coordinators": ["DISKOMINFO", "KOMINFO"]}, "coordinators: KOMINFO not in the agencies"),
    ({"colour": "blue"}, "impact_survey.yaml: colour: unknown key"),
])
def test_mistakes_in_the_rules_are_named(tmp_path, changes, message):
    with pytest.raises(ParamsError, match=None) as error:
        plan_of(tmp_path, complete_registry(tmp_path / "data"), **changes)
    assert message in str(error.value)


def test_a_sub_dimension_without_a_programme_says_what_is_missing(tmp_path):
    plan = plan_of(tmp_path, registry_with_gaps(tmp_path / "data"),
                   exclude={"F-13": "tidak ada petugas"})  # Komunitas's only programme
    missing = {c.sub_dimension: c.missing for c in plan.choices if c.chosen is None}
    assert missing == {"Energi": "no_innovation", "Sampah": "not_implemented",
                       "Proteksi": "not_running", "Harmoni": "no_beneficiaries",
                       "Komunitas": "all_excluded"}
    reasons = csv_reasons(tmp_path)
    assert reasons["Energi"] == "Tidak ada inovasi sub-dimensi ini di registri tahun 2024."
    assert reasons["Sampah"] == "2 inovasi terdaftar, tidak satu pun pada tahap penerapan."
    assert reasons["Proteksi"] == "1 inovasi pada tahap penerapan, semuanya berstatus dihentikan."
    assert reasons["Harmoni"] == ("2 inovasi berjalan pada tahap penerapan, tidak satu pun dengan "
                                  "sedikitnya 50 penerima manfaat yang diketahui.")
    assert reasons["Komunitas"] == "1 program memenuhi syarat, semuanya dikecualikan tim."
    # Smart Environment has no programme left at all: no form; Smart Living keeps Mobilitas
    # and Kesehatan, Harmoni named as missing
    dimensions = [f.dimension for f in plan.forms]
    assert "Smart Environment" not in dimensions
    living = next(f for f in plan.forms if f.dimension == "Smart Living")
    assert [p.innovation_id for p in living.programmes] == ["KES-C", "F-12"]
    assert living.missing == ("Harmoni",) and living.respondents == 50


def test_one_form_of_50_per_dimension_and_smart_branding_as_three(tmp_path):
    plan = plan_of(tmp_path, complete_registry(tmp_path / "data"))
    forms = {f.form_id: f for f in plan.forms}
    assert list(forms) == ["2024-smart-governance", "2024-smart-branding-wisata",
                           "2024-smart-branding-bisnis", "2024-smart-branding-wajah-kota",
                           "2024-smart-economy", "2024-smart-living", "2024-smart-society",
                           "2024-smart-environment"]
    assert all(f.respondents == 50 for f in plan.forms)
    assert [len(f.programmes) for f in plan.forms] == [3, 1, 1, 1, 3, 3, 3, 3]
    assert plan.respondents == 400  # 5 dimensions x 50 + Smart Branding 3 x 50
    living = forms["2024-smart-living"]
    # the responsible agencies: Harmoni's and Mobilitas's filler (DLH), Kesehatan's (DINKES)
    assert [a.code for a in living.responsible] == ["DLH", "DINKES"]
    assert forms["2024-smart-branding-bisnis"].sub_dimensions == ("Bisnis",)


def test_a_dimension_the_rules_split_gets_three_forms_of_50(tmp_path):
    plan = plan_of(tmp_path, complete_registry(tmp_path / "data"),
                   split_dimensions=["Smart Living"], respondents_per_form=60)
    living = [f for f in plan.forms if f.dimension == "Smart Living"]
    assert [f.form_id for f in living] == ["2024-smart-living-harmoni",
                                           "2024-smart-living-kesehatan",
                                           "2024-smart-living-mobilitas"]
    assert plan.respondents == 10 * 60  # 4 whole dimensions + 3 Branding + 3 Living forms


def test_the_coordinators_workbook_and_csv(tmp_path):
    plan = plan_of(tmp_path, registry_with_gaps(tmp_path / "data"))
    book = load_workbook(tmp_path / "plan" / "rencana_survei_dampak_2024.xlsx")
    assert book.sheetnames == ["Ringkasan", "Formulir", "Program"]
    summary = [r for r in book["Ringkasan"].iter_rows(values_only=True)]
    assert summary[0][0] == "Rencana Survei Dampak Smart City Kota Uji 2024"
    # 7 forms: Governance, Branding's three, Economy, Living, Society (Environment has none)
    assert ("Jumlah responden", 350) in [r[:2] for r in summary]
    text = " ".join(str(v) for r in summary for v in r if v)
    assert "300 responden untuk enam dimensi (S3)" in text
    assert "5 × 50 + 150 = 400" in text and "Rencana ini menghitung setiap formulir: 350" in text
    assert "Diskominfo serta Bappeda mengoordinasikan" in text
    assert ("diurutkan menurut jumlah penerima manfaat, lalu lama berjalan, lalu jumlah sektor "
            "mitra pentahelix (terbanyak dahulu), lalu menurut ID inovasi") in text
    assert "kepala daerah bertanggung jawab atas validitas data" in text
    assert ("Energi", "Tidak ada inovasi sub-dimensi ini di registri tahun 2024.") in \
        [r[:2] for r in summary]
    forms = list(book["Formulir"].iter_rows(min_row=2, values_only=True))
    assert len(forms) == len(plan.forms) == 7
    living = next(r for r in forms if r[0] == "2024-smart-living")
    assert living[1] == "formulir_dampak_2024-smart-living.xlsx"
    assert living[5] == 50 and living[8] == "Tanpa program: Harmoni"
    assert living[6] == "Dinkes\nDLH"
    rows = pd.read_csv(tmp_path / "plan" / "survey_plan.csv", dtype=str)
    # 18 sub-dimensions: 14 chosen, Kesehatan's 2 alternates, 4 without a programme
    assert rows["role"].value_counts().to_dict() == {"chosen": 14, "none": 4, "alternate": 2}
    assert read_plan(tmp_path / "plan") == plan


def test_the_plan_in_english(tmp_path):
    plan = write_plan(complete_registry(tmp_path / "data"), tmp_path / "plan", city="Kota Uji",
                      lang="en")
    book = load_workbook(tmp_path / "plan" / f"impact_survey_plan_{plan.year}.xlsx")
    assert book.sheetnames == ["Summary", "Forms", "Programmes"]
    reasons = csv_reasons(tmp_path)
    assert reasons["KES-C"] == ("Ranked 1 of 3 eligible programmes: 8,000 beneficiaries, "
                                "running for 2 years, 2 pentahelix partner sectors.")
    assert reasons["KES-A"].endswith("running for 1 year, 0 pentahelix partner sectors.")


def test_the_command_line_refuses_a_folder_without_registry_or_programme(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "agencies.csv").write_text("Agency Code,Agency Name\nDINKES,Dinas Kesehatan\n",
                                        encoding="utf-8")
    assert main(["survey", "plan", "--data", str(empty), "--out", str(tmp_path / "p")]) == 2
    assert "no innovation registry could be read" in capsys.readouterr().err
    trials = write_registry(tmp_path / "trials", [
        ("KES-D", "Aplikasi Gizi Anak", "DINKES", 2024, "uji coba", 900, "aktif", "", "", "")])
    assert main(["survey", "plan", "--data", str(trials), "--out", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert "no sub-dimension has a programme to survey in 2024 (no innovation in 17, not " \
           "implemented in 1 of the 18)" in err
    assert not (tmp_path / "p").exists()


def test_the_command_line_plans_and_says_what_it_wrote(tmp_path, capsys):
    data = registry_with_gaps(tmp_path / "data")
    assert main(["survey", "plan", "--data", str(data), "--out", str(tmp_path / "p"),
                 "--city", "Kota Uji"]) == 0
    err = capsys.readouterr().err
    assert "Energi: no programme (no innovation)" in err
    assert "14 of 18 sub-dimensions have a programme; 7 forms, 350 respondents" in err
    assert main(["survey", "plan", "--data", str(data), "--out", str(tmp_path / "p"),
                 "--year", "2020"]) == 2
    assert "no rows for the evaluation year 2020" in capsys.readouterr().err


def test_rejected_registry_rows_are_said(tmp_path, capsys):
    data = complete_registry(tmp_path / "data")
    with open(data / "innovations.csv", "a", encoding="utf-8") as f:
        f.write("KES-Z,Klinik Malam,DINKES,dua ribu,Smart Living,Kesehatan,penerapan,,,900,"
                "aktif,tidak,tidak\n")  # the year is not a year
    assert main(["survey", "plan", "--data", str(data), "--out", str(tmp_path / "p")]) == 0
    assert "1 registry row was rejected and not considered (`smartcity validate" in \
        capsys.readouterr().err
    assert "KES-Z" not in (tmp_path / "p" / "survey_plan.csv").read_text(encoding="utf-8")


def test_a_plan_file_that_is_not_one_is_refused(tmp_path):
    with pytest.raises(DataError, match="survey_plan.json not found"):
        read_plan(tmp_path)
    (tmp_path / "survey_plan.json").write_text('{"year": 2024}', encoding="utf-8")
    with pytest.raises(DataError, match="is not a survey plan"):
        read_plan(tmp_path)


def test_the_project_rules_file_reads_as_documented():
    rules, version = read_rules(RULES)
    assert rules.respondents_per_form == 50 and rules.alternates == 2
    assert rules.rank_by == ["beneficiaries", "years_running", "pentahelix_sectors"]
    assert rules.eligible.tahapan == ["penerapan"] and rules.eligible.min_beneficiaries == 50
    assert version.startswith("impact_survey.yaml 2023-briefing-1 #")

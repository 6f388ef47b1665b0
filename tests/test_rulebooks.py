"""The Smart City rulebook of a run (issue #25): chosen by the evaluation year from
params/rulebooks/, or named by the `rulebook` parameter; the choice and its reason said once,
in one sentence per language, and read by every page that shows the index."""

import pytest
import yaml

from smartcity_utils.config import choose_rulebook, read_rulebooks
from smartcity_utils.context import run_context
from smartcity_utils.errors import ParamsError
from smartcity_utils.params import load_params
from smartcity_utils.reports.agency_facts import AgencyFacts
from smartcity_utils.reports.agency_page import summary_box

WEIGHTS = "10-20-30-20-20 (Baseline 10, Output 20, Outcome 30, Impact 20, Quick Win 20)"


def _rulebook(folder, name, years, version="test"):
    data = {"framework": "smart_city", "version": version,
            "years": {y: {"id": f"alasan {y}", "en": f"reason {y}"} for y in years},
            "source": "tests", "unverified": "tests",
            "weights": {"Baseline": 10, "Output": 20, "Outcome": 30, "Impact": 20,
                        "Quick Win": 20},
            "scale": 4, "bands": [{"lower": 0, "id": "Kurang", "en": "Poor"}],
            "published_value": {"decimals": 2, "rounding": "half_up"}}
    (folder / name).write_text(yaml.safe_dump(data), encoding="utf-8")


@pytest.mark.parametrize("year, sentence", [
    # the year listed in the rulebook, with how it is known (the rulebook's own words)
    (2024, f"{WEIGHTS}; tahun 2024 memakai aturan ini karena hanya aturan ini yang "
           "menghasilkan kembali indeks terbitan Kota Jambi 2024 dari nilai dimensinya "
           "(disimpulkan; tidak ada sumber 2024 yang menyebut bobotnya)."),
    # no rulebook lists 2023: the latest listed year before it, 2022, said as such
    (2023, f"{WEIGHTS}; tahun 2023 belum punya aturan yang diketahui, jadi dipakai aturan "
           "tahun terakhir sebelumnya yang diketahui, 2022 (bobot evaluasi 2022 diterbitkan "
           "dan menghasilkan kembali indeks terbitan Kota Kediri 2022)."),
    (2022, f"{WEIGHTS}; tahun 2022 memakai aturan ini karena bobot evaluasi 2022 diterbitkan "
           "dan menghasilkan kembali indeks terbitan Kota Kediri 2022."),
])
def test_the_run_chooses_the_rulebook_of_its_year_and_says_why(year, sentence):
    context = run_context(dict(load_params(), year=year))
    assert context.weights.file == "smart_city_10-20-30-20-20.yaml"
    assert context.rulebook.sentence["id"] == sentence


def test_a_year_before_every_listed_one_takes_the_latest(tmp_path):
    _rulebook(tmp_path, "smart_city_a.yaml", [2020], "a")
    _rulebook(tmp_path, "smart_city_b.yaml", [2022, 2024], "b")
    rulebooks = read_rulebooks(tmp_path)
    choice = choose_rulebook(rulebooks, 2019)
    assert (choice.rulebook.version, choice.reason, choice.basis_year) == ("b", "latest", 2024)
    assert "dipakai aturan tahun terbaru yang diketahui, 2024 (alasan 2024)" in choice.sentence[
        "id"]
    assert choose_rulebook(rulebooks, 2021).rulebook.version == "a"  # latest before: 2020
    assert choose_rulebook(rulebooks, 2025).rulebook.version == "b"


def test_a_named_rulebook_is_used_and_said_as_the_team_s_choice():
    named = run_context(dict(load_params(),
                             rulebook="params/rulebooks/smart_city_10-20-30-30-10.yaml"))
    assert named.weights.version == "10-20-30-30-10"
    assert named.rulebook.sentence["en"] == (
        "10-20-30-30-10 (Baseline 10, Output 20, Outcome 30, Impact 30, Quick Win 10), chosen "
        "by the team, not by the evaluation year; it is not known to apply to 2024.")
    # the comparison in section 8: the framework's other rulebook beside it
    assert [w.version for w in named.weight_sets] == ["10-20-30-30-10", "10-20-30-20-20"]


def test_two_rulebooks_claiming_one_year_are_refused_by_name(tmp_path):
    _rulebook(tmp_path, "smart_city_a.yaml", [2022])
    _rulebook(tmp_path, "smart_city_b.yaml", [2022, 2024])
    with pytest.raises(ParamsError, match="rulebooks smart_city_a.yaml and smart_city_b.yaml "
                                          "both list the year 2022"):
        read_rulebooks(tmp_path)


def test_no_year_in_any_rulebook_asks_for_one_by_name(tmp_path):
    _rulebook(tmp_path, "smart_city_a.yaml", [])
    with pytest.raises(ParamsError, match="no rulebook .* lists an evaluation year: name one "
                                          "with the `rulebook` parameter"):
        choose_rulebook(read_rulebooks(tmp_path), 2024)


def test_other_frameworks_files_in_the_folder_are_not_smart_city_rulebooks(tmp_path):
    _rulebook(tmp_path, "smart_city_a.yaml", [2024])
    (tmp_path / "iid_2023.yaml").write_text("framework: iid\n", encoding="utf-8")
    assert [r.file for r in read_rulebooks(tmp_path)] == ["smart_city_a.yaml"]


def test_the_agency_box_names_the_rulebook_with_the_index():
    facts = AgencyFacts(code="X", name="Dinas X", short_name="DX", display_name="DX",
                        year=2024, lang="id", stage1_ran=True, assessed=True, index=2.7,
                        band="Baik", rank=3, assessed_count=30, previous=2.32, change=0.38,
                        rulebook="kalimat aturan", evidence_missing=0)
    box = summary_box(facts).plain
    assert "Indeks Tahap I: 2,70 dari skala 0–4 (Baik), peringkat 3 dari 30 perangkat daerah " \
           "yang dinilai; naik 0,38 dari 2,32 tahun lalu" in box
    assert "Aturan penilaian: kalimat aturan" in box
    facts.change = facts.previous = None  # no previous year: nothing said on the change
    assert "tahun lalu" not in summary_box(facts).plain

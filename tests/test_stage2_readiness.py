"""Stage II readiness (issue #25, item 4): the team's file, the thresholds, each rule's verdict
(computed by hand in the comments), the template's round trip and the command that writes it."""

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from smartcity_utils.artifacts import artifact
from smartcity_utils.cli import main
from smartcity_utils.config import read_readiness_rules
from smartcity_utils.errors import DataError, ParamsError
from smartcity_utils.params import load_yaml, resolve
from smartcity_utils.stage1.readiness import (
    ReadinessRules,
    checklist_sentence,
    checklist_table,
    readiness_checklist,
    stage2_checklist,
)
from smartcity_utils.stage1.readiness_file import (
    ABSENT,
    READINESS_FILE,
    parse_readiness,
    read_readiness,
    readiness_text,
    write_readiness_template,
)
from smartcity_utils.strings import use_language

RULES = ReadinessRules()  # 12 months, 3%, 2.6, no row without evidence: the file's values
ALL_PRESENT = pd.DataFrame({"evidence_status": ["present"] * 4})

GOOD = """
tahun: 2024
masterplan:
  peraturan: Peraturan Wali Kota Nomor 25 Tahun 2019
  tanggal: 03/06/2019
dewan_smart_city:
  rapat_terakhir: 2024-03-12
tim_pelaksana:
  sk: "188.45/77/2024"
  rapat_terakhir: 12 Agustus 2024
forum_smart_city:
  forum_terakhir: 2024-10-01
anggaran:
  smart_city_rp: Rp 75.000.000.000
  apbd_rp: 2500000000000
indeks_spbe:
  nilai: "3,12"
  tahun: 2023
"""


def _write(folder: Path, body: str) -> Path:
    (folder / READINESS_FILE).write_text(body, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _indonesian():
    use_language("id")


def _checklist(year=2024, rules=RULES, scored=ALL_PRESENT, **changes):
    """The checklist of the good file with some answers changed (`section__key=value`, read as
    the file's values are)."""
    data = load_yaml(GOOD)
    for name, value in changes.items():
        section, key = name.split("__")
        data[section][key] = value
    readiness = parse_readiness(data, "test")
    return readiness_checklist(readiness, rules, scored, year).set_index("item")


# ------------------------------------------------------------------ reading


def test_a_good_file_is_read_in_the_data_tables_formats(tmp_path):
    readiness = read_readiness(_write(tmp_path, GOOD))
    assert readiness.year == 2024
    assert readiness["masterplan.peraturan"] == "Peraturan Wali Kota Nomor 25 Tahun 2019"
    assert readiness["masterplan.tanggal"] == dt.date(2019, 6, 3)  # day first
    assert readiness["tim_pelaksana.sk"] == "188.45/77/2024"
    assert readiness["tim_pelaksana.rapat_terakhir"] == dt.date(2024, 8, 12)
    assert readiness["anggaran.smart_city_rp"] == 75_000_000_000.0  # "Rp 75.000.000.000"
    assert readiness["indeks_spbe.nilai"] == pytest.approx(3.12)  # decimal comma
    assert readiness["indeks_spbe.tahun"] == 2023


def test_a_missing_file_is_not_an_error_and_every_item_is_not_filled_in(tmp_path):
    assert read_readiness(tmp_path) is None
    checklist = stage2_checklist(tmp_path, RULES, ALL_PRESENT, 2024).set_index("item")
    from_file = checklist.drop(index="evidence")
    assert set(from_file["status"]) == {"not_filled"} and set(from_file["reason"]) == {"no_file"}
    assert checklist.loc["evidence", "status"] == "ready"  # from the data, not from the file
    sentence = checklist_sentence(checklist.reset_index(), "data/kota", 2024).data
    assert "1 dari 7 butir siap" in sentence
    assert "smartcity template --readiness --out data/kota --year 2024" in sentence


def test_tidak_ada_is_an_answer_and_an_empty_value_is_not(tmp_path):
    body = GOOD.replace("Peraturan Wali Kota Nomor 25 Tahun 2019", "tidak ada") \
        .replace("  tanggal: 03/06/2019", "  tanggal:")
    readiness = read_readiness(_write(tmp_path, body))
    assert readiness["masterplan.peraturan"] == ABSENT
    assert readiness["masterplan.tanggal"] is None


@pytest.mark.parametrize("old, new, key, reason", [
    ("rapat_terakhir: 2024-03-12", "rapat_terakhir: 31/02/2024", "dewan_smart_city.rapat_terakhir",
     "no such day"),
    ("forum_terakhir: 2024-10-01", "forum_terakhir: 2025-01-15", "forum_smart_city.forum_terakhir",
     "after the end of the year the file describes (2024)"),
    ("smart_city_rp: Rp 75.000.000.000", "smart_city_rp: banyak", "anggaran.smart_city_rp",
     "not a number"),
    ("smart_city_rp: Rp 75.000.000.000", "smart_city_rp: -5", "anggaran.smart_city_rp",
     "negative amount"),
    ("smart_city_rp: Rp 75.000.000.000", "smart_city_rp: 3000000000000",
     "anggaran.smart_city_rp", "larger than the whole regional budget"),
    ("apbd_rp: 2500000000000", "apbd_rp: 0", "anggaran.apbd_rp", "cannot be 0"),
    ('nilai: "3,12"', "nilai: 5.5", "indeks_spbe.nilai", "outside the SPBE scale 0-5"),
    ("  tahun: 2023", "  tahun: 2026", "indeks_spbe.tahun", "after the year the file describes"),
    ("tahun: 2024", "tahun: dua ribu", "tahun", "not a year"),
    ("  sk: \"188.45/77/2024\"", "  sk: [1, 2]", "tim_pelaksana.sk", "not a text"),
    ("  rapat_terakhir: 2024-03-12", "  rapat_terakhir: 2024-03-12\n  ketua: Wali Kota",
     "dewan_smart_city.ketua", "unknown key"),
    ("forum_smart_city:", "forum:", "forum", "unknown key"),
    ("indeks_spbe:\n  nilai: \"3,12\"\n  tahun: 2023", "indeks_spbe: 3.12", "indeks_spbe",
     "must hold its keys"),
])
def test_each_kind_of_bad_value_names_the_file_the_key_and_the_reason(tmp_path, old, new, key,
                                                                       reason):
    assert old in GOOD
    with pytest.raises(DataError) as error:
        read_readiness(_write(tmp_path, GOOD.replace(old, new)))
    message = str(error.value)
    assert message.startswith(f"{READINESS_FILE}: ")
    assert f"{key}: " in message and reason in message


def test_a_file_that_is_not_a_mapping_or_not_yaml_is_refused(tmp_path):
    with pytest.raises(DataError, match="must be a list of keys and values"):
        read_readiness(_write(tmp_path, "- satu\n- dua\n"))
    with pytest.raises(DataError, match=f"{READINESS_FILE}: not valid YAML"):
        read_readiness(_write(tmp_path, "tahun: [2024\n"))


# ------------------------------------------------------------------ the rules


def test_the_good_file_is_ready_on_every_item():
    # council 2024-03-12, team 2024-08-12, forum 2024-10-01: all on or after 2024-01-01;
    # budget 75e9 / 2.5e12 = 0.03 >= 0.03; SPBE 3.12 >= 2.6; 4 of 4 rows with evidence.
    checklist = _checklist()
    assert set(checklist["status"]) == {"ready"}
    assert checklist.loc["budget", "value_observed"] == pytest.approx(0.03)


def test_an_inactive_council_is_not_ready():
    # 12 months ending 31 Dec 2024 start on 1 Jan 2024: a meeting on 31 Dec 2023 is too old,
    # one on 1 Jan 2024 counts.
    old = _checklist(dewan_smart_city__rapat_terakhir=dt.date(2023, 12, 31))
    assert old.loc["council", ["status", "reason"]].tolist() == ["not_ready", "meeting_too_old"]
    assert _checklist(dewan_smart_city__rapat_terakhir=dt.date(2024, 1, 1)) \
        .loc["council", "status"] == "ready"
    # 14 months: 2024*12 + 12 - 14 = 24286 months = year 2023, month index 10: 1 Nov 2023
    assert ReadinessRules(active_within_months=14).active_since(2024) == dt.date(2023, 11, 1)
    wider = _checklist(rules=ReadinessRules(active_within_months=14),
                       dewan_smart_city__rapat_terakhir=dt.date(2023, 11, 30))
    assert wider.loc["council", "status"] == "ready"
    never = _checklist(dewan_smart_city__rapat_terakhir="tidak ada")
    assert never.loc["council", ["status", "reason"]].tolist() == ["not_ready", "never_met"]


def test_the_implementing_team_needs_its_decree_and_a_recent_meeting():
    no_decree = _checklist(tim_pelaksana__sk="tidak ada")
    assert no_decree.loc["team", ["status", "reason"]].tolist() == ["not_ready", "no_decree"]
    half = _checklist(tim_pelaksana__rapat_terakhir=None)
    assert half.loc["team", "status"] == "not_filled"
    both = _checklist(tim_pelaksana__sk="tidak ada",
                      tim_pelaksana__rapat_terakhir=dt.date(2022, 5, 1))
    assert both.loc["team", "reason"] == "no_decree; meeting_too_old"


def test_a_forum_older_than_the_window_and_a_missing_regulation_are_not_ready():
    forum = _checklist(forum_smart_city__forum_terakhir=dt.date(2023, 6, 30))
    assert forum.loc["forum", ["status", "reason"]].tolist() == ["not_ready", "forum_too_old"]
    plan = _checklist(masterplan__peraturan="tidak ada")
    assert plan.loc["masterplan", ["status", "reason"]].tolist() == ["not_ready",
                                                                     "no_regulation"]


def test_a_budget_share_below_the_threshold_is_not_ready():
    # 50e9 / 2e12 = 0.025 < 0.03
    low = _checklist(anggaran__smart_city_rp=50_000_000_000, anggaran__apbd_rp=2_000_000_000_000)
    assert low.loc["budget", ["status", "reason"]].tolist() == ["not_ready",
                                                               "share_below_minimum"]
    assert low.loc["budget", "value_observed"] == pytest.approx(0.025)
    assert low.loc["budget", "value_threshold"] == pytest.approx(0.03)
    none = _checklist(anggaran__smart_city_rp="tidak ada")  # 0 / 2.5e12 = 0
    assert none.loc["budget", "status"] == "not_ready"
    unknown = _checklist(anggaran__apbd_rp=None)
    assert unknown.loc["budget", "status"] == "not_filled"


def test_an_spbe_index_below_the_threshold_is_not_ready():
    low = _checklist(indeks_spbe__nilai="2,59")  # 2.59 < 2.6, the lower bound of Baik
    assert low.loc["spbe", ["status", "reason"]].tolist() == ["not_ready", "index_below_minimum"]
    assert _checklist(indeks_spbe__nilai=2.6).loc["spbe", "status"] == "ready"  # 2.6 counts


def test_the_evidence_share_comes_from_the_assessment_rows():
    # 4 rows: 2 present, 1 missing, 1 unknown (counts as none): 2 / 4 = 0.5 > 0
    rows = pd.DataFrame({"evidence_status": ["present", "missing", "present", "unknown"]})
    item = _checklist(scored=rows).loc["evidence"]
    assert (item["status"], item["answer"], item["reason"]) == ("not_ready", "2/4",
                                                                "rows_without_evidence")
    assert item["value_observed"] == pytest.approx(0.5)
    # with up to 50% allowed, 0.5 is within the limit
    assert _checklist(scored=rows, rules=ReadinessRules(max_share_without_evidence=0.5)) \
        .loc["evidence", "status"] == "ready"
    unknown = _checklist(scored=pd.DataFrame({"evidence_status": ["unknown"] * 3}))
    assert unknown.loc["evidence", ["status", "reason"]].tolist() == ["not_filled",
                                                                     "status_unknown"]


def test_a_file_of_another_year_fills_in_nothing_for_this_one():
    checklist = _checklist(year=2025)  # the file says tahun: 2024
    from_file = checklist.drop(index="evidence")
    assert set(from_file["status"]) == {"not_filled"}
    assert set(from_file["reason"]) == {"other_year"}


def test_the_checklist_has_the_artifacts_columns_and_reads_in_plain_indonesian():
    checklist = _checklist(dewan_smart_city__rapat_terakhir=dt.date(2023, 3, 1),
                           indeks_spbe__nilai=2.1).reset_index()
    assert tuple(checklist.columns) == artifact("stage2_readiness").columns
    table = checklist_table(checklist, RULES, 2024).set_index("Butir")
    council = table.loc["Dewan Smart City aktif"]
    assert council["Status"] == "belum" and council["Isian"] == "1 Maret 2023"
    assert "sebelum 1 Januari 2024" in council["Yang perlu dilengkapi sebelum Tahap II"]
    assert "12 bulan terakhir tahun 2024" in council["Yang perlu dilengkapi sebelum Tahap II"]
    spbe = table.loc["Indeks SPBE"]
    assert spbe["Isian"] == "2,10 (evaluasi 2023)"
    assert "di bawah 2,60" in spbe["Yang perlu dilengkapi sebelum Tahap II"]
    # 75e9 / 2.5e12 = 3%
    assert table.loc["Anggaran smart city dari APBD", "Isian"] == \
        "Rp\u00a075.000.000.000 dari APBD Rp\u00a02.500.000.000.000 (3,0%)"
    assert table.loc["Peraturan penetapan Masterplan Smart City", "Status"] == "siap"
    sentence = checklist_sentence(checklist, "data/kota", 2024).data
    assert sentence == "5 dari 7 butir siap untuk Tahap II; 2 belum siap dan 0 belum diisi."


# ------------------------------------------------------------------ thresholds and template


def test_the_thresholds_file_states_the_model_values_and_bad_ones_are_refused(tmp_path):
    rules = read_readiness_rules(resolve("params/stage2_readiness.yaml"))
    assert (rules.active_within_months, rules.min_budget_share, rules.min_spbe_index,
            rules.max_share_without_evidence) == (12, 0.03, 2.6, 0.0)
    bad = tmp_path / "rules.yaml"
    bad.write_text("min_budget_share: 2\nminimum_forum: 1\n", encoding="utf-8")
    with pytest.raises(ParamsError) as error:
        read_readiness_rules(bad)
    assert "rules.yaml: min_budget_share: " in str(error.value)
    assert "rules.yaml: minimum_forum: unknown key" in str(error.value)


def test_the_template_reads_back_as_not_filled_in_and_a_filled_one_as_filled(tmp_path):
    written = write_readiness_template(tmp_path / "kota", 2024)
    empty = read_readiness(written.parent)
    assert empty.year == 2024 and set(empty.answers.values()) == {None}
    filled = {"masterplan.peraturan": "Peraturan Wali Kota Nomor 25 Tahun 2019",
              "masterplan.tanggal": dt.date(2019, 6, 3),
              "dewan_smart_city.rapat_terakhir": ABSENT,
              "tim_pelaksana.sk": "188.45/77/2024",
              "tim_pelaksana.rapat_terakhir": dt.date(2024, 8, 12),
              "forum_smart_city.forum_terakhir": None,
              "anggaran.smart_city_rp": 75_000_000_000.0, "anggaran.apbd_rp": 2.5e12,
              "indeks_spbe.nilai": 3.12, "indeks_spbe.tahun": 2023}
    (tmp_path / "isi").mkdir()
    (tmp_path / "isi" / READINESS_FILE).write_text(readiness_text(2024, filled),
                                                   encoding="utf-8")
    assert read_readiness(tmp_path / "isi").answers == filled


def test_smartcity_template_readiness_writes_the_template_once(tmp_path, capsys):
    folder = tmp_path / "data-kota"
    assert main(["template", "--readiness", "--out", str(folder), "--year", "2024"]) == 0
    assert read_readiness(folder).year == 2024
    assert main(["template", "--readiness", "--out", str(folder), "--year", "2024"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["template", "--readiness", "--out", str(tmp_path / "x")]) == 2
    assert "--readiness needs --year" in capsys.readouterr().err


def test_the_sample_reports_its_two_planted_gaps():
    sample = resolve("data/sample")
    planted = json.loads((sample / "metadata.json").read_text(encoding="utf-8"))
    assert planted["planted"]["stage2_readiness"] == {"year": 2024, "gaps": ["council", "budget"]}
    rules = read_readiness_rules(resolve("params/stage2_readiness.yaml"))
    checklist = stage2_checklist(sample, rules, ALL_PRESENT, 2024).set_index("item")
    assert checklist.index[checklist["status"] == "not_ready"].tolist() == ["council", "budget"]
    assert set(checklist["status"].drop(["council", "budget"])) == {"ready"}
    # council: 14 Sep 2023 is before 1 Jan 2024; budget: 40e9 / 2.3e12 = 0.01739 < 0.03
    assert checklist.loc["council", "reason"] == "meeting_too_old"
    assert checklist.loc["budget", "value_observed"] == pytest.approx(0.0173913, abs=1e-7)


def test_a_file_of_another_year_asks_for_an_update_not_for_a_new_template():
    checklist = _checklist(year=2025).reset_index()
    assert "smartcity template" not in checklist_sentence(checklist, "data/kota", 2025).data
    table = checklist_table(checklist, RULES, 2025)
    assert table.iloc[0, 3] == ("Berkas kesiapan berisi keadaan tahun 2024, bukan 2025: perbarui "
                                "isinya untuk tahun 2025.")


def test_a_bad_thresholds_file_stops_the_run_before_it_starts(tmp_path):
    from smartcity_utils.config import configuration_problems
    from smartcity_utils.context import default_params

    bad = tmp_path / "stage2.yaml"
    bad.write_text("min_spbe_index: 7\n", encoding="utf-8")
    problems = configuration_problems({**default_params(), "stage2_readiness_file": str(bad)})
    assert len(problems) == 1 and problems[0].startswith("stage2.yaml: min_spbe_index: ")
    assert configuration_problems(default_params()) == []


def test_a_bad_readiness_file_stops_the_run_before_any_workbook(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(resolve("data/sample"), data)
    text = (data / READINESS_FILE).read_text(encoding="utf-8")
    (data / READINESS_FILE).write_text(text.replace("tahun: 2024 ", "warna: biru\ntahun: 2024 "),
                                       encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", "--data", str(data), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert READINESS_FILE in err and "warna" in err
    assert not (out / "manifest.json").exists()


def test_the_checklist_artifact_reads_back_as_written(tmp_path):
    from smartcity_utils.artifacts import RunFolder
    from smartcity_utils.stamps import RunStamp

    stamp = RunStamp(year=2024, city="Kota", data="d1", weights="w1", clusters="c1",
                     criteria="q1", budget=1e9)
    checklist = _checklist(anggaran__smart_city_rp=50_000_000_000).reset_index()
    RunFolder(tmp_path, stamp).write_table("stage2_readiness", checklist)
    back = RunFolder(tmp_path, stamp).read_table("stage2_readiness")
    assert back["item"].tolist() == ["masterplan", "council", "team", "forum", "budget", "spbe",
                                     "evidence"]
    # 50e9 / 2.5e12 = 0.02, the threshold 0.03, as numbers
    assert back.set_index("item").loc["budget", ["value_observed", "value_threshold"]].tolist() \
        == pytest.approx([0.02, 0.03])
    assert back.set_index("item").loc["budget", "reason"] == "share_below_minimum"

"""The IID calculator (`smartcity iid`, docs/iid.md): a hand-computed example with every step of
the arithmetic, the band edges, each gain applied and recomputed, bad input named by file, row
and column, and the rulebook parsed strictly."""

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction as F
from pathlib import Path

import openpyxl
import pytest

from smartcity_utils.cli import main
from smartcity_utils.errors import DataError, ParamsError
from smartcity_utils.iid.gains import score_gains
from smartcity_utils.iid.rulebook import read_iid_rulebook
from smartcity_utils.iid.score import iid_result, published_value
from smartcity_utils.iid.table import read_iid_table

RULEBOOK = Path("params/rulebooks/iid_2023.yaml")
HEADER = ["Nama Inovasi", "Status"] + [f"Indikator {n}" for n in range(1, 36)]

# The regional government's scores of indicators 1-15 (maxima 3 6 3 3 4.5 4.5 4.5 4.5 3 4.5 4.5
# 6 6 3 3): 3 + 4 + 2 + 2 + 1.5 + 3 + 1.5 + 4.5 + 2 + 3 + 4 + 2 + 0 + 0 + 0 = 32.5
REGIONAL = ["3", "4", "2", "2", "1,5", "3", "1,5", "4,5", "2", "3", "4", "2", "0", "0", "0"]
# Innovation A: every indicator 16-35 scores 3, 20 x 3 = 60.
A = ["3"] * 20
# Innovation B: indicator 16 at its maximum 9, the other 19 at 1: 9 + 19 = 28.
B = ["9"] + ["1"] * 19


def write_csv(path: Path, regional=REGIONAL, innovations=(("A", "diterima", A),
                                                        ("B", "diterima", B),
                                                        ("C", "ditolak", [""] * 20))) -> Path:
    rows = [HEADER, ["Kota Contoh", "pemda", *regional, *[""] * 20]]
    rows += [[name, status, *[""] * 15, *scores] for name, status, scores in innovations]
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rules():
    return read_iid_rulebook(RULEBOOK)


def test_the_rulebook_maxima_give_the_published_shares(rules):
    # Regional maxima: 3+6+3+3+4.5+4.5+4.5+4.5+3+4.5+4.5+6+6+3+3 = 63; innovation maxima:
    # 9+6+6+6+3+6+3+3+3+3+3+3+6+3+6+9+6+9+6+12 = 111 (the 111 per innovation of BSKDN, 2023);
    # number of innovations: 0.38 x 200 = 76; total 63 + 111 + 76 = 250.
    assert (rules.regional_maximum, rules.innovation_maximum) == (63, 111)
    assert rules.innovation_count_score.maximum == 76 and rules.maximum_total == 250
    # The 2023 deck: regional part 25.2%, innovation part 74.8% of the maximum.
    assert Decimal(63) / 250 * 100 == Decimal("25.2")
    assert (rules.innovation_maximum + 76) / rules.maximum_total * 100 == Decimal("74.8")


def test_hand_computed_example_with_fewer_than_ten_innovations(tmp_path, rules):
    table = read_iid_table(write_csv(tmp_path / "iid.csv"), rules)
    result = iid_result(table, rules)
    assert result.spd == F(65, 2)  # 32.5, summed above
    # n = 3 reported (A, B and the rejected C); the divisor is MAX(10, 3) = 10, not 3.
    assert (result.reported, result.accepted, result.divisor) == (3, 2, 10)
    # Indicator scores of the accepted innovations: 60 + 28 = 88 (C, rejected, adds none).
    assert result.innovation_scores == 88
    # Number of innovations: 2 accepted x 0.38 = 0.76.
    assert result.count_score == F(76, 100)
    # SID = 88 / 10 + 0.76 = 8.8 + 0.76 = 9.56; total = 32.5 + 9.56 = 42.06
    assert result.sid == F(956, 100) and result.total == F(4206, 100)
    # IID = 42.06 / 250 x 100 = 16.824, published 16.82: Kurang Inovatif (0.01-34.99)
    assert result.index == F(16824, 1000)
    assert result.published == Decimal("16.82") and result.band.id == "Kurang Inovatif"


def test_hand_computed_example_with_more_than_ten_innovations(tmp_path, rules):
    # 11 accepted innovations at 60 and 1 rejected: n = 12 > 10, so the divisor is 12.
    innovations = [(f"I{k}", "diterima", A) for k in range(11)] + [("R", "ditolak", [""] * 20)]
    result = iid_result(read_iid_table(write_csv(tmp_path / "n12.csv",
                                                 innovations=innovations), rules), rules)
    assert result.divisor == 12
    # SID = 11 x 60 / 12 + 11 x 0.38 = 55 + 4.18 = 59.18; total = 32.5 + 59.18 = 91.68
    assert result.sid == F(5918, 100) and result.total == F(9168, 100)
    # IID = 91.68 / 2.5 = 36.672 -> 36.67: Inovatif (35.00-60.00)
    assert result.published == Decimal("36.67") and result.band.id == "Inovatif"


@pytest.mark.parametrize("index, rounding, published, band", [
    (F(0), "half_up", "0.00", "Tidak Dapat Dinilai"),
    (F(1, 100), "half_up", "0.01", "Kurang Inovatif"),
    (F(3499, 100), "half_up", "34.99", "Kurang Inovatif"),
    (F(34995, 1000), "half_up", "35.00", "Inovatif"),  # half a hundredth rounds up
    (F(34995, 1000), "truncate", "34.99", "Kurang Inovatif"),
    (F(35), "half_up", "35.00", "Inovatif"),
    (F(60), "half_up", "60.00", "Inovatif"),
    (F(60005, 1000), "half_up", "60.01", "Sangat Inovatif"),
    (F(60005, 1000), "truncate", "60.00", "Inovatif"),
    (F(6001, 100), "half_up", "60.01", "Sangat Inovatif"),
    (F(100), "half_up", "100.00", "Sangat Inovatif"),
])
def test_band_edges(rules, index, rounding, published, band):
    rulebook = rules.model_copy(update={"rounding": rounding})
    shown = published_value(index, rulebook)
    assert shown == Decimal(published) and rulebook.band(shown).id == band


def test_a_table_exactly_on_the_35_edge_and_an_empty_one(tmp_path, rules):
    # 10 accepted innovations at 60: SID = 600 / 10 + 10 x 0.38 = 63.8; SPD 3+6+3+3+4.5+4.2
    # = 23.7; total 87.5; IID = 87.5 / 2.5 = 35.00 exactly: Inovatif.
    regional = ["3", "6", "3", "3", "4,5", "4,2"] + ["0"] * 9
    innovations = [(f"I{k}", "diterima", A) for k in range(10)]
    result = iid_result(read_iid_table(write_csv(tmp_path / "edge.csv", regional, innovations),
                                       rules), rules)
    assert result.index == 35 and result.band.id == "Inovatif"
    # Nothing scored and nothing reported: 0, Tidak Dapat Dinilai.
    empty = iid_result(read_iid_table(write_csv(tmp_path / "zero.csv", ["0"] * 15, ()), rules),
                       rules)
    assert empty.index == 0 and empty.band.id == "Tidak Dapat Dinilai"


def _applied(table, gain):
    """The table with the gain's action done by hand (not by the module's own helpers)."""
    if gain.kind == "new_innovation":
        accepted = [i for i in table.innovations if i.accepted]
        mean = {n: sum(i.scores[n] for i in accepted) / len(accepted) for n in range(16, 36)}
        new = replace(accepted[0], name="new", row=0, scores=mean)
        return replace(table, innovations=table.innovations + (new,))
    if gain.kind == "regional_indicator":
        regional = dict(table.regional)
        regional[gain.indicator] += gain.points
        return replace(table, regional=regional)
    innovations = [replace(i, scores={**i.scores, gain.indicator: i.scores[gain.indicator]
                                      + gain.points}) if i.name == gain.innovation else i
                   for i in table.innovations]
    return replace(table, innovations=tuple(innovations))


def test_every_gain_is_what_applying_it_and_recomputing_adds(tmp_path, rules):
    table = read_iid_table(write_csv(tmp_path / "iid.csv"), rules)
    before = iid_result(table, rules).index
    gains = score_gains(table, rules)
    for gain in gains:
        assert iid_result(_applied(table, gain), rules).index - before == gain.gain, gain
    # By hand: a new innovation at the mean of A and B, (60 + 28) / 2 = 44, keeps the divisor
    # at 10 (n = 4) and adds 44 / 10 + 0.38 = 4.78 to the total: 4.78 / 2.5 = 1.912 points.
    assert gains[0].kind == "new_innovation" and gains[0].gain == F(1912, 1000)
    # One regional point adds 1 / 250 x 100 = 0.4, on the 12 indicators with a point of room
    # (1 and 8 are at their maximum; 11 has 4 of 4.5: half a point, 0.2).
    regional = [g for g in gains if g.kind == "regional_indicator"]
    assert [g.indicator for g in regional if g.gain == F(2, 5)] == \
        [2, 3, 4, 5, 6, 7, 9, 10, 12, 13, 14, 15]
    assert [(g.indicator, g.points, g.gain) for g in regional if g.gain != F(2, 5)] == \
        [(11, F(1, 2), F(1, 5))]
    # One point on one innovation adds 1 / 10 / 250 x 100 = 0.04, on every indicator 16-35.
    on_innovations = [g for g in gains if g.kind == "innovation_indicator"]
    assert len(on_innovations) == 20 and {g.gain for g in on_innovations} == {F(4, 100)}
    # Indicator 16: only A has room (B is at 9); 17 (maximum 6): B at 1 has more room than A.
    by_number = {g.indicator: g for g in on_innovations}
    assert (by_number[16].innovation, by_number[16].with_room) == ("A", 1)
    assert (by_number[17].innovation, by_number[17].with_room) == ("B", 2)
    assert [g.gain for g in gains] == sorted((g.gain for g in gains), reverse=True)


def test_one_more_innovation_at_a_stated_profile(tmp_path, rules):
    table = read_iid_table(write_csv(tmp_path / "iid.csv"), rules)
    profile = {n: F(rules.indicator(n).max_score) for n in range(16, 36)}  # 111 in all
    gain = score_gains(table, rules, profile)[0]
    # n = 4 keeps the divisor at 10: 111 / 10 + 0.38 = 11.48 more total, / 2.5 = 4.592 points.
    assert gain.kind == "new_innovation" and gain.gain == F(4592, 1000)
    new = replace(table.innovations[0], name="new", scores=profile)
    assert iid_result(replace(table, innovations=table.innovations + (new,)), rules).index \
        - iid_result(table, rules).index == gain.gain
    with pytest.raises(DataError, match="indicator 16 scores 0 to 9, not 10; indicator 17: "
                                        "no score"):
        score_gains(table, rules, {16: F(10)} | {n: F(0) for n in range(18, 36)})


def test_counting_rejected_innovations_in_the_count_score_is_a_rulebook_choice(tmp_path, rules):
    table = read_iid_table(write_csv(tmp_path / "iid.csv"), rules)
    reported = rules.model_copy(update={"innovation_count_score": rules.innovation_count_score
                                        .model_copy(update={"counts": "reported"})})
    # 3 reported x 0.38 = 1.14 instead of 0.76: 0.38 / 2.5 = 0.152 index points more.
    assert iid_result(table, reported).index - iid_result(table, rules).index == F(152, 1000)


def test_an_xlsx_with_english_headers_reads_as_the_csv(tmp_path, rules):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Status"] + [f"I{n}" for n in range(1, 36)])
    sheet.append(["City", "regional government",
                  *[float(v.replace(",", ".")) for v in REGIONAL], *[None] * 20])
    for name, status, scores in (("A", "accepted", A), ("B", "accepted", B),
                                 ("C", "rejected", [None] * 20)):
        sheet.append([name, status, *[None] * 15, *[s and int(s) for s in scores]])
    book.save(tmp_path / "iid.xlsx")
    assert iid_result(read_iid_table(tmp_path / "iid.xlsx", rules), rules).index == \
        F(16824, 1000)
    book.copy_worksheet(sheet).title = "2024"  # a second table is refused, not ignored
    book.save(tmp_path / "two.xlsx")
    with pytest.raises(DataError, match="two.xlsx: sheets Sheet, 2024 each hold an IID table"):
        read_iid_table(tmp_path / "two.xlsx", rules)


def test_bad_cells_are_named_by_file_row_and_column(tmp_path, rules):
    bad_b = ["10"] + ["1"] * 18 + ["satu"]  # 16 above its maximum 9; 35 not a number
    empty_a = [""] + ["3"] * 19
    path = write_csv(tmp_path / "salah.csv", innovations=(
        ("A", "diterima", empty_a), ("B", "diterima", bad_b), ("C", "entah", A)))
    with pytest.raises(DataError) as error:
        read_iid_table(path, rules)
    lines = str(error.value).splitlines()
    assert lines[0] == "salah.csv cannot be scored (4 problem(s)):"
    assert lines[1:] == [
        "salah.csv:3:Indikator 16: indicator 16 has no score: write 0 if the indicator is not met",
        "salah.csv:4:Indikator 16: indicator 16 scores 0 to 9, not 10",
        "salah.csv:4:Indikator 35: indicator 35: not a number: 'satu'",
        "salah.csv:5:Status: status must be 'pemda' (the regional-government row), 'diterima' "
        "(accepted) or 'ditolak' (rejected)"]


def test_scores_on_the_wrong_row_and_a_second_regional_row_are_refused(tmp_path, rules):
    path = write_csv(tmp_path / "baris.csv", innovations=(("A", "diterima", A),))
    text = path.read_text(encoding="utf-8").splitlines()
    text[1] = text[1].rstrip(";") + ";" * 20 + "5"  # the regional row with indicator 35 = 5
    text[2] = "A;diterima;2" + text[2][len("A;diterima;"):]  # the innovation with indicator 1
    text.append(text[1])  # a second regional row
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_iid_table(path, rules)
    message = str(error.value)
    assert "baris.csv:2:Indikator 35: the regional-government row holds indicators 1-15" in message
    assert "baris.csv:3:Indikator 1: an innovation's row holds indicators 16-35" in message
    assert "baris.csv::Status: the table needs exactly one row with status 'pemda' holding " \
        "indicators 1-15 (found 2: rows 2, 4)" in message


def test_missing_indicator_columns_are_named(tmp_path, rules):
    path = tmp_path / "kolom.csv"
    path.write_text("Nama Inovasi;Status;Indikator 1;Indikator 2\nKota;pemda;1;1\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"kolom.csv:1:: no column for indicator\(s\) 3-35"):
        read_iid_table(path, rules)


def test_a_rejected_innovations_scores_are_noted_not_counted(tmp_path, rules):
    table = read_iid_table(write_csv(tmp_path / "iid.csv", innovations=(
        ("A", "diterima", A), ("C", "ditolak", B))), rules)
    assert [n.line() for n in table.notes] == [
        "iid.csv:4:Status: warning: rejected: its indicator scores are not counted, but it "
        "counts in the divisor"]
    # Only A's 60 counts: SID = 60 / 10 + 0.38 = 6.38.
    assert iid_result(table, rules).sid == F(638, 100)


def test_the_rulebook_is_parsed_strictly(tmp_path):
    text = RULEBOOK.read_text(encoding="utf-8")
    unknown = tmp_path / "iid_2099.yaml"
    unknown.write_text(text.replace("minimum_divisor: 10", "minimum_divisor: 10\ndivisor: 12"),
                       encoding="utf-8")
    with pytest.raises(ParamsError, match=r"iid_2099.yaml: divisor: unknown key"):
        read_iid_rulebook(unknown)
    share = tmp_path / "iid_2098.yaml"
    share.write_text(text.replace("number: 1, name: Visi dan misi, variable: Institusi, "
                                  "part: regional, max_score: 3",
                                  "number: 1, name: Visi dan misi, variable: Institusi, "
                                  "part: regional, max_score: 9"), encoding="utf-8")
    # 69 / 256 = 26.95...%: no longer the published 25.2%
    with pytest.raises(ParamsError, match=r"iid_2098.yaml: .*not the published 25.2%"):
        read_iid_rulebook(share)


def test_the_command_prints_the_result_in_indonesian_and_refuses_bad_input(tmp_path, capsys):
    path = write_csv(tmp_path / "iid.csv")
    assert main(["iid", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("Indeks Inovasi Daerah: 16,82 (Kurang Inovatif), dihitung dengan metode "
                      "penilaian tahun 2023.")
    assert out[7] == (" 1. Melaporkan satu inovasi lagi yang diterima, dengan skor setara "
                      "rata-rata inovasi yang sudah diterima: +1,912")
    assert out[8] == (" 2. Menaikkan skor indikator 2 (Penetapan APBD tepat waktu dan mandatory "
                      "spending) sebesar 1 poin: +0,400")
    assert main(["iid", str(path), "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("Regional innovation index: 16.82 (Less innovative)")
    missing = tmp_path / "tidak-ada.csv"
    assert main(["iid", str(missing)]) == 2
    assert capsys.readouterr().err.strip() == \
        "smartcity iid: tidak-ada.csv: unreadable file: no such file"

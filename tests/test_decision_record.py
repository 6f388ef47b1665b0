"""The decision record (berita acara, issue 27 item 3): a sample run's record lists exactly the
Quick Wins and near misses of 03's shortlist (read here with pandas), its budget line adds up
by hand, the weights' provenance is said for a criteria file made by `smartcity weights` from
three filled forms and for one without, English on request, both languages pass the page
checks, index.html links it while it is current, and the printed PDF (pdftotext) carries the
title and "Halaman n dari N" on every page with the signatures kept under their heading."""

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from test_team_weights_form import CRITERIA, _three_members

from smartcity_utils.batch.record import write_decision_record
from smartcity_utils.batch.run import run_suite
from smartcity_utils.cli import main
from smartcity_utils.config import read_criteria
from smartcity_utils.params import load_params
from smartcity_utils.reports.browser import BrowserMissing, chromium
from smartcity_utils.reports.decision_record import RECORD_PAGE, current_record
from smartcity_utils.reports.pagecheck import jargon_problems, own_file_names, page_problems
from smartcity_utils.reports.record_weights import signatories, weights_lines
from smartcity_utils.team_weights.form import write_weights_forms
from smartcity_utils.team_weights.report import weigh

BUDGET = 2_500_000_000  # params/default.yaml: quick_win_budget_idr
TITLE_ID = "Berita Acara Penetapan Quick Win Smart City Kota Pontianak Tahun 2024"
TITLE_EN = "Record of the Decision on the Smart City Quick Wins of Kota Pontianak for 2024"


def _words(node) -> str:
    """A node's text as a reader reads it (every space, the no-break one too, as one)."""
    return " ".join(node.get_text(" ").split())


def _rupiah(value: int) -> str:
    return "Rp " + f"{value:,}".replace(",", ".")


# ------------------------------------------------------------------ who set the weights


@pytest.fixture()
def team_criteria(tmp_path) -> Path:
    """A criteria file version made by `smartcity weights` from three filled forms: members
    01 (perangkat daerah) and 02 (akademisi) answer 'sama penting' everywhere, 03 (sektor
    lain) too, but for Dampak 'jelas lebih penting' than Upaya."""
    forms = tmp_path / "forms"
    write_weights_forms(forms, read_criteria(CRITERIA), 3)
    _three_members(forms)
    out = tmp_path / "quick_win_criteria_tim.yaml"
    assert weigh(forms, CRITERIA, out, "2025-tim-1", today=dt.date(2025, 5, 20)).written == out
    return out


def test_weights_set_by_the_team_are_said_with_roles_agreement_and_consistency(team_criteria):
    origin = yaml.safe_load(team_criteria.read_text(encoding="utf-8"))["provenance"]
    lines = weights_lines(read_criteria(team_criteria), "id")
    assert lines[0] == (
        "Bobot kriteria: berkas kriteria 2025-tim-1, ditetapkan bersama Tim Teknis pada 20 Mei "
        "2025 melalui perbandingan berpasangan AHP oleh 3 anggota (perangkat daerah 1, "
        "akademisi 1, sektor lain 1); bobot tim adalah rata-rata geometrik penilaian para "
        "anggota.")
    w = f"{origin['kendall_w']:.2f}".replace(".", ",")
    p = f"{origin['kendall_p']:.3f}".replace(".", ",")
    assert origin["kendall_p"] >= 0.001  # three decimals say it
    assert lines[1].startswith(f"Kesepakatan anggota: W Kendall {w} (p = {p}): kesepakatan ")
    # within each group every judgement is 'sama penting': a consistent matrix, CR 0
    groups = f"{origin['consistency_ratios']['groups']:.2f}".replace(".", ",")
    assert lines[2] == (
        f"Rasio konsistensi (CR) matriks tim: kelompok kriteria {groups}; kriteria kelompok "
        "Dampak 0,00; kriteria kelompok Upaya 0,00; kriteria kelompok Keterpaduan 0,00 "
        "(batas 0,10).")
    assert signatories(read_criteria(team_criteria), "id") == [
        "Ketua Tim Teknis", "Anggota (perangkat daerah)", "Anggota (akademisi)",
        "Anggota (sektor lain)"]
    english = weights_lines(read_criteria(team_criteria), "en")
    assert english[0].startswith("Criteria weights: criteria file 2025-tim-1, set together by "
                                 "the Technical Team on 20 May 2025 by AHP pairwise comparison "
                                 "of 3 members (agency 1, academic 1, other sector 1)")


def test_a_p_value_below_a_thousandth_is_never_written_as_zero(team_criteria):
    criteria = read_criteria(team_criteria)
    tiny = replace(criteria, provenance=criteria.provenance.model_copy(
        update={"kendall_w": 0.96, "kendall_p": 0.0002}))
    assert weights_lines(tiny, "id")[1] == (
        "Kesepakatan anggota: W Kendall 0,96 (p < 0,001): kesepakatan sangat kuat (Schmidt "
        "1997), para anggota mengurutkan kriteria hampir sama.")


def test_a_team_matrix_above_the_threshold_and_a_member_left_out_are_said(team_criteria):
    criteria = read_criteria(team_criteria)
    origin = criteria.provenance.model_copy(update={
        "consistency_ratios": {"groups": 0.13, "impact": 0.0, "effort": 0.0,
                               "integration": 0.0},
        "members": 2, "members_by_role": {"agency": 1, "academic": 1}, "left_out": 1,
        "flagged": 1})
    lines = weights_lines(replace(criteria, provenance=origin), "id")
    assert lines[3:] == [
        "CR matriks tim untuk kelompok kriteria di atas batas: jawaban para anggota pada "
        "perbandingan itu saling bertentangan.",
        "1 anggota dengan CR di atas batas tidak dihitung dalam bobot tim."]
    assert weights_lines(replace(criteria, provenance=origin), "en")[-1] == (
        "1 member with a CR above the threshold is left out of the team's weights.")
    assert signatories(replace(criteria, provenance=origin), "id") == [
        "Ketua Tim Teknis", "Anggota (perangkat daerah)", "Anggota (akademisi)"]


def test_weights_of_the_file_alone_are_said_plainly():
    criteria = read_criteria(CRITERIA)
    assert weights_lines(criteria, "id") == [
        "Bobot kriteria: bobot dari berkas kriteria 2024-draft-2, belum ditetapkan bersama Tim "
        "Teknis."]
    assert signatories(criteria, "id") == ["Ketua Tim Teknis"] + ["Anggota"] * 6


# ------------------------------------------------------------------ a sample run's record


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    """A sample run (one agency report) and its record in Indonesian; the English record and
    the PDF are written by the tests that read them."""
    out = tmp_path_factory.mktemp("record")
    manifest = run_suite(dict(load_params(), out_dir=str(out)), agencies=["DINKES"], workers=2)
    assert [n for n in manifest["notebooks"] if n["status"] != "ok"] == []
    write_decision_record(out)
    return out


def _record(out: Path) -> BeautifulSoup:
    return BeautifulSoup((out / RECORD_PAGE).read_text(encoding="utf-8"), "html.parser")


def _shortlist(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "quick_win" / "quick_win_shortlist.csv",
                       dtype={"agency_code": str})


@pytest.mark.batch
def test_the_record_lists_exactly_the_shortlist_and_its_near_misses(recorded):
    out = recorded
    shortlist = _shortlist(out)
    page = _record(out)
    chosen = [_words(th) for th in page.select(".sc-record-chosen tbody th")]
    near = [_words(th) for th in page.select(".sc-record-near tbody th")]
    assert chosen == shortlist.loc[shortlist["selected"], "innovation_name"].tolist()
    assert near == shortlist.loc[~shortlist["selected"], "innovation_name"].tolist()
    assert len(chosen) == 20 and len(near) == 5  # the sample's quota and `near_misses`
    first = page.select_one(".sc-record-chosen tbody tr")
    row = shortlist.iloc[0]
    assert _words(first).startswith(f"1 {row['innovation_name']}")
    assert f"{int(row['priority_rank'])} ({row['priority']:.2f})".replace(".", ",") in \
        _words(first)
    assert "terpilih: biaya" in _words(first)
    assert all("tidak terpilih" in _words(tr) for tr in page.select(".sc-record-near tbody tr"))


@pytest.mark.batch
def test_the_budget_used_adds_up_by_hand(recorded):
    out = recorded
    shortlist = _shortlist(out)
    spent = int(shortlist.loc[shortlist["selected"], "cost_idr"].sum())
    page = _record(out)
    costs = [int(td.get_text().replace("Rp", "").replace(".", "").strip())
             for td in page.select(".sc-record-chosen tbody td:nth-of-type(4)")]
    assert sum(costs) == spent
    share = round(100 * spent / BUDGET)
    assert _words(page.select_one(".sc-record-budget")) == (
        f"Biaya seluruh Quick Win yang ditetapkan berjumlah {_rupiah(spent)} dari anggaran "
        f"Quick Win {_rupiah(BUDGET)} ({share}%); sisa anggaran {_rupiah(BUDGET - spent)}.")
    # the sample's coverage as docs/quick_win.md states it
    assert ("Semua 6 dimensi smart city terwakili di daftar pendek, masing-masing dengan paling "
            "sedikit 1 quick win.") in _words(page.select_one(".sc-record-chosen"))


@pytest.mark.batch
def test_the_record_names_its_run_its_weights_and_who_signs(recorded):
    out = recorded
    page = _record(out)
    basis = _words(page.select_one(".sc-record-basis"))
    assert ("Bobot kriteria: bobot dari berkas kriteria 2024-draft-2, belum ditetapkan bersama "
            "Tim Teknis.") in basis
    assert "Sumber perhitungan: Tahun evaluasi 2024 · data: data/sample (versi " in basis
    signatures = page.select_one(".sc-signatures")
    assert _words(signatures.h2) == "Tim Teknis Smart City Kota Pontianak"
    rows = [_words(th) for th in signatures.select("tbody th")]
    assert rows == ["Ketua Tim Teknis"] + ["Anggota"] * 6
    assert _words(page.h1) == TITLE_ID and page.title.string == TITLE_ID


@pytest.mark.batch
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_record_passes_the_page_checks_and_speaks_the_language_asked(recorded, lang):
    out = recorded
    if lang == "en":
        write_decision_record(out, lang="en")
    page = (out / RECORD_PAGE).read_text(encoding="utf-8")
    assert page_problems(page, lang) == []
    assert jargon_problems(page, own_file_names(out)) == []
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == lang
    assert _words(soup.h1) == (TITLE_ID if lang == "id" else TITLE_EN)
    if lang == "en":
        assert "The Quick Wins decided cost IDR " in _words(soup)
        write_decision_record(out)  # the Indonesian record again, for the other tests


@pytest.mark.batch
def test_index_links_the_record_while_it_records_the_runs_shortlist(recorded):
    out = recorded
    link = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"),
                         "html.parser").select_one(".sc-record-link a")
    assert link["href"] == RECORD_PAGE and _words(link) == "Berita acara penetapan Quick Win"
    assert page_problems((out / "index.html").read_text(encoding="utf-8"), "id") == []
    # a record made of another shortlist is not linked
    page = out / RECORD_PAGE
    kept = page.read_text(encoding="utf-8")
    try:
        page.write_text(re.sub(r'data-made-of="[0-9a-f]{64}"', 'data-made-of="' + "0" * 64 + '"',
                               kept), encoding="utf-8")
        assert current_record(out) is None
    finally:
        page.write_text(kept, encoding="utf-8")
    assert current_record(out)["html"] == RECORD_PAGE


@pytest.mark.batch
def test_bad_folders_are_refused_with_a_sentence(recorded, tmp_path, capsys):
    assert main(["record", "--out", str(tmp_path)]) == 2
    assert "is not the output folder of a run" in capsys.readouterr().err
    out = recorded
    older = tmp_path / "older"
    shutil.copytree(out, older)
    (older / "quick_win" / "quick_win_coverage.csv").unlink()  # a run made before the record
    assert main(["record", "--out", str(older)]) == 2
    assert "quick_win_coverage.csv not found: run 03_quick_win_priority" in \
        capsys.readouterr().err


def _pages(pdf: Path) -> list[str]:
    """The text of each page of `pdf`, by pdftotext."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Page size:\s+59[45](\.\d+)? x 84[12]", info.stdout, re.MULTILINE)  # A4
    count = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))
    return [" ".join(subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout.split())
            for i in range(1, count + 1)]


@pytest.mark.batch
def test_the_printed_record_has_its_title_and_page_footer_on_every_page(recorded):
    try:
        chromium()
    except BrowserMissing:
        pytest.skip("no Chromium to print with")
    if not (shutil.which("pdftotext") and shutil.which("pdfinfo")):
        pytest.skip("pdftotext/pdfinfo (poppler-utils) not installed")
    written = write_decision_record(recorded, pdf=True)
    assert current_record(recorded)["pdf"] == "reports/berita_acara.pdf"
    pages = _pages(written.pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert TITLE_ID in page, f"page {number}: no running title"
        assert f"Halaman {number} dari {len(pages)}" in page, f"page {number}: no footer"
    signed = [p for p in pages if "Tim Teknis Smart City Kota Pontianak No." in p]
    assert len(signed) == 1 and "Ketua Tim Teknis" in signed[0]
    assert "sebagaimana mestinya" in signed[0]  # the closing stays with the signatures
    # written again without a PDF, the earlier one (no longer the page's) is gone
    assert write_decision_record(recorded).pdf is None and current_record(recorded)["pdf"] is None

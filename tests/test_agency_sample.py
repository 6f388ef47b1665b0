"""Agency pages of a sample run, read as a browser reads them (issue #24, item 2): DINKES lists
all six of its 2024 innovations in the Quick Win section, the one that is not a candidate with
its reason, which is the sample's planted history (Antrean Online Rumah Sakit Pontianak, a
Quick Win of 2022); Kec. Pontianak Kota's partners come in the order of 02's network (no two
of its three strongest tie where the codes and the names would order them apart), each with
the partnerships the registry's partner column declares (read by hand below)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from smartcity_utils.batch.run import run_suite
from smartcity_utils.params import load_params

pytestmark = pytest.mark.batch

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"

# data/sample/innovations.csv, DINKES's rows of 2024, read by hand
DINKES_2024 = {"Posyandu Terintegrasi", "Antrean Online Rumah Sakit Pontianak",
               "PSC 119 (Public Safety Center)", "Panggilan Darurat Terpadu Pontianak",
               "Ambulans Siaga Pontianak Plus", "Rekam Medis Elektronik Pontianak"}


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("agency-states")
    params = dict(load_params(), out_dir=str(out), lang="id")
    manifest = run_suite(params, agencies=["DINKES", "KEC-PTK-KOTA"], workers=2)
    assert [n for n in manifest["notebooks"] if n["status"] != "ok"] == []
    return out


def _table(page: Path, first_header: str, has: str) -> list[list[str]]:
    """The rows (cells as text) of the page's table whose first header is `first_header` and
    which has a column `has`; the header row first."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for table in soup.find_all("table"):
        header = [" ".join(th.get_text(" ").split()) for th in table.select("thead th")]
        if header and header[0] == first_header and has in header:
            rows = [[" ".join(c.get_text(" ").split()) for c in tr.find_all(["th", "td"])]
                    for tr in table.select("tbody tr")]
            return [header, *rows]
    raise AssertionError(f"{page.name}: no table headed {first_header!r} with {has!r}")


def test_dinkes_lists_all_six_innovations_with_the_planted_quick_win_of_2022(sample_run):
    registry = pd.read_csv(SAMPLE / "innovations.csv")
    planted = registry[(registry["innovation_id"] == "PTK-0022") & (registry["year"] == 2024)]
    assert planted.iloc[0]["innovation_name"] == "Antrean Online Rumah Sakit Pontianak"
    assert int(planted.iloc[0]["quick_win_year"]) == 2022  # the generator's planted decision

    header, *rows = _table(sample_run / "reports" / "agencies" / "DINKES.html", "Inovasi",
                           "Keputusan")
    decisions = {row[0]: row[header.index("Keputusan")] for row in rows}
    assert set(decisions) == DINKES_2024
    assert decisions["Antrean Online Rumah Sakit Pontianak"] == \
        "bukan kandidat: sudah menjadi Quick Win pada 2022"
    # the other five are candidates: chosen as 03's ranking says, read from its file
    ranking = pd.read_csv(sample_run / "quick_win" / "quick_win_ranking.csv")
    mine = ranking[ranking["agency_code"] == "DINKES"]
    assert len(mine) == 5
    chosen = int(mine["shortlisted"].sum())
    firsts = sorted(d.split(":")[0] for d in decisions.values())
    assert firsts == sorted(["bukan kandidat", *["terpilih"] * chosen,
                             *["tidak terpilih"] * (5 - chosen)])


def test_partners_in_02s_order_with_the_declared_partnership_read_by_hand(sample_run):
    network = pd.read_csv(sample_run / "clusters" / "agency_network.csv")
    code = "KEC-PTK-KOTA"
    links = network[(network["agency_code_a"] == code) | (network["agency_code_b"] == code)]
    order = [b if a == code else a for a, b in zip(links["agency_code_a"],
                                                   links["agency_code_b"], strict=True)]
    agencies = pd.read_csv(SAMPLE / "agencies.csv").set_index("agency_code")["short_name"]

    header, *rows = _table(sample_run / "reports" / "agencies" / f"{code}.html",
                           "Perangkat daerah mitra", "Kemitraan tercatat")
    assert [row[0] for row in rows] == [agencies[c] for c in order[:3]]
    declared = {row[0]: row[header.index("Kemitraan tercatat")] for row in rows}
    # the registry's partner column: Kec. Pontianak Utara's "Aplikasi Relawan Muda Pontianak
    # Utara" (last listed 2023) names KEC-PTK-KOTA; nothing links Kota and Tenggara but their
    # similar innovations
    assert declared["Kec. Pontianak Utara"] == ("Aplikasi Relawan Muda Pontianak Utara (Kec. "
                                                "Pontianak Utara) mencatat perangkat daerah "
                                                "ini sebagai mitra")
    assert declared["Kec. Pontianak Tenggara"] == "–"  # similar innovations only

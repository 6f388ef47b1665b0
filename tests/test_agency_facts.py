"""The agency report's facts on a small hand-made run (issue 21, item 7).

Five agencies, two of them sharing the short name "Dinkes" in different regions, a few
innovations, and the six city-workbook artifacts the facts are read from, each with a handful
of rows written through a RunFolder under the run's own stamp. Every expected value below is
worked out by hand from the rows of this file (the comment beside it says how), never copied
from the code's output: changing an agency's rank by one, dropping the sort of its partners or
a reason's words fails here, not only in the slow batch tests.
"""

from dataclasses import replace

import pandas as pd
import pytest

from smartcity_utils.artifacts import ARTIFACTS, RunFolder
from smartcity_utils.context import run_context
from smartcity_utils.errors import ArtifactError
from smartcity_utils.params import load_params
from smartcity_utils.reports.agency_facts import UnknownAgency, agency_facts, load_facts
from smartcity_utils.strings import use_language

NAN = float("nan")
YEAR = 2024  # params/default.yaml's evaluation year
BUDGET = 2_500_000_000.0  # params/default.yaml's quick_win_budget_idr
NBSP = "\u00a0"  # between the currency and the amount (formatting.money)

# ------------------------------------------------------------------ the hand-made run

AGENCIES = pd.DataFrame([
    # code, full name, short name, region
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Bappeda", "Kota Pontianak"),
    ("DISHUB", "Dinas Perhubungan", "Dishub", "Kota Pontianak"),
    ("DINKES_A", "Dinas Kesehatan Kota Pontianak", "Dinkes", "Kota Pontianak"),
    ("DINKES_B", "Dinas Kesehatan Kabupaten Kubu Raya", "Dinkes", "Kubu Raya"),
    ("KOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo", "Kota Pontianak"),
], columns=["agency_code", "agency_name", "short_name", "region"])

# The registry's partner column declares, by hand: BAPPEDA-DISHUB 3 (N06 names DISHUB, N01
# and N02 name BAPPEDA; N02's UNKNOWN is no agency), BAPPEDA-DINKES_A 1 and BAPPEDA-DINKES_B 1
# (N06), DINKES_B-DISHUB 1 (N08: its latest row, 2023, as 02 reads it). agency_network below
# has these counts.
INNOVATIONS = pd.DataFrame([
    # id, name, agency, year, status, quick win year, partner agencies, budget
    ("N01", "Smart Parking", "DISHUB", 2024, "aktif", None, "BAPPEDA", 0),
    ("N02", "Traffic Light", "DISHUB", 2024, "aktif", None, "BAPPEDA; UNKNOWN", 5),
    ("N03", "Bus Tracker", "DISHUB", 2024, "aktif", None, None, 5),
    ("N04", "Karcis Kertas", "DISHUB", 2023, "aktif", None, None, 5),  # not in 2024's registry
    ("N05", "Terminal Lama", "DISHUB", 2022, "aktif", None, None, 5),
    ("N05", "Terminal Lama", "DISHUB", 2023, "dihentikan", None, None, 5),  # stopped in 2023
    ("N10", "Parkir Tua", "DISHUB", 2024, "dihentikan", None, None, 5),  # stopped
    ("N06", "Satu Data", "BAPPEDA", 2024, "aktif", None, "DISHUB;DINKES_A;DINKES_B", 5),
    ("N07", "Posyandu Digital", "DINKES_A", 2024, "aktif", None, None, 5),
    ("N09", "Antrean Lama", "DINKES_A", 2022, "aktif", 2022, None, 7),
    ("N09", "Antrean Lama", "DINKES_A", 2024, "aktif", 2022, None, 7),  # a Quick Win of 2022
    ("N08", "Ambulans Online", "DINKES_B", 2023, "aktif", None, "DISHUB", 5),
], columns=["innovation_id", "innovation_name", "agency_code", "year", "status",
            "quick_win_year", "partner_agencies", "budget_idr"]).astype({"quick_win_year": "Int64"})

ASSESSMENT = pd.DataFrame({"agency_code": pd.Series([], dtype=object)})
REJECTS = pd.DataFrame(columns=list(ARTIFACTS["rejects"].columns))

_SCORES = ("score_baseline", "score_output", "score_outcome", "score_impact", "score_quick_win")


def _index_row(code, short, assessed, scores, index, band, band_en, evidence, rank,
               previous, change):
    return {"agency_code": code, "short_name": short, "assessed": assessed,
            **dict(zip(_SCORES, scores, strict=True)), "index": index,
            "index_published": index, "band": band,
            "band_en": band_en, "n_indicators": 10 if assessed else 0,
            "dimensions_missing": None, "complete": assessed, "evidence_missing": evidence,
            "rank": rank, "index_previous": previous, "index_change": change}


def index_by_agency(dishub_rank=2):
    """01's index by agency. DISHUB and DINKES_A share the index 2.75 and so rank 2 (a tie);
    the next agency is 4 (competition ranking). KOMINFO is not assessed. Rows are not in
    rank order. DISHUB's scores weigh to 2.75 under the 10-20-30-30-10 weights:
    0.1*3.0 + 0.2*2.5 + 0.3*2.75 + 0.3*2.75 + 0.1*3.0 = 0.3+0.5+0.825+0.825+0.3 = 2.75."""
    rows = [
        _index_row("DINKES_B", "Dinkes", True, [1.2] * 5, 1.2, "Kurang", "Poor", 1, 4,
                   1.0, 0.2),
        _index_row("DISHUB", "Dishub", True, [3.0, 2.5, 2.75, 2.75, 3.0], 2.75, "Baik",
                   "Good", 2, dishub_rank, 2.85, -0.10),
        _index_row("KOMINFO", "Diskominfo", False, [NAN] * 5, NAN, None, None, NAN, NAN,
                   NAN, NAN),
        _index_row("BAPPEDA", "Bappeda", True, [3.6] * 5, 3.6, "Sangat Baik", "Very Good", 0,
                   1, 3.4, 0.2),
        # DINKES_A's rows never said whether the evidence is there: "no data", not 0
        _index_row("DINKES_A", "Dinkes", True, [2.75] * 5, 2.75, "Baik", "Good", NAN, 2,
                   NAN, NAN),
    ]
    return pd.DataFrame(rows, columns=list(ARTIFACTS["index_by_agency"].columns))


def city_index(assessed=4):
    """The city's index: 4 agencies assessed (BAPPEDA, DISHUB, DINKES_A, DINKES_B), 1 not.
    City scores 3.25, 2.25, 2.75, 3.0, 3.0 weigh to 0.325+0.45+0.825+0.9+0.3 = 2.8."""
    return pd.DataFrame([{
        "year": YEAR, "score_baseline": 3.25, "score_output": 2.25, "score_outcome": 2.75,
        "score_impact": 3.0, "score_quick_win": 3.0, "index": 2.8, "index_published": 2.8,
        "band": "Baik",
        "band_en": "Good", "n_indicators": 40, "dimensions_missing": None, "complete": True,
        "scale": 4.0, "rulebook_file": "smart_city_10-20-30-30-10.yaml", "rulebook_version": "x",
        "n_agencies_assessed": assessed, "n_agencies_not_assessed": 1,
        "index_previous": 2.7, "index_change": 0.1}],
        columns=list(ARTIFACTS["city_index"].columns))


def evidence_todo():
    rows = [
        ("DISHUB", "Dishub", "Smart Mobility", "Transportasi", "Output", "OUT-1", "Laporan",
         "N01", "ev-1", "missing"),
        ("DINKES_B", "Dinkes", "Smart Living", "Kesehatan", "Impact", "IMP-2", "Survei",
         "N08", "ev-9", "missing"),
        ("DISHUB", "Dishub", "Smart Mobility", "Transportasi", "Impact", "IMP-1", "Survei",
         "N02", "ev-2", "missing"),
    ]
    return pd.DataFrame(rows, columns=list(ARTIFACTS["evidence_todo"].columns))


# The ranking, one candidate per reason code. The codes are 03's (the shortlist decides them:
# test_shortlist checks that); the facts only word them with the year's terms, which is what
# this file checks. Budget 2,500,000,000; criteria file: at most 2 per agency, 20 in all.
# Shortlisted: Q01 400,000,000 + Q02 1,000,000,000 + Q03 250,000,000 = 1,650,000,000 spent,
# 2,500,000,000 - 1,650,000,000 = 850,000,000 left.
_RANKING = [
    # rank, id, name, agency, dimension, budget, shortlisted, reason
    # Q10's code is the wording's test only: 3 chosen do not fill the 20 of a real year
    (10, "Q10", "Telemedisin", "DINKES_B", "Smart Living", 200_000_000, False, "total_limit"),
    (9, "Q09", "E-Tilang", "DISHUB", "Smart Mobility", 100_000_000, False, "lower_total"),
    (4, "Q04", "Rekam Medis", "DINKES_A", "Smart Living", 300_000_000, False, "agency_limit"),
    (3, "Q03", "Antrean Online", "DINKES_A", "Smart Living", 250_000_000, True, "chosen"),
    (8, "Q08", "Halte Digital", "DISHUB", "Smart Mobility", 900_000_000, False, "budget_left"),
    (1, "Q01", "Satu Data", "BAPPEDA", "Smart Governance", 400_000_000, True, "chosen"),
    (6, "Q06", "Bus Tracker", "DISHUB", "Smart Mobility", None, False, "no_cost"),
    (5, "Q05", "Smart Parking", "DISHUB", "Smart Mobility", 0, False, "no_cost"),
    (7, "Q07", "Jembatan Timbang", "DISHUB", "Smart Mobility", 3_000_000_000, False,
     "over_budget"),
    (2, "Q02", "Posyandu Digital", "DINKES_A", "Smart Living", 1_000_000_000, True, "chosen"),
]


def quick_win_ranking():
    rows = []
    for rank, iid, name, agency, dimension, budget, shortlisted, reason in _RANKING:
        rows.append({"rank": rank, "innovation_id": iid, "innovation_name": name,
                     "agency_code": agency, "dimension": dimension, "sub_dimension": "x",
                     "tahapan": "uji coba", "budget_idr": budget, "weighted_sum": 1 - rank / 20,
                     "topsis": 1 - rank / 20, "rank_weighted_sum": rank, "rank_topsis": rank,
                     "model_probability": 0.5, "top_k_probability": 0.5, "rank_p05": rank,
                     "rank_median": rank, "rank_p95": rank, "shortlisted": shortlisted,
                     "reason": reason})
    return pd.DataFrame(rows, columns=list(ARTIFACTS["quick_win_ranking"].columns))


def integration_pairs():
    rows = [
        # DISHUB - KOMINFO: 3 pairs, DISHUB on either side
        ("N01", "Smart Parking", "DISHUB", 1, "K1", "Parkir Online", "KOMINFO", 1, 0.72,
         "parkir;online;peta", False),
        ("K2", "CCTV Kota", "KOMINFO", 2, "N02", "Traffic Light", "DISHUB", 2, 0.91,
         "cctv;lalu lintas;kamera", False),
        ("N03", "Bus Tracker", "DISHUB", 3, "K3", "Peta Kota", "KOMINFO", 3, 0.55,
         "peta; aplikasi ;lokasi", False),
        # DISHUB - BAPPEDA: 1 pair
        ("N01", "Smart Parking", "DISHUB", 1, "N06", "Satu Data", "BAPPEDA", 1, 0.51, "data",
         False),
        # DISHUB - DINKES_B: 2 pairs
        ("N08", "Ambulans Online", "DINKES_B", 3, "N03", "Bus Tracker", "DISHUB", 3, 0.80,
         "lokasi;gps", False),
        ("N02", "Traffic Light", "DISHUB", 2, "D5", "Rujukan Online", "DINKES_B", 2, 0.93,
         "online;rujukan", False),
        # DISHUB - DINKES_A: 1 pair
        ("N01", "Smart Parking", "DISHUB", 1, "D2", "Antrean Online", "DINKES_A", 1, 0.60,
         "online", False),
        # KOMINFO - DINKES_A and KOMINFO - DINKES_B: 1 pair each
        ("K1", "Parkir Online", "KOMINFO", 1, "D2", "Antrean Online", "DINKES_A", 1, 0.60,
         "online", False),
        ("N08", "Ambulans Online", "DINKES_B", 3, "K3", "Peta Kota", "KOMINFO", 3, 0.70,
         "peta;lokasi", False),
        # KOMINFO's account entered DISHUB's Smart Parking again: possibly registered twice,
        # no pair of the partners (02's network does not count it either)
        ("K9", "SMART PARKING", "KOMINFO", 1, "N01", "Smart Parking", "DISHUB", 1, 1.0,
         "parkir", True),
    ]
    return pd.DataFrame(rows, columns=list(ARTIFACTS["integration_pairs"].columns))


def agency_network():
    """02's links (weight = similar pairs + declared partnerships), deliberately not in the
    order of strength: the page ranks by 02's weight, at equal weight the declared
    partnerships first, then by name. A page that ranked by similar pairs first (the
    weight leaving out the declared partnerships) would differ on DISHUB's and KOMINFO's."""
    rows = [
        # a, b, similar pairs, declared partnerships, weight
        ("DINKES_A", "KOMINFO", 1, 0, 1),
        ("DISHUB", "KOMINFO", 3, 0, 3),
        ("BAPPEDA", "DINKES_B", 0, 1, 1),  # declared partnership only
        ("DINKES_B", "DISHUB", 2, 1, 3),
        ("DINKES_A", "DISHUB", 1, 0, 1),
        ("BAPPEDA", "DISHUB", 1, 3, 4),
        ("DINKES_B", "KOMINFO", 1, 0, 1),
        ("BAPPEDA", "DINKES_A", 0, 1, 1),  # declared partnership only
    ]
    return pd.DataFrame(rows, columns=list(ARTIFACTS["agency_network"].columns))


TABLES = {"index_by_agency": index_by_agency, "city_index": city_index,
          "evidence_todo": evidence_todo, "quick_win_ranking": quick_win_ranking,
          "integration_pairs": integration_pairs, "agency_network": agency_network}


def _context(out_dir, lang="en"):
    return run_context(dict(load_params(), out_dir=str(out_dir), lang=lang))


@pytest.fixture
def run(tmp_path):
    """The hand-made run written under the context's stamp; the English context."""
    context = _context(tmp_path)
    folder = RunFolder(tmp_path, context.stamp)
    folder.write_clean_data({"agencies": AGENCIES, "innovations": INNOVATIONS,
                             "assessment": ASSESSMENT}, REJECTS)
    for name, make in TABLES.items():
        folder.write_table(name, make())
    return context


@pytest.fixture
def facts(run):
    use_language("en")
    return load_facts(run)


# ------------------------------------------------------------------ Stage I


def test_index_band_rank_with_a_tie_change_and_evidence(facts):
    dishub = agency_facts(facts, "DISHUB")
    assert dishub.stage1_ran and dishub.assessed
    assert dishub.index == pytest.approx(2.75)
    assert dishub.band == "Good"  # band_en of its row (2.75 >= 2.5: Good)
    assert dishub.rank == 2  # shares 2.75 with DINKES_A; only BAPPEDA (3.6) is above
    assert dishub.assessed_count == 4  # city_index.n_agencies_assessed
    assert dishub.change == pytest.approx(-0.10)  # 2.75 - 2.85
    assert dishub.evidence_missing == 2
    # its two evidence_todo rows (OUT-1, IMP-1), not DINKES_B's IMP-2
    assert list(dishub.evidence["indicator_code"]) == ["OUT-1", "IMP-1"]
    assert set(dishub.evidence["agency_code"]) == {"DISHUB"}

    tied = agency_facts(facts, "DINKES_A")
    assert tied.rank == 2  # the same index 2.75: the same rank
    assert tied.change is None  # no previous index
    assert tied.evidence_missing is None  # "no data", not 0
    assert tied.evidence is None

    assert agency_facts(facts, "DINKES_B").rank == 4  # after two agencies at 2: 4, not 3
    assert agency_facts(facts, "BAPPEDA").rank == 1

    bappeda = agency_facts(facts, "BAPPEDA")
    assert bappeda.evidence_missing == 0  # counted, and none missing
    assert bappeda.evidence is not None and bappeda.evidence.empty
    assert bappeda.band == "Very Good"  # 3.6 >= 3.5

    kominfo = agency_facts(facts, "KOMINFO")
    assert kominfo.stage1_ran and not kominfo.assessed
    assert kominfo.index is None and kominfo.rank is None and kominfo.band is None


def test_band_in_indonesian(run):
    use_language("id")
    facts = load_facts(_context(run.out_dir, "id"))
    assert agency_facts(facts, "DISHUB").band == "Baik"  # the row's band (id)
    assert agency_facts(facts, "BAPPEDA").band == "Sangat Baik"


def test_scores_against_the_city_weakest_first(facts):
    scores = agency_facts(facts, "DISHUB").scores
    # agency - city: Baseline 3.0-3.25 = -0.25, Output 2.5-2.25 = +0.25, Outcome 2.75-2.75 = 0,
    # Impact 2.75-3.0 = -0.25, Quick Win 3.0-3.0 = 0; ascending, ties in dimension order
    assert list(scores["dimension"]) == ["Baseline", "Impact", "Outcome", "Quick Win", "Output"]
    assert list(scores["difference"]) == pytest.approx([-0.25, -0.25, 0.0, 0.0, 0.25])


def test_innovations_of_the_evaluation_year_only(facts):
    dishub = agency_facts(facts, "DISHUB")
    assert dishub.innovations == 4  # N01-N03 and N10 of 2024
    assert dishub.earlier_innovations == 2  # N04 and N05 were last registered in 2023
    dinkes_b = agency_facts(facts, "DINKES_B")
    assert (dinkes_b.innovations, dinkes_b.earlier_innovations) == (0, 1)  # N08 is 2023's
    kominfo = agency_facts(facts, "KOMINFO")
    assert (kominfo.innovations, kominfo.earlier_innovations) == (0, 0)


# ------------------------------------------------------------------ Quick Win


def _money(amount):
    return f"IDR{NBSP}{amount}"


# params/quick_win_criteria.yaml: at most 2 per agency, 20 in all, no limit per dimension
LIMITS = "the limit of 2 programmes per agency and this year's quota of 20 programmes"
NO_COST = ("not chosen: its budget is not recorded (empty or 0), so it cannot be weighed "
           "against the Quick Win budget")


def test_terms_spent_is_the_shortlisted_budgets(facts):
    assert facts.terms.budget == BUDGET
    assert facts.terms.spent == 1_650_000_000  # Q01 400M + Q02 1,000M + Q03 250M
    assert facts.terms.left == 850_000_000  # 2,500M - 1,650M
    assert facts.terms.limits["max_per_agency"] == 2  # params/quick_win_criteria.yaml
    assert facts.terms.limits["max_total"] == 20


def test_candidates_in_rank_order_with_their_reasons(facts):
    dinkes = agency_facts(facts, "DINKES_A")
    assert dinkes.quick_win_ran
    assert list(dinkes.candidates["innovation_id"]) == ["Q02", "Q03", "Q04"]  # ranks 2, 3, 4
    assert dinkes.candidates.attrs["of"] == 10  # the whole ranking's length
    assert dinkes.shortlisted == ["Posyandu Digital", "Antrean Online"]
    assert dinkes.best_candidate_rank == 2
    assert (dinkes.top_k, dinkes.quick_win_quota) == (10, 20)  # params/quick_win_criteria.yaml
    assert list(dinkes.candidates["reason_text"]) == [
        # 1,000,000,000 / 2,500,000,000 = 40%
        f"chosen: costs {_money('1,000,000,000')} (40% of the Quick Win budget), within the "
        f"Quick Win budget and within {LIMITS}",
        # 250,000,000 / 2,500,000,000 = 10%
        f"chosen: costs {_money('250,000,000')} (10% of the Quick Win budget), within the "
        f"Quick Win budget and within {LIMITS}",
        # the limit names the display name, not the short name "Dinkes" another agency shares
        "not chosen: the limit of 2 quick wins per agency for Dinkes (Kota Pontianak) is "
        "filled by its higher-ranked candidates",
    ]

    dishub = agency_facts(facts, "DISHUB")
    assert list(dishub.candidates["rank"]) == [5, 6, 7, 8, 9]  # sorted, rows were not
    assert dishub.shortlisted == []
    assert list(dishub.candidates["reason_text"]) == [
        NO_COST,  # Q05: budget 0
        NO_COST,  # Q06: budget empty
        # Q07: 3,000,000,000 > 2,500,000,000
        f"not chosen: it costs {_money('3,000,000,000')}, more than the whole Quick Win "
        f"budget of {_money('2,500,000,000')}",
        # Q08: 900,000,000 > 850,000,000 left
        f"not chosen: it needs {_money('900,000,000')} and only {_money('850,000,000')} is left",
        # Q09: fits, but the chosen set scores higher
        "not chosen: the chosen combination gives a higher total priority",
    ]

    dinkes_b = agency_facts(facts, "DINKES_B")
    assert list(dinkes_b.candidates["reason_text"]) == [
        "not chosen: this year's 20 quick wins are filled by higher-ranked candidates",
    ]
    assert agency_facts(facts, "KOMINFO").candidates.empty  # 03 ran; no candidate of its own


def test_reasons_in_indonesian(run):
    use_language("id")
    facts = load_facts(_context(run.out_dir, "id"))
    reasons = list(agency_facts(facts, "DINKES_A").candidates["reason_text"])
    assert reasons[0] == (f"terpilih: biaya Rp{NBSP}1.000.000.000 (40% dari anggaran Quick "
                          "Win), masih dalam anggaran Quick Win dan dalam batas 2 program per "
                          "perangkat daerah serta kuota 20 program tahun ini")
    assert reasons[2] == ("tidak terpilih: batas 2 quick win per perangkat daerah untuk "
                          "Dinkes (Kota Pontianak) sudah terisi oleh kandidatnya yang "
                          "berperingkat lebih tinggi")


# ------------------------------------------------------------------ partners


def test_partners_by_02s_strength_with_the_declared_partnerships_read_by_hand(facts):
    partners = agency_facts(facts, "DISHUB").partners
    # BAPPEDA weighs 4 (1 pair + 3 declared), first although it has the fewest pairs;
    # DINKES_B (2 pairs + 1 declared) and KOMINFO (3 pairs + 0) both weigh 3: DINKES_B first,
    # its partnership is declared, although KOMINFO has more similar pairs; DINKES_A weighs 1
    assert [p["code"] for p in partners] == ["BAPPEDA", "DINKES_B", "KOMINFO", "DINKES_A"]
    assert [(p["weight"], p["pairs"], p["declared"]) for p in partners] == [
        (4, 1, 3), (3, 2, 1), (3, 3, 0), (1, 1, 0)]
    assert [p["name"] for p in partners] == [
        "Bappeda", "Dinkes (Kubu Raya)", "Diskominfo", "Dinkes (Kota Pontianak)"]
    assert [p["best"] for p in partners] == pytest.approx([0.51, 0.93, 0.91, 0.60])
    # the registry's partner column, read by hand: DISHUB's own declarations first (N01, N02
    # name BAPPEDA), then BAPPEDA's N06 naming DISHUB; DINKES_B's N08 (2023) names DISHUB
    assert partners[0]["declarations"] == [("Smart Parking", "DISHUB"),
                                           ("Traffic Light", "DISHUB"),
                                           ("Satu Data", "BAPPEDA")]
    assert partners[1]["declarations"] == [("Ambulans Online", "DINKES_B")]
    assert partners[2]["declarations"] == [] and partners[3]["declarations"] == []
    # as many declarations as 02 counted for each link
    assert [len(p["declarations"]) for p in partners] == [p["declared"] for p in partners]

    kominfo = partners[2]
    # DISHUB's innovation first whichever side of the pair it was on; most similar first
    assert kominfo["examples"] == [("Traffic Light", "CCTV Kota", 0.91),
                                   ("Smart Parking", "Parkir Online", 0.72),
                                   ("Bus Tracker", "Peta Kota", 0.55)]
    # "peta" is shared twice (" aplikasi " is trimmed), the other seven once: the most
    # frequent first, then a-z, five of them
    assert kominfo["terms"] == ["peta", "aplikasi", "cctv", "kamera", "lalu lintas"]

    dinkes_b = partners[1]
    assert dinkes_b["examples"] == [("Traffic Light", "Rujukan Online", 0.93),
                                    ("Bus Tracker", "Ambulans Online", 0.80)]
    assert dinkes_b["terms"] == ["gps", "lokasi", "online", "rujukan"]  # once each: a-z
    assert partners[0]["examples"] == [("Smart Parking", "Satu Data", 0.51)]
    assert partners[0]["terms"] == ["data"]


def test_an_innovation_registered_twice_is_named_apart_from_the_partners(facts):
    dishub = agency_facts(facts, "DISHUB")
    assert dishub.registered_twice == [("Smart Parking", "Diskominfo", "SMART PARKING")]
    kominfo = agency_facts(facts, "KOMINFO")
    assert kominfo.registered_twice == [("SMART PARKING", "Dishub", "Smart Parking")]
    assert agency_facts(facts, "BAPPEDA").registered_twice == []
    from smartcity_utils.reports.agency_partners import registered_twice_note

    assert registered_twice_note(dishub).endswith(
        "Possibly registered twice (not integration partners; check and remove one from the "
        "registry): Smart Parking is also recorded by Diskominfo as SMART PARKING.")


def test_partners_tied_on_weight_and_declared_go_by_name(facts):
    partners = agency_facts(facts, "KOMINFO").partners
    # DISHUB weighs 3; DINKES_A and DINKES_B weigh 1 with 1 pair each: by display name,
    # "Dinkes (Kota ..." before "Dinkes (Kubu ..." (o < u), although DINKES_B's pair (0.70)
    # is more similar than DINKES_A's (0.60) and its link comes first in the file
    assert [p["code"] for p in partners] == ["DISHUB", "DINKES_A", "DINKES_B"]
    assert [p["best"] for p in partners] == pytest.approx([0.91, 0.60, 0.70])
    assert partners[2]["examples"] == [("Peta Kota", "Ambulans Online", 0.70)]


def test_declared_partners_only_have_no_pairs(facts):
    partners = agency_facts(facts, "BAPPEDA").partners
    assert [p["code"] for p in partners] == ["DISHUB", "DINKES_A", "DINKES_B"]
    declared = partners[1]
    assert (declared["weight"], declared["pairs"], declared["declared"]) == (1, 0, 1)
    assert declared["examples"] == [] and declared["terms"] == [] and declared["best"] == 0.0
    assert declared["declarations"] == [("Satu Data", "BAPPEDA")]  # N06 names DINKES_A
    # BAPPEDA's side of its one pair with DISHUB comes first here
    assert partners[0]["examples"] == [("Satu Data", "Smart Parking", 0.51)]


# ------------------------------------------------------------------ every innovation


def test_every_innovation_with_its_decision_candidates_first(facts):
    dishub = agency_facts(facts, "DISHUB")
    decisions = dishub.decisions
    # the five ranked candidates by rank (Q05-Q09), then N04, N05, N10 by name; N01-N03 are
    # this fixture's registry rows of candidates that the hand-made ranking names Q05-Q09
    assert list(decisions["innovation_id"]) == ["Q05", "Q06", "Q07", "Q08", "Q09",
                                                "N04", "N10", "N05"]
    assert list(decisions["decision"].iloc[5:]) == [
        "not a candidate: not in the 2024 registry (last listed in 2023)",  # Karcis Kertas
        "not a candidate: the innovation has been stopped",  # Parkir Tua, dihentikan in 2024
        "not a candidate: not in the 2024 registry (last listed in 2023)",  # Terminal Lama
    ]
    assert list(decisions["decision"].iloc[:5]) == list(dishub.candidates["reason_text"])
    assert decisions["rank"].iloc[5:].isna().all()

    dinkes = agency_facts(facts, "DINKES_A").decisions
    assert list(dinkes["innovation_name"]) == ["Posyandu Digital", "Antrean Online",
                                               "Rekam Medis", "Antrean Lama"]
    assert dinkes["decision"].iloc[3] == "not a candidate: already a Quick Win in 2022"
    assert agency_facts(facts, "KOMINFO").decisions.empty  # nothing registered, ever


# ------------------------------------------------------------------ names and codes


def test_display_names_add_the_region_only_to_a_shared_short_name(facts):
    assert facts.names == {"BAPPEDA": "Bappeda", "DISHUB": "Dishub",
                           "DINKES_A": "Dinkes (Kota Pontianak)",
                           "DINKES_B": "Dinkes (Kubu Raya)", "KOMINFO": "Diskominfo"}
    dinkes = agency_facts(facts, "DINKES_B")
    assert (dinkes.short_name, dinkes.display_name) == ("Dinkes", "Dinkes (Kubu Raya)")
    assert dinkes.name == "Dinas Kesehatan Kabupaten Kubu Raya"
    assert agency_facts(facts, "DISHUB").display_name == "Dishub"


def test_an_unknown_code_lists_the_valid_codes_with_their_names(facts):
    with pytest.raises(UnknownAgency) as caught:
        agency_facts(facts, "Dishub")  # the short name, not the code
    message = str(caught.value)
    assert message.startswith("no agency with the code 'Dishub' in the run's agencies table: "
                              "did you mean 'DISHUB' (Dishub)? (codes are case-sensitive;")
    # every code, a-z regardless of case, with its display name
    assert message.endswith(
        "the codes are: BAPPEDA (Bappeda), DINKES_A (Dinkes (Kota Pontianak)), "
        "DINKES_B (Dinkes (Kubu Raya)), DISHUB (Dishub), KOMINFO (Diskominfo))")
    for code, guess in [("kominfo", ": did you mean 'KOMINFO' (Diskominfo)?"),
                        ("Dinkes", ""),  # two agencies' short name: no guess
                        ("DINAS", "")]:
        with pytest.raises(UnknownAgency) as caught:
            agency_facts(facts, code)
        assert str(caught.value).startswith(f"no agency with the code {code!r} in the run's "
                                            f"agencies table{guess} (codes are")


# ------------------------------------------------------------------ stamps


def _write_for_another_year(context):
    other = RunFolder(context.out_dir, replace(context.stamp, year=YEAR - 1))
    other.write_table("quick_win_ranking", quick_win_ranking())


def test_a_strict_load_refuses_an_artifact_of_another_year(run):
    _write_for_another_year(run)
    with pytest.raises(ArtifactError) as caught:
        load_facts(run)
    message = str(caught.value)
    assert "quick_win_ranking.csv" in message
    assert "evaluation year 2023" in message and "2024" in message
    assert "03_quick_win_priority" in message  # the workbook to rerun


def test_a_lenient_load_leaves_the_stale_artifact_out_and_says_so(run):
    _write_for_another_year(run)
    facts = load_facts(run, strict=False)
    assert facts.table("quick_win_ranking") is None
    assert len(facts.stale) == 1 and "evaluation year 2023" in facts.stale[0]
    assert facts.terms.spent == 0.0  # nothing shortlisted is known
    dishub = agency_facts(facts, "DISHUB")
    assert not dishub.quick_win_ran and dishub.candidates is None
    assert dishub.rank == 2  # the rest is still there


# ------------------------------------------------------------------ the facts are read


def test_rank_and_assessed_count_are_read_from_the_artifacts_not_recomputed(run):
    facts = load_facts(run)
    assert agency_facts(facts, "DISHUB").rank == 2
    assert agency_facts(facts, "DISHUB").assessed_count == 4
    folder = run.run
    folder.write_table("index_by_agency", index_by_agency(dishub_rank=3))  # one off
    folder.write_table("city_index", city_index(assessed=32))
    facts = load_facts(run)
    # the page shows what 01 wrote, even where recounting the rows would say otherwise
    assert agency_facts(facts, "DISHUB").rank == 3
    assert agency_facts(facts, "DINKES_A").rank == 2
    assert agency_facts(facts, "DISHUB").assessed_count == 32

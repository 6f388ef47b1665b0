"""Every state an agency can be in gets its own right page (issue #24, item 2): no innovations,
not assessed, no Quick Win candidates, no partners, and all of them at once. Each state is a
small hand-made set of facts; the expected sentences are written out here in English as a
head of agency should read them, not copied from the code's output. Whatever the state, the
summary box's most important step is the first of the next steps, no table is shown empty and
no note explains a column that is not shown."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from smartcity_utils.reports import agency_page, agency_partners, agency_quick_win
from smartcity_utils.reports.agency_facts import AgencyFacts
from smartcity_utils.strings import use_language

YEAR = 2024
NO_INNOVATIONS = pd.DataFrame(columns=["agency_code", "year"])
CANDIDATE_COLUMNS = ["innovation_id", "innovation_name", "rank", "top_k_probability",
                     "budget_idr", "shortlisted", "reason_text"]


@pytest.fixture(autouse=True)
def english():
    use_language("en")
    yield
    use_language("id")


def _candidates(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=CANDIDATE_COLUMNS).astype({"rank": "Int64"})
    frame["shortlisted"] = frame["shortlisted"].astype(bool)
    frame.attrs["of"] = 145
    return frame


def _decisions(candidates: pd.DataFrame, *others) -> pd.DataFrame:
    """The candidates, then innovations that are not candidates: (id, name, budget, why)."""
    ranked = candidates.rename(columns={"reason_text": "decision"})
    rest = pd.DataFrame([{"innovation_id": i, "innovation_name": n, "rank": pd.NA,
                          "top_k_probability": float("nan"), "budget_idr": b,
                          "shortlisted": False, "decision": why} for i, n, b, why in others],
                        columns=ranked.columns)
    return pd.concat([ranked, rest], ignore_index=True) if len(rest) else ranked


def _declared_only(name: str, innovation: str) -> dict:
    """A partner that names this agency in one of its innovations, nothing similar."""
    return {"code": name.upper(), "name": name, "weight": 1, "pairs": 0, "declared": 1,
            "declarations": [(innovation, name.upper())], "best": 0.0, "examples": [],
            "terms": []}


def _similar(name: str, pairs: int) -> dict:
    return {"code": name.upper(), "name": name, "weight": pairs, "pairs": pairs, "declared": 0,
            "declarations": [], "best": 0.7, "examples": [("Ours", "Theirs", 0.7)],
            "terms": ["online"]}


def _scores(weakest: str, difference: float) -> pd.DataFrame:
    return pd.DataFrame({"dimension": [weakest, "Outcome"], "agency": [2.0, 3.0],
                         "city": [2.0 - difference, 2.9],
                         "difference": [difference, 0.1]})


def _facts(**state) -> AgencyFacts:
    base = dict(code="X", name="Dinas X", short_name="DX", display_name="DX", year=YEAR,
                lang="en", stage1_ran=True, assessed=True, index=2.5, band="Good", rank=3,
                assessed_count=32, evidence_missing=0, quick_win_ran=True, clusters_ran=True,
                top_k=10, quick_win_quota=20, innovations=2)
    base.update(state)
    return AgencyFacts(**base)


CHOSEN = _candidates(("I1", "Posyandu", 13, 0.23, 107_265_000, True, "chosen: costs ..."),
                     ("I2", "PSC 119", 64, 0.0, 264_692_000, False, "not chosen: ..."))
NOT_CHOSEN = _candidates(("I1", "Posyandu", 40, 0.0, 5_000_000, False, "not chosen: ..."))
EARLIER = ("I9", "Antrean Online", 15_985_000, "not a candidate: already a Quick Win in 2022")
STOPPED = ("I8", "Karcis Kertas", 1_000_000, "not a candidate: the innovation has been stopped")

STATES = {
    # DPPP in the sample: assessed, one evidence item missing, no innovation of its own, three
    # agencies name it as a partner of theirs
    "no innovations": _facts(
        innovations=0, evidence_missing=1, candidates=_candidates(),
        decisions=_decisions(_candidates()),
        scores=_scores("Output", -0.22),
        partners=[_declared_only("Bappeda", "Teman BAPPERIDA")]),
    "not assessed": _facts(
        assessed=False, index=None, band=None, rank=None, evidence_missing=None,
        candidates=NOT_CHOSEN, decisions=_decisions(NOT_CHOSEN, EARLIER),
        partners=[_similar("Diskominfo", 5)]),
    "no candidates": _facts(
        candidates=_candidates(), decisions=_decisions(_candidates(), EARLIER, STOPPED),
        partners=[]),
    "no partners": _facts(candidates=NOT_CHOSEN, decisions=_decisions(NOT_CHOSEN),
                          partners=[]),
    "all of them": _facts(
        innovations=6, evidence_missing=4, candidates=CHOSEN,
        decisions=_decisions(CHOSEN, EARLIER), scores=_scores("Baseline", -0.92),
        partners=[_similar("RSUD SSMA", 8), _declared_only("Kec. Selatan", "Rekam Medis")]),
}

# What the head reads first in the box, and the step that matters most, worked out by hand
# from each state: what is missing that the agency itself can supply comes first.
EXPECTED = {
    "no innovations": {
        "Registered innovations": "no innovation in the 2024 registry",
        "Quick Wins chosen": "none (the agency has no registered innovation)",
        "Strongest integration partner": "Bappeda (1 recorded partnership)",
        "The next step that matters most":
            "Register the agency's innovations in this year's registry.",
    },
    "not assessed": {
        "Registered innovations": "2 innovations in the 2024 registry",
        "Stage I index": "not assessed (no assessment rows)",
        "Quick Wins chosen": "none (1 candidate not chosen, see section 4)",
        "The next step that matters most":
            "Send the Stage I 2024 self-assessment form with its evidence.",
    },
    "no candidates": {
        "Quick Wins chosen":
            "no candidates: none of its innovations can be put forward this year (section 4)",
        "Strongest integration partner":
            "none: no similar innovation in another agency and no recorded partnership",
        "The next step that matters most":
            "Prepare a new innovation for next year's Quick Wins: none of this year's can be "
            "a candidate (section 4).",
    },
    "no partners": {
        "Strongest integration partner":
            "none: no similar innovation in another agency and no recorded partnership",
        "The next step that matters most":
            "Keep up the results and update the innovation data next year.",
    },
    "all of them": {
        "Registered innovations": "6 innovations in the 2024 registry",
        "Evidence": "4 evidence items missing",
        "Quick Wins chosen": "Posyandu",
        "Strongest integration partner": "RSUD SSMA (8 similar innovation pairs)",
        "The next step that matters most":
            "Supply the 4 evidence items listed in section 2 before the Stage I form is sent.",
    },
}


def _box(facts: AgencyFacts) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in repr(agency_page.summary_box(facts)).split("\n"))


def _markdown(shown) -> str:
    return "" if shown is None else html.unescape(shown.data)


@pytest.mark.parametrize("state", list(STATES))
def test_each_state_has_its_message_in_the_box(state):
    box = _box(STATES[state])
    assert {k: box.get(k) for k in EXPECTED[state]} == EXPECTED[state]


@pytest.mark.parametrize("state", list(STATES))
def test_the_most_important_step_is_the_first_next_step(state):
    facts = STATES[state]
    bullets = [line[2:] for line in _markdown(agency_page.next_steps_section(facts))
               .splitlines() if line.startswith("- ")]
    assert bullets[0] == _box(facts)["The next step that matters most"]
    assert len(bullets) == len(set(bullets))  # no step said twice


def test_no_innovations_shows_no_empty_table_and_no_chance_note():
    facts = STATES["no innovations"]
    assert agency_page.innovations_table(NO_INNOVATIONS, facts) is None
    assert "The agency registered no innovation in the 2024 registry." in \
        _markdown(agency_page.innovations_intro(facts))
    quick = _markdown(agency_quick_win.quick_win_intro(facts))
    assert "The agency has no registered innovation, so none can be a 2024 Quick Win " \
        "candidate." in quick
    assert "Chance of a top" not in quick  # no column of chances is shown
    assert agency_quick_win.quick_win_table(facts) is None
    # its partner named it in an innovation: the recorded partnership, no similar-pairs columns
    table = agency_partners.partners_table(facts)
    assert list(table.columns) == ["Links", "Recorded partnerships"]
    assert table.iloc[0, 1] == "Teman BAPPERIDA (Bappeda) names this agency as a partner"
    steps = _markdown(agency_page.next_steps_section(facts))
    assert "Agree who does what with Bappeda in the recorded partnership: Teman BAPPERIDA " \
        "(section 3)." in steps
    page = repr(agency_page.summary_box(facts)) + _markdown(agency_partners.partners_intro(facts))
    assert "no similar innovation" not in page


def test_no_innovations_and_no_partner_does_not_claim_others_lack_similar_ones():
    facts = _facts(innovations=0, candidates=_candidates(),
                   decisions=_decisions(_candidates()), partners=[])
    assert _box(facts)["Strongest integration partner"] == (
        "none: without a registered innovation there is nothing to compare, and no other "
        "agency names it as a partner")
    assert agency_partners.partners_table(facts) is None


def test_not_assessed_has_one_message_and_no_evidence_section():
    facts = STATES["not assessed"]
    assert "Evidence" not in _box(facts)
    stage1 = _markdown(agency_page.stage1_intro(facts))
    assert "This agency has not been assessed in Stage I 2024" in stage1
    assert agency_page.scores_table(facts) is None
    assert agency_page.evidence_intro(facts) is None  # no heading over nothing
    assert agency_page.evidence_table(facts) is None


def test_no_candidates_lists_every_innovation_with_why_and_no_rank_columns():
    facts = STATES["no candidates"]
    quick = _markdown(agency_quick_win.quick_win_intro(facts))
    assert "No 2024 Quick Win candidate among the agency's 2 innovations; the reason " \
        "for each is in the Decision column." in quick
    assert "Chance of a top" not in quick
    table = agency_quick_win.quick_win_table(facts)
    assert list(table.columns) == ["Decision", "Budget"]
    assert list(table.index) == ["Antrean Online", "Karcis Kertas"]
    assert list(table["Decision"]) == ["not a candidate: already a Quick Win in 2022",
                                       "not a candidate: the innovation has been stopped"]


def test_all_of_them_lists_chosen_then_not_chosen_then_not_candidates():
    facts = STATES["all of them"]
    table = agency_quick_win.quick_win_table(facts)
    assert list(table.index) == ["Posyandu", "PSC 119", "Antrean Online"]
    assert [d.split(":")[0] for d in table["Decision"]] == ["chosen", "not chosen",
                                                            "not a candidate"]
    assert list(table["City priority rank"]) == ["13 of 145", "64 of 145", "–"]
    quick = _markdown(agency_quick_win.quick_win_intro(facts))
    assert "2 candidates for the 2024 Quick Wins, 1 of them chosen; not a candidate this " \
        "year: 1 innovation." in quick
    steps = _markdown(agency_page.next_steps_section(facts)).splitlines()[2:]
    assert steps == [
        "- Supply the 4 evidence items listed in section 2 before the Stage I form is sent.",
        "- Prepare delivery of the Quick Win: Posyandu.",
        "- Strengthen the Baseline evaluation dimension, furthest below the city.",
        "- Discuss integrating innovations with RSUD SSMA (section 3).",
        "- Agree who does what with Kec. Selatan in the recorded partnership: Rekam Medis "
        "(section 3).",
    ]


def test_a_part_of_the_city_work_that_did_not_run_is_named_in_words():
    facts = _facts(stage1_ran=False, assessed=False, quick_win_ran=False, clusters_ran=False,
                   partners=[])
    box = _box(facts)
    assert box["Stage I index"] == (
        "not available yet: the city's Stage I evaluation gave no results in this run (it has "
        "not run, or it failed; the coordinator sees which on the city summary)")
    for shown in box.values():
        assert "workbook" not in shown and "_" not in shown  # no file or code names
    assert box["The next step that matters most"].startswith("Some city results are missing")

"""The agency report's sentences when the data cannot carry a conclusion: evidence without a
status is "no data" (never "every indicator has its evidence"), pentahelix flags that are
absent are a blank (never "none")."""

import html

import pandas as pd
import pytest

from smartcity_utils.reports import agency_page, agency_partners, agency_quick_win
from smartcity_utils.reports.agency_facts import AgencyFacts
from smartcity_utils.strings import use_language


def _facts(**known):
    return AgencyFacts(code="X", name="Dinas X", short_name="DX", display_name="DX",
                       year=2024, lang="en",
                       stage1_ran=True, assessed=True, index=2.5, band="Good", rank=1,
                       assessed_count=3, quick_win_ran=True, clusters_ran=True, innovations=2,
                       **known)


@pytest.fixture(autouse=True)
def english():
    use_language("en")
    yield
    use_language("id")


def test_evidence_without_a_status_is_no_data_and_asks_for_the_column():
    facts = _facts(evidence_missing=None)
    assert agency_page.evidence_phrase(facts) == "no data (the evidence status was not filled in)"
    assert agency_page.next_steps(facts)[0].startswith('Fill the "Evidence Present" column')
    assert "every indicator has its evidence" not in agency_page.next_steps(facts)
    assert "cannot be counted yet" in agency_page.evidence_intro(facts).data
    assert agency_page.evidence_table(facts) is None


def test_evidence_counts_stay_what_the_rows_say():
    assert agency_page.evidence_phrase(_facts(evidence_missing=0)) == \
        "every indicator has its evidence"
    assert agency_page.evidence_phrase(_facts(evidence_missing=1)) == "1 evidence item missing"


def test_pentahelix_flags_absent_are_blank_and_all_false_is_none():
    unknown = pd.Series({f"pentahelix_{s}": pd.NA for s in
                         ("government", "academia", "business", "community", "media")})
    assert agency_page._pentahelix_phrase(unknown, "en") == "–"
    none = unknown.map(lambda _: False)
    assert agency_page._pentahelix_phrase(none, "en") == "none"
    some = none.copy()
    some["pentahelix_academia"] = True
    assert agency_page._pentahelix_phrase(some, "en") == "Academia"


def test_a_budget_of_zero_reads_unknown_and_its_candidate_is_told_why():
    from smartcity_utils.quick_win.reasons import QuickWinTerms, reason_text

    assert agency_quick_win.budget_phrase(0.0, "en") == "0 (unknown)"
    assert agency_quick_win.budget_phrase(float("nan"), "en") == "–"
    assert agency_quick_win.budget_phrase(1_250_000.0, "en") == "IDR\u00a01,250,000"
    terms = QuickWinTerms(budget=2_500_000_000.0, spent=5_000_000.0, limits={})
    reason = reason_text("no_cost", 0.0, "X", "Smart Living", terms, {}, "en")
    assert reason.startswith("not chosen: its budget is not recorded (empty or 0)")


def test_the_top_k_chance_says_what_it_is_of_beside_the_list_size():
    """Issue #24, item 3: a top-10 place is not a place among the chosen; the chance's header
    says how many programmes the Quick Win list holds (criteria file's max_total, else the
    budget), and the decision comes first, with "chosen" or "not chosen" as its first word."""
    candidates = pd.DataFrame({"innovation_id": ["I1"], "innovation_name": ["A"], "rank": [3],
                               "top_k_probability": [0.19], "budget_idr": [1e6],
                               "shortlisted": [False], "reason_text": ["not chosen: ..."]},
                              ).astype({"rank": "Int64"})
    decisions = candidates.rename(columns={"reason_text": "decision"})
    table = agency_quick_win.quick_win_table(
        _facts(candidates=candidates, decisions=decisions, quick_win_quota=20))
    assert list(table.columns) == [
        "Decision", "City priority rank",
        "Chance of a top-10 place in the city ranking (the Quick Win list: 20 programmes)",
        "Budget"]
    assert list(table.iloc[0]) == ["not chosen: ...", "3 of 1", "19%", "IDR\u00a01,000,000"]
    table = agency_quick_win.quick_win_table(
        _facts(candidates=candidates, decisions=decisions, quick_win_quota=None))
    assert table.columns[2] == ("Chance of a top-10 place in the city ranking (the Quick Win "
                                "list: as many as the budget allows)")
    note = html.unescape(agency_quick_win.quick_win_intro(
        _facts(candidates=candidates, decisions=decisions, quick_win_quota=20)).data)
    assert "It is not the chance of being chosen: this year's Quick Win list holds 20 " \
        "programmes" in note


def test_without_a_city_registry_the_page_says_so_not_that_a_workbook_failed():
    """An agencies-only folder: 02 and 03 ran and ended with 'no registry', so the agency page
    says the city has no registry yet, never that a workbook has not run or failed."""
    facts = AgencyFacts(code="X", name="Dinas X", short_name="DX", display_name="DX",
                        year=2024, lang="en", stage1_ran=True, city_registry=False)
    box = agency_page.summary_box(facts).html
    assert "holds no readable innovation registry" in box
    assert "has not run" not in box and "quick_win_priority" not in box
    assert "has not run" not in agency_partners.partners_intro(facts).data
    steps = " ".join(agency_page.next_steps(facts))
    assert "Register the agency's innovations" in steps and "rerun" not in steps
    ran_nothing = AgencyFacts(code="X", name="Dinas X", short_name="DX", display_name="DX",
                              year=2024, lang="en", stage1_ran=True)
    assert "has not run" in agency_partners.partners_intro(ran_nothing).data

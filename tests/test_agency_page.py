"""The agency report's sentences when the data cannot carry a conclusion: evidence without a
status is "no data" (never "every indicator has its evidence"), pentahelix flags that are
absent are a blank (never "none")."""

import pandas as pd
import pytest

from smartcity_utils.reports import agency_page
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
    assert agency_page.next_step(facts).startswith('Fill the "Evidence Present" column')
    assert "every indicator has its evidence" not in agency_page.next_steps(facts)
    assert "cannot be counted yet" in agency_page.evidence_section(facts).data


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

    assert agency_page.budget_phrase(0.0, "en") == "0 (unknown)"
    assert agency_page.budget_phrase(float("nan"), "en") == "–"
    assert agency_page.budget_phrase(1_250_000.0, "en") == "IDR\u00a01,250,000"
    terms = QuickWinTerms(budget=2_500_000_000.0, spent=5_000_000.0, limits={})
    reason = reason_text("no_cost", 0.0, "X", "Smart Living", terms, {}, "en")
    assert reason.startswith("not chosen: its budget is not recorded (empty or 0)")


def test_the_top_k_chance_is_worded_beside_the_quick_win_quota():
    """Issue #23, item 6: a top-10 place is not a shortlist place; the chance's header says
    how many programmes the shortlist may hold (criteria file's max_total, else the budget)."""
    candidates = pd.DataFrame({"innovation_name": ["A"], "rank": [3], "top_k_probability": [0.19],
                               "budget_idr": [1e6], "shortlisted": [False],
                               "reason_text": ["not chosen"]})
    table = agency_page.candidates_section(_facts(candidates=candidates, quick_win_quota=20))
    assert table.columns[1] == "Chance of a top-10 place (Quick Win quota: 20 programmes)"
    assert table.iloc[0, 1] == "19%"
    table = agency_page.candidates_section(_facts(candidates=candidates, quick_win_quota=None))
    assert table.columns[1] == "Chance of a top-10 place (Quick Win quota: as many as the " \
                               "budget allows)"
    assert "is not a place on the shortlist" in agency_page.candidates_note(_facts())


def test_without_a_city_registry_the_page_says_so_not_that_a_workbook_failed():
    """An agencies-only folder: 02 and 03 ran and ended with 'no registry', so the agency page
    says the city has no registry yet, never that a workbook has not run or failed."""
    facts = AgencyFacts(code="X", name="Dinas X", short_name="DX", display_name="DX",
                        year=2024, lang="en", stage1_ran=True, city_registry=False)
    box = agency_page.summary_box(facts).html
    assert "holds no readable innovation registry" in box
    assert "has not run" not in box and "quick_win_priority" not in box
    assert "has not run" not in agency_page.partners_section(facts).data
    steps = agency_page.next_steps(facts)
    assert "Register the agency&#x27;s innovations" in steps and "rerun" not in steps
    ran_nothing = AgencyFacts(code="X", name="Dinas X", short_name="DX", display_name="DX",
                              year=2024, lang="en", stage1_ran=True)
    assert "has not run" in agency_page.partners_section(ran_nothing).data

"""The agency drop-down of workbook 10 (issue 27, item 4): the run's agencies by display name,
and every block of the page shown again, by the page's own functions, for the agency chosen.
Runs on the hand-made run of test_agency_facts, whose names are worked out there by hand."""

from IPython.display import Markdown
from test_agency_facts import facts, run  # noqa: F401 - the hand-made run's fixtures

from smartcity_utils.reports import agency_page
from smartcity_utils.reports.agency_picker import AgencyReport, agency_choices


def test_the_choices_are_every_agency_by_display_name(facts):  # noqa: F811
    # The two "Dinkes" share a short name, so each carries its region (names.py); sorted by
    # name without regard to case: Bappeda, Dinkes (K)ota, Dinkes (K)ubu, Dis(h)ub, Dis(k)ominfo.
    assert agency_choices(facts) == [
        ("Bappeda", "BAPPEDA"), ("Dinkes (Kota Pontianak)", "DINKES_A"),
        ("Dinkes (Kubu Raya)", "DINKES_B"), ("Dishub", "DISHUB"), ("Diskominfo", "KOMINFO")]


def test_under_papermill_a_block_is_the_page_functions_result_for_the_agency(facts):  # noqa: F811
    report = AgencyReport(facts, "DISHUB")
    title = report.show(agency_page.title_block)
    assert isinstance(title, Markdown)
    assert title.data == "# Smart City Report - Dinas Perhubungan - 2024\n\nDishub"
    assert isinstance(report.picker(), Markdown)  # the sentence saying how to get the list
    assert "interactive = True" in report.picker().data


def test_choosing_an_agency_shows_every_block_again_for_it(facts):  # noqa: F811
    seen = []
    report = AgencyReport(facts, "DISHUB", interactive=True)
    report.show(lambda agency: seen.append(agency.display_name))
    report.show(lambda rows, agency: seen.append((rows, agency.code)), "rows")
    assert seen == ["Dishub", ("rows", "DISHUB")]
    dropdown = report.picker()
    assert dropdown.value == "DISHUB" and len(dropdown.options) == 5
    dropdown.value = "DINKES_B"  # what a reader's choice in JupyterLab does
    assert seen[2:] == ["Dinkes (Kubu Raya)", ("rows", "DINKES_B")]
    assert report.facts.name == "Dinas Kesehatan Kabupaten Kubu Raya"
    assert agency_page.page_title(report.facts).startswith(
        "# Smart City Report - Dinas Kesehatan Kabupaten Kubu Raya - 2024")

"""Data-derived text is escaped in every page, and file names from agency codes stay inside
the output folder."""

from pathlib import Path

import pandas as pd

from smartcity_utils.artifacts import slug
from smartcity_utils.context import run_context
from smartcity_utils.names import agency_slugs
from smartcity_utils.params import load_params
from smartcity_utils.reports.html import index_html

HOSTILE = '<script>alert("x")</script>'


def test_slug_keeps_only_safe_characters():
    assert slug("DINKES") == "DINKES"
    assert slug("KEC-PTK_KOTA") == "KEC-PTK_KOTA"
    assert slug("../../x") == "x"
    assert slug(HOSTILE) == "script-alert-x-script"
    assert slug("///") == "agency"


def test_slugged_paths_stay_inside_the_output_folder(tmp_path):
    for code in ["../../x", "/etc/passwd", "..", "a/../../b", "C:\\x", HOSTILE]:
        target = (tmp_path / "reports" / "agencies" / f"{slug(code)}.html").resolve()
        assert target.is_relative_to(tmp_path.resolve())


def test_agency_slugs_are_distinct_when_codes_collide():
    slugs = agency_slugs(["A/B", "A-B", "A B"])
    assert len(set(slugs.values())) == 3
    assert slugs["A/B"] == "A-B"


def _page(name: str, error: str | None = None) -> str:
    city = [{"notebook": "00_data_quality.ipynb", "status": "ok", "error": None,
             "html": "reports/00_data_quality.html"}]
    agencies = [{"agency": name, "status": "failed" if error else "ok",
                 "error": error, "html": f"reports/agencies/{slug(name)}.html"}]
    context = run_context(dict(load_params(), city=f"Kota {name}"))
    return index_html(context, city, agencies)


def test_index_escapes_names_errors_and_headlines():
    page = _page(HOSTILE, error=f"ValueError: {HOSTILE}")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_index_links_every_agency_report_by_slug():
    page = _page("../../x")
    assert 'href="reports/agencies/x.html"' in page
    assert Path("reports/agencies/x.html").parts[0] == "reports"


def test_index_speaks_the_report_language():
    assert "Laporan perangkat daerah" in _page("DINKES")


def test_the_shared_html_exporter_gives_each_notebook_its_own_page():
    """One exporter serves a whole worker: pages must not carry anything from the one before,
    neither its text nor its title or language."""
    import html as html_module

    import nbformat

    from smartcity_utils.reports.html import notebook_html
    from smartcity_utils.reports.pagecheck import read_page

    def notebook(name: str, lang: str):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
            f"# {html_module.escape(name)}")])
        nb.metadata["papermill"] = {"parameters": {"lang": lang}}
        return nb

    first = read_page(notebook_html(notebook("Dinas Kesehatan", "en")))
    second_page = notebook_html(notebook(HOSTILE, "id"))
    second = read_page(second_page)
    assert (first.title, first.lang) == ("Dinas Kesehatan", "en")
    assert (second.title, second.lang) == (HOSTILE, "id")
    assert "Dinas Kesehatan" not in second_page
    assert second.scripts == 0 and "<script>alert" not in second_page


def test_index_lists_city_workbooks_in_run_order_by_title():
    from smartcity_utils.reports.pagecheck import read_page

    runs = [{"notebook": f"{n}.ipynb", "status": "ok", "error": None,
             "html": f"reports/{n}.html"}
            for n in ("02_innovation_clusters", "00_data_quality", "01_stage1_evaluation")]
    page = read_page(index_html(run_context(dict(load_params(), lang="en")), runs, []))
    assert page.tables[0].first_column == ["Data quality", "Stage I evaluation",
                                           "Innovation clusters and integration"]


def test_a_long_table_shows_its_first_and_last_rows_as_pandas_does():
    from smartcity_utils.reports.tables import page_table_html, shown_rows

    table = pd.DataFrame({"n": range(450)}, index=pd.Index([f"A{i}" for i in range(450)],
                                                           name="agency"))
    with pd.option_context("display.max_rows", 200, "display.min_rows", 200):
        shown, caption = shown_rows(table, "en")
        assert list(shown["n"]) == list(range(100)) + list(range(350, 450))
        assert caption.startswith("200 of 450 rows shown")
        short = table.head(200)
        assert shown_rows(short, "en") == (short, None)
        page = page_table_html(table, "en")
    assert page.count("<tr>") == 1 + 200 and "<caption>200 of 450 rows shown" in page
    assert ">A449<" in page and ">A100<" not in page


def test_an_index_without_agency_reports_says_why_instead_of_an_empty_table():
    """An agencies-only folder: no agency has an innovation or an assessment row, so the batch
    plan makes no agency report; the page says so in its language (issue #23)."""
    city = [{"notebook": "00_data_quality.ipynb", "status": "ok", "error": None,
             "html": "reports/00_data_quality.html"}]
    for lang, words in (("id", "Belum ada laporan perangkat daerah"),
                        ("en", "No agency report yet")):
        context = run_context(dict(load_params(), lang=lang))
        page = index_html(context, city, [])
        assert words in page
        assert "<th>" not in page.split(words)[1]  # no empty agency table after it

"""The pages read as a reader's browser reads them: markup renders (headings, tables with
their header row, figures), data text stays escaped where it enters the page, nothing loads
from elsewhere, and the page has its own title and language."""

import html

import nbformat
import pandas as pd
import pytest

from smartcity_utils.batch.plan import city_notebooks, tutorial_notebooks
from smartcity_utils.paths import notebooks_dir
from smartcity_utils.reports.export import clean_report_html, export_page, page_title, unfolded
from smartcity_utils.reports.index_page import _figures_html
from smartcity_utils.reports.pagecheck import page_problems, read_page
from smartcity_utils.reports.tables import series_html, table_html

HOSTILE = '<script>alert("x")</script>'


def _executed(cells, lang="id"):
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["papermill"] = {"parameters": {"lang": lang}}
    return nb


def _output_cell(html_text, plain="table"):
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output(
        "execute_result", data={"text/html": html_text, "text/plain": plain}, execution_count=1)]
    return cell


def _agency_table():
    return pd.DataFrame({"Inovasi": ["PSC 119", HOSTILE], "Anggaran": [1250000.0, 2.375],
                         "Tahun": [2024, 2023]})


def test_markdown_tables_and_headings_render_and_names_stay_escaped():
    nb = _executed([
        nbformat.v4.new_markdown_cell(f"# Laporan - {html.escape(HOSTILE)}\n\nTeks *biasa*."),
        _output_cell(table_html(_agency_table(), "id")),
    ])
    page = export_page(nb)
    reading = read_page(page)
    # The only "markup" a reader sees is the hostile name itself, as text.
    assert {p for p in page_problems(page, "id")} == {
        "markup shown as text: '<script>'", "markup shown as text: '</script>'"}
    assert "<h1" in page and "<thead>" in page and "<th" in page
    assert reading.scripts == 0
    assert HOSTILE in reading.text  # shown to the reader as text, never run
    assert reading.lang == "id"
    assert reading.title == f"Laporan - {HOSTILE}"


def test_a_page_of_ordinary_names_passes_the_checker():
    table = _agency_table().replace({HOSTILE: "Dinas Kesehatan & RSUD"})
    nb = _executed([nbformat.v4.new_markdown_cell("# Laporan\n\n## 1. Inovasi"),
                    _output_cell(table_html(table, "id"))])
    assert page_problems(export_page(nb), "id") == []


def test_raw_markup_in_an_output_cannot_run_or_load():
    hostile = ('<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">a</a>'
               f'{HOSTILE}<script src="https://cdn.example.org/x.js"></script>'
               '<img src="data:image/png;base64,iVBORw0KGgo=">')
    page = export_page(_executed([_output_cell(hostile)]))
    reading = read_page(page)
    assert reading.scripts == 0 and reading.loads == []
    assert "onerror" not in page and "javascript:" not in page
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in page


def test_pages_load_nothing_from_another_host_and_forbid_scripts():
    page = export_page(_executed([nbformat.v4.new_markdown_cell("# T")], lang="en"))
    reading = read_page(page)
    assert reading.loads == [] and reading.scripts == 0
    assert "require.js" not in page and "mathjax" not in page.lower()
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert reading.lang == "en"


def test_cells_tagged_hidden_stay_out_of_the_page_and_its_title():
    intro = nbformat.v4.new_markdown_cell("# 10 · Developer intro\n\n(parameter `agency`)")
    intro.metadata["tags"] = ["smartcity-hide"]
    nb = _executed([intro, nbformat.v4.new_markdown_cell("# Laporan Smart City - Dinkes")])
    page = export_page(nb)
    assert "Developer intro" not in page and "(parameter" not in page
    assert page_title(nb) == "Laporan Smart City - Dinkes"


def test_cleaning_keeps_report_structure_and_drops_what_runs():
    kept = clean_report_html('<h2 id="a">T</h2><table><thead><tr><th scope="col">A</th></tr>'
                             '</thead><tbody><tr><td class="num">1</td></tr></tbody></table>')
    assert kept.startswith('<h2 id="a">') and '<th scope="col">' in kept
    assert "&lt;script&gt;" in clean_report_html(HOSTILE)


def test_tables_have_a_header_row_and_no_row_numbers():
    reading = read_page(table_html(_agency_table(), "id"))
    (table,) = reading.tables
    assert table.header == ["Inovasi", "Anggaran", "Tahun"]
    assert table.first_column == ["PSC 119", HOSTILE]
    assert "1.250.000,00" in reading.text and "2,38" in reading.text
    assert "2024" in reading.text and "2.024" not in reading.text


def test_a_named_index_becomes_the_first_column_and_missing_values_say_nothing_odd():
    frame = pd.DataFrame({"Skor": [2.0, None]}, index=pd.Index(["Baseline", "Impact"],
                                                               name="Dimensi"))
    reading = read_page(table_html(frame, "en"))
    assert reading.tables[0].header == ["Dimensi", "Skor"]
    assert reading.tables[0].first_column == ["Baseline", "Impact"]
    assert "NaN" not in reading.text and "–" in reading.text


def test_a_series_is_a_labelled_two_column_table():
    reading = read_page(series_html(pd.Series({"min": 0.88, "max": 1.0}, name="spearman"), "id"))
    assert reading.tables[0].header == ["Keterangan", "spearman"]
    assert "0,88" in reading.text and "dtype" not in reading.text


@pytest.mark.parametrize("page, problem", [
    ('<html lang="id"><title>T</title><p>&lt;h1 id="x"&gt;Laporan</p></html>', "markup"),
    ('<html lang="id"><title>T</title><p>&lt;style scoped&gt; .dataframe tbody tr th '
     '{vertical-align: top;}</p></html>', "markup"),
    ('<html lang="id"><title>T</title><table><tr><td>a</td></tr></table></html>', "header"),
    ('<html lang="en"><title>Notebook</title></html>', "title"),
    ('<html lang="id"><title>T</title><script src="https://cdn.x/require.js"></script></html>',
     "another host"),
    ('<html lang="id"><title>T</title><table><thead><tr><th></th><th>A</th></tr></thead>'
     '<tbody><tr><td>0</td><td>x</td></tr><tr><td>1</td><td>y</td></tr></tbody></table></html>',
     "row numbers"),
    ('<html lang="id"><title>T</title><p>Name: spearman, dtype: float64</p></html>',
     "program's value"),
])
def test_the_checker_sees_what_a_reader_trips_over(page, problem):
    assert any(problem in p for p in page_problems(page, "id"))


def test_the_checker_wants_the_report_language():
    assert page_problems('<html lang="en"><title>T</title></html>', "en") == []
    assert page_problems('<html lang="en"><title>T</title></html>', "id") != []


def _language_pair(indonesian, english):
    cells = [nbformat.v4.new_markdown_cell(indonesian), nbformat.v4.new_markdown_cell(english)]
    cells[0].metadata["tags"], cells[1].metadata["tags"] = ["lang-id"], ["lang-en"]
    return cells


@pytest.mark.parametrize("lang, shown, left_out", [
    ("id", "Kualitas Data", "Data Quality"), ("en", "Data Quality", "Kualitas Data")])
def test_a_page_shows_the_explanations_of_its_language_only(lang, shown, left_out):
    nb = _executed(_language_pair("# 00 · Kualitas Data", "# 00 · Data Quality"), lang=lang)
    page = export_page(nb)
    text = read_page(page).text
    assert shown in text and left_out not in text
    assert read_page(page).title == f"00 · {shown}"


def test_every_explanation_of_the_city_workbooks_comes_in_both_languages():
    """Each markdown cell of 00-04 and of the tutorial is an Indonesian cell followed by its
    English one, so a page in either language misses no explanation."""
    folder = notebooks_dir()
    for path in city_notebooks(folder) + tutorial_notebooks(folder):
        cells = [c for c in nbformat.read(path, as_version=4).cells
                 if c.cell_type == "markdown"]
        # a section for JupyterLab only (hidden on the page) still comes in both languages
        tags = [tuple(t for t in c.metadata.get("tags", []) if t != "smartcity-hide")
                for c in cells]
        assert tags == [("lang-id",), ("lang-en",)] * (len(cells) // 2), path.name
        for indonesian, english in zip(cells[::2], cells[1::2], strict=True):
            # as written: the language JupyterLab does not show is folded (lab_language)
            indonesian, english = unfolded(indonesian.source), unfolded(english.source)
            assert indonesian.startswith("#") == english.startswith("#"), \
                (path.name, english[:60])


def test_years_are_written_without_thousands_separators_whatever_their_type():
    table = pd.DataFrame({"Tahun": pd.array([2022, 2023], dtype="Int64"),
                          "Penerima": pd.array([1250, 3], dtype="Int64")})
    page = table_html(table, "id")
    assert ">2022<" in page and ">2.022<" not in page and ">1.250<" in page


def test_the_index_figure_of_a_city_without_a_band_shows_no_none():
    """Issue #23, item 4: 'Indeks Tahap I kota – None, skala 0–4' on every corpus source."""
    figures = {"index": float("nan"), "band": None, "band_en": None, "scale": 4.0,
               "assessed": 0, "not_assessed": 3}
    page = _figures_html(figures, None, "id")
    assert "None" not in page and "nan" not in page
    assert "–, skala 0–4" in page
    assert "0 dari 3" in page  # the agencies assessed, shown without a change since last year


def test_a_registry_without_budgets_shows_no_rupiah_0_spent():
    """Issue #23: jatim_iid records no budget; index.html said 'Rp 0 dari anggaran'."""
    figures = {"quick_wins": 0, "spent": 0.0, "budget": 2.5e9, "costs_known": False}
    page = _figures_html(figures, None, "id")
    assert "Rp\xa00" not in page and "biaya tidak diketahui" in page
    known = _figures_html(figures | {"costs_known": True, "spent": 5e8, "quick_wins": 2},
                          None, "id")
    assert "Rp\xa0500.000.000 dari anggaran Rp\xa02.500.000.000" in known  # no break in Rp


def test_a_failed_notebooks_python_error_stays_off_an_indonesian_index():
    """Issue #23: index.html showed the manifest's error, Python's English text."""
    from smartcity_utils.reports.index_page import _failure

    run = {"status": "failed", "error": "ValueError: no rows of the year 2025"}
    assert _failure(run, "id") == ('<br><span class="failed">gagal</span> &ndash; rincian '
                                   'kesalahannya tercatat di notebook yang dijalankan')
    assert "no rows of the year 2025" in _failure(run, "en")


def test_the_projects_english_text_on_an_indonesian_page_is_a_problem():
    """Issue #23, item 7: a reject reason as the loader writes it is English; the Indonesian
    page must word it in Indonesian. An English header the data contract accepts may be a
    user's own (shown as written), and an English page may say anything in English."""
    def page(lang, body):
        return f'<html lang="{lang}"><title>00</title><body><p>{body}</p></body></html>'

    english = ("no assessment table found in the directory: Stage I cannot be evaluated; the "
               "other workbooks run without it")
    assert page_problems(page("id", english), "id") == [f"English on an Indonesian page: "
                                                        f"{english!r}"]
    assert page_problems(page("id", "empty required field (row 7)"), "id") == [
        "English on an Indonesian page: 'empty required field'"]
    assert page_problems(page("id", "tidak ada tabel penilaian di folder"), "id") == []
    assert page_problems(page("id", "Evaluation Dimension: 'Audit TIK'"), "id") == []
    assert page_problems(page("en", english), "en") == []


@pytest.mark.parametrize("reason", [
    "not a valid date: '31/02/2024' (no such day in that month)",
    "not a valid date: '05/13/2024' (no such month)",
    "unreadable file: not an Excel .xlsx workbook",
    "unreadable file: damaged Excel workbook",
    "unreadable file: no permission to read it",
    "unreadable file: not readable as CSV",
    "unreadable file: the system could not read it",
])
def test_a_reason_that_used_to_carry_pythons_words_is_indonesian_on_page_00(reason):
    """Issue #23: the loader wrote Python's exception text (English, and sometimes a machine
    path) into a reason; it now names the cause in a phrase page 00 can word in Indonesian."""
    from smartcity_utils.quality.reasons import reason_text

    shown = reason_text(reason, "id")
    page = f'<html lang="id"><title>00</title><body><p>{shown}</p></body></html>'
    assert page_problems(page, "id") == []
    # English function words of Python's messages ("day is out of range for month", "File is
    # not a zip file", "month must be in 1..12") and of the loader's phrases
    english = {"no", "not", "is", "of", "for", "out", "the", "file", "such", "must", "be", "in",
               "could", "read", "it", "day", "month"}
    assert not english & set(shown.replace("(", " ").replace(")", " ").lower().split())

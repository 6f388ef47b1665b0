"""One language at a time in JupyterLab (issue 27, item 4): the other language's explanations
folded under their language's name (a `<details>` element, which stays closed when a cell runs,
where JupyterLab's collapsed-cell metadata opens again), nothing else of a notebook touched, the
switch from the command line, and a golden regeneration that keeps the report language shown."""

import json

import nbformat
import pytest

from smartcity_utils.batch import golden
from smartcity_utils.cli import main
from smartcity_utils.params import load_params
from smartcity_utils.paths import notebooks_dir
from smartcity_utils.reports.lab_language import show_language, show_language_in, shown_language


def _notebook(parameters='out_dir = "outputs"\n'):
    """A parameters cell, a language pair, a code cell and a cell in neither language."""
    cells = [nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
             nbformat.v4.new_markdown_cell("# Kualitas", metadata={"tags": ["lang-id"]}),
             nbformat.v4.new_markdown_cell("# Quality", metadata={"tags": ["lang-en"]}),
             nbformat.v4.new_code_cell("1 + 1", metadata={"jupyter": {"source_hidden": True}}),
             nbformat.v4.new_markdown_cell("both", metadata={"tags": ["smartcity-hide"]})]
    for i, cell in enumerate(cells):
        cell.id = f"cell-{i}"
    return nbformat.v4.new_notebook(cells=cells)


def _folded(nb):
    return [c.source.startswith('<details class="sc-other-language">') for c in nb.cells]


def test_the_other_languages_cells_are_folded_and_nothing_else():
    nb = _notebook()
    assert shown_language(nb) is None  # both open: as a notebook was before
    assert show_language(nb, "id") is True
    # the English cell folded; the code cell keeps its own collapsed setting; the rest untouched
    assert _folded(nb) == [False, False, True, False, False]
    assert nb.cells[3].metadata == {"jupyter": {"source_hidden": True}}
    assert shown_language(nb) == "id"
    assert show_language(nb, "id") is False  # already so: nothing to change
    assert show_language(nb, "en") is True
    assert _folded(nb) == [False, True, False, False, False]
    assert shown_language(nb) == "en"


def test_the_first_ways_collapsed_metadata_is_removed_and_other_keys_kept():
    nb = _notebook()
    nb.cells[1].metadata["jupyter"] = {"source_hidden": True}
    nb.cells[2].metadata["jupyter"] = {"outputs_hidden": True, "source_hidden": True}
    assert show_language(nb, "id") is True
    assert "jupyter" not in nb.cells[1].metadata
    assert nb.cells[2].metadata["jupyter"] == {"outputs_hidden": True}


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="one of id, en"):
        show_language(_notebook(), "fr")


def test_the_switch_rewrites_only_the_explanations_of_notebooks_that_change(tmp_path):
    original = nbformat.writes(_notebook()) + "\n"
    (tmp_path / "a.ipynb").write_text(original, encoding="utf-8")
    assert show_language_in(tmp_path, "en") == [tmp_path / "a.ipynb"]
    switched = json.loads((tmp_path / "a.ipynb").read_text(encoding="utf-8"))
    before = json.loads(original)
    folded = "".join(switched["cells"][1]["source"])
    assert folded.startswith('<details class="sc-other-language">') and "# Kualitas" in folded
    switched["cells"][1]["source"] = before["cells"][1]["source"]
    assert switched == before  # else sources, outputs, ids, tags: all as they were
    assert show_language_in(tmp_path, "en") == []  # nothing more to change
    assert show_language_in(tmp_path, "id") == [tmp_path / "a.ipynb"]
    show_language_in(tmp_path, "id")
    nb = nbformat.read(tmp_path / "a.ipynb", as_version=4)
    assert shown_language(nb) == "id"


def test_smartcity_lab_switches_the_notebooks_without_starting(tmp_path, monkeypatch, capsys):
    import smartcity_utils.paths

    (tmp_path / "a.ipynb").write_text(nbformat.writes(_notebook()), encoding="utf-8")
    monkeypatch.setattr(smartcity_utils.paths, "notebooks_dir", lambda: tmp_path)
    assert main(["lab", "--lang", "en", "--switch-only"]) == 0
    assert "shows English" in capsys.readouterr().out
    assert shown_language(nbformat.read(tmp_path / "a.ipynb", as_version=4)) == "en"
    assert main(["lab", "--switch-only"]) == 2  # which language? said in one sentence
    assert "needs --lang" in capsys.readouterr().err


def test_a_golden_regeneration_shows_the_report_language(tmp_path):
    """The executed copy has both languages open (or any other state): the committed
    notebook shows the golden run's language (Indonesian in params/default.yaml)."""
    params = load_params()
    source_dir, executed_dir = tmp_path / "notebooks", tmp_path / "executed"
    source_dir.mkdir()
    executed_dir.mkdir()
    nbformat.write(_notebook(), source_dir / "00_x.ipynb")
    executed = _notebook()
    show_language(executed, "en")
    nbformat.write(executed, executed_dir / "00_x.ipynb")
    assert golden.promote(executed_dir, source_dir, params) == [source_dir / "00_x.ipynb"]
    assert shown_language(nbformat.read(source_dir / "00_x.ipynb", as_version=4)) == "id"


@pytest.mark.parametrize("path", sorted(notebooks_dir().glob("*.ipynb")), ids=lambda p: p.stem)
def test_the_committed_notebooks_show_the_report_language(path):
    nb = nbformat.read(path, as_version=4)
    if any({"lang-id", "lang-en"} & set(c.metadata.get("tags", [])) for c in nb.cells):
        assert shown_language(nb) == load_params()["lang"], (
            f"{path.name}: `smartcity lab --lang {load_params()['lang']} --switch-only`")


@pytest.mark.parametrize("lang, shown, left_out", [("en", "Quality", "Kualitas"),
                                                   ("id", "Kualitas", "Quality")])
def test_a_page_shows_its_languages_explanations_whichever_jupyterlab_shows(lang, shown,
                                                                            left_out):
    """Notebooks committed showing Indonesian run in English: the English page still has its
    explanations (the page keeps its language's cells, collapsed in JupyterLab or not)."""
    from smartcity_utils.reports.export import export_page
    from smartcity_utils.reports.pagecheck import read_page

    nb = _notebook()
    show_language(nb, "id" if lang == "en" else "en")  # the other language open in JupyterLab
    nb.metadata["papermill"] = {"parameters": {"lang": lang}}
    text = read_page(export_page(nb)).text
    assert shown in text and left_out not in text


@pytest.mark.batch
def test_an_executed_notebook_explains_itself_in_its_runs_language(tmp_path):
    """A run in English writes notebooks that open in JupyterLab with the English explanations
    shown and the Indonesian collapsed, whatever the source showed."""
    from smartcity_utils.batch.execute import NotebookJob, run_job

    source = _notebook()
    show_language(source, "id")  # as committed
    source.metadata["kernelspec"] = {"name": "smartcity", "display_name": "smartcity",
                                     "language": "python"}
    nbformat.write(source, tmp_path / "00_x.ipynb")
    run = run_job(NotebookJob(source=str(tmp_path / "00_x.ipynb"),
                              parameters={"lang": "en", "out_dir": str(tmp_path / "out")},
                              out_dir=str(tmp_path / "out"), output="notebooks/00_x.ipynb",
                              html="reports/00_x.html", timeout=120))
    assert run["status"] == "ok", run["error"]
    executed = nbformat.read(tmp_path / "out" / "notebooks" / "00_x.ipynb", as_version=4)
    assert shown_language(executed) == "en"

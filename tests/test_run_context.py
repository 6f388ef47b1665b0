"""The committed notebooks as a person uses them: an edit of the `parameters` cell counts when
the notebook runs top to bottom (nbclient, as JupyterLab runs it: 10's agency, 03's budget,
01's year), and a workbook refuses the outputs of another run with a sentence naming the year
and the workbook to rerun."""

import json
import shutil

import nbformat
import pandas as pd
import papermill as pm
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from smartcity_utils.batch.run import run_suite
from smartcity_utils.params import load_params
from smartcity_utils.paths import notebooks_dir, project_root

pytestmark = pytest.mark.batch


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    """A finished sample run (city workbooks and two agency reports)."""
    out = tmp_path_factory.mktemp("context") / "run"
    manifest = run_suite(dict(load_params(), out_dir=str(out)), agencies=["DINKES", "DISHUB"])
    assert [n["status"] for n in manifest["notebooks"]] == ["ok"] * 7  # 00-04, two agencies
    return out


def _copy(run, tmp_path):
    copy = tmp_path / "run"
    shutil.copytree(run, copy)
    return copy


def _edited(name: str, **values) -> nbformat.NotebookNode:
    """A committed notebook with its `parameters` cell edited as a person would: each
    assignment's right-hand side replaced."""
    nb = nbformat.read(notebooks_dir() / name, as_version=4)
    [cell] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    lines = cell.source.splitlines()
    for key, value in values.items():
        [i] = [n for n, line in enumerate(lines) if line.startswith(f"{key} = ")]
        lines[i] = f"{key} = {value!r}"
    cell.source = "\n".join(lines)
    return nb


def _run_top_to_bottom(nb: nbformat.NotebookNode) -> str:
    """Run a notebook in the project's kernel from the project folder; its text outputs."""
    NotebookClient(nb, kernel_name="smartcity", timeout=600,
                   resources={"metadata": {"path": str(project_root())}}).execute()
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            for kind in ("text/plain", "text/markdown", "text/html"):
                texts.append(output.get("data", {}).get(kind, ""))
    return "\n".join(texts)


def test_editing_the_agency_in_10_makes_the_page_about_that_agency(finished_run, tmp_path):
    shown = _run_top_to_bottom(_edited("10_agency_report.ipynb", agency="DISHUB",
                                       out_dir=str(_copy(finished_run, tmp_path))))
    assert "Dinas Perhubungan" in shown
    assert "Dinas Kesehatan -" not in shown  # the committed agency's title is gone


def test_a_wrong_agency_code_in_10_lists_the_valid_codes(finished_run, tmp_path):
    with pytest.raises(CellExecutionError) as refused:
        _run_top_to_bottom(_edited("10_agency_report.ipynb", agency="Dishub",
                                   out_dir=str(_copy(finished_run, tmp_path))))
    message = str(refused.value)
    assert "UnknownAgency" in message and "'Dishub'" in message
    assert "DISHUB (Dishub)" in message and "DINKES (Dinkes)" in message


def test_editing_the_budget_in_03_changes_its_shortlist(finished_run, tmp_path):
    shown = _run_top_to_bottom(_edited("03_quick_win_priority.ipynb",
                                       quick_win_budget_idr=1_000_000_000,
                                       out_dir=str(_copy(finished_run, tmp_path))))
    assert "Rp\u00a01.000.000.000" in shown
    assert "Rp\u00a02.500.000.000" not in shown


def test_editing_the_year_in_01_writes_that_years_form_and_index(finished_run, tmp_path):
    out = _copy(finished_run, tmp_path)
    (out / "stage1" / "form_tahap1_2024.xlsx").unlink()
    shown = _run_top_to_bottom(_edited("01_stage1_evaluation.ipynb", year=2023,
                                       out_dir=str(out)))
    assert (out / "stage1" / "form_tahap1_2023.xlsx").is_file()
    assert not (out / "stage1" / "form_tahap1_2024.xlsx").exists()
    assert pd.read_csv(out / "stage1" / "city_index.csv")["year"].tolist() == [2023]
    stamp = json.loads((out / "stamps" / "01_stage1_evaluation.json").read_text())["stamp"]
    assert stamp["year"] == 2023
    assert "2023" in shown


def test_rerunning_01_for_another_year_makes_10_refuse_naming_the_year(finished_run, tmp_path):
    out = _copy(finished_run, tmp_path)
    params = dict(load_params(), out_dir=str(out))
    pm.execute_notebook(notebooks_dir() / "01_stage1_evaluation.ipynb", tmp_path / "01.ipynb",
                        parameters=dict(params, year=2023), kernel_name="smartcity",
                        cwd=str(project_root()), progress_bar=False)
    with pytest.raises(pm.PapermillExecutionError) as refused:
        pm.execute_notebook(notebooks_dir() / "10_agency_report.ipynb", tmp_path / "10.ipynb",
                            parameters=dict(params, agency="DINKES"), kernel_name="smartcity",
                            cwd=str(project_root()), progress_bar=False)
    assert refused.value.ename == "ArtifactError"
    assert refused.value.evalue == (
        "stage1/index_by_agency.csv was made for evaluation year 2023, but this run is for "
        "2024: rerun 01_stage1_evaluation with evaluation year 2024")


def test_open_run_works_from_the_notebooks_folder(finished_run, monkeypatch):
    from smartcity_utils import open_run
    from smartcity_utils.errors import ArtifactError

    monkeypatch.chdir(notebooks_dir())
    assert open_run("outputs").out_dir == project_root() / "outputs"  # not notebooks/outputs
    run = open_run(finished_run)
    assert set(run.clean_data().agencies["agency_code"]) >= {"DINKES", "DISHUB"}
    ranking = run["quick_win_ranking"]
    assert len(ranking) > 0 and ranking.attrs["stamp"]["year"] == 2024
    with pytest.raises(ArtifactError, match="was made for evaluation year 2024, but this run "
                                            "is for 2023: rerun 03_quick_win_priority"):
        open_run(finished_run, year=2023)["quick_win_ranking"]
    (finished_run / "clusters" / "agency_network.csv").rename(finished_run / "moved.csv")
    try:
        with pytest.raises(ArtifactError, match=r"clusters/agency_network\.csv not found: run "
                                                "02_innovation_clusters first"):
            run["agency_network"]
    finally:
        (finished_run / "moved.csv").rename(finished_run / "clusters" / "agency_network.csv")

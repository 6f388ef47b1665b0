"""JupyterLab in a real browser (issue 27, item 4): workbook 10 with `interactive = True` shows
any agency's report from its drop-down, and a city workbook shows one language with the other's
explanations collapsed, then the other after `smartcity lab --lang en`. Headless Chromium
driven by Selenium (tests/lab_driver.py); skipped without Chromium and its driver. Slow (a run
of the city workbooks, then JupyterLab): marked `batch`. Screenshots go to
$SMARTCITY_SCREENSHOTS when set (to look at them), else to the test's temporary folder."""

import csv
import os
import shutil
import time
from pathlib import Path

import pytest
from lab_driver import Lab, browser_available

from smartcity_utils.batch.run import run_suite
from smartcity_utils.params import load_params, resolve
from smartcity_utils.paths import notebooks_dir
from smartcity_utils.reports.lab_language import show_language_in

pytestmark = [pytest.mark.batch,
              pytest.mark.skipif(not browser_available(), reason="no Chromium/chromedriver")]


def _agency(code: str) -> dict:
    """The agency's row of the sample's agencies.csv: its full name titles its page, its short
    name is its display name in the drop-down."""
    with open(resolve(load_params()["data_dir"]) / "agencies.csv", encoding="utf-8") as f:
        return next(row for row in csv.DictReader(f) if row["agency_code"] == code)


@pytest.fixture(scope="module")
def lab_folder(tmp_path_factory):
    """A run of the city workbooks on the sample, and copies of 00 and 10 to open (the
    committed notebooks are never touched)."""
    base = tmp_path_factory.mktemp("lab")
    run_dir = base / "run"
    run_suite(load_params(None, {"out_dir": str(run_dir)}), agencies=None, workers=2)
    root = base / "notebooks"
    root.mkdir()
    for name in ("00_data_quality.ipynb", "10_agency_report.ipynb"):
        shutil.copy(notebooks_dir() / name, root / name)
    return root, run_dir


def _shots(tmp_path) -> Path:
    return Path(os.environ.get("SMARTCITY_SCREENSHOTS") or tmp_path)


def test_the_drop_down_shows_the_chosen_agencys_report(lab_folder, tmp_path):
    root, run_dir = lab_folder
    with Lab(root) as lab:
        lab.open("10_agency_report.ipynb")
        lab.set_parameter("out_dir", repr(str(run_dir)))
        lab.set_parameter("interactive", "True")
        lab.run_all()
        lab.scroll_to("report.picker()")
        dinkes = f"Dinas Kesehatan - {load_params()['year']}"
        assert any(dinkes in h for h in lab.headings())
        lab.screenshot(_shots(tmp_path) / "10-dinkes.png")
        lab.choose(_agency("BAPPEDA")["short_name"])
        bappeda = f"{_agency('BAPPEDA')['agency_name']} - {load_params()['year']}"
        lab.wait_for("return [...document.querySelectorAll('h1')]"
                     ".some(h => h.innerText.includes(arguments[0]));", 30, bappeda)
        time.sleep(1)
        assert not any(dinkes in h for h in lab.headings())
        lab.screenshot(_shots(tmp_path) / "10-bappeda.png")


def test_one_language_shown_the_other_folded_even_after_run_all_then_switched(lab_folder,
                                                                            tmp_path):
    root, run_dir = lab_folder
    show_language_in(root, "id")
    with Lab(root) as lab:
        lab.open("00_data_quality.ipynb")
        time.sleep(2)
        headings = lab.headings()
        assert "00 · Kualitas Data" in headings and "00 · Data Quality" not in headings
        assert "English" in lab.visible_text()  # its fold, "▸ English": a click opens it
        lab.screenshot(_shots(tmp_path) / "00-indonesian.png")
        show_language_in(root, "en")  # what `smartcity lab --lang en` does to notebooks/
        lab.command("docmanager:reload")
        lab.wait_for("return [...document.querySelectorAll('h1')]"
                     ".some(h => h.innerText.includes('00 · Data Quality'));", 30)
        headings = lab.headings()
        assert "00 · Data Quality" in headings and "00 · Kualitas Data" not in headings
        lab.screenshot(_shots(tmp_path) / "00-english.png")
        lab.set_parameter("out_dir", repr(str(run_dir)))
        lab.run_all()  # running opens a collapsed cell in JupyterLab; a folded text stays folded
        lab.scroll_to("00 · Data Quality")
        headings = lab.headings()
        assert "00 · Data Quality" in headings and "00 · Kualitas Data" not in headings
        lab.screenshot(_shots(tmp_path) / "00-english-run.png")

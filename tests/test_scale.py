"""A mid-size registry through every workbook: 2,000 agencies (a province's worth, 57 times
the sample city's 35) and their innovations in the national ratio. A step that grows with
the square of the agencies or innovations (a figure with a row per agency, a pairwise
comparison over everything) shows here as a timeout long before it reaches a national
registry of 18,445 agencies; a linear step takes a few seconds at this size."""

import json
import time

import pandas as pd
import pytest

from smartcity_utils.cli import main
from smartcity_utils.params import load_params
from smartcity_utils.sample.generator import write_sample

pytestmark = pytest.mark.batch

AGENCIES = 2000
INNOVATIONS = round(AGENCIES * 28539 / 18445)  # the national ratio: 3,094
NOTEBOOK_LIMIT_S = 300  # each workbook; the sample city's take 5-30 s on this machine


def test_a_province_size_registry_runs_through_every_workbook(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    write_sample(data, agencies=AGENCIES, innovations=INNOVATIONS)
    agencies = pd.read_csv(data / "agencies.csv", dtype=str)
    assert len(agencies) == AGENCIES
    params = tmp_path / "params.yaml"
    params.write_text(json.dumps(dict(load_params(), out_dir=str(out), data_dir=str(data))),
                      encoding="utf-8")  # JSON is YAML
    started = time.monotonic()
    code = main(["run", "--params", str(params), "--agencies", agencies["agency_code"].iloc[0],
                 "--timeout", str(NOTEBOOK_LIMIT_S)])
    seconds = time.monotonic() - started
    manifest = json.loads((out / "manifest.json").read_text())
    failed = {n["notebook"]: n.get("error") for n in manifest["notebooks"] if n["status"] != "ok"}
    assert code == 0 and not failed, failed
    assert {n["notebook"] for n in manifest["notebooks"]} >= {
        "00_data_quality.ipynb", "01_stage1_evaluation.ipynb", "02_innovation_clusters.ipynb",
        "03_quick_win_priority.ipynb", "10_agency_report.ipynb"}
    clean = pd.read_parquet(out / "data" / "agencies.parquet")
    assert len(clean) == AGENCIES  # every agency came through, none dropped on the way
    print(f"{AGENCIES} agencies, {INNOVATIONS} innovations: {seconds:.0f} s")

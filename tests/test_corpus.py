"""The corpus of real registries (issue #23, tests/fixtures/corpus/README.md): each source is
run the way a new user would (`smartcity suggest`, then `smartcity run` on the folder suggest
wrote, or on the folder as it is where suggest refuses it) and checked for what must always
hold: every row of the source accounted for, suggest keeping every row, every notebook ok, no
row rejected for an optional column, and no English reject reason on the Indonesian page.
What fails on today's main is marked xfail (strict): the test turns red when a fix lands, and
the mark is then removed.

The expectations (rows as a person counts them, the run's city and year, judged labels and
pairs) are in tests/fixtures/corpus/<source>/expected.yaml. A person judged every cluster label
and integration pair of the run; the test checks that the run still gives exactly those labels
and pairs, so a change that alters them fails here until a person judges the new ones (and
updates the counts in docs/clustering.md).
"""

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from smartcity_utils.cli import main
from smartcity_utils.schema import INNOVATIONS
from smartcity_utils.vocabulary import fold

pytestmark = pytest.mark.batch

ROOT = Path(__file__).parent.parent
CORPUS = Path(__file__).parent / "fixtures" / "corpus"
SOURCES = sorted(p.parent.name for p in CORPUS.glob("*/expected.yaml"))

# What fails on today's main, per check and source: the subject of issue #23.
ROWS_FAIL: dict[str, str] = {}
NOTEBOOKS_FAIL: dict[str, str] = {}
OPTIONAL_REJECTS: dict[str, str] = {}

# English reject reasons that reached the Indonesian data-quality page of every source.
ENGLISH_REASONS = ("empty required field", "no assessment table found", "unknown value",
                   "missing required column", "column not recognised", "no agencies table found")

OPTIONAL_SPELLINGS = set().union(*(c.spellings() for c in INNOVATIONS.columns if not c.required))


def _expected(source: str) -> dict:
    return yaml.safe_load((CORPUS / source / "expected.yaml").read_text("utf-8"))


def _validate(folder: Path, capsys) -> dict:
    capsys.readouterr()
    main(["validate", str(folder), "--format", "json"])
    return json.loads(capsys.readouterr().out)


def _params(marks: dict) -> list:
    return [pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=marks[s]))
            if s in marks else s for s in SOURCES]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Each source through suggest and run, once, one source at a time."""
    root = tmp_path_factory.mktemp("corpus")
    done = {}
    for source in SOURCES:
        expected = _expected(source)
        data = ROOT / expected["data_dir"]
        suggested = root / f"{source}-suggested"
        suggest_code = main(["suggest", str(data), "--out", str(suggested)])
        folder = suggested if suggest_code == 0 else data
        run = expected["run"]
        args = ["run", "--data", str(folder), "--out", str(root / f"{source}-out"),
                "--city", run["city"], "--workers", "2"]
        if run.get("year"):
            args += ["--year", str(run["year"])]
        if run.get("agencies"):
            args += ["--agencies", run["agencies"]]
        main(args)
        written = root / f"{source}-out" / "manifest.json"
        manifest = json.loads(written.read_text()) if written.exists() else {"notebooks": []}
        done[source] = {"data": data, "suggest_code": suggest_code, "folder": folder,
                        "manifest": manifest, "expected": expected, "out": root / f"{source}-out"}
    return done


@pytest.mark.parametrize("source", _params(ROWS_FAIL))
def test_every_row_of_the_source_is_accounted_for(source, runs, capsys):
    """Rows read == the rows a person counts in the file, and clean + rejected == read, for
    the folder as it is and for the folder suggest wrote (suggest keeps every row)."""
    run = runs[source]
    rows = run["expected"]["rows"]
    folders = [run["data"]] + ([run["folder"]] if run["suggest_code"] == 0 else [])
    for folder in folders:
        tables = _validate(folder, capsys)["tables"]
        for table, count in rows.items():
            got = tables[table]
            assert got["rows_read"] == count, (folder.name, table)
            assert got["clean"] + got["rejected"] == got["rows_read"], (folder.name, table)


@pytest.mark.parametrize("source", _params(NOTEBOOKS_FAIL))
def test_every_notebook_runs_ok(source, runs):
    statuses = {(n["notebook"], n["agency"]): n["status"]
                for n in runs[source]["manifest"]["notebooks"]}
    assert statuses and all(s == "ok" for s in statuses.values()), statuses


@pytest.mark.parametrize("source", _params(OPTIONAL_REJECTS))
def test_no_row_is_rejected_for_an_optional_column(source, runs, capsys):
    """Issue #23, item 1: an optional column whose values do not fit is not loaded (or its unfit
    values become unknown); only the required fields reject rows."""
    run = runs[source]
    problems = _validate(run["folder"], capsys)["problems"]
    wrong = [p for p in problems if p["severity"] == "error" and p["column"]
             and fold(p["column"]) in OPTIONAL_SPELLINGS]
    assert not wrong, [(p["column"], p["reason"]) for p in wrong]


@pytest.mark.parametrize("source", SOURCES)
def test_the_indonesian_data_quality_page_has_no_english_reason(source, runs):
    page = (runs[source]["out"] / "reports" / "00_data_quality.html").read_text("utf-8")
    assert not [r for r in ENGLISH_REASONS if r in page]


@pytest.mark.parametrize("source", SOURCES)
def test_the_expectations_file_is_complete(source):
    """A person's judgement is recorded for every label and pair of the run it describes."""
    expected = _expected(source)
    assert expected["labels_total"] == len(expected["labels"])
    assert expected["labels_meaningful"] == sum(x["meaningful"] for x in expected["labels"])
    assert expected["pairs_judged"] == len(expected["pairs"])
    assert expected["pairs_plausible"] == sum(x["plausible"] for x in expected["pairs"])
    metadata = CORPUS / source / "metadata.json"
    if not metadata.exists():
        metadata = ROOT / expected["data_dir"] / "metadata.json"
    assert json.loads(metadata.read_text("utf-8"))["synthetic"] is False


@pytest.mark.parametrize("source", SOURCES)
def test_the_run_gives_the_labels_and_pairs_a_person_judged(source, runs):
    expected = runs[source]["expected"]
    clusters = runs[source]["out"] / "clusters"
    if not (clusters / "clusters.csv").exists():  # no registry: nothing to cluster or judge
        assert expected["labels_total"] == 0 and expected["pairs_judged"] == 0
        return
    per_cluster = pd.read_csv(clusters / "clusters.csv").groupby("cluster")["cluster_label"].first()
    assert sorted(per_cluster) == sorted(x["label"] for x in expected["labels"])
    pairs = pd.read_csv(clusters / "integration_pairs.csv")
    duplicate = pairs["possible_duplicate"].astype(bool)
    assert sorted(pairs.loc[~duplicate, "shared_terms"]) == sorted(
        x["evidence"] for x in expected["pairs"])
    assert int(duplicate.sum()) == expected.get("duplicates_marked", 0)

"""Whole runs on real shapes (issue 12): all-digit agency codes give every agency the same
report as letter codes; formula-looking evidence stays inert in every output; the Kota
Denpasar application inventory and a registry without an assessment table run to the end."""

import csv
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from smartcity_utils.cli import main
from smartcity_utils.strings import STRINGS
from tests.realshapes.digits import FORMULAS, write_slice

pytestmark = pytest.mark.batch

DENPASAR = Path(__file__).parent / "fixtures" / "real" / "denpasar_spbe"


def _run(data: Path, out: Path, *extra: str) -> int:
    return main(["run", "--data", str(data), "--out", str(out), "--workers", "2", *extra])


def _report_text(path: Path, back: dict[str, str]) -> str:
    """An agency report's words, with every agency code mapped back to its letter code; the
    run's stamp line (its data folder, the data's version and the run date) left out."""
    page = re.sub(r'<p class="sc-muted sc-stamp">.*?</p>', " ", path.read_text("utf-8"))
    text = " ".join(re.sub(r"<[^>]+>|&lt;[^&]*&gt;", " ", page).split())
    for code, letters in back.items():
        text = text.replace(code, letters)
    return text


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("codes")
    result = {}
    for kind in ("letters", "digits"):
        mapping = write_slice(root / kind, digits=kind == "digits")
        assert _run(root / kind, root / f"{kind}_out") == 0
        result[kind] = (root / f"{kind}_out", mapping)
    return result


def test_digit_codes_give_every_agency_its_partners_candidates_and_rank(runs):
    letters_out, letters = runs["letters"]
    digits_out, digits = runs["digits"]
    assert all(re.fullmatch(r"0\d{5}", c) for c in digits.values())
    back = {d: letter for letter, d in digits.items()}
    no_partner, no_candidates = (STRINGS[k]["id"] for k in ("as.no_partner", "as.no_candidates"))
    with_partners = with_candidates = 0
    for letter, digit in digits.items():
        expected = _report_text(letters_out / "reports" / "agencies" / f"{letter}.html", {})
        got = _report_text(digits_out / "reports" / "agencies" / f"{digit}.html", back)
        assert got == expected, letter
        with_partners += no_partner not in expected
        with_candidates += no_candidates not in expected
    # The comparison is not between empty reports: of the slice's 5 agencies, 2 have a
    # partner and all have Quick Win candidates.
    assert with_partners >= 2 and with_candidates >= 3

    def ranking(out, to_letters):
        with (out / "quick_win" / "quick_win_ranking.csv").open(encoding="utf-8") as f:
            return [(r["innovation_id"], to_letters.get(r["agency_code"], r["agency_code"]),
                     r["rank"]) for r in csv.DictReader(f)]

    assert ranking(digits_out, back) == ranking(letters_out, {})
    ranks = json.loads((digits_out / "manifest.json").read_text())
    assert {n["agency"] for n in ranks["notebooks"] if n["agency"]} == set(digits.values())


def test_formula_looking_evidence_is_inert_in_the_form_and_the_csvs(runs):
    out, _ = runs["letters"]
    [form] = (out / "stage1").glob("*.xlsx")
    book = openpyxl.load_workbook(form)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and ("HYPERLINK" in c.value or "cmd|" in c.value)]
    # text cells (the form keeps the reference as written, as a string, never a formula)
    assert {c.value.removeprefix("'") for c in cells} == set(FORMULAS)
    assert all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(form) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    found = 0
    for path in out.rglob("*.csv"):
        with path.open(encoding="utf-8") as f:
            for row in csv.reader(f):
                for cell in row:
                    if "HYPERLINK" in cell or "cmd|" in cell:
                        assert cell in {"'" + f for f in FORMULAS}, path
                        found += 1
    assert found >= 2


def test_the_denpasar_inventory_runs_to_the_end(tmp_path, capsys):
    """Kota Denpasar's SPBE inventory (tests/fixtures/real/README.md): 102 agencies with
    `030801`-style codes, 189 applications without a smart-city dimension, 166 SPBE
    self-assessment rows whose aspects are not Stage I evaluation dimensions."""
    assert main(["validate", str(DENPASAR), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    tables = report["tables"]
    assert (tables["agencies"]["clean"], tables["innovations"]["rows_read"],
            tables["assessment"]["rows_read"]) == (102, 189, 166)
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    # one line per cause: 2 missing columns of the registry, 1 of the assessment, the 9
    # SPBE aspects, and the 92 empty levels once
    assert len(errors) == 13
    code = _run(DENPASAR, tmp_path / "out", "--year", "2019", "--city", "Kota Denpasar")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    statuses = {n["notebook"]: n["status"] for n in manifest["notebooks"] if not n["agency"]}
    assert statuses["00_data_quality.ipynb"] == "ok"
    assert statuses["01_stage1_evaluation.ipynb"] == "ok"  # says it cannot be evaluated
    assert manifest["params"]["year"] == 2019 and manifest["params"]["city"] == "Kota Denpasar"
    # every registry row lacks its dimension: 02 and 03 have nothing to cluster or rank, and
    # end with a sentence saying so (issue #23) instead of failing
    assert code == 0
    for workbook in ("02_innovation_clusters.ipynb", "03_quick_win_priority.ipynb"):
        assert statuses[workbook] == "ok"
        page = (tmp_path / "out" / "reports" / workbook.replace(".ipynb", ".html")).read_text()
        assert "Belum ada inovasi yang dapat dianalisis" in page

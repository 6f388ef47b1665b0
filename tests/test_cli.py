"""The `smartcity` command line: validate's exit status and problem lines, parameter refusal."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from smartcity_utils.cli import main

SAMPLE = "data/sample"


def test_validate_sample_exits_0(capsys):
    assert main(["validate", f"{SAMPLE}/agencies.csv", f"{SAMPLE}/innovations.csv",
                 f"{SAMPLE}/assessment.csv", f"{SAMPLE}/metadata.json"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"agencies: 35 rows read, 35 clean, 0 rejected ({SAMPLE}/agencies.csv)",
        f"innovations: 439 rows read, 439 clean, 0 rejected ({SAMPLE}/innovations.csv)",
        f"assessment: 1035 rows read, 1035 clean, 0 rejected ({SAMPLE}/assessment.csv)"]


def test_validate_folder_exits_0():
    assert main(["validate", SAMPLE]) == 0


def _broken_registry(tmp_path):
    """The sample registry with three planted faults, by hand, at known spreadsheet rows."""
    lines = (tmp_path / "innovations.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    # Row numbers as the user sees them: the header is row 1, the first data row is row 2.
    rows[0][header.index("agency_code")] = "DINAS-TIDAK-ADA"          # row 2
    rows[1][header.index("budget_idr")] = "-5000"                      # row 3
    rows[2][header.index("innovation_name")] = ""                      # row 4
    text = "\n".join([",".join(header)] + [",".join(r) for r in rows]) + "\n"
    (tmp_path / "innovations.csv").write_text(text, encoding="utf-8")


@pytest.fixture
def sample_copy(tmp_path):
    for name in ("agencies.csv", "innovations.csv", "assessment.csv"):
        (tmp_path / name).write_bytes((Path(SAMPLE) / name).read_bytes())
    return tmp_path


def test_validate_broken_file_exits_1_and_names_row_column_reason(sample_copy, capsys):
    _broken_registry(sample_copy)
    assert main(["validate", str(sample_copy)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "innovations: 439 rows read, 436 clean, 3 rejected (innovations.csv)"
    out = [line for line in lines if line.split(":")[0].endswith(".csv")]  # problem lines
    assert len(out) == 3
    by_row = {line.split(":")[1]: line for line in out}
    assert set(by_row) == {"2", "3", "4"}
    for line in out:
        file, row, column, reason = line.split(":", 3)
        assert file.endswith("innovations.csv") and row and column and reason.strip()
    assert ":2:agency_code:" in by_row["2"] and "unknown agency" in by_row["2"]
    assert ":3:budget_idr:" in by_row["3"] and "negative" in by_row["3"]
    assert ":4:innovation_name:" in by_row["4"] and "empty" in by_row["4"]


def test_a_reader_that_stops_reading_is_not_a_traceback(sample_copy):
    """`smartcity validate data | head -1`: the pipe closes before the problems are all out."""
    _broken_registry(sample_copy)
    code = ("import os, sys\n"
            "from smartcity_utils.cli import main\n"
            "read, write = os.pipe()\n"
            "os.close(read)\n"
            "os.dup2(write, sys.stdout.fileno())\n"
            f"sys.exit(main(['validate', {str(sample_copy)!r}]))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr == ""


def test_validate_json_format(sample_copy, capsys):
    _broken_registry(sample_copy)
    assert main(["validate", "--format", "json", str(sample_copy)]) == 1
    report = json.loads(capsys.readouterr().out)
    problems = report["problems"]
    assert sorted(p["row"] for p in problems) == [2, 3, 4]
    assert set(problems[0]) == {"file", "sheet", "row", "column", "value", "reason",
                                "severity"}
    assert report["tables"]["innovations"]["rejected"] == 3


def test_run_refuses_bad_parameters_before_anything_starts(tmp_path, capsys):
    params = tmp_path / "p.yaml"
    params.write_text("city: X\nyear: 2024\nbudgett: 1\n", encoding="utf-8")
    assert main(["run", "--params", str(params), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "unknown key 'budgett'" in err
    assert not (tmp_path / "out").exists()


def test_console_script_is_installed():
    result = subprocess.run([sys.executable, "-m", "smartcity_utils.cli", "--help"],
                            capture_output=True, text=True, check=True)
    assert "validate" in result.stdout and "sample" in result.stdout


def test_lab_passes_options_to_jupyterlab(capfd):
    assert main(["lab", "--version"]) == 0
    assert capfd.readouterr().out.strip()[0].isdigit()


def test_unknown_option_of_other_commands_is_refused():
    with pytest.raises(SystemExit) as info:
        main(["validate", "data/sample", "--bogus"])
    assert info.value.code == 2

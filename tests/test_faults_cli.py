"""A user's mistake or a full disk ends `smartcity run` and `smartcity validate` with one
sentence, never a traceback; every argument of a run is checked before anything runs."""

import errno
import json
import time
from pathlib import Path

import jupyter_client.kernelspec
import pytest
from batch_fixtures import agency_notebooks, city_notebook, out_with_agencies, params_file

import smartcity_utils.batch.manifest
import smartcity_utils.batch.pool
from smartcity_utils.atomic import atomic_path
from smartcity_utils.batch.lock import LOCK_NAME
from smartcity_utils.cli import main

pytestmark = pytest.mark.faults

SAMPLE = Path("data/sample")


def _run(tmp_path: Path, *options: str) -> int:
    """`smartcity run` on the small fixture city workbook into `tmp_path/out`."""
    folder = tmp_path / "nb"
    if not folder.exists():
        city_notebook(folder)
    return main(["run", "--params", str(params_file(tmp_path, tmp_path / "out")),
                 "--notebooks", str(folder), *options])


def _said(capsys, *parts: str) -> str:
    """The run's last word: one sentence holding `parts` (after any progress lines), and no
    traceback."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("smartcity run: "), err
    for part in parts:
        assert part in last
    return last


def _nothing_ran(out: Path) -> None:
    assert not (out / "manifest.json").exists()
    assert not (out / "notebooks").exists()


@pytest.mark.parametrize("workers", ["-1", "0"])
def test_workers_below_one_are_refused_before_anything_runs(tmp_path, capsys, workers):
    assert _run(tmp_path, "--workers", workers) == 2
    _said(capsys, f"--workers {workers}", "1 or more")
    _nothing_ran(tmp_path / "out")


def test_a_time_limit_of_zero_seconds_is_refused(tmp_path, capsys):
    assert _run(tmp_path, "--timeout", "0") == 2
    _said(capsys, "--timeout 0", "more than 0 seconds")
    _nothing_ran(tmp_path / "out")


def test_a_missing_notebooks_folder_is_refused(tmp_path, capsys):
    missing = tmp_path / "no-such-folder"
    assert main(["run", "--out", str(tmp_path / "out"), "--notebooks", str(missing)]) == 2
    _said(capsys, f"--notebooks {missing}", "no such folder")
    _nothing_ran(tmp_path / "out")


def test_a_notebooks_folder_without_workbooks_is_refused(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.ipynb").write_text("{}")  # a notebook, but not a workbook of the suite
    assert main(["run", "--out", str(tmp_path / "out"), "--notebooks", str(empty)]) == 2
    _said(capsys, f"--notebooks {empty}", "holds no workbooks")
    _nothing_ran(tmp_path / "out")


@pytest.mark.parametrize("agencies", [",", "DINKES,,DISHUB", " "])
def test_an_empty_agency_code_is_refused_before_the_city_stage(tmp_path, capsys, agencies):
    assert _run(tmp_path, "--agencies", agencies) == 2
    _said(capsys, f"--agencies '{agencies}'", "empty agency code")
    _nothing_ran(tmp_path / "out")


@pytest.mark.batch
def test_codes_around_commas_may_have_spaces_and_unknown_ones_are_named(tmp_path, capsys):
    folder = agency_notebooks(tmp_path / "nb")
    out = out_with_agencies(tmp_path / "out", ["A1", "A2"])
    command = ["run", "--params", str(params_file(tmp_path, out)), "--notebooks", str(folder),
               "--workers", "1", "--agencies"]
    assert main([*command, "A1, A2"]) == 0
    runs = json.loads((out / "manifest.json").read_text())["notebooks"]
    assert sorted(r["agency"] for r in runs) == ["A1", "A2"]
    capsys.readouterr()
    assert main([*command, "A1,ZZ"]) == 2
    _said(capsys, "--agencies: ZZ not among the agencies")


def test_a_removed_kernel_spec_is_refused_with_the_command_that_installs_it(
        tmp_path, capsys, monkeypatch):
    """As after `jupyter kernelspec remove smartcity`: no folder Jupyter searches holds it."""
    nowhere = tmp_path / "jupyter"
    nowhere.mkdir()
    monkeypatch.setattr(jupyter_client.kernelspec, "jupyter_path", lambda *_: [str(nowhere)])
    monkeypatch.setenv("IPYTHONDIR", str(nowhere))
    assert _run(tmp_path) == 2
    _said(capsys, "kernel 'smartcity'", "not installed",
          '-m ipykernel install --sys-prefix --name smartcity --display-name '
          '"Python (smartcity)"')
    _nothing_ran(tmp_path / "out")


def test_a_scheduler_nobody_listens_on_is_named_after_a_short_wait(tmp_path, capsys,
                                                                     monkeypatch):
    monkeypatch.setattr(smartcity_utils.batch.pool, "SCHEDULER_CONNECT_SECONDS", 1)
    started = time.monotonic()
    assert _run(tmp_path, "--scheduler", "tcp://127.0.0.1:1") == 2
    assert time.monotonic() - started < 15  # Dask's own connect timeout alone is 30 s
    _said(capsys, "no Dask scheduler answered at tcp://127.0.0.1:1 within 1 s")
    _nothing_ran(tmp_path / "out")


def test_a_scheduler_address_without_a_port_is_refused(tmp_path, capsys):
    assert _run(tmp_path, "--scheduler", "localhost") == 2
    _said(capsys, "--scheduler localhost is not a scheduler address", "tcp://HOST:PORT")
    _nothing_ran(tmp_path / "out")


@pytest.mark.parametrize(("code", "words"), [
    (errno.ENOSPC, "no space left on the device holding"),
    (errno.EDQUOT, "no space left on the device holding"),
    (errno.EROFS, "is read-only"),
])
def test_a_full_device_at_the_lock_is_a_sentence(tmp_path, capsys, monkeypatch, code, words):
    """The first write of a run is its lock file's content (a patched writer: a real full
    device needs a file system of its own, which needs root)."""
    def no_room(*_):
        raise OSError(code, "device refused the write")

    monkeypatch.setattr("smartcity_utils.batch.lock.os.pwrite", no_room)
    assert _run(tmp_path) == 2
    _said(capsys, words, str(tmp_path / "out"), "--out")
    assert not (tmp_path / "out" / LOCK_NAME).exists()
    _nothing_ran(tmp_path / "out")


@pytest.mark.batch
def test_a_full_device_at_the_manifest_keeps_the_last_whole_manifest(tmp_path, capsys,
                                                                      monkeypatch):
    """The disk fills half way through writing the manifest of a rerun: the run ends with the
    sentence, and the manifest on disk is the previous run's, whole, with no temporary file."""
    assert _run(tmp_path, "--workers", "1") == 0
    manifest = tmp_path / "out" / "manifest.json"
    before = manifest.read_bytes()
    capsys.readouterr()

    def fills_half_way(path, data):
        with atomic_path(path) as tmp:
            tmp.write_text(data[: len(data) // 2], encoding="utf-8")
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(smartcity_utils.batch.manifest, "write_atomically", fills_half_way)
    assert _run(tmp_path, "--workers", "1") == 2
    _said(capsys, f"no space left on the device holding {tmp_path / 'out'}")
    assert manifest.read_bytes() == before
    assert list(tmp_path.joinpath("out").rglob("*.tmp")) == []
    assert not (tmp_path / "out" / LOCK_NAME).exists()


def test_returned_workbook_problems_are_named_inside_the_data_folder(tmp_path, capsys):
    data = tmp_path / "data"
    (data / "returned").mkdir(parents=True)
    (data / "agencies.csv").write_bytes((SAMPLE / "agencies.csv").read_bytes())
    (data / "returned" / "template_DINKES_2025.xlsx").write_bytes(b"not a workbook")
    assert main(["validate", str(data)]) == 1
    out = capsys.readouterr().out
    assert str(tmp_path) not in out
    assert any(line.startswith("returned/template_DINKES_2025.xlsx:") for line in
               out.splitlines())


@pytest.mark.parametrize("command", ["template", "sample"])
def test_a_full_device_under_out_is_a_sentence_for_every_command(tmp_path, capsys, monkeypatch,
                                                                  command):
    """`smartcity template` and `smartcity sample` write into --out as a run does."""
    def no_room(*_, **__):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("smartcity_utils.collection.template.save_workbook", no_room)
    monkeypatch.setattr("smartcity_utils.sample.generator._write_csv", no_room)
    out = tmp_path / "out"
    options = ["--agencies", "DINKES"] if command == "template" else []
    assert main([command, "--out", str(out), *options]) == 2
    err = capsys.readouterr().err
    assert err == (f"smartcity {command}: no space left on the device holding {out}: free "
                   "space or choose another --out\n")

"""A runner that is stopped leaves nothing running; one run per output folder; an output
folder that is a file is refused; a damaged or missing output makes its notebook run again."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from batch_fixtures import agency_notebooks, city_notebook, out_with_agencies, params_file

from smartcity_utils.batch.lock import LOCK_NAME
from smartcity_utils.cli import main

pytestmark = pytest.mark.batch

HANGING = ["HANG1", "HANG2", "HANG3"]


def _start_runner(tmp_path: Path, out: Path) -> subprocess.Popen:
    """`smartcity run` on hanging agency reports, in a session of its own (as a terminal's
    foreground job is its own process group)."""
    folder = agency_notebooks(tmp_path / "nb")
    out_with_agencies(out, HANGING)
    command = [sys.executable, "-m", "smartcity_utils.cli", "run", "--params",
               str(params_file(tmp_path, out)), "--notebooks", str(folder), "--workers", "2"]
    return subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_foreground_signals)


def _foreground_signals() -> None:
    """Ctrl-C reaches a terminal's foreground job, whatever this test process ignores: a shell
    runs a background job (`make test &`) with SIGINT ignored, and the runner rightly keeps an
    ignored signal ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_kernels(runner: subprocess.Popen, count: int) -> list[psutil.Process]:
    """The runner's processes once `count` kernels run in its workers."""
    deadline = time.time() + 180
    while time.time() < deadline:
        family = psutil.Process(runner.pid).children(recursive=True)
        kernels = [p for p in family if "ipykernel" in " ".join(p.cmdline())]
        if len(kernels) >= count:
            return family
        time.sleep(0.3)
    runner.kill()
    pytest.fail("the runner started no kernels in time")


def _gone(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_a_stopped_runner_leaves_no_worker_or_kernel_and_says_so(tmp_path, how):
    out = tmp_path / "out"
    runner = _start_runner(tmp_path, out)
    try:
        family = _wait_for_kernels(runner, 2)
        if how == "ctrl-c":  # the terminal sends SIGINT to the whole foreground group
            os.killpg(runner.pid, signal.SIGINT)
        else:
            runner.send_signal(signal.SIGTERM)
        _, stderr = runner.communicate(timeout=60)
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)
    expected = signal.SIGINT if how == "ctrl-c" else signal.SIGTERM
    assert runner.returncode == 128 + expected
    assert "Traceback" not in stderr
    assert "smartcity run: stopped by" in stderr and "again runs only the rest" in stderr
    time.sleep(0.5)
    assert [p for p in family if not _gone(p)] == []
    assert not (out / LOCK_NAME).exists()


def test_a_second_run_on_the_same_output_folder_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    runner = _start_runner(tmp_path, out)
    try:
        _wait_for_kernels(runner, 1)
        code = main(["run", "--params", str(params_file(tmp_path, out)),
                     "--notebooks", str(tmp_path / "nb")])
    finally:
        runner.send_signal(signal.SIGTERM)
        runner.communicate(timeout=60)
    assert code == 2
    message = capsys.readouterr().err
    assert f"another `smartcity run` (process {runner.pid} on" in message
    assert "is writing to" in message


def test_a_lock_left_by_a_dead_runner_is_taken_over(tmp_path):
    folder = agency_notebooks(tmp_path / "nb")
    out = out_with_agencies(tmp_path / "out", ["A1"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (out / LOCK_NAME).write_text(f"{dead.pid} somehost\n")
    assert main(["run", "--params", str(params_file(tmp_path, out)),
                 "--notebooks", str(folder), "--workers", "1"]) == 0
    assert not (out / LOCK_NAME).exists()


def test_an_output_folder_that_is_a_file_is_a_clear_error(tmp_path, capsys):
    target = tmp_path / "results.txt"
    target.write_text("not a folder")
    assert main(["run", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and str(target) in err and "Traceback" not in err
    assert target.read_text() == "not a folder"


def _run_city(tmp_path: Path, out: Path) -> str:
    main(["run", "--params", str(params_file(tmp_path, out)), "--notebooks",
          str(tmp_path / "nb"), "--workers", "1"])
    [run] = json.loads((out / "manifest.json").read_text())["notebooks"]
    return run["status"]


def test_a_damaged_or_missing_output_runs_its_notebook_again(tmp_path):
    city_notebook(tmp_path / "nb")
    out = tmp_path / "out"
    artifact = out / "stage1" / "city_index.csv"
    html = out / "reports" / "01_stage1_evaluation.html"
    executed = out / "notebooks" / "01_stage1_evaluation.ipynb"
    assert _run_city(tmp_path, out) == "ok"
    assert _run_city(tmp_path, out) == "skipped"   # the control: nothing damaged
    for damage, path in [(os.truncate, artifact), (Path.unlink, artifact), (Path.unlink, html),
                         (os.truncate, html), (os.truncate, executed)]:
        if damage is os.truncate:
            os.truncate(path, path.stat().st_size // 2)
        else:
            path.unlink()
        assert _run_city(tmp_path, out) == "ok", (damage, path)
        assert artifact.read_text() == "year\n2024\n"
    assert _run_city(tmp_path, out) == "skipped"

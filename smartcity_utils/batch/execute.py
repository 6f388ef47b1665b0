"""Execute one workbook through papermill, in isolation, and write its outputs atomically.

This is the unit of work of a batch: it runs in a worker process (local pool or Dask worker),
never raises for a failing notebook, and returns a plain dict for the manifest. A notebook that
fails, runs past its wall-clock limit or kills its kernel is recorded as `failed` with its error.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import papermill
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

from smartcity_utils.atomic import write_atomically

KERNEL_NAME = "smartcity"
ENGINE_NAME = "smartcity"
RUN_STAMP = "smartcity_run"  # metadata key of an executed notebook: fingerprint and status
# The kernel's own log is not the reader's business: its start-up notices (e.g. about its local
# TCP transport), and the "KeyboardInterrupt caught in kernel" error it may print at shutdown
# (jupyter_client interrupts every kernel before shutting it down). A notebook's real failures
# reach the manifest through nbclient: cell errors, a dead kernel, a timeout.
QUIET_KERNEL = ["--IPKernelApp.log_level=CRITICAL"]
# papermill warns for every run parameter a workbook does not declare; workbooks declare only
# what they use, by design.
logging.getLogger("papermill").setLevel(logging.ERROR)


@dataclass
class NotebookJob:
    """One notebook to run: its source, parameters and where its outputs go (under out_dir)."""

    source: str
    parameters: dict[str, Any]
    out_dir: str
    output: str  # executed notebook, relative to out_dir
    html: str  # HTML report, relative to out_dir
    agency: str | None = None
    fingerprint: str = ""
    timeout: float | None = None
    kernel_name: str = KERNEL_NAME


@dataclass
class NotebookRun:
    """How one notebook run ended: the manifest's entry."""

    notebook: str
    agency: str | None
    status: str  # ok | failed | skipped
    seconds: float
    output: str | None
    html: str | None
    error: str | None
    fingerprint: str = field(default="", repr=False)


class NotebookTimeout(Exception):
    """The notebook ran longer than its wall-clock limit and its kernel was stopped."""


class WatchdogEngine(NBClientEngine):
    """papermill's nbclient engine with a wall-clock limit for the whole notebook: past it the
    kernel is killed, which ends the execution with an error instead of a hang."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, wall_clock_timeout=None,
                                 log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, **kwargs):
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        client = PapermillNotebookClient(nb_man, **merge_kwargs(
            kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
            kernel_name=kernel_name, log_output=log_output, stdout_file=stdout_file,
            stderr_file=stderr_file,
        ))
        _partial.nb = nb_man.nb
        expired = threading.Event()

        def stop_kernel() -> None:
            expired.set()
            process = getattr(getattr(client.km, "provisioner", None), "process", None)
            if process is not None:
                process.kill()

        timer = threading.Timer(wall_clock_timeout, stop_kernel) if wall_clock_timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        try:
            return client.execute()
        except Exception as exc:
            if expired.is_set():
                raise NotebookTimeout(
                    f"stopped after the wall-clock limit of {wall_clock_timeout:g} s"
                ) from exc
            raise
        finally:
            if timer:
                timer.cancel()


papermill_engines.register(ENGINE_NAME, WatchdogEngine)
# The notebook being executed in this thread, kept so that a failed run's partial notebook
# (with the traceback of the failing cell) is still written for the reader.
_partial = threading.local()


def error_text(exc: BaseException) -> str:
    """`ExceptionName: message`, using the notebook's own exception when a cell failed."""
    ename = getattr(exc, "ename", None) or type(exc).__name__
    evalue = getattr(exc, "evalue", None)
    if evalue is None:
        lines = str(exc).strip().splitlines()
        evalue = lines[0] if lines else ""
    return f"{ename}: {evalue}" if evalue else ename


def _stamp(nb: nbformat.NotebookNode, job: NotebookJob, status: str) -> None:
    nb.metadata[RUN_STAMP] = {"fingerprint": job.fingerprint, "status": status,
                                "agency": job.agency}


def run_job(job: NotebookJob | dict) -> dict:
    """Run one notebook job; return its NotebookRun as a dict. Never raises for notebook errors."""
    from smartcity_utils.reports.html import notebook_html

    if isinstance(job, dict):
        job = NotebookJob(**job)
    out_dir = Path(job.out_dir)
    started = time.perf_counter()
    executed, error = None, None
    _partial.nb = None
    try:
        executed = papermill.execute_notebook(
            job.source, None, parameters=job.parameters, kernel_name=job.kernel_name,
            engine_name=ENGINE_NAME, wall_clock_timeout=job.timeout, progress_bar=False,
            cwd=str(Path(job.source).parent), extra_arguments=QUIET_KERNEL,
        )
    except Exception as exc:  # noqa: BLE001 - a failing notebook is recorded, not raised
        error = error_text(exc)
        executed = _partial.nb
    html = None
    if executed is not None:
        _stamp(executed, job, "ok" if error is None else "failed")
        write_atomically(out_dir / job.output, nbformat.writes(executed))
    if error is None:
        try:
            write_atomically(out_dir / job.html, notebook_html(executed))
            html = job.html
        except Exception as exc:  # noqa: BLE001
            error = f"HTML report: {error_text(exc)}"
    return asdict(NotebookRun(
        notebook=Path(job.source).name, agency=job.agency,
        status="ok" if error is None else "failed",
        seconds=round(time.perf_counter() - started, 2),
        output=job.output if executed is not None else None, html=html, error=error,
        fingerprint=job.fingerprint,
    ))

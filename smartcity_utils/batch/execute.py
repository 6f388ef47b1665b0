"""Execute one workbook through papermill, in isolation, and write its outputs atomically.

This is the unit of work of a batch: it runs in a worker process (local pool or Dask worker),
never raises for a failing notebook, and returns a plain dict for the manifest. A notebook that
fails, runs past its wall-clock limit or kills its kernel is recorded as `failed` with its error,
and its partly executed notebook (papermill saves it to the output path it is given, with the
traceback of the failing cell) is kept for the reader.
"""

from __future__ import annotations

import logging
import threading
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import papermill
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

from smartcity_utils.atomic import atomic_path, write_atomically
from smartcity_utils.batch.kernels import kernel_for, prepare_spare
from smartcity_utils.batch.outputs import RUN_STAMP, output_digests

KERNEL_NAME = "smartcity"
ENGINE_NAME = "smartcity"
# papermill warns for every run parameter a workbook does not declare; workbooks declare only
# what they use, by design.
logging.getLogger("papermill").setLevel(logging.ERROR)


@dataclass
class NotebookJob:
    """One notebook to run: its source, parameters and where its outputs go (under out_dir).
    `kernel_reports` > 1 (the agency fan-out): the kernel may be one kept from this worker's
    previous runs of the same notebook, and is kept for the next, up to that many runs.
    `spare_imports` (a city workbook with more to come): once this run's kernel is done, the
    worker starts its next fresh kernel and runs these import statements in it."""

    source: str
    parameters: dict[str, Any]
    out_dir: str
    output: str  # executed notebook, relative to out_dir
    html: str  # HTML report, relative to out_dir
    agency: str | None = None
    fingerprint: str = ""
    timeout: float | None = None
    kernel_name: str = KERNEL_NAME
    kernel_reports: int = 1
    spare_imports: str = ""


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


class KernelEngine(NBClientEngine):
    """papermill's nbclient engine on a kernel the worker started (`kernel`), with a wall-clock
    limit for the whole notebook: past it the kernel is killed, which ends the execution with
    an error instead of a hang."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, kernel=None, wall_clock_timeout=None,
                                 log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, **kwargs):
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        client = PapermillNotebookClient(nb_man, km=kernel.manager, **merge_kwargs(
            kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
            kernel_name=kernel_name, log_output=log_output, stdout_file=stdout_file,
            stderr_file=stderr_file,
        ))
        client.kc = kernel.client  # the kernel's open client: nbclient then starts none
        expired = threading.Event()

        def stop_kernel() -> None:
            expired.set()
            kernel.kill()

        timer = threading.Timer(wall_clock_timeout, stop_kernel) if wall_clock_timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        # papermill saves the whole notebook as each cell starts and ends (two writes of a
        # growing notebook per cell, about a quarter of a small report's time); it is written once,
        # when the run ends however it ends (`notebook_complete`), as nothing reads it before.
        output_path, nb_man.output_path = nb_man.output_path, None
        try:
            return client.execute()
        except Exception as exc:
            if expired.is_set():
                raise NotebookTimeout(
                    f"stopped after the wall-clock limit of {wall_clock_timeout:g} s"
                ) from exc
            raise
        finally:
            nb_man.output_path = output_path
            if timer:
                timer.cancel()


papermill_engines.register(ENGINE_NAME, KernelEngine)


def error_text(exc: BaseException) -> str:
    """`ExceptionName: message`, using the notebook's own exception when a cell failed."""
    ename = getattr(exc, "ename", None) or type(exc).__name__
    evalue = getattr(exc, "evalue", None)
    if evalue is None:
        lines = str(exc).strip().splitlines()
        evalue = lines[0] if lines else ""
    return f"{ename}: {evalue}" if evalue else ename


def _stamp(nb: nbformat.NotebookNode, job: NotebookJob, status: str,
           outputs: dict[str, str | None]) -> None:
    nb.metadata[RUN_STAMP] = {"fingerprint": job.fingerprint, "status": status,
                              "agency": job.agency, "outputs": outputs}
    nb.metadata.get("papermill", {})["output_path"] = job.output


def _execute(job: NotebookJob, scratch: Path) -> str | None:
    """Run the notebook into `scratch`; return the error, or None when it ran to the end."""
    source = Path(job.source)
    error = None
    with kernel_for(job.kernel_name, str(source.parent), job.kernel_reports) as kernel:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # papermill on the scratch file's extension
                papermill.execute_notebook(
                    job.source, str(scratch), parameters=job.parameters,
                    kernel_name=job.kernel_name, engine_name=ENGINE_NAME, kernel=kernel,
                    wall_clock_timeout=job.timeout, progress_bar=False, cwd=str(source.parent),
                )
        except Exception as exc:  # noqa: BLE001 - a failing notebook is recorded, not raised
            kernel.spoiled = True
            error = error_text(exc)
    if job.spare_imports:  # it boots while this run's report is written
        prepare_spare(job.kernel_name, str(source.parent), job.spare_imports)
    return error


def steady_cell_ids(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The injected parameters cell under a fixed id: papermill draws a new one on every run,
    which would make two runs' notebooks and HTML reports differ in nothing but that."""
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    return nb


def _read_scratch(scratch: Path) -> nbformat.NotebookNode | None:
    """The notebook papermill saved, or None when it saved nothing (the kernel never started)."""
    if not scratch.exists() or scratch.stat().st_size == 0:
        return None
    return steady_cell_ids(nbformat.read(scratch, as_version=4))


def run_job(job: NotebookJob | dict) -> dict:
    """Run one notebook job; return its NotebookRun as a dict. Never raises for notebook errors.

    The HTML report and the declared artifacts are written before the executed notebook, whose
    stamp records their digests: a run killed in between leaves no notebook claiming them."""
    if isinstance(job, dict):
        job = NotebookJob(**job)
    started = time.perf_counter()
    result: dict[str, Any] = {"error": None, "html": None, "saved": False}
    try:
        with atomic_path(Path(job.out_dir) / job.output) as scratch:
            _run_into(job, scratch, result)
    except _NothingSaved:
        pass  # whatever the output path held stays
    return asdict(NotebookRun(
        notebook=Path(job.source).name, agency=job.agency,
        status="ok" if result["error"] is None else "failed",
        seconds=round(time.perf_counter() - started, 2),
        output=job.output if result["saved"] else None, html=result["html"],
        error=result["error"], fingerprint=job.fingerprint,
    ))


class _NothingSaved(Exception):
    """papermill saved no notebook (the kernel never started): nothing to write."""


def _run_into(job: NotebookJob, scratch: Path, result: dict[str, Any]) -> None:
    """Execute the job into `scratch`, write its HTML report, stamp the notebook; fill
    `result` with the error, the report's path and whether a notebook was saved."""
    from smartcity_utils.reports.html import notebook_html
    from smartcity_utils.reports.lab_language import show_language

    out_dir = Path(job.out_dir)
    try:
        result["error"] = _execute(job, scratch)
    except Exception as exc:  # noqa: BLE001 - e.g. the kernel would not start
        result["error"] = f"kernel: {error_text(exc)}"
    executed = _read_scratch(scratch)
    if executed is None:
        raise _NothingSaved
    if job.parameters.get("lang"):  # opened in JupyterLab, it explains itself in its language
        show_language(executed, job.parameters["lang"])
    if result["error"] is None:
        try:
            write_atomically(out_dir / job.html, notebook_html(executed))
            result["html"] = job.html
        except Exception as exc:  # noqa: BLE001
            result["error"] = f"HTML report: {error_text(exc)}"
    outputs = output_digests(out_dir, job.source, job.agency, job.html) if result["html"] else {}
    _stamp(executed, job, "ok" if result["error"] is None else "failed", outputs)
    scratch.write_text(nbformat.writes(executed), encoding="utf-8")
    result["saved"] = True

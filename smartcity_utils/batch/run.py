"""`smartcity run`: the city workbooks in order, then one agency workbook per agency in parallel.

Work goes to a local process pool or to Dask distributed (`--scheduler ADDR`, or
`executor="dask"` for a LocalCluster): the same `execute.run_job` runs in either. A notebook whose
source, parameters, input data and package code are unchanged since its last success is skipped
as up to date; `force=True` reruns everything. `<out>/manifest.json` is rewritten atomically after
every notebook, so a killed run leaves a true record of what finished.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import sys
import time
import uuid
from dataclasses import asdict
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from smartcity_utils.artifacts import clean_data_path, read_headline, slug
from smartcity_utils.atomic import write_atomically
from smartcity_utils.batch.execute import RUN_STAMP, NotebookJob, NotebookRun
from smartcity_utils.batch.progress import Progress
from smartcity_utils.config import check_configuration
from smartcity_utils.errors import ParamsError, SmartCityError
from smartcity_utils.params import resolve
from smartcity_utils.paths import notebooks_dir as default_notebooks_dir
from smartcity_utils.reports.html import index_html

CITY_NOTEBOOK = re.compile(r"^0\d_.+\.ipynb$")
AGENCY_NOTEBOOK = "10_agency_report.ipynb"
PACKAGE_SUFFIXES = (".py", ".yaml", ".json", ".j2", ".css")  # what the package computes with
KEY_PACKAGES = ("pandas", "numpy", "pandera", "papermill", "nbclient", "scikit-learn",
                "seaborn", "matplotlib", "nbconvert", "dask", "distributed",
                "smartcity-workbooks")


def city_notebooks(folder: Path) -> list[Path]:
    """The city-level workbooks, in run order."""
    return sorted(p for p in folder.glob("*.ipynb") if CITY_NOTEBOOK.match(p.name))


def city_needs(notebooks: list[Path]) -> dict[str, list[str]]:
    """What each city workbook reads from the others: the `needs` it declares in its metadata
    (`"smartcity": {"needs": [...]}`), or else every workbook before it in name order."""
    names = [p.stem for p in notebooks]
    needs = {}
    for i, path in enumerate(notebooks):
        declared = nbformat.read(path, as_version=4).metadata.get("smartcity", {}).get("needs")
        needs[path.stem] = names[:i] if declared is None else list(declared)
        unknown = [n for n in needs[path.stem] if n not in names[:i]]
        if unknown:
            raise SmartCityError(f"{path.name}: needs {', '.join(unknown)}, which is not a "
                                 "city workbook that runs before it")
    return needs


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def input_files(params: dict[str, Any]) -> dict[str, Path]:
    """Every file a run reads, by the path the parameters give: the data folder's files and
    every parameter that names a file."""
    data_dir = resolve(params["data_dir"])
    files = {
        (Path(params["data_dir"]) / p.name).as_posix(): p
        for p in sorted(data_dir.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }
    for key, value in sorted(params.items()):
        if key.endswith("_file") and isinstance(value, str):
            files[value] = resolve(value)
    return files


def source_digest(notebook: Path) -> str:
    """A notebook's code and text, without outputs: what the notebook *is*."""
    nb = nbformat.read(notebook, as_version=4)
    return _digest(*(f"{c.cell_type}:{c.source}" for c in nb.cells))


def package_digest() -> str:
    """The package's own code: a change to it makes every notebook out of date."""
    folder = Path(__file__).resolve().parent.parent
    files = sorted(p for p in folder.rglob("*") if p.suffix in PACKAGE_SUFFIXES)
    return _digest(*(f"{p.relative_to(folder).as_posix()}:{sha256_file(p)}" for p in files))


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def is_up_to_date(job: NotebookJob) -> bool:
    """True when the job's outputs exist from a successful run with the same fingerprint."""
    output, report = Path(job.out_dir) / job.output, Path(job.out_dir) / job.html
    if not (output.exists() and report.exists()):
        return False
    try:
        stamp = nbformat.read(output, as_version=4).metadata.get(RUN_STAMP, {})
    except Exception:  # noqa: BLE001 - an unreadable output is simply out of date
        return False
    return stamp.get("status") == "ok" and stamp.get("fingerprint") == job.fingerprint


def remove_stale_temporaries(out_dir: Path) -> list[Path]:
    """Delete the hidden temporary files a killed run left behind (see atomic.py); they never
    looked complete, and a new run rewrites whatever they were for."""
    stale = [p for p in out_dir.rglob(".*.tmp") if p.is_file()]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def agency_slugs(codes: list[str]) -> dict[str, str]:
    """A distinct, file-name-safe slug per agency code."""
    slugs: dict[str, str] = {}
    for code in codes:
        candidate = slug(code)
        if candidate in slugs.values():
            candidate = f"{candidate}-{hashlib.sha1(code.encode()).hexdigest()[:6]}"
        slugs[code] = candidate
    return slugs


def select_agencies(out_dir: Path, wanted: str | list[str] | None) -> pd.DataFrame:
    """The agencies to report on (code, short name), from the clean data 00 wrote."""
    path = clean_data_path(out_dir, "agencies")
    if wanted is None or not path.exists():
        return pd.DataFrame(columns=["agency_code", "short_name"])
    agencies = pd.read_parquet(path, columns=["agency_code", "short_name"])
    if wanted == "all":
        return agencies
    codes = wanted.split(",") if isinstance(wanted, str) else list(wanted)
    unknown = sorted(set(codes) - set(agencies["agency_code"]))
    if unknown:
        raise ParamsError(f"unknown agencies: {', '.join(unknown)}")
    return agencies[agencies["agency_code"].isin(codes)]


# The native thread pools of numpy and scikit-learn (k-means, t-SNE): left at their default,
# every kernel starts one thread per core, and kernels running side by side fight over the cores
# (on 2 cores, two clustering workbooks at once took 9 s for k-means and 22 s for the map instead
# of 2 s and 0.6 s). Dask's nanny sets the same variables to 1 for its workers.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def kernel_threads(workers: int) -> int:
    """Native threads per kernel so that `workers` kernels at once fill the cores, no more."""
    return max(1, (os.cpu_count() or 1) // workers)


def start_worker(threads: int) -> None:
    """A local worker's start-up: the kernels it starts inherit the thread limit (unless the
    user set one), and papermill is imported now, while the first notebook runs elsewhere."""
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, str(threads))
    import smartcity_utils.batch.execute  # noqa: F401 - papermill and nbformat: 2.5 s


class Runner:
    """Submits notebook jobs to a local process pool or a Dask cluster, one interface for both."""

    def __init__(self, workers: int, executor: str = "local", scheduler: str | None = None):
        self.kind = "dask" if scheduler or executor == "dask" else "local"
        if self.kind == "dask":
            from distributed import Client, LocalCluster

            if scheduler:
                self.cluster, self.client = None, Client(scheduler)
            else:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                            processes=True, dashboard_address=None)
                self.client = Client(self.cluster)
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(max_workers=workers,
                                            mp_context=multiprocessing.get_context("spawn"),
                                            initializer=start_worker,
                                            initargs=(kernel_threads(workers),))
            # Start every worker now, side by side: the pool would otherwise start one only when
            # a notebook needs it, putting its start-up on the city workbooks' critical path.
            for _ in range(workers):
                self.pool.submit(int)

    def submit(self, job: NotebookJob):
        from smartcity_utils.batch.execute import run_job

        if self.kind == "dask":
            return self.client.submit(run_job, asdict(job), pure=False)
        return self.pool.submit(run_job, asdict(job))

    def as_completed(self, futures):
        if self.kind == "dask":
            from distributed import as_completed

            return as_completed(futures)
        from concurrent.futures import as_completed

        return as_completed(futures)

    def close(self) -> None:
        if self.kind == "dask":
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()
        else:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _result(future, job: NotebookJob) -> dict:
    """A finished job's record; a worker that died is a failed notebook, not a crashed batch."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001
        from smartcity_utils.batch.execute import error_text

        return asdict(NotebookRun(notebook=Path(job.source).name, agency=job.agency,
                                  status="failed", seconds=0.0, output=None, html=None,
                                  error=f"worker lost: {error_text(exc)}"))


def _skipped(job: NotebookJob) -> dict:
    return asdict(NotebookRun(notebook=Path(job.source).name, agency=job.agency,
                              status="skipped", seconds=0.0, output=job.output, html=job.html,
                              error=None, fingerprint=job.fingerprint))


class Batch:
    """One run: its jobs, their records and the manifest kept on disk as it goes."""

    def __init__(self, params: dict[str, Any], force: bool, timeout: float | None,
                 progress: Progress):
        self.params = params
        self.out_dir = resolve(params["out_dir"])
        self.force = force
        self.timeout = timeout
        self.progress = progress
        self.inputs = input_files(params)
        input_hashes = {name: sha256_file(path) for name, path in self.inputs.items()}
        self.base = _digest(json.dumps(params, sort_keys=True, default=str),
                            json.dumps(input_hashes, sort_keys=True), package_digest())
        self.manifest: dict[str, Any] = {
            "run_id": uuid.uuid4().hex,
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "finished": None,
            "params": params,
            "inputs": [{"path": n, "sha256": h} for n, h in input_hashes.items()],
            "versions": package_versions(),
            "notebooks": [],
        }

    def job(self, source: Path, upstream: str, agency: str | None = None,
            agency_slug: str | None = None) -> NotebookJob:
        parameters = dict(self.params, **({"agency": agency} if agency else {}))
        if agency is None:
            output, report = f"notebooks/{source.name}", f"reports/{source.stem}.html"
        else:
            output = f"notebooks/{source.stem}/{agency_slug}.ipynb"
            report = f"reports/agencies/{agency_slug}.html"
        return NotebookJob(
            source=str(source), parameters=parameters, out_dir=str(self.out_dir),
            output=output, html=report, agency=agency, timeout=self.timeout,
            fingerprint=_digest(self.base, upstream, source_digest(source), agency or ""),
        )

    def record(self, run: dict) -> None:
        self.manifest["notebooks"].append(run)
        self.progress.update(run)
        self.write_manifest()

    def write_manifest(self) -> None:
        runs = [{k: v for k, v in r.items() if k != "fingerprint"}
                for r in self.manifest["notebooks"]]
        write_atomically(self.out_dir / "manifest.json",
                         json.dumps(dict(self.manifest, notebooks=runs), indent=2, default=str))

    def run_city(self, runner: Runner, notebooks: list[Path]) -> dict[str, str]:
        """Run the city workbooks, each once the workbooks it needs are done, those whose
        needs are met together; return every workbook's fingerprint."""
        needs = city_needs(notebooks)
        fingerprints: dict[str, str] = {}
        waiting = list(notebooks)
        while waiting:
            ready = [p for p in waiting if all(n in fingerprints for n in needs[p.stem])]
            jobs = [self.job(p, _digest(*(fingerprints[n] for n in sorted(needs[p.stem]))))
                    for p in ready]
            self.run(runner, jobs)
            fingerprints.update({p.stem: job.fingerprint for p, job in zip(ready, jobs,
                                                                            strict=True)})
            waiting = [p for p in waiting if p not in ready]
        return fingerprints

    def run(self, runner: Runner, jobs: list[NotebookJob]) -> None:
        """Run `jobs` in parallel, skipping those up to date; each record goes to the manifest."""
        pending = {}
        for job in jobs:
            if not self.force and is_up_to_date(job):
                self.record(_skipped(job))
            else:
                pending[runner.submit(job)] = job
        for future in runner.as_completed(list(pending)):
            self.record(_result(future, pending[future]))


def run_suite(params: dict[str, Any], *, agencies: str | list[str] | None = "all",
              workers: int | None = None, executor: str = "local",
              scheduler: str | None = None, force: bool = False, timeout: float | None = None,
              notebooks_dir: Path | None = None, stream=None, pdf: bool = False) -> dict[str, Any]:
    """Run the city workbooks in order, then the agency workbook for each selected agency;
    write `<out>/manifest.json` and `<out>/index.html` (with `pdf`, also a PDF of the index and
    of each agency report); return the manifest. The whole configuration is checked first:
    ParamsError, and nothing runs, when any of it is wrong."""
    check_configuration(params)
    notebooks_dir = notebooks_dir or default_notebooks_dir()
    city = city_notebooks(notebooks_dir)
    agency_source = notebooks_dir / AGENCY_NOTEBOOK
    workers = workers or os.cpu_count() or 1
    timeout = timeout or params.get("notebook_timeout")
    progress = Progress(total=len(city), stream=stream or sys.stderr)
    batch = Batch(params, force, timeout, progress)
    batch.out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(batch.out_dir)
    runner = Runner(workers, executor, scheduler)
    stages = batch.manifest["stage_seconds"] = {}
    try:
        started = time.perf_counter()
        fingerprints = batch.run_city(runner, city)
        stages["city"] = round(time.perf_counter() - started, 2)
        upstream = _digest(*(fingerprints[name] for name in sorted(fingerprints)))
        selected = select_agencies(batch.out_dir, agencies if agency_source.exists() else None)
        slugs = agency_slugs(list(selected["agency_code"]))
        if agencies and agency_source.exists() and not slugs:
            print("no agency reports: the run's clean data has no agency (the problems are in "
                  f"{batch.params['out_dir']}/reports/00_data_quality.html)", file=progress.stream)
        progress.add(len(slugs))
        started = time.perf_counter()
        batch.run(runner, [batch.job(agency_source, upstream, code, s)
                           for code, s in slugs.items()])
        stages["agencies"] = round(time.perf_counter() - started, 2)
    finally:
        runner.close()
        progress.close()
    batch.manifest["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    batch.write_manifest()
    write_index(batch, selected)
    if pdf:
        write_run_pdfs(batch, selected, workers, progress.stream)
    return batch.manifest


def write_run_pdfs(batch: Batch, agencies: pd.DataFrame, workers: int, stream) -> None:
    """PDFs of the agency reports and the index; their paths go to the manifest (`pdf`)."""
    from smartcity_utils.reports.pdf import write_pdfs

    runs = [r for r in batch.manifest["notebooks"] if r["agency"] and r.get("html")]
    written, note = write_pdfs(batch.out_dir, [r["html"] for r in runs], workers)
    for run in runs:
        run["pdf"] = written.get(run["html"])
    if written:
        write_index(batch, agencies)  # with the links to the PDFs
        index, _ = write_pdfs(batch.out_dir, ["index.html"], 1)
        batch.manifest["index_pdf"] = index.get("index.html")
    batch.write_manifest()
    print(note, file=stream)


def write_index(batch: Batch, agencies: pd.DataFrame) -> None:
    """index.html: the city's headline figures, the city workbooks and every agency report
    with status and headline."""
    from smartcity_utils.reports.agency_page import is_synthetic
    from smartcity_utils.reports.index_page import city_figures

    runs = batch.manifest["notebooks"]
    names = {}
    path = batch.out_dir / "data" / "agencies.parquet"
    if path.exists():
        # The full name, and the short one readers also know: "Dinas Kesehatan (Dinkes)".
        table = pd.read_parquet(path, columns=["agency_code", "agency_name", "short_name"])
        names = {r.agency_code: (r.agency_name if r.short_name in ("", None, r.agency_name)
                                 or not isinstance(r.short_name, str)
                                 else f"{r.agency_name} ({r.short_name})")
                 for r in table.itertuples()}
    names.update({c: n for c, n in zip(agencies["agency_code"], agencies["short_name"],
                                       strict=True) if c not in names})
    agency_rows = [dict(r, name=names.get(r["agency"]),
                        headline=read_headline(batch.out_dir, r["agency"]))
                   for r in runs if r["agency"]]
    params = batch.params
    page = index_html(params["city"], params["year"], params["lang"],
                      [r for r in runs if r["agency"] is None], agency_rows,
                      figures=city_figures(batch.out_dir, params.get("quick_win_budget_idr")),
                      finished=batch.manifest.get("finished"), data_dir=params["data_dir"],
                      synthetic=is_synthetic(resolve(params["data_dir"])))
    write_atomically(batch.out_dir / "index.html", page)


def failures(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in manifest["notebooks"] if n["status"] == "failed"]

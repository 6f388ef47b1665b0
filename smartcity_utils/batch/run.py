"""`smartcity run`: the city workbooks in order, then one agency workbook per agency in parallel.

Work goes to one concurrent.futures executor (pool.py): a local process pool or Dask distributed
(`--scheduler ADDR`, or `executor="dask"` for a LocalCluster); the same `execute.run_job` runs in
either, and the agency reports reuse each worker's warm kernel (kernels.py). A notebook whose
source, parameters, input data and package code are unchanged since its last success, and whose
outputs are all still whole (outputs.py), is skipped as up to date; `force=True` reruns
everything. `<out>/manifest.json` is rewritten atomically after every notebook, so a killed run
leaves a true record of what finished. One run at a time writes to an output folder (lock.py);
an interrupted run stops its workers and kernels and says so (interrupt.py).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import platform
import re
import sys
import time
import uuid
from concurrent.futures import Executor, as_completed
from dataclasses import asdict, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from smartcity_utils.artifacts import clean_data_path, slug
from smartcity_utils.atomic import write_atomically
from smartcity_utils.batch.execute import NotebookJob, NotebookRun, error_text, run_job
from smartcity_utils.batch.interrupt import RunInterrupted, stopped_by_signals
from smartcity_utils.batch.kernels import WARM_REPORTS
from smartcity_utils.batch.lock import output_folder_lock
from smartcity_utils.batch.outputs import is_up_to_date, remove_stale_temporaries, sha256_file
from smartcity_utils.batch.pool import open_executor
from smartcity_utils.batch.progress import Progress
from smartcity_utils.context import RunContext, run_context
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


def city_imports(notebooks: list[Path]) -> str:
    """The import statements of the city workbooks' code cells, once each, one per line: what
    a spare kernel imports before its workbook comes (a cell that is not plain Python, such as
    one with a magic, is left out)."""
    statements = {}
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, ast.Import | ast.ImportFrom):
                    statements[ast.unparse(node)] = None
    return "\n".join(statements)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def input_files(params: dict[str, Any]) -> dict[str, Path]:
    """Every file a run reads, by the path the parameters give: the data folder's files and
    every parameter that names a file."""
    from smartcity_utils.data.collection import RETURNED_FOLDER
    from smartcity_utils.data.returned import returned_files

    data_dir = resolve(params["data_dir"])
    files = {
        (Path(params["data_dir"]) / p.name).as_posix(): p
        for p in sorted(data_dir.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }
    files.update({(Path(params["data_dir"]) / RETURNED_FOLDER / p.name).as_posix(): p
                  for p in returned_files(data_dir)})
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


def agency_slugs(codes: list[str]) -> dict[str, str]:
    """A distinct, file-name-safe slug per agency code."""
    slugs: dict[str, str] = {}
    for code in codes:
        candidate = slug(code)
        if candidate in slugs.values():
            candidate = f"{candidate}-{hashlib.sha1(code.encode()).hexdigest()[:6]}"
        slugs[code] = candidate
    return slugs


def _agencies_with_data(out_dir: Path) -> set[str]:
    """Agencies with an innovation or an assessment row in the clean data (an agency report
    on neither would be empty)."""
    codes: set[str] = set()
    for table in ("innovations", "assessment"):
        path = clean_data_path(out_dir, table)
        if path.exists():
            codes |= set(pd.read_parquet(path, columns=["agency_code"])["agency_code"].dropna())
    return codes


def select_agencies(out_dir: Path, wanted: str | list[str] | None) -> pd.DataFrame:
    """The agencies to report on (code, short name), from the clean data 00 wrote."""
    path = clean_data_path(out_dir, "agencies")
    if wanted is None or not path.exists():
        return pd.DataFrame(columns=["agency_code", "short_name"])
    agencies = pd.read_parquet(path, columns=["agency_code", "short_name"])
    if wanted == "all":
        return agencies[agencies["agency_code"].isin(_agencies_with_data(out_dir))]
    codes = wanted.split(",") if isinstance(wanted, str) else list(wanted)
    unknown = sorted(set(codes) - set(agencies["agency_code"]))
    if unknown:
        raise ParamsError(f"unknown agencies: {', '.join(unknown)}")
    return agencies[agencies["agency_code"].isin(codes)]


def _result(future, job: NotebookJob) -> dict:
    """A finished job's record; a worker that died is a failed notebook, not a crashed batch."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001
        return asdict(NotebookRun(notebook=Path(job.source).name, agency=job.agency,
                                  status="failed", seconds=0.0, output=None, html=None,
                                  error=f"worker lost: {error_text(exc)}"))


def _skipped(job: NotebookJob) -> dict:
    return asdict(NotebookRun(notebook=Path(job.source).name, agency=job.agency,
                              status="skipped", seconds=0.0, output=job.output, html=job.html,
                              error=None, fingerprint=job.fingerprint))


class Batch:
    """One run: its jobs, their records and the manifest kept on disk as it goes."""

    def __init__(self, context: RunContext, force: bool, timeout: float | None,
                 progress: Progress):
        params = self.params = context.params
        self.context = context
        self.out_dir = context.out_dir
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
            agency_slug: str | None = None, kernel_reports: int = 1) -> NotebookJob:
        parameters = dict(self.params, **({"agency": agency} if agency else {}))
        if agency is None:
            output, report = f"notebooks/{source.name}", f"reports/{source.stem}.html"
        else:
            output = f"notebooks/{source.stem}/{agency_slug}.ipynb"
            report = f"reports/agencies/{agency_slug}.html"
        return NotebookJob(
            source=str(source), parameters=parameters, out_dir=str(self.out_dir),
            output=output, html=report, agency=agency, timeout=self.timeout,
            kernel_reports=kernel_reports,
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

    def run_city(self, pool: Executor, notebooks: list[Path]) -> dict[str, str]:
        """Run the city workbooks, each once the workbooks it needs are done, those whose
        needs are met together; return every workbook's fingerprint."""
        needs = city_needs(notebooks)
        imports = city_imports(notebooks)
        fingerprints: dict[str, str] = {}
        waiting = list(notebooks)
        while waiting:
            ready = [p for p in waiting if all(n in fingerprints for n in needs[p.stem])]
            jobs = [self.job(p, _digest(*(fingerprints[n] for n in sorted(needs[p.stem]))))
                    for p in ready]
            if len(ready) < len(waiting):  # more to come: a spare kernel after each of these
                jobs = [replace(job, spare_imports=imports) for job in jobs]
            self.run(pool, jobs)
            fingerprints.update({p.stem: job.fingerprint for p, job in zip(ready, jobs,
                                                                            strict=True)})
            waiting = [p for p in waiting if p not in ready]
        return fingerprints

    def run(self, pool: Executor, jobs: list[NotebookJob]) -> None:
        """Run `jobs` in parallel, skipping those up to date; each record goes to the manifest."""
        pending = {}
        for job in jobs:
            if not self.force and is_up_to_date(self.out_dir, job.output, job.fingerprint):
                self.record(_skipped(job))
            else:
                pending[pool.submit(run_job, asdict(job))] = job
        for future in as_completed(pending):
            self.record(_result(future, pending[future]))


def output_folder(params: dict[str, Any]) -> Path:
    """The run's output folder, created; ParamsError when the path names a file."""
    out_dir = resolve(params["out_dir"])
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ParamsError(f"out_dir (--out) {params['out_dir']} is a file, not a folder: give "
                          "the run a folder to write into") from None
    return out_dir


def _say_skipped(out_dir: Path, wanted, selected: int, stream) -> None:
    """With every agency asked for, say how many have no data and get no report."""
    path = clean_data_path(out_dir, "agencies")
    if wanted == "all" and path.exists():
        skipped = len(pd.read_parquet(path, columns=["agency_code"])) - selected
        if skipped:
            print(f"{skipped} agencies have no innovation and no assessment row: no report for "
                  "them (name them with --agencies to make one anyway)", file=stream)


def run_suite(params: dict[str, Any], *, agencies: str | list[str] | None = "all",
              workers: int | None = None, executor: str = "local",
              scheduler: str | None = None, force: bool = False, timeout: float | None = None,
              notebooks_dir: Path | None = None, stream=None,
              kernel_reports: int = WARM_REPORTS, pdf: bool = False) -> dict[str, Any]:
    """Run the city workbooks in order, then the agency workbook for each selected agency
    (each worker keeps its kernel for up to `kernel_reports` successive reports; 1: a fresh
    kernel for every report, as plain papermill would); write `<out>/manifest.json` and
    `<out>/index.html` (with `pdf`, also a PDF of the index and of each agency report); return
    the manifest. The whole configuration is checked first:
    ParamsError, and nothing runs, when any of it is wrong. RunInterrupted when the run is
    stopped by a signal, after its workers and kernels have ended."""
    context = run_context(params)
    notebooks_dir = notebooks_dir or default_notebooks_dir()
    city = city_notebooks(notebooks_dir)
    out_dir = output_folder(params)
    progress = Progress(total=len(city), stream=stream or sys.stderr)
    with stopped_by_signals(), output_folder_lock(out_dir, params["out_dir"]):
        remove_stale_temporaries(out_dir)
        batch = Batch(context, force, timeout or params.get("notebook_timeout"), progress)
        try:
            with open_executor(workers or os.cpu_count() or 1, executor, scheduler) as pool:
                selected = _run_stages(batch, pool, city, notebooks_dir / AGENCY_NOTEBOOK,
                                       agencies, kernel_reports)
        except RunInterrupted as stop:
            batch.manifest["interrupted"] = stop.how
            batch.write_manifest()
            done = len(batch.manifest["notebooks"])
            raise RunInterrupted(
                f"stopped by {stop.how} after {done} of {progress.total} notebooks; what "
                f"finished is kept in {params['out_dir']}/manifest.json, and the same command "
                "again runs only the rest", stop.signal_number) from None
        finally:
            progress.close()
        batch.manifest["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        batch.write_manifest()
        write_index(batch, selected)
        if pdf:
            write_run_pdfs(batch, selected, workers or os.cpu_count() or 1, progress.stream)
    return batch.manifest


def _run_stages(batch: Batch, pool: Executor, city: list[Path], agency_source: Path,
                agencies: str | list[str] | None, kernel_reports: int) -> pd.DataFrame:
    """The city stage, then the agency fan-out; return the agencies reported on."""
    stages = batch.manifest["stage_seconds"] = {}
    started = time.perf_counter()
    fingerprints = batch.run_city(pool, city)
    stages["city"] = round(time.perf_counter() - started, 2)
    upstream = _digest(*(fingerprints[name] for name in sorted(fingerprints)))
    selected = select_agencies(batch.out_dir, agencies if agency_source.exists() else None)
    slugs = agency_slugs(list(selected["agency_code"]))
    _say_skipped(batch.out_dir, agencies, len(selected), batch.progress.stream)
    if agencies and agency_source.exists() and not slugs:
        print("no agency reports: the run's clean data has no agency (the problems are in "
              f"{batch.params['out_dir']}/reports/00_data_quality.html)",
              file=batch.progress.stream)
    batch.progress.add(len(slugs))
    started = time.perf_counter()
    batch.run(pool, [batch.job(agency_source, upstream, code, s, kernel_reports)
                     for code, s in slugs.items()])
    stages["agencies"] = round(time.perf_counter() - started, 2)
    return selected


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
    with its status and the agency's facts (files of another run left out, and said)."""
    from smartcity_utils.reports.agency_facts import load_facts
    from smartcity_utils.reports.blocks import is_synthetic

    context = batch.context
    runs = batch.manifest["notebooks"]
    facts = None
    if clean_data_path(batch.out_dir, "agencies").exists():
        try:
            facts = load_facts(context, strict=False)
        except SmartCityError:
            facts = None  # 00's clean data is of another run: every agency cell says so
    page = index_html(context, [r for r in runs if r["agency"] is None],
                      [r for r in runs if r["agency"]], facts=facts,
                      synthetic=is_synthetic(context.data_dir))
    write_atomically(batch.out_dir / "index.html", page)


def failures(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in manifest["notebooks"] if n["status"] == "failed"]

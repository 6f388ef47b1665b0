"""`smartcity run`: the city workbooks in order, then one agency workbook per agency in parallel.

Work goes to one concurrent.futures executor (pool.py): a local process pool or Dask distributed
(`--scheduler ADDR`, or `executor="dask"` for a LocalCluster); the same `execute.run_job` runs in
either, and the agency reports reuse each worker's warm kernel (kernels.py). A notebook whose
source, parameters, input data and package code are unchanged since its last success, as are the
files it reads from the city workbooks before it (their stamp files' records), and whose outputs
are all still whole (outputs.py), is skipped as up to date; `force=True` reruns
everything. `<out>/manifest.json` is rewritten atomically after every notebook, so a killed run
leaves a true record of what finished. One run at a time writes to an output folder (lock.py);
an interrupted run stops its workers and kernels and says so (interrupt.py).
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import Executor, as_completed
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smartcity_utils.batch.arguments import check_run_arguments
from smartcity_utils.batch.execute import NotebookJob, NotebookRun, error_text, run_job
from smartcity_utils.batch.index import write_index, write_run_pdfs
from smartcity_utils.batch.interrupt import RunInterrupted, stopped_by_signals
from smartcity_utils.batch.kernels import WARM_REPORTS
from smartcity_utils.batch.lock import output_folder_lock
from smartcity_utils.batch.manifest import (
    digest,
    input_files,
    new_manifest,
    package_digest,
    source_digest,
    write_manifest,
    written_digest,
)
from smartcity_utils.batch.outputs import (
    is_up_to_date,
    notebook_outputs,
    remove_stale_temporaries,
)
from smartcity_utils.batch.plan import (
    AGENCY_NOTEBOOK,
    city_imports,
    city_needs,
    city_notebooks,
    say_skipped,
    select_agencies,
)
from smartcity_utils.batch.pool import open_executor
from smartcity_utils.batch.progress import Progress
from smartcity_utils.context import RunContext, default_params, run_city, run_context
from smartcity_utils.errors import ParamsError
from smartcity_utils.names import agency_slugs
from smartcity_utils.params import check_params, resolve
from smartcity_utils.paths import notebooks_dir as default_notebooks_dir
from smartcity_utils.paths import package_dir
from smartcity_utils.stage1.readiness_file import read_readiness
from smartcity_utils.stamps import sha256_file


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
        # the configuration's versions too: no parameter names the Smart City rulebooks or the
        # survey questionnaire, but a new version of one must run its workbooks again
        self.base = digest(json.dumps(params, sort_keys=True, default=str),
                            json.dumps(input_hashes, sort_keys=True), package_digest(),
                            json.dumps(asdict(context.stamp), sort_keys=True),
                            json.dumps(context.config.versions, sort_keys=True))
        self.manifest = new_manifest(params, input_hashes)

    def job(self, source: Path, upstream: str, agency: str | None = None,
            agency_slug: str | None = None, kernel_reports: int = 1) -> NotebookJob:
        parameters = dict(self.params, **({"agency": agency} if agency else {}))
        output, report = notebook_outputs(source, agency_slug)
        return NotebookJob(
            source=str(source), parameters=parameters, out_dir=str(self.out_dir),
            output=output, html=report, agency=agency, timeout=self.timeout,
            kernel_reports=kernel_reports,
            fingerprint=digest(self.base, upstream, source_digest(source), agency or ""),
        )

    def upstream(self, fingerprints: dict[str, str], workbooks: list[str]) -> str:
        """What a notebook reads from the city workbooks `workbooks`: each one's fingerprint
        and the files it last wrote, so that one which failed and then succeeded, or wrote
        anything new, makes its readers run again."""
        return digest(*(digest(fingerprints[name], written_digest(self.out_dir, name))
                        for name in sorted(workbooks)))

    def record(self, run: dict) -> None:
        self.manifest["notebooks"].append(run)
        self.progress.update(run)
        self.write_manifest()

    def write_manifest(self) -> None:
        write_manifest(self.out_dir, self.manifest)

    def run_city(self, pool: Executor, notebooks: list[Path]) -> dict[str, str]:
        """Run the city workbooks, each once the workbooks it needs are done, those whose
        needs are met together; return every workbook's fingerprint."""
        needs = city_needs(notebooks)
        imports = city_imports(notebooks)
        fingerprints: dict[str, str] = {}
        waiting = list(notebooks)
        while waiting:
            ready = [p for p in waiting if all(n in fingerprints for n in needs[p.stem])]
            jobs = [self.job(p, self.upstream(fingerprints, needs[p.stem])) for p in ready]
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


def _refuse_shared_folder(params: dict[str, Any], out_dir: Path, notebooks: Path) -> None:
    """ParamsError when the output folder is, is inside or holds the data folder or the
    project's code: the run would write among files it does not own."""
    others = {"the data folder": resolve(params["data_dir"]), "the notebooks folder": notebooks,
              "the project's params folder": resolve("params"),
              "the smartcity_utils package": package_dir()}
    out_dir = out_dir.resolve()
    for name, folder in others.items():
        folder = folder.resolve()
        relation = ("is" if out_dir == folder else "is inside" if out_dir.is_relative_to(folder)
                    else "holds" if folder.is_relative_to(out_dir) else None)
        if relation:
            raise ParamsError(
                f"out_dir (--out) {params['out_dir']} {relation} {name} ({folder}): the run "
                "would write among files it does not own; give it a folder of its own, outside "
                "the data folder and the project's notebooks, params and smartcity_utils")


def output_folder(params: dict[str, Any], notebooks: Path) -> Path:
    """The run's output folder, created; ParamsError when the path names a file, or a folder
    shared with the data or the project's code (run from `notebooks`)."""
    out_dir = resolve(params["out_dir"])
    _refuse_shared_folder(params, out_dir, notebooks)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ParamsError(f"out_dir (--out) {params['out_dir']} is a file, not a folder: give "
                          "the run a folder to write into") from None
    return out_dir


def run_suite(params: dict[str, Any], *, agencies: str | list[str] | None = "all",
              workers: int | None = None, executor: str = "local",
              scheduler: str | None = None, force: bool = False, timeout: float | None = None,
              notebooks_dir: Path | None = None, stream=None,
              kernel_reports: int = WARM_REPORTS, pdf: bool = False,
              city_given: bool = False) -> dict[str, Any]:
    """Run the city workbooks in order, then the agency workbook for each selected agency
    (each worker keeps its kernel for up to `kernel_reports` successive reports; 1: a fresh
    kernel for every report, as plain papermill would); write `<out>/manifest.json` and
    `<out>/index.html` (with `pdf`, also a PDF of the index and of each agency report); return
    the manifest. The whole configuration is checked first:
    ParamsError, and nothing runs, when any of it is wrong. RunInterrupted when the run is
    stopped by a signal, after its workers and kernels have ended. The project's default city
    on data that is not the sample (unless `city_given`: `--city`) gives way to the data's own
    (`run_city`), and the run says so once."""
    check_params(params)
    city, city_from = run_city(params, city_given)
    context = run_context(dict(params, city=city))
    read_readiness(context.data_dir)  # a bad Stage II readiness file stops the run here, not 01
    params = context.params
    notebooks_dir = notebooks_dir or default_notebooks_dir()
    agencies = check_run_arguments(workers=workers, timeout=timeout, notebooks_dir=notebooks_dir,
                                   agencies=agencies, scheduler=scheduler)
    city = city_notebooks(notebooks_dir)
    out_dir = output_folder(params, notebooks_dir)
    progress = Progress(total=len(city), stream=stream or sys.stderr)
    with stopped_by_signals(), output_folder_lock(out_dir, params["out_dir"]):
        remove_stale_temporaries(out_dir)
        batch = Batch(context, force, timeout or params.get("notebook_timeout"), progress)
        batch.manifest["city_from"] = city_from
        if city_from in ("metadata", "none"):
            print(default_city_warning(params, city_from), file=progress.stream)
        try:
            with open_executor(workers or os.cpu_count() or 1, executor, scheduler) as pool:
                _run_stages(batch, pool, city, notebooks_dir / AGENCY_NOTEBOOK, agencies,
                            kernel_reports)
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
        write_index(context, batch.manifest)
        if pdf:
            note = write_run_pdfs(context, batch.manifest, workers or os.cpu_count() or 1)
            batch.write_manifest()
            print(note, file=progress.stream)
    return batch.manifest


def default_city_warning(params: dict[str, Any], city_from: str) -> str:
    """The one warning of a run on data other than the sample under the default city."""
    titled = (f"its pages are titled {params['city']!r}, the city in the data's metadata.json"
              if city_from == "metadata" else "its pages name no city")
    return (f"warning: {params['data_dir']} is not the sample data, but the city is the "
            f"default {default_params()['city']!r}: {titled}; name the city with --city NAME")


def _run_stages(batch: Batch, pool: Executor, city: list[Path], agency_source: Path,
                agencies: str | list[str] | None, kernel_reports: int) -> None:
    """The city stage, then the agency fan-out."""
    stages = batch.manifest["stage_seconds"] = {}
    started = time.perf_counter()
    fingerprints = batch.run_city(pool, city)
    stages["city"] = round(time.perf_counter() - started, 2)
    upstream = batch.upstream(fingerprints, list(fingerprints))
    selected = select_agencies(batch.out_dir, agencies if agency_source.exists() else None)
    slugs = agency_slugs(list(selected["agency_code"]))
    skipped = say_skipped(batch.out_dir, agencies, len(selected), batch.progress.stream)
    if agencies and agency_source.exists() and not slugs and not skipped:
        print("no agency reports: the run's clean data has no agency (the problems are in "
              f"{batch.params['out_dir']}/reports/00_data_quality.html)",
              file=batch.progress.stream)
    batch.progress.add(len(slugs))
    started = time.perf_counter()
    batch.run(pool, [batch.job(agency_source, upstream, code, s, kernel_reports)
                     for code, s in slugs.items()])
    stages["agencies"] = round(time.perf_counter() - started, 2)


def failures(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in manifest["notebooks"] if n["status"] == "failed"]

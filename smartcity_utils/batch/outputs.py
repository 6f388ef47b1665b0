"""What a notebook run leaves behind, and whether it is still whole.

A successful run stamps its executed notebook (`RUN_STAMP` in the notebook's metadata) with its
fingerprint and the sha256 of every output it wrote: its HTML report and the files it declares
for other workbooks (artifacts.ARTIFACTS by their `writer`, the clean data of the workbook that
writes the rejects table, its stamp file and every other file that lists, such as the Stage I
form). A notebook is up to date only when its
executed notebook reads, the fingerprint matches and every one of those files is still there with
the same digest: a damaged, truncated or deleted output makes it run again.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from smartcity_utils.artifacts import ARTIFACTS, TABLE_NAMES, artifact, clean_data_path
from smartcity_utils.atomic import TEMPORARY_FILES
from smartcity_utils.batch.plan import AGENCY_NOTEBOOK
from smartcity_utils.errors import ArtifactError
from smartcity_utils.stamps import read_stamps, sha256_file, stamp_file

RUN_STAMP = "smartcity_run"  # metadata key of an executed notebook: fingerprint and status


def declared_outputs(out_dir: Path, notebook: str, agency: str | None) -> list[Path]:
    """The files notebook `notebook` (a stem such as 01_stage1_evaluation) writes for others."""
    paths = [a.file(out_dir) for a in ARTIFACTS.values() if a.writer == notebook]
    if notebook == artifact("rejects").writer:  # written together with the clean data
        paths += [clean_data_path(out_dir, table) for table in TABLE_NAMES]
    if agency is None and paths:
        try:
            recorded = (read_stamps(out_dir, notebook) or {}).get("files", {})
        except ArtifactError:
            recorded = {}
        paths += [out_dir / name for name in recorded if out_dir / name not in paths]
        paths.append(stamp_file(out_dir, notebook))
    return paths


def output_digests(out_dir: Path, source: str, agency: str | None,
                   html: str) -> dict[str, str | None]:
    """sha256 of the HTML report and of each declared output, by path relative to `out_dir`;
    None for a declared output the run did not write."""
    paths = [out_dir / html, *declared_outputs(out_dir, Path(source).stem, agency)]
    return {p.relative_to(out_dir).as_posix(): sha256_file(p) if p.exists() else None
            for p in paths}


def _whole(out_dir: Path, digests: dict[str, str | None]) -> bool:
    for name, digest in digests.items():
        path = out_dir / name
        if digest is not None and (not path.is_file() or sha256_file(path) != digest):
            return False
    return True


def is_up_to_date(out_dir: Path, output: str, fingerprint: str) -> bool:
    """True when `output` (an executed notebook under `out_dir`) is from a successful run with
    this fingerprint and every output that run recorded is still whole."""
    path = out_dir / output
    if not path.is_file():
        return False
    try:
        stamp = nbformat.read(path, as_version=4).metadata.get(RUN_STAMP, {})
    except Exception:  # noqa: BLE001 - an unreadable output is simply out of date
        return False
    return (stamp.get("status") == "ok" and stamp.get("fingerprint") == fingerprint
            and bool(stamp.get("outputs")) and _whole(out_dir, stamp["outputs"]))


def notebook_outputs(source: Path, agency_slug: str | None) -> tuple[str, str]:
    """Where a notebook's run goes under the output folder: its executed notebook and its HTML
    report (an agency report's in a subfolder of each)."""
    if agency_slug is None:
        return f"notebooks/{source.name}", f"reports/{source.stem}.html"
    return f"notebooks/{source.stem}/{agency_slug}.ipynb", f"reports/agencies/{agency_slug}.html"


def run_folders(out_dir: Path) -> list[Path]:
    """The folders a run writes into: the output folder itself (manifest, index), those of the
    executed notebooks and reports, and those of every file a workbook declares."""
    agency = Path(AGENCY_NOTEBOOK)
    pages = {(out_dir / path).parent for slug in (None, "agency")
             for path in notebook_outputs(agency, slug)}
    declared = {p.parent for writer in {a.writer for a in ARTIFACTS.values()}
                for p in declared_outputs(out_dir, writer, None)}
    return [out_dir, *sorted(pages), *sorted(declared)]


def remove_stale_temporaries(out_dir: Path) -> list[Path]:
    """Delete the temporary files a killed run left behind in the run's own folders; they
    never looked complete, and a new run rewrites whatever they were for. Only the suite's own
    temporary names (atomic.py) are taken: another program's `.*.tmp` stays."""
    stale = [p for folder in run_folders(out_dir) for p in sorted(folder.glob(TEMPORARY_FILES))
             if p.is_file()]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale

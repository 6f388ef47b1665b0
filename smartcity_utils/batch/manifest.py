"""What a run records about itself: the input files it reads, the fingerprints that tell an up
to date notebook from a stale one (sources, parameters, inputs, the package's own code and the
files of other workbooks a notebook reads), the versions of the key packages, and
`<out>/manifest.json`, written atomically."""

from __future__ import annotations

import json
import platform
import uuid
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat

from smartcity_utils.atomic import write_atomically
from smartcity_utils.context import data_files
from smartcity_utils.errors import ArtifactError
from smartcity_utils.params import resolve
from smartcity_utils.stamps import digest, read_stamps, sha256_file

PACKAGE_SUFFIXES = (".py", ".yaml", ".json", ".j2", ".css")  # what the package computes with
KEY_PACKAGES = ("pandas", "numpy", "pandera", "papermill", "nbclient", "scikit-learn",
                "seaborn", "matplotlib", "nbconvert", "dask", "distributed",
                "smartcity-workbooks")



def input_files(params: dict[str, Any]) -> dict[str, Path]:
    """Every file a run reads, by the path the parameters give: the data folder's files and
    every parameter that names a file."""
    data_dir = resolve(params["data_dir"])
    files = {(Path(params["data_dir"]) / p.relative_to(data_dir)).as_posix(): p
             for p in data_files(data_dir)}
    for key, value in sorted(params.items()):
        if key.endswith("_file") and isinstance(value, str):
            files[value] = resolve(value)
    return files


def source_digest(notebook: Path) -> str:
    """A notebook's code and text, without outputs: what the notebook *is*."""
    nb = nbformat.read(notebook, as_version=4)
    return digest(*(f"{c.cell_type}:{c.source}" for c in nb.cells))


def package_digest() -> str:
    """The package's own code: a change to it makes every notebook out of date."""
    folder = Path(__file__).resolve().parent.parent
    files = sorted(p for p in folder.rglob("*") if p.suffix in PACKAGE_SUFFIXES)
    return digest(*(f"{p.relative_to(folder).as_posix()}:{sha256_file(p)}" for p in files))


def written_digest(out_dir: Path, workbook: str) -> str:
    """What a workbook last wrote for the others, as its stamp file records it: the run stamp
    and each file's sha256 (not when it was written). A notebook that read those files is up to
    date only while this is unchanged."""
    try:
        record = read_stamps(out_dir, workbook) or {}
    except ArtifactError:
        return "unreadable"
    return digest(json.dumps([record.get("stamp"), record.get("files")], sort_keys=True))


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def new_manifest(params: dict[str, Any], input_hashes: dict[str, str]) -> dict[str, Any]:
    """The manifest of a run that starts now, before any notebook has run."""
    return {
        "run_id": uuid.uuid4().hex,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "finished": None,
        "params": params,
        "inputs": [{"path": n, "sha256": h} for n, h in input_hashes.items()],
        "versions": package_versions(),
        "notebooks": [],
    }


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    """`<out>/manifest.json`, atomically; the notebooks' fingerprints stay in memory."""
    runs = [{k: v for k, v in r.items() if k != "fingerprint"} for r in manifest["notebooks"]]
    write_atomically(out_dir / "manifest.json",
                     json.dumps(dict(manifest, notebooks=runs), indent=2, default=str))

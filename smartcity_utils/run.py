"""Run the workbooks through papermill and write the manifest (architecture.md, output contract).

City-level workbooks are the notebooks named `NN_*.ipynb` with NN below 10, run in name order.
Each executed notebook is written atomically under `<out>/notebooks/`, its code-hidden HTML report
under `<out>/reports/`, and `<out>/manifest.json` says what ran, with what, and how it ended.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from smartcity_utils.params import resolve
from smartcity_utils.paths import notebooks_dir

KERNEL_NAME = "smartcity"
CITY_NOTEBOOK = re.compile(r"^0\d_.+\.ipynb$")
KEY_PACKAGES = ("pandas", "numpy", "pandera", "papermill", "scikit-learn", "seaborn",
                "matplotlib", "nbconvert", "smartcity-workbooks")


@dataclass
class NotebookRun:
    notebook: str
    agency: str | None
    status: str  # ok | failed | skipped
    seconds: float
    output: str | None
    html: str | None
    error: str | None


def city_notebooks(folder: Path | None = None) -> list[Path]:
    """The city-level workbooks, in run order."""
    folder = folder or notebooks_dir()
    return sorted(p for p in folder.glob("*.ipynb") if CITY_NOTEBOOK.match(p.name))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(params: dict[str, Any]) -> dict[str, Path]:
    """Every file a run reads (the data folder's files and the weights file), by the path as
    the parameters name it."""
    data_dir = resolve(params["data_dir"])
    files = {
        (Path(params["data_dir"]) / p.name).as_posix(): p
        for p in sorted(data_dir.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }
    files[params["weights_file"]] = resolve(params["weights_file"])
    return files


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _relative(path: Path, out_dir: Path) -> str:
    return path.relative_to(out_dir).as_posix()


def write_atomically(path: Path, data: str) -> None:
    """Write `data` to `path` so that a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _error_text(exc: BaseException) -> str:
    ename = getattr(exc, "ename", None) or type(exc).__name__
    evalue = getattr(exc, "evalue", None) or str(exc)
    return f"{ename}: {evalue}".strip()


def render_html(notebook_path: Path) -> str:
    """The notebook as an HTML report with the code hidden."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook_path, as_version=4))
    return body


def execute_notebook(source: Path, params: dict[str, Any], out_dir: Path,
                     agency: str | None = None) -> NotebookRun:
    """Run one workbook; a failure is recorded, never raised."""
    import nbformat
    import papermill

    stem = source.stem if agency is None else f"{source.stem}__{agency}"
    output = out_dir / "notebooks" / f"{stem}.ipynb"
    html = out_dir / "reports" / f"{stem}.html"
    parameters = dict(params, **({"agency": agency} if agency else {}))
    started = time.perf_counter()
    executed = None
    error = None
    try:
        executed = papermill.execute_notebook(
            str(source), None, parameters=parameters, kernel_name=KERNEL_NAME,
            progress_bar=False, cwd=str(source.parent),
        )
    except Exception as exc:  # noqa: BLE001 - any failure of a notebook is recorded, not raised
        error = _error_text(exc)
        executed = getattr(exc, "nb", None)
    if executed is not None:
        write_atomically(output, nbformat.writes(executed))
    html_written = None
    if error is None:
        try:
            write_atomically(html, render_html(output))
            html_written = _relative(html, out_dir)
        except Exception as exc:  # noqa: BLE001
            error = f"HTML report: {_error_text(exc)}"
    return NotebookRun(
        notebook=source.name,
        agency=agency,
        status="ok" if error is None else "failed",
        seconds=round(time.perf_counter() - started, 2),
        output=_relative(output, out_dir) if executed is not None else None,
        html=html_written,
        error=error,
    )


def run_suite(params: dict[str, Any], log=print) -> dict[str, Any]:
    """Run every city workbook in order and write `<out>/manifest.json`; return the manifest."""
    out_dir = resolve(params["out_dir"])
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs = input_files(params)
    manifest: dict[str, Any] = {
        "run_id": uuid.uuid4().hex,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "finished": None,
        "params": params,
        "inputs": [{"path": name, "sha256": sha256(path)} for name, path in inputs.items()],
        "versions": package_versions(),
        "notebooks": [],
    }
    notebooks = city_notebooks()
    for i, source in enumerate(notebooks, 1):
        log(f"[{i}/{len(notebooks)}] {source.name} ...")
        result = execute_notebook(source, params, out_dir)
        manifest["notebooks"].append(asdict(result))
        log(f"[{i}/{len(notebooks)}] {source.name}: {result.status} ({result.seconds:.1f} s)"
            + (f" - {result.error}" if result.error else ""))
    manifest["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    write_atomically(out_dir / "manifest.json", json.dumps(manifest, indent=2, default=str))
    return manifest


def failures(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in manifest["notebooks"] if n["status"] == "failed"]

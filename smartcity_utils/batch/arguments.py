"""The run's own arguments, checked before anything runs: how many notebooks at once, how long
each may take, which workbooks, which agencies, and the Jupyter kernel the workbooks run in.
Each mistake is refused with one sentence (ParamsError) that names the option.

Agency codes are checked here for their form only (a comma-separated list of codes, or `all`):
whether a code is an agency of the data is decided by the clean data workbook 00 writes, the one
place that knows which agency rows were accepted, so an unknown code is refused after 00 ran.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

from smartcity_utils.batch.execute import KERNEL_NAME
from smartcity_utils.batch.plan import AGENCY_NOTEBOOK, city_notebooks
from smartcity_utils.errors import ParamsError


def check_run_arguments(*, workers: int | None, timeout: float | None, notebooks_dir: Path,
                        agencies: str | list[str] | None,
                        scheduler: str | None) -> str | list[str] | None:
    """Refuse a wrong argument with ParamsError; return the agencies asked for (`all`, a
    list of codes, or None for no agency reports)."""
    if workers is not None and workers < 1:
        raise ParamsError(f"--workers {workers}: the number of notebooks run at once must be "
                          "1 or more")
    if timeout is not None and timeout <= 0:
        raise ParamsError(f"--timeout {timeout:g}: the time limit per notebook must be more "
                          "than 0 seconds")
    _check_notebooks(notebooks_dir)
    if scheduler is None:  # a remote scheduler's workers have kernels of their own
        _check_kernel_spec(KERNEL_NAME)
    return agency_codes(agencies)


def agency_codes(agencies: str | list[str] | None) -> str | list[str] | None:
    """`all`, None, or the codes of `--agencies A,B` (spaces around a code dropped);
    ParamsError when a code is empty (`--agencies ,`, `A,,B`)."""
    if agencies is None or agencies == "all":
        return agencies
    codes = [str(c).strip() for c in (agencies.split(",") if isinstance(agencies, str)
                                       else agencies)]
    if not codes or "" in codes:
        given = agencies if isinstance(agencies, str) else ",".join(map(str, agencies))
        raise ParamsError(f"--agencies '{given}' has an empty agency code: give codes "
                          "separated by commas (e.g. DINKES,DISHUB), or all")
    return codes


def _check_notebooks(folder: Path) -> None:
    if not folder.is_dir():
        raise ParamsError(f"--notebooks {folder}: no such folder")
    if not city_notebooks(folder) and not (folder / AGENCY_NOTEBOOK).is_file():
        raise ParamsError(f"--notebooks {folder} holds no workbooks (00_*.ipynb to "
                          f"09_*.ipynb, {AGENCY_NOTEBOOK}): name the folder of the workbooks")


def _check_kernel_spec(name: str) -> None:
    """The workbooks' kernel must be installed (a `jupyter kernelspec remove` undoes it)."""
    try:
        KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        raise ParamsError(
            f"the Jupyter kernel '{name}' the workbooks run in is not installed; install it "
            f"with: {sys.executable} -m ipykernel install --sys-prefix --name {name} "
            f"--display-name \"Python ({name})\"") from None

"""Where things are: the project root and the fixed layout below it (path constants)."""

from __future__ import annotations

from pathlib import Path

from smartcity_utils.errors import ProjectNotFound


def _is_root(folder: Path) -> bool:
    return (folder / "params").is_dir() and (folder / "notebooks").is_dir()


def project_root(start: Path | None = None) -> Path:
    """The project folder: the nearest folder at or above `start` (default: the working folder)
    holding params/ and notebooks/, else the folder this package was installed from."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_root(folder):
            return folder
    package_parent = Path(__file__).resolve().parent.parent
    if _is_root(package_parent):
        return package_parent
    raise ProjectNotFound(
        f"no smart-city project (a folder with params/ and notebooks/) at or above {here}: "
        "run smartcity from the project folder"
    )


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def package_dir() -> Path:
    """The smartcity_utils package's own folder."""
    return Path(__file__).resolve().parent

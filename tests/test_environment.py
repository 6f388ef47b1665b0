"""environment.yml (conda) and pyproject.toml (pip) must describe the same environment."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*(.*)$", requirement).groups()
    return re.sub(r"[-_.]+", "-", name.lower()), spec.replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_split(r) for r in requirements)


def _environment() -> tuple[dict[str, str], list[str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    deps = dict(_split(d) for d in conda if not d.startswith(("python=", "pip")))
    pythons = [d for d in conda if d.startswith("python=")]
    return deps, pythons, pip


def test_same_dependencies_and_versions():
    conda, _, _ = _environment()
    assert conda == _pyproject()


def test_same_python_and_package_installed_by_pip():
    _, pythons, pip = _environment()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert pythons == ["python=3.11"] and requires == ">=3.11"
    assert pip == ["-e ."]


def test_comparison_bites_on_a_difference():
    """The check itself must notice a changed version: compare a doctored copy."""
    conda, _, _ = _environment()
    doctored = dict(conda, pandas=">=1.0")
    assert doctored != _pyproject()

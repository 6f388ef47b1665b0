"""The run context: the run parameters and the configuration files, parsed and checked once.

`run_context(params)` checks the parameters against the one schema, chooses the Smart City
rulebook of the evaluation year (and says why, once), reads the Quick Win criteria and the
cluster settings into typed objects (`config`), resolves the
folders from the project root and gives the run's stamp and output folder. Every workbook's
set-up returns it (`start_workbook`), the batch runner checks a run with it, and `open_run`
gives it to a notebook or script anywhere in the project.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from smartcity_utils import strings
from smartcity_utils.artifacts import RunFolder
from smartcity_utils.config import (
    ClusterSettings,
    Configuration,
    CriteriaSet,
    RulebookChoice,
    read_configuration,
)
from smartcity_utils.params import (
    DEFAULT_PARAMS_FILE,
    check_params,
    load_params,
    read_params_file,
    resolve,
)
from smartcity_utils.stage1.weights import Stage1Weights
from smartcity_utils.stamps import RunStamp, digest, sha256_file


@dataclass(frozen=True)
class RunContext:
    """One run's parameters, folders, configuration and stamp."""

    params: dict[str, Any]
    out_dir: Path
    data_dir: Path
    config: Configuration

    @property
    def lang(self) -> str:
        return self.params["lang"]

    @property
    def year(self) -> int:
        return self.params["year"]

    @property
    def city(self) -> str:
        return self.params["city"]

    @property
    def rulebook(self) -> RulebookChoice:
        """The Smart City rulebook of the run and the one sentence saying why."""
        return self.config.rulebook

    @property
    def weights(self) -> Stage1Weights:
        """The chosen rulebook (weights, scale, bands, published-value rule)."""
        return self.config.weights

    @property
    def weight_sets(self) -> list[Stage1Weights]:
        """The chosen rulebook first, then the framework's other rulebooks."""
        return [self.config.weights, *self.config.other_weights]

    @property
    def criteria(self) -> CriteriaSet | None:
        return self.config.criteria

    @property
    def clusters(self) -> ClusterSettings:
        return self.config.clusters

    @property
    def budget(self) -> float:
        return float(self.params["quick_win_budget_idr"])

    @cached_property
    def stamp(self) -> RunStamp:
        versions = self.config.versions
        return RunStamp(year=self.year, city=self.city,
                        data=data_fingerprint(self.data_dir), weights=versions["weights"],
                        clusters=versions["clusters"], criteria=versions["criteria"],
                        budget=self.budget, survey=versions["survey"],
                        readiness=versions["readiness"])

    @cached_property
    def run(self) -> RunFolder:
        """The output folder, read and written under this run's stamp."""
        return RunFolder(self.out_dir, self.stamp)

    def text(self, key: str) -> str:
        """A report string in this run's language."""
        return strings.text(key, self.lang)

    def label(self, column: str) -> str:
        """A column header in this run's language."""
        return strings.column_label(column, self.lang)

    def folder(self, name: str) -> Path:
        """A sub-folder of the run's output folder (data, tables, figures, ...), created."""
        path = self.out_dir / name
        path.mkdir(parents=True, exist_ok=True)
        return path


def data_files(data_dir: Path) -> list[Path]:
    """Every file of a data folder a run reads: its own files, the returned workbooks and the
    returned impact survey forms with their plan."""
    from smartcity_utils.collection.layout import SURVEY_FOLDER
    from smartcity_utils.collection.returned import returned_files

    def files(folder: Path) -> list[Path]:
        return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))

    survey = data_dir / SURVEY_FOLDER
    return files(data_dir) + returned_files(data_dir) + (files(survey) if survey.is_dir()
                                                          else [])


@lru_cache(maxsize=8)
def _data_fingerprint(data_dir: Path, listing: tuple) -> str:
    files = data_files(data_dir)
    return digest(*(f"{p.relative_to(data_dir).as_posix()}:{sha256_file(p)}" for p in files))


def data_fingerprint(data_dir: Path) -> str:
    """The content of a data folder's files as 12 hex digits (cached while no file changes)."""
    listing = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                    for p in data_files(data_dir))
    return _data_fingerprint(data_dir, listing)[:12]


def run_context(params: dict[str, Any], source: str = "parameters") -> RunContext:
    """The checked context of complete run parameters; ParamsError names every problem."""
    check_params(params, source=source)
    return RunContext(params=dict(params), out_dir=resolve(params["out_dir"]),
                      data_dir=resolve(params["data_dir"]),
                      config=read_configuration(params, source))


def default_params() -> dict[str, Any]:
    """The project's default run parameters (params/default.yaml), as written."""
    return read_params_file(resolve(DEFAULT_PARAMS_FILE))


def criteria_file(params: dict[str, Any] | None = None) -> Path:
    """The Quick Win criteria file the run parameters name (by default the project's)."""
    return resolve((params or load_params())["quick_win_criteria_file"])


def run_city(params: dict[str, Any], city_given: bool = False) -> tuple[str, str]:
    """The city a run's pages name, and where it comes from: "parameters" (`--city`, given as
    `city_given`, or a city other than the project's default), "sample" (the default city on
    the synthetic sample, which describes it), "metadata" (the default city on other data: the
    data folder's metadata.json `city` instead) or "none" (neither: no city, "")."""
    from smartcity_utils.data.load import read_metadata

    city = params["city"]
    if city_given or city != default_params()["city"]:
        return city, "parameters"
    metadata, _ = read_metadata(resolve(params["data_dir"]) / "metadata.json")
    if metadata.get("synthetic") is True:
        return city, "sample"
    named = metadata.get("city")
    if isinstance(named, str) and named.strip():
        return " ".join(named.split()), "metadata"
    return "", "none"


def finished_run(out_dir: str | Path = "outputs", **params: Any) -> RunContext:
    """The run context of a finished run's output folder: the parameters that run used (its
    manifest's, else the defaults), with `params` overriding them. Paths are resolved from the
    project folder."""
    folder = resolve(out_dir)
    manifest = folder / "manifest.json"
    base = default_params()
    if manifest.is_file():
        try:
            base.update(json.loads(manifest.read_text(encoding="utf-8"))["params"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # an unreadable manifest: the defaults, and the stamps will say what differs
    base.update(params, out_dir=str(out_dir))
    return run_context(base, source=f"the parameters of the run in {out_dir}")


def open_run(out_dir: str | Path = "outputs", **params: Any) -> RunFolder:
    """A finished run's output folder, for a notebook or script anywhere in the project: the
    clean tables (`.clean_data()`) and every artifact by name (`run["quick_win_ranking"]`),
    typed and stamp-checked against the parameters that run used (`finished_run`)."""
    return finished_run(out_dir, **params).run

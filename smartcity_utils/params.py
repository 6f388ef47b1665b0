"""Run parameters: one schema, checked before anything runs.

`load_params(path, overrides)` reads a YAML file, applies command-line overrides and returns the
effective parameters, or raises `ParamsError` naming every unknown key, wrong type and missing
file at once. Relative paths are resolved against the project root.

Every YAML file the project reads goes through `load_yaml`, which refuses aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from smartcity_utils.errors import ParamsError
from smartcity_utils.paths import project_root

LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class Param:
    type: type | tuple[type, ...]
    doc: str
    path: str | None = None  # "file" or "dir" when the value names one that must exist
    required: bool = True


SCHEMA: dict[str, Param] = {
    "city": Param(str, "the city (pemerintah daerah) the run is about"),
    "year": Param(int, "the evaluation year"),
    "data_dir": Param(str, "folder with the agencies, innovations and assessment tables", "dir"),
    "out_dir": Param(str, "folder the run writes into (created when missing)"),
    "lang": Param(str, "report language: id or en"),
    "seed": Param(int, "seed of every random choice"),
    "quick_win_budget_idr": Param((int, float), "the year's Quick Win budget in rupiah"),
    "agency": Param((str, type(None)), "agency code for the agency workbook", required=False),
    "notebook_timeout": Param((int, float), "wall-clock limit per notebook, seconds",
                              required=False),
    "rulebook": Param((str, type(None)), "Smart City rulebook file (YAML) to use instead of the "
                      "one of the evaluation year in params/rulebooks/", "file", required=False),
    "quick_win_criteria_file": Param(str, "Quick Win priority criteria, weights and settings "
                                     "(YAML)", "file", required=False),
    "stage2_readiness_file": Param(str, "Stage II readiness: what counts as ready (YAML)",
                                   "file", required=False),
    "interactive": Param(bool, "show live ipywidgets controls (set by hand in JupyterLab; "
                               "false under papermill)", required=False),
    "cluster_feature_weights": Param(dict, "innovation clusters: weight of each feature block "
                                     "(text, sub_dimension, jenis, tahapan, pentahelix, budget, "
                                     "beneficiaries); blocks left out keep their default",
                                     required=False),
    "cluster_k_min": Param(int, "innovation clusters: fewest clusters tried", required=False),
    "cluster_k_max": Param(int, "innovation clusters: most clusters tried", required=False),
    "cluster_similarity_threshold": Param((int, float), "cosine similarity of two innovations' "
                                          "text from which they are an integration candidate",
                                          required=False),
}

DEFAULT_PARAMS_FILE = "params/default.yaml"


def _retired_weights_file(value: Any) -> str:
    """What to write instead of the retired `weights_file` key."""
    name = Path(str(value)).name
    rulebook = ("params/rulebooks/smart_city_" + name.removeprefix("stage1_")
                if name.startswith("stage1_") else "params/rulebooks/<file>.yaml")
    return ("key 'weights_file' is no longer read: the Stage I weights are now the Smart City "
            "rulebook of the evaluation year, chosen from params/rulebooks/ by `year`; delete "
            f"the line, or write `rulebook: {rulebook}` to keep that set")


# Keys of older parameters files, each with the sentence that says what to write instead.
RETIRED = {"weights_file": _retired_weights_file}


def _type_name(t: type | tuple[type, ...]) -> str:
    types = t if isinstance(t, tuple) else (t,)
    names = {str: "text", int: "whole number", float: "number", type(None): "empty",
             bool: "true or false"}
    return " or ".join(names.get(x, x.__name__) for x in types)


# What every workbook needs; a workbook declares the other keys it uses in its parameters cell.
CORE_KEYS = ("city", "year", "data_dir", "out_dir", "lang", "seed")


def check_params(params: dict[str, Any], source: str = "parameters",
                 complete: bool = True) -> dict[str, Any]:
    """Return `params` if valid; raise ParamsError listing every problem otherwise.

    A parameters file must be `complete`; a workbook's own parameters need only the core keys.
    """
    problems = []
    for key in params:
        if key in RETIRED:
            problems.append(RETIRED[key](params[key]))
        elif key not in SCHEMA:
            problems.append(f"unknown key '{key}' (known keys: {', '.join(SCHEMA)})")
    for key, spec in SCHEMA.items():
        if key not in params:
            if spec.required and (complete or key in CORE_KEYS):
                problems.append(f"missing key '{key}' ({spec.doc})")
            continue
        value = params[key]
        # bool is a subclass of int: accept it only where the schema names bool itself.
        wants_bool = bool in (spec.type if isinstance(spec.type, tuple) else (spec.type,))
        if (isinstance(value, bool) and not wants_bool) or not isinstance(value, spec.type):
            problems.append(
                f"key '{key}' must be {_type_name(spec.type)}, got {value!r} ({spec.doc})"
            )
            continue
        if spec.path and value is not None:
            target = resolve(value)
            exists = target.is_file() if spec.path == "file" else target.is_dir()
            if not exists:
                problems.append(f"key '{key}': {spec.path} not found: {value}")
    if params.get("lang") not in (None, *LANGUAGES) and isinstance(params.get("lang"), str):
        problems.append(f"key 'lang' must be one of {', '.join(LANGUAGES)}, got {params['lang']!r}")
    if problems:
        raise ParamsError(f"{source}: " + "; ".join(problems))
    return params


def resolve(path: str | Path) -> Path:
    """A parameter path, relative to the project root unless absolute."""
    p = Path(path)
    return p if p.is_absolute() else project_root() / p


class AliasRefused(yaml.YAMLError):
    """A YAML text uses an alias (`*name`)."""


class _LoaderWithoutAliases(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML's safe loader (libyaml's when PyYAML has it) that refuses aliases: parameters and
    configuration files have no need of them, and a few lines of nested aliases ("billion
    laughs") grow into billions of values that a check or a message would walk through."""

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects:  # a node met a second time: an alias's target
            raise AliasRefused(
                f"line {node.start_mark.line + 1}: this value is repeated by an alias (*name); "
                "aliases are not allowed in parameters and configuration files: write the "
                "value out where it is used")
        return super().construct_object(node, deep=deep)


def load_yaml(text: str) -> Any:
    """The value of a YAML text, read safely and without aliases (`AliasRefused`)."""
    return yaml.load(text, Loader=_LoaderWithoutAliases)


def read_params_file(path: str | Path) -> dict[str, Any]:
    """The raw mapping in a YAML parameters file; ParamsError when it is not one."""
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParamsError(f"parameters file not found: {path}") from None
    except AliasRefused as exc:
        raise ParamsError(f"{path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise ParamsError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ParamsError(f"{path}: must be a mapping of keys to values")
    return data


def load_params(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> dict:
    """Effective parameters: the file, then the non-None overrides, checked as one."""
    path = resolve(path or DEFAULT_PARAMS_FILE)
    params = read_params_file(path)
    params.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return check_params(params, source=str(path.name))

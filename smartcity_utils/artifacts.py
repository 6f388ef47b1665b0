"""Every file a workbook writes for another: its path, its columns and their types.

A workbook never guesses what another one wrote. Each table below is written with
`write_table` (columns checked, written atomically, text that a spreadsheet would run as a
formula neutralised) and read back with `read_table` (codes and names always as text, numbers
as numbers, booleans as booleans), so an agency code such as `030801` stays `030801` from the
registry to the last agency report.

The clean data of 00_data_quality is parquet (`write_clean_data` / `read_clean_data`); it keeps
the schema's types itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from smartcity_utils.atomic import atomic_path, write_atomically
from smartcity_utils.errors import ArtifactError, DataError

TABLE_NAMES = ("agencies", "innovations", "assessment")

TEXT, INT, FLOAT, BOOL = "text", "int", "float", "bool"

_STAGE1_SCORES = ("score_baseline", "score_output", "score_outcome", "score_impact",
                  "score_quick_win")
_INDEX_COLUMNS = (*_STAGE1_SCORES, "index", "band", "band_en", "n_indicators",
                  "dimensions_missing", "complete")

# The type of every column name any artifact uses; a column not named here is text.
_COLUMN_KINDS = {
    **dict.fromkeys(_STAGE1_SCORES, FLOAT),
    **dict.fromkeys(("index", "score", "score_previous", "change", "share_missing", "scale",
                     "index_previous", "index_change", "similarity", "weight", "level",
                     "scale_max", "mean_sectors", "weighted_sum", "topsis",
                     "model_probability", "top_k_probability", "priority"), FLOAT),
    **dict.fromkeys(("year", "n_indicators", "n_agencies", "n_rows",
                     "evidence_missing", "rank", "n_agencies_assessed",
                     "n_agencies_not_assessed", "cluster", "cluster_a", "cluster_b",
                     "similar_pairs", "declared_partnerships", "innovations",
                     "sectors_reached", "connected_agencies", "budget_idr", "cost_idr",
                     "rank_weighted_sum", "rank_topsis", "rank_p05", "rank_median",
                     "rank_p95", "priority_rank", "row"), INT),
    **dict.fromkeys(("assessed", "complete", "shortlisted", "selected"), BOOL),
}


def column_kind(column: str) -> str:
    """The type of an artifact column: share_/value_ columns are numbers, the rest by name."""
    if column.startswith(("share_", "value_")):
        return FLOAT
    return _COLUMN_KINDS.get(column, TEXT)


@dataclass(frozen=True)
class Artifact:
    """One table a workbook writes: where, by whom, with which columns (in order)."""

    name: str
    path: str              # relative to the run's output folder
    writer: str            # the notebook that writes it
    columns: tuple[str, ...]
    open_columns: bool = False  # may carry further columns after these (criterion values)

    def file(self, out_dir: str | Path) -> Path:
        return Path(out_dir) / self.path


def _artifacts(*items: Artifact) -> dict[str, Artifact]:
    return {a.name: a for a in items}


_S1 = "01_stage1_evaluation"
_CL = "02_innovation_clusters"
_QW = "03_quick_win_priority"
_AGENCY = ("agency_code", "short_name")
_INDICATOR = ("evaluation_dimension", "indicator_code", "indicator")

ARTIFACTS = _artifacts(
    Artifact("rejects", "tables/rejects.csv", "00_data_quality",
             ("file", "row", "column", "value", "reason")),
    Artifact("scored_rows", "stage1/scored_rows.csv", _S1,
             (*_AGENCY, "innovation_id", "dimension", "sub_dimension", *_INDICATOR, "level",
              "scale_max", "score", "evidence_ref", "evidence_status")),
    Artifact("indicator_scores", "stage1/indicator_scores.csv", _S1,
             (*_AGENCY, "dimension", "sub_dimension", *_INDICATOR, "score", "n_rows",
              "evidence_missing")),
    Artifact("dimension_scores", "stage1/dimension_scores.csv", _S1,
             (*_AGENCY, "evaluation_dimension", "score", "n_indicators")),
    Artifact("index_by_agency", "stage1/index_by_agency.csv", _S1,
             (*_AGENCY, "assessed", *_INDEX_COLUMNS, "evidence_missing", "rank",
              "index_previous", "index_change")),
    Artifact("index_by_dimension", "stage1/index_by_dimension.csv", _S1,
             ("dimension", "n_agencies", *_INDEX_COLUMNS)),
    Artifact("index_by_sub_dimension", "stage1/index_by_sub_dimension.csv", _S1,
             ("dimension", "sub_dimension", "n_agencies", *_INDEX_COLUMNS)),
    Artifact("index_by_agency_dimension", "stage1/index_by_agency_dimension.csv", _S1,
             (*_AGENCY, "dimension", *_INDEX_COLUMNS)),
    Artifact("index_by_indicator", "stage1/index_by_indicator.csv", _S1,
             (*_INDICATOR, "score", "n_agencies", "evidence_missing")),
    Artifact("city_index", "stage1/city_index.csv", _S1,
             ("year", *_INDEX_COLUMNS, "scale", "weights_file", "weights_version",
              "n_agencies_assessed", "n_agencies_not_assessed", "index_previous",
              "index_change")),
    Artifact("not_assessed", "stage1/not_assessed.csv", _S1, _AGENCY),
    Artifact("missing_dimensions", "stage1/missing_dimensions.csv", _S1,
             (*_AGENCY, "evaluation_dimension", "weight")),
    Artifact("evidence_by_agency", "stage1/evidence_by_agency.csv", _S1,
             (*_AGENCY, "n_rows", "evidence_missing", "share_missing")),
    Artifact("evidence_todo", "stage1/evidence_todo.csv", _S1,
             (*_AGENCY, "dimension", "sub_dimension", *_INDICATOR, "innovation_id",
              "evidence_ref", "evidence_status")),
    Artifact("change_vs_previous", "stage1/change_vs_previous.csv", _S1,
             (*_AGENCY, "evaluation_dimension", "score_previous", "score", "change")),
    Artifact("clusters", "clusters/clusters.csv", _CL,
             ("innovation_id", "innovation_name", "agency_code", "year", "sub_dimension",
              "cluster", "cluster_label", "cluster_top_terms", "cluster_sub_dimension")),
    Artifact("integration_pairs", "clusters/integration_pairs.csv", _CL,
             ("innovation_id_a", "innovation_name_a", "agency_code_a", "cluster_a",
              "innovation_id_b", "innovation_name_b", "agency_code_b", "cluster_b",
              "similarity", "shared_terms")),
    Artifact("agency_network", "clusters/agency_network.csv", _CL,
             ("agency_code_a", "agency_code_b", "similar_pairs", "declared_partnerships",
              "weight")),
    Artifact("pentahelix_reach", "clusters/pentahelix_reach.csv", _CL,
             (*_AGENCY, "innovations", "share_government", "share_academia", "share_business",
              "share_community", "share_media", "sectors_reached", "mean_sectors",
              "connected_agencies")),
    Artifact("quick_win_ranking", "quick_win/quick_win_ranking.csv", _QW,
             ("rank", "innovation_id", "innovation_name", "agency_code", "dimension",
              "sub_dimension", "tahapan", "budget_idr", "weighted_sum", "topsis",
              "rank_weighted_sum", "rank_topsis", "model_probability", "top_k_probability",
              "rank_p05", "rank_median", "rank_p95", "shortlisted"), open_columns=True),
    Artifact("quick_win_shortlist", "quick_win/quick_win_shortlist.csv", _QW,
             ("innovation_id", "innovation_name", "agency_code", "dimension", "selected",
              "priority_rank", "priority", "cost_idr", "reason")),
)

STAGE1_TABLES = tuple(a.name for a in ARTIFACTS.values() if a.writer == _S1)


def artifact(name: str) -> Artifact:
    try:
        return ARTIFACTS[name]
    except KeyError:
        raise ArtifactError(f"no artifact named {name!r}") from None


# ------------------------------------------------------------------ formula neutralising

# A spreadsheet program runs a cell that begins with one of these as a formula (OWASP's
# CSV-injection advice): such text is written behind a "'" and read back without it.
_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula, made inert with a leading "'"."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def _restore(value: object) -> object:
    if isinstance(value, str) and value.startswith("'") and _FORMULA_START.match(value[1:]):
        return value[1:]
    return value


# ------------------------------------------------------------------ tables


def _columns_of(spec: Artifact, frame: pd.DataFrame) -> list[str]:
    expected = list(spec.columns)
    actual = list(frame.columns)
    head = actual[:len(expected)]
    if head != expected or (len(actual) > len(expected) and not spec.open_columns):
        missing = [c for c in expected if c not in actual]
        extra = [c for c in actual if c not in expected]
        raise ArtifactError(
            f"{spec.path}: the table does not have the artifact's columns "
            f"(missing: {missing or 'none'}; not in the contract: {extra or 'none'}; "
            "or in another order)")
    return actual


def _typed(frame: pd.DataFrame, columns: list[str], where: str,
           text=lambda v: v) -> pd.DataFrame:
    """`frame`'s columns in their contract types; `text` maps each text value."""
    out = {}
    for column in columns:
        kind = column_kind(column)
        values = frame[column]
        try:
            if kind == TEXT:
                text_values = values.astype(object).where(values.notna(), None)
                out[column] = text_values.map(lambda v: None if v is None else text(str(v)))
            elif kind == BOOL:
                out[column] = _booleans(values)
            elif kind == INT:
                numbers = pd.to_numeric(values, errors="raise")
                out[column] = numbers.round().astype("Int64") if numbers.dtype.kind == "f" \
                    else numbers.astype("Int64")
            else:
                out[column] = pd.to_numeric(values, errors="raise").astype(float)
        except (TypeError, ValueError) as exc:
            raise ArtifactError(f"{where}: column {column!r} is not {kind}: {exc}") from None
    return pd.DataFrame(out, index=frame.index)


_TRUE = {"true": True, "1": True, "false": False, "0": False}


def _booleans(values: pd.Series) -> pd.Series:
    """bool when every value is known, else pandas' nullable boolean."""
    if values.dtype != bool:
        values = values.map(lambda v: _TRUE[str(v).strip().lower()] if pd.notna(v) else pd.NA)
    return values.astype(bool) if values.notna().all() else values.astype("boolean")


def write_table(out_dir: str | Path, name: str, frame: pd.DataFrame) -> Path:
    """Write one artifact table as CSV, atomically; the frame must have its columns in order."""
    spec = artifact(name)
    columns = _columns_of(spec, frame)
    typed = _typed(frame.reset_index(drop=True), columns, spec.path, text=neutralise)
    path = spec.file(out_dir)
    with atomic_path(path) as tmp:
        typed.to_csv(tmp, index=False, lineterminator="\n")
    return path


def read_table(out_dir: str | Path, name: str) -> pd.DataFrame | None:
    """An artifact table with its contract's types, or None when its workbook has not
    written it. A file that does not match the contract is an ArtifactError naming it."""
    spec = artifact(name)
    path = spec.file(out_dir)
    if not path.exists():
        return None
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"{spec.path} cannot be read ({exc}): rerun {spec.writer}") from None
    columns = _columns_of(spec, frame)
    return _typed(frame, columns, spec.path, text=_restore)


def require_table(out_dir: str | Path, name: str) -> pd.DataFrame:
    """Like read_table, but a missing file says which workbook has to run first."""
    frame = read_table(out_dir, name)
    if frame is None:
        spec = artifact(name)
        raise ArtifactError(f"{spec.path} not found in the run's output folder: "
                            f"run {spec.writer} first")
    return frame


# ------------------------------------------------------------------ agency files

_SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def slug(value: str) -> str:
    """A file-name-safe form of an agency code: letters, digits, `-` and `_` only, so a code
    such as `../../x` cannot name a file outside the output folder."""
    cleaned = _SLUG_UNSAFE.sub("-", str(value)).strip("-_")
    return cleaned or "agency"


def headline_path(out_dir: str | Path, agency: str) -> Path:
    """Where an agency report stores its headline numbers for index.html."""
    return Path(out_dir) / "agencies" / f"{slug(agency)}.json"


def write_headline(out_dir: str | Path, agency: str, headline: dict) -> Path:
    """Store the agency's headline numbers (plain JSON values) for index.html."""
    path = headline_path(out_dir, agency)
    write_atomically(path, json.dumps(headline, sort_keys=True, default=str))
    return path


def read_headline(out_dir: str | Path, agency: str) -> dict:
    """The headline numbers an agency workbook stored, or {} when it has none."""
    path = headline_path(out_dir, agency)
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError):
        return {}


# ------------------------------------------------------------------ clean data (00)


@dataclass(frozen=True)
class CleanData:
    agencies: pd.DataFrame
    innovations: pd.DataFrame
    assessment: pd.DataFrame


def clean_data_path(out_dir: str | Path, table: str) -> Path:
    return Path(out_dir) / "data" / f"{table}.parquet"


def write_clean_data(frames: dict[str, pd.DataFrame], rejects: pd.DataFrame,
                     out_dir: Path) -> list[Path]:
    """Write each clean table as parquet and the rejects as CSV, atomically; return the paths."""
    written = []
    for name in TABLE_NAMES:
        path = clean_data_path(out_dir, name)
        with atomic_path(path) as tmp:
            frames[name].to_parquet(tmp, index=False)
        written.append(path)
    written.append(write_table(out_dir, "rejects", rejects[list(artifact("rejects").columns)]))
    return written


def read_clean_data(out_dir: Path) -> CleanData:
    """The clean tables written by 00_data_quality; DataError says to run 00 first if missing."""
    frames = {}
    for name in TABLE_NAMES:
        path = clean_data_path(out_dir, name)
        if not path.exists():
            raise DataError(
                f"{path.name} not found in the run's data folder: run 00_data_quality first"
            )
        try:
            frames[name] = pd.read_parquet(path)
        except (OSError, ValueError) as exc:
            raise DataError(f"{path.name} cannot be read ({exc}): rerun 00_data_quality") \
                from None
    return CleanData(**frames)

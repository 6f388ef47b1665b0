"""Every file a workbook writes for another: its path, its columns and their types.

A workbook never guesses what another one wrote. Each table below is written with
`RunFolder.write_table` (columns checked, written atomically, text that a spreadsheet would run
as a formula neutralised, recorded under the run's stamp) and read back with
`RunFolder.read_table` (stamp checked, a missing file named with the workbook to run; codes
and names always as text, numbers as numbers, booleans as booleans), so an agency code such as
`030801` stays `030801` from the registry to the last agency report.

The clean data of 00_data_quality is parquet (`RunFolder.write_clean_data` / `clean_data`); it
keeps the schema's types itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from smartcity_utils.atomic import atomic_path
from smartcity_utils.errors import ArtifactError, DataError
from smartcity_utils.stamps import RunStamp, check_file, record_file

TABLE_NAMES = ("agencies", "innovations", "assessment")

TEXT, INT, FLOAT, BOOL = "text", "int", "float", "bool"

_STAGE1_SCORES = ("score_baseline", "score_output", "score_outcome", "score_impact",
                  "score_quick_win")
_INDEX_COLUMNS = (*_STAGE1_SCORES, "index", "index_published", "band", "band_en", "n_indicators",
                  "dimensions_missing", "complete")

# The type of every column name any artifact uses; a column not named here is text.
_COLUMN_KINDS = {
    **dict.fromkeys(_STAGE1_SCORES, FLOAT),
    **dict.fromkeys(("index", "index_published", "score", "score_previous", "change",
                     "share_missing", "scale", "index_previous", "index_change", "similarity",
                     "weight", "level",
                     "scale_max", "mean_sectors", "weighted_sum", "topsis",
                     "model_probability", "top_k_probability", "priority", "level_after",
                     "score_after", "gain_city", "gain_agency", "index_verified_city",
                     "index_verified_agency", "ci_low", "ci_high", "score_survey",
                     "score_typed"), FLOAT),
    **dict.fromkeys(("year", "n_indicators", "n_agencies", "n_rows",
                     "evidence_missing", "rank", "n_agencies_assessed",
                     "n_agencies_not_assessed", "cluster", "cluster_a", "cluster_b",
                     "similar_pairs", "declared_partnerships", "innovations",
                     "sectors_reached", "connected_agencies", "budget_idr", "cost_idr",
                     "rank_weighted_sum", "rank_topsis", "rank_p05", "rank_median",
                     "rank_p95", "priority_rank", "row", "candidates", "chosen", "minimum",
                     "cheapest_idr", "n_respondents", "n_planned"), INT),
    **dict.fromkeys(("assessed", "complete", "shortlisted", "selected", "possible_duplicate"),
                   BOOL),
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
    # the impact survey's returned forms, read once by 00 (survey/run.py); 01 scores Impact
    # with survey_scores, 04 shows all three, the agency pages their programmes
    Artifact("survey_scores", "survey/survey_scores.csv", "00_data_quality",
             ("year", "scope", "dimension", "sub_dimension", "form_id", "innovation_id",
              "innovation_name", "agency_code", "score", "ci_low", "ci_high",
              "n_respondents", "n_planned", "took_part")),
    Artifact("survey_forms", "survey/survey_forms.csv", "00_data_quality",
             ("form_id", "dimension", "sub_dimensions", "form_file", "files", "n_rows",
              "n_planned", "agency_codes", "status")),
    Artifact("survey_problems", "survey/survey_problems.csv", "00_data_quality",
             ("file", "sheet", "row", "column", "value", "code", "severity", "facts")),
    Artifact("scored_rows", "stage1/scored_rows.csv", _S1,
             (*_AGENCY, "innovation_id", "dimension", "sub_dimension", *_INDICATOR, "level",
              "scale_max", "score", "evidence_ref", "evidence_status", "suggested")),
    Artifact("indicator_scores", "stage1/indicator_scores.csv", _S1,
             (*_AGENCY, "dimension", "sub_dimension", *_INDICATOR, "score", "n_rows",
              "evidence_missing")),
    Artifact("dimension_scores", "stage1/dimension_scores.csv", _S1,
             (*_AGENCY, "evaluation_dimension", "score", "n_indicators")),
    Artifact("index_by_agency", "stage1/index_by_agency.csv", _S1,
             (*_AGENCY, "assessed", *_INDEX_COLUMNS, "evidence_missing", "rank",
              "index_previous", "index_change", "impact_source")),
    Artifact("index_by_dimension", "stage1/index_by_dimension.csv", _S1,
             ("dimension", "n_agencies", *_INDEX_COLUMNS)),
    Artifact("index_by_sub_dimension", "stage1/index_by_sub_dimension.csv", _S1,
             ("dimension", "sub_dimension", "n_agencies", *_INDEX_COLUMNS)),
    Artifact("index_by_agency_dimension", "stage1/index_by_agency_dimension.csv", _S1,
             (*_AGENCY, "dimension", *_INDEX_COLUMNS)),
    Artifact("index_by_indicator", "stage1/index_by_indicator.csv", _S1,
             (*_INDICATOR, "score", "n_agencies", "evidence_missing")),
    Artifact("city_index", "stage1/city_index.csv", _S1,
             ("year", *_INDEX_COLUMNS, "scale", "rulebook_file", "rulebook_version",
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
    Artifact("stage2_readiness", "stage1/stage2_readiness.csv", _S1,
             ("item", "status", "answer", "value_observed", "value_threshold", "reason")),
    Artifact("impact_survey", "stage1/impact_survey.csv", _S1,
             (*_AGENCY, "programmes", "score_survey", "score_typed")),
    Artifact("index_actions", "stage1/index_actions.csv", _S1,
             ("rank", "action", *_AGENCY, "dimension", "sub_dimension", *_INDICATOR,
              "innovation_id", "level", "level_after", "scale_max", "score", "score_after",
              "n_indicators", "gain_city", "gain_agency", "index_verified_city",
              "index_verified_agency")),
    Artifact("clusters", "clusters/clusters.csv", _CL,
             ("innovation_id", "innovation_name", "agency_code", "year", "sub_dimension",
              "cluster", "cluster_label", "cluster_top_terms", "cluster_sub_dimension")),
    Artifact("integration_pairs", "clusters/integration_pairs.csv", _CL,
             ("innovation_id_a", "innovation_name_a", "agency_code_a", "cluster_a",
              "innovation_id_b", "innovation_name_b", "agency_code_b", "cluster_b",
              "similarity", "shared_terms", "possible_duplicate")),
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
              "rank_p05", "rank_median", "rank_p95", "shortlisted", "reason"),
             open_columns=True),
    Artifact("quick_win_shortlist", "quick_win/quick_win_shortlist.csv", _QW,
             ("innovation_id", "innovation_name", "agency_code", "dimension", "selected",
              "priority_rank", "priority", "cost_idr", "reason")),
    Artifact("quick_win_coverage", "quick_win/quick_win_coverage.csv", _QW,
             ("dimension", "candidates", "chosen", "minimum", "reason", "cheapest_idr")),
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


# The same rules over a whole column of text at once (pandas' str dtype, vectorised).
_FORMULA_PATTERN = _FORMULA_START.pattern
_NEUTRALISED_PATTERN = "^'" + _FORMULA_PATTERN[1:]


def neutralised(texts: pd.Series) -> pd.Series:
    """`neutralise` over a column of text."""
    return texts.where(~texts.str.match(_FORMULA_PATTERN, na=False), "'" + texts)


def restored(texts: pd.Series) -> pd.Series:
    """The inverse of `neutralised`: the leading "'" it added taken off."""
    return texts.where(~texts.str.match(_NEUTRALISED_PATTERN, na=False), texts.str.slice(1))


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
           text=lambda texts: texts) -> pd.DataFrame:
    """`frame`'s columns in their contract types; `text` maps each text column (pandas' str
    dtype; a missing value stays None)."""
    out = {}
    for column in columns:
        kind = column_kind(column)
        values = frame[column]
        try:
            if kind == TEXT:
                present = values.notna()
                texts = text(values.where(present, None).astype("str"))
                out[column] = texts.astype(object).where(present, None)
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


def _write_csv(path: Path, spec: Artifact, frame: pd.DataFrame) -> None:
    columns = _columns_of(spec, frame)
    typed = _typed(frame.reset_index(drop=True), columns, spec.path, text=neutralised)
    with atomic_path(path) as tmp:
        typed.to_csv(tmp, index=False, lineterminator="\n")


def _read_csv(path: Path, spec: Artifact) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"{spec.path} cannot be read ({exc}): rerun {spec.writer}") from None
    return _typed(frame, _columns_of(spec, frame), spec.path, text=restored)


# ------------------------------------------------------------------ agency files

_SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def slug(value: str) -> str:
    """A file-name-safe form of an agency code: letters, digits, `-` and `_` only, so a code
    such as `../../x` cannot name a file outside the output folder."""
    cleaned = _SLUG_UNSAFE.sub("-", str(value)).strip("-_")
    return cleaned or "agency"


# ------------------------------------------------------------------ clean data (00)


@dataclass(frozen=True)
class CleanData:
    agencies: pd.DataFrame
    innovations: pd.DataFrame
    assessment: pd.DataFrame


_CLEAN_DATA_WRITER = "00_data_quality"


def clean_data_path(out_dir: str | Path, table: str) -> Path:
    return Path(out_dir) / "data" / f"{table}.parquet"


# ------------------------------------------------------------------ a run's folder


class RunFolder:
    """A run's output folder: every artifact by name, written and read under the run's stamp.

    Each file written is recorded in its workbook's stamp file (`stamps`); each file read is
    checked against it and against `stamp`, the reading run's own (None: not compared), so a
    file of another year, data set or configuration, or one changed since, is refused with a
    sentence naming the workbook to rerun.
    """

    def __init__(self, out_dir: str | Path, stamp: RunStamp | None = None):
        self.out_dir = Path(out_dir)
        self.stamp = stamp

    def __repr__(self) -> str:
        return f"RunFolder({self.out_dir.as_posix()!r})"

    def record(self, writer: str, path: Path) -> Path:
        """Record a file `writer` wrote (any file another workbook or a reader relies on)."""
        if self.stamp is None:
            raise ArtifactError("a run folder opened without its run's stamp cannot be written")
        record_file(self.out_dir, writer, self.stamp, path)
        return path

    def _checked(self, writer: str, path: Path) -> dict:
        expected = None if self.stamp is None else self.stamp.for_writer(writer)
        return check_file(self.out_dir, writer, path, expected)

    def write_table(self, name: str, frame: pd.DataFrame) -> Path:
        """Write one artifact table as CSV, atomically, and record it under the run's stamp;
        the frame must have the artifact's columns in order."""
        spec = artifact(name)
        path = spec.file(self.out_dir)
        _write_csv(path, spec, frame)
        return self.record(spec.writer, path)

    def table_if_written(self, name: str) -> pd.DataFrame | None:
        """An artifact table with its contract's types (its stamp in `attrs["stamp"]`), or None
        when its workbook has not written it (for a page that says so). A file of another run,
        changed since, or not matching the contract is an ArtifactError naming it and the
        workbook to rerun."""
        spec = artifact(name)
        path = spec.file(self.out_dir)
        if not path.exists():
            return None
        stamp = self._checked(spec.writer, path)
        frame = _read_csv(path, spec)
        frame.attrs["stamp"] = stamp
        return frame

    def read_table(self, name: str) -> pd.DataFrame:
        """An artifact table (`run[name]` for short); a missing file is an ArtifactError naming
        the path tried and the workbook to run, never None without a word."""
        frame = self.table_if_written(name)
        if frame is None:
            spec = artifact(name)
            raise ArtifactError(f"{spec.file(self.out_dir).as_posix()} not found: run "
                                f"{spec.writer} first (for this output folder)")
        return frame

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.read_table(name)

    def write_clean_data(self, frames: dict[str, pd.DataFrame],
                         rejects: pd.DataFrame) -> list[Path]:
        """Each clean table as parquet and the rejects as CSV, atomically and recorded."""
        written = []
        for name in TABLE_NAMES:
            path = clean_data_path(self.out_dir, name)
            with atomic_path(path) as tmp:
                frames[name].to_parquet(tmp, index=False)
            written.append(self.record(_CLEAN_DATA_WRITER, path))
        written.append(self.write_table("rejects", rejects[list(artifact("rejects").columns)]))
        return written

    def clean_data(self) -> CleanData:
        """The clean tables written by 00_data_quality for this run's data."""
        frames = {}
        for name in TABLE_NAMES:
            path = clean_data_path(self.out_dir, name)
            if not path.exists():
                raise DataError(f"{path.as_posix()} not found: run 00_data_quality first "
                                "(for this output folder)")
            self._checked(_CLEAN_DATA_WRITER, path)
            try:
                frames[name] = pd.read_parquet(path)
            except (OSError, ValueError) as exc:
                raise DataError(f"{path.name} cannot be read ({exc}): rerun 00_data_quality") \
                    from None
        return CleanData(**frames)

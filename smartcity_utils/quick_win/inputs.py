"""Quick Win candidates and what the criteria read besides them: other workbooks' outputs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from smartcity_utils.artifacts import RunFolder, artifact
from smartcity_utils.clusters.integration import integration_only
from smartcity_utils.errors import no_rows_of_year
from smartcity_utils.quick_win.candidacy import candidacy
from smartcity_utils.strings import criterion_label, text

# The criteria that need another workbook's output file, and which file.
EXTERNAL_INPUTS = {"sub_dimension_index": "stage1", "integration_potential": "pairs"}

# ---------------------------------------------------------------- candidates and inputs


def quick_win_candidates(innovations: pd.DataFrame, year: int) -> pd.DataFrame:
    """The registry rows of `year`, one per innovation, that the candidate rule (`candidacy`)
    keeps; sorted by innovation id."""
    rows = innovations[innovations["year"] == year]
    if rows.empty:
        raise no_rows_of_year("innovations", year, innovations["year"].dropna())
    rows = rows[(candidacy(rows) == "candidate").to_numpy()]
    rows = rows.drop_duplicates("innovation_id").sort_values("innovation_id", kind="stable")
    return rows.reset_index(drop=True)


def read_stage1_index(run: RunFolder) -> pd.Series | None:
    """Stage I index per sub-dimension from workbook 01, or None when it has not run."""
    frame = run.table_if_written("index_by_sub_dimension")
    if frame is None:
        return None
    return frame.groupby("sub_dimension")["index"].mean().astype(float)


def read_integration_pairs(run: RunFolder) -> pd.DataFrame | None:
    """Cross-agency integration candidates from workbook 02 (their two innovation ids), or
    None; a pair that looks like one innovation registered twice is no integration."""
    frame = run.table_if_written("integration_pairs")
    if frame is None:
        return None
    return integration_only(frame)[["innovation_id_a", "innovation_id_b"]].astype(object)


@dataclass(frozen=True)
class PriorityInputs:
    """What the criteria read besides the candidates: other workbooks' outputs, if present."""

    year: int
    stage1_index: pd.Series | None = None
    integration_pairs: pd.DataFrame | None = None
    # Ranking a year's candidates: a budget of 0 is an unknown cost. Learning from past
    # decisions: the budget as recorded, 0 included, since that is what the team decided on.
    zero_budget_is_unknown: bool = True

    def has(self, name: str) -> bool:
        return {"stage1": self.stage1_index, "pairs": self.integration_pairs}[name] is not None


def read_priority_inputs(run: RunFolder, year: int) -> PriorityInputs:
    """The optional inputs of a run folder: Stage I index and integration pairs."""
    return PriorityInputs(year=year, stage1_index=read_stage1_index(run),
                          integration_pairs=read_integration_pairs(run))


def candidates_note(innovations: pd.DataFrame, year: int) -> str:
    """How many candidates the year has, and how many rows were left out and why."""
    rows = innovations[innovations["year"] == year].drop_duplicates("innovation_id")
    status = candidacy(rows).value_counts()
    return text("qw.candidates").format(n=int(status.get("candidate", 0)), year=year,
                                        earlier=int(status.get("earlier", 0)),
                                        stopped=int(status.get("stopped", 0)))


# The workbook and file behind each criterion that reads another workbook's output.
_INPUT_FILES = {"stage1": artifact("index_by_sub_dimension"),
                "pairs": artifact("integration_pairs")}


def inputs_note(dropped: list[str]) -> str:
    """One line per criterion left out for a missing input file, or that none was."""
    if not dropped:
        return text("qw.all_inputs")
    lines = []
    for name in dropped:
        spec = _INPUT_FILES[EXTERNAL_INPUTS[name]]
        result = text(f"qw.source.{Path(spec.path).stem}")
        lines.append("- " + text("qw.dropped").format(criterion=criterion_label(name),
                                                      result=result))
    return "\n".join(lines)

"""The weight set of the meeting, saved as a new criteria file version beside the one the run
read (the team's AHP writer, `team_weights.criteria_file`), with the provenance "set in the
technical team's meeting on DATE" and the limits the meeting set; a run then uses it when its
parameters name it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from smartcity_utils.provenance import MEETING, MeetingProvenance
from smartcity_utils.quick_win.trial import Terms
from smartcity_utils.team_weights.criteria_file import write_weights_version


@dataclass(frozen=True)
class SavedWeights:
    path: Path
    version: str


def save_meeting_weights(source: Path, based_on: str, percents: dict[str, int], terms: Terms,
                         folder: Path, now: dt.datetime) -> SavedWeights:
    """Write `source` with the meeting's whole-percent weights and limits as version
    `rapat-YYYY-MM-DD-HHMMSS` (rapat: the meeting) in `folder`; the file is read back."""
    version = f"rapat-{now:%Y-%m-%d-%H%M%S}"
    out = Path(folder) / f"{source.stem}_{version}.yaml"
    origin = MeetingProvenance(method=MEETING, date=now.date(), based_on=based_on,
                               budget_idr=max(1, round(terms.budget)))
    limits = {"max_per_agency": terms.max_per_agency or None,
              "min_per_dimension": terms.min_per_dimension or 0}
    path = write_weights_version(source, out, {n: float(p) for n, p in percents.items()},
                                 version, origin, limits)
    return SavedWeights(path, version)

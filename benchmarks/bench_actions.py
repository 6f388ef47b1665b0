"""What moves the score on the national registry: the actions and their gains
(`stage1.actions.index_actions`) beside the whole of `stage1_scores` that computes them.

The national sample (18,445 agencies, 28,539 innovations: `smartcity sample`) is generated and
loaded once (not timed); then, in this process, each step runs ROUNDS times and the median wall
time is reported: `index_actions` alone on the year's normalised rows, `stage1_scores` (every
Stage I table, the actions included), and writing `index_actions.csv` as 01 does. Target
(issue #25): the whole run of the national registry within 90 s, so the actions must take a
small part of it; no action is computed by recomputing the table.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TITLE = "what moves the score on the national registry (28,539 innovations)"
NATIONAL = (18445, 28539)  # agencies, innovations: the national registry of 2023
ROUNDS = 3


def _median_seconds(step) -> tuple[float, object]:
    times, value = [], None
    for _ in range(ROUNDS):
        start = time.perf_counter()
        value = step()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def run() -> list[dict]:
    from smartcity_utils.artifacts import RunFolder
    from smartcity_utils.config import read_weights
    from smartcity_utils.data.load import load_dataset
    from smartcity_utils.params import resolve
    from smartcity_utils.stage1.actions import index_actions
    from smartcity_utils.stage1.scoring import normalised_levels, stage1_scores
    from smartcity_utils.stamps import RunStamp

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "national"
        subprocess.run([sys.executable, "-m", "smartcity_utils.cli", "sample", "--out",
                        str(folder), "--agencies", str(NATIONAL[0]), "--innovations",
                        str(NATIONAL[1])], check=True, capture_output=True)
        data = load_dataset(folder)
        weights = read_weights(resolve("params/weights/stage1_10-20-30-30-10.yaml"))
        year = int(data.assessment["year"].max())
        rows = normalised_levels(data.assessment[data.assessment["year"] == year],
                                 weights.scale)
        actions_s, actions = _median_seconds(
            lambda: index_actions(rows, data.agencies, weights))
        scores_s, _ = _median_seconds(
            lambda: stage1_scores(data.assessment, data.agencies, weights, year))
        run_folder = RunFolder(Path(tmp) / "out", RunStamp(
            year=year, city="national", data="d", weights=weights.version, clusters="c",
            criteria="q", budget=0.0))
        write_s, _ = _median_seconds(lambda: run_folder.write_table("index_actions", actions))
    return [{"assessment rows of the year": f"{len(rows):,}", "actions": f"{len(actions):,}",
             "index_actions s": f"{actions_s:.1f}", "stage1_scores s": f"{scores_s:.1f}",
             "write index_actions.csv s": f"{write_s:.1f}"}]

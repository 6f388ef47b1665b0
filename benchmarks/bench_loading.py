"""Loading the national registry (`load_dataset`) against pandas reading the same CSV files as
text (`pd.read_csv(f, dtype=str)`), side by side.

The national sample (18,445 agencies, 28,539 innovations: `smartcity sample`) is generated
once; then each reader runs ROUNDS times in a fresh subprocess, the two alternating so that a
change in the machine's load does not favour one of them. A subprocess reports the wall time
of the read alone (imports excluded) and its peak resident memory (ru_maxrss: interpreter,
libraries and the tables). The ratio is of the medians. Target (issue 15): within 5x.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TITLE = "loading the national registry: load_dataset vs pandas' text read"
NATIONAL = (18445, 28539)  # agencies, innovations: the national registry of 2023
ROUNDS = 3
TARGET = 5.0

READERS = {
    "pandas read_csv(dtype=str)": """
import pandas as pd
frames = [pd.read_csv(f, dtype=str) for f in sorted(folder.glob("*.csv"))]
rows = sum(len(f) for f in frames)
""",
    "load_dataset": """
from smartcity_utils.data.load import load_dataset
dataset = load_dataset(folder)
rows = sum(len(dataset.table(t)) for t in ("agencies", "innovations", "assessment"))
""",
}

CHILD = """
import json, resource, sys, time
from pathlib import Path
import pandas, smartcity_utils.data.load
folder = Path(sys.argv[1])
started = time.perf_counter()
exec(sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - started, "rows": rows,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(folder: Path, code: str) -> dict:
    """One read in a fresh subprocess: its seconds, rows and peak memory."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(folder), code],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(rounds: int = ROUNDS, sizes: tuple[int, int] = NATIONAL) -> list[dict]:
    """One row per reader (median seconds, peak memory) and one for the ratio."""
    with tempfile.TemporaryDirectory(prefix="bench_loading_") as tmp:
        folder = Path(tmp)
        # generated in its own process: a child forked from a big parent would start with
        # the parent's resident memory in its peak
        subprocess.run([sys.executable, "-m", "smartcity_utils.cli", "sample", "--out", tmp,
                        "--agencies", str(sizes[0]), "--innovations", str(sizes[1])],
                       check=True, capture_output=True)
        runs: dict[str, list[dict]] = {name: [] for name in READERS}
        loads = [os.getloadavg()[0]]
        for _ in range(rounds):
            for name, code in READERS.items():
                runs[name].append(measure(folder, code))
            loads.append(os.getloadavg()[0])
    rows = []
    for name, found in runs.items():
        rows.append({"reader": name, "rows": found[0]["rows"],
                     "seconds (each run)": " / ".join(f"{r['seconds']:.2f}" for r in found),
                     "median s": f"{statistics.median(r['seconds'] for r in found):.2f}",
                     "peak MiB": f"{max(r['peak_mib'] for r in found):.0f}"})
    pandas_s, load_s = (statistics.median(r["seconds"] for r in found) for found in runs.values())
    rows.append({"reader": f"ratio load_dataset / pandas (target <= {TARGET:g}x)",
                 "rows": "", "seconds (each run)": "",
                 "median s": f"{load_s / pandas_s:.2f}x",
                 "peak MiB": f"load avg {min(loads):.1f}-{max(loads):.1f}"})
    return rows

"""Time and peak memory of the clustering step from 1k innovations to the national registry.

For each size a synthetic registry is generated (`smartcity_utils.sample`, the national size
is 28,539 innovations over 18,445 agencies), written as parquet with the clean data's types,
and clustered in a fresh subprocess: `cluster_innovations` with the default parameters.
The subprocess reports wall time and its peak resident memory (ru_maxrss, which includes the
interpreter and libraries), plus the chosen k and the ARI against the planted groups.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

TITLE = "clustering step (cluster_innovations, default parameters)"
SIZES = (1000, 3000, 10000, 28539, 30000)
NATIONAL = (18445, 28539)  # agencies, innovations: the national registry of 2023
SEED = 20240605
YEAR = 2024
CLEAN_TYPES = {"year": "Int64", "budget_idr": "float64", "beneficiaries": "Int64",
               **{f"pentahelix_{s}": "boolean"
                  for s in ("government", "academia", "business", "community", "media")}}

CHILD = """
import json, resource, sys, time
import pandas as pd
from smartcity_utils.clusters.kmeans import cluster_innovations, planted_agreement
innovations = pd.read_parquet(sys.argv[1])
truth = pd.Series(json.load(open(sys.argv[2])))
started = time.perf_counter()
result = cluster_innovations(innovations, int(sys.argv[3]), seed=int(sys.argv[4]))
seconds = time.perf_counter() - started
ids = result.innovations["innovation_id"]
print(json.dumps({
    "seconds": seconds,
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "k": result.k,
    "ari": planted_agreement(ids, result.innovations["cluster"].to_numpy(), truth),
}))
"""


def agencies_for(innovations: int) -> int:
    """Agencies of a registry of this size, in the national ratio (at least one city's 35)."""
    return max(35, round(innovations * NATIONAL[0] / NATIONAL[1]))


def write_registry(folder: Path, innovations: int) -> tuple[Path, Path, int]:
    """Generate a registry; write its innovations (clean types) and planted groups."""
    from smartcity_utils.sample.generator import generate_sample

    agencies = NATIONAL[0] if innovations == NATIONAL[1] else agencies_for(innovations)
    sample = generate_sample(agencies=agencies, innovations=innovations, seed=SEED)
    rows = sample.innovations.astype(CLEAN_TYPES)
    data = folder / f"innovations_{innovations}.parquet"
    truth = folder / f"groups_{innovations}.json"
    rows.to_parquet(data, index=False)
    truth.write_text(json.dumps(sample.metadata["planted"]["groups"]), encoding="utf-8")
    return data, truth, len(rows)


def measure(innovations: int, folder: Path) -> dict:
    """One size: generate, then cluster in a fresh subprocess and read its report."""
    data, truth, rows = write_registry(folder, innovations)
    out = subprocess.run([sys.executable, "-c", CHILD, str(data), str(truth), str(YEAR), str(SEED)],
                         capture_output=True, text=True, check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    return {"innovations": innovations, "registry_rows": rows,
            "seconds": f"{report['seconds']:.1f}", "peak_mib": f"{report['peak_mib']:.0f}",
            "k": report["k"],
            "ari_planted": f"{report['ari']:.3f}"}


def run(sizes: tuple[int, ...] = SIZES) -> list[dict]:
    """The benchmark table: one row per registry size."""
    with tempfile.TemporaryDirectory(prefix="bench_clustering_") as tmp:
        return [measure(n, Path(tmp)) for n in sizes]

"""The city stage (workbooks 00-03) on registries of 1k, 5k, 10k and 28.5k innovations (the
last the national registry of 2023), each workbook's seconds and the run's peak memory.

For each size a registry is generated with `smartcity sample` (agencies in the national ratio,
18,445 for 28,539 innovations), then `smartcity run --agencies <one> --force` runs on it in
a subprocess: the four city workbooks (01 and 02 side by side), and one agency report. The
seconds per workbook and of the city stage come from the run's manifest; the peak memory is
the largest sum of the resident memory of the runner, its workers and their kernels, sampled
every half second (pages shared between processes counted once per process: an upper bound),
and the largest single process. Target (issue 15), the national registry: every workbook ok,
the city stage under 90 s and 3 GiB, on this 2-core machine (the project's standard since; it
was 180 s in issue 15).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

TITLE = "city stage by registry size (national: 28,539 innovations, 18,445 agencies)"
NATIONAL = (18445, 28539)  # agencies, innovations
SIZES = (1000, 5000, 10000, 28539)  # innovations
TARGET_SECONDS, TARGET_GIB = 90, 3.0
GIB = 1 << 30


def _agencies_for(innovations: int) -> int:
    return round(innovations * NATIONAL[0] / NATIONAL[1])


def _watched(command: list[str]) -> tuple[int, float, float]:
    """Run `command`; return its exit status, and the peak sum and peak single resident
    memory (GiB) of its process tree."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = psutil.Process(process.pid)
    peak_sum = peak_one = 0
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        sizes = []
        for member in tree:
            try:
                sizes.append(member.memory_info().rss)
            except psutil.NoSuchProcess:
                pass
        peak_sum, peak_one = max(peak_sum, sum(sizes)), max(peak_one, max(sizes, default=0))
        time.sleep(0.5)
    return process.wait(), peak_sum / GIB, peak_one / GIB


def _smartcity(*args: str) -> list[str]:
    return [sys.executable, "-m", "smartcity_utils.cli", *args]


def measure(innovations: int, folder: Path) -> dict:
    """One size: generate, run, read the manifest."""
    data, out = folder / f"data_{innovations}", folder / f"out_{innovations}"
    subprocess.run(_smartcity("sample", "--out", str(data), "--agencies",
                              str(_agencies_for(innovations)), "--innovations",
                              str(innovations)), check=True, capture_output=True)
    agency = "DISKOMINFO"
    load = os.getloadavg()[0]
    status, peak_sum, peak_one = _watched(_smartcity(
        "run", "--data", str(data), "--out", str(out), "--agencies", agency, "--force"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    seconds = {Path(r["notebook"]).stem[:2]: r["seconds"] for r in manifest["notebooks"]
               if r["agency"] is None}
    statuses = {r["status"] for r in manifest["notebooks"]}
    workbooks = {f"{nb} s": f"{seconds.get(nb, float('nan')):.1f}"
                 for nb in ("00", "01", "02", "03")}
    return {"innovations": f"{innovations:,}", "agencies": f"{_agencies_for(innovations):,}",
            **workbooks,
            "city stage s": f"{manifest['stage_seconds']['city']:.1f}",
            "peak GiB (sum)": f"{peak_sum:.2f}", "peak GiB (one)": f"{peak_one:.2f}",
            "all ok": "yes" if status == 0 and statuses == {"ok"} else "NO",
            "load": f"{load:.1f}-{os.getloadavg()[0]:.1f}"}


def run(sizes: tuple[int, ...] = SIZES) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="bench_city_") as tmp:
        rows = [measure(n, Path(tmp)) for n in sizes]
    national = rows[-1]
    if sizes[-1] == NATIONAL[1]:
        met = (national["all ok"] == "yes"
               and float(national["city stage s"]) < TARGET_SECONDS
               and float(national["peak GiB (sum)"]) < TARGET_GIB)
        national["all ok"] += f" (target {TARGET_SECONDS} s, {TARGET_GIB:g} GiB: " \
                              f"{'met' if met else 'NOT met'})"
    return rows

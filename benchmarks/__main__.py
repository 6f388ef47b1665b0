"""Run every `bench_*.py` module in this folder (or those named) and print one table each.

A benchmark module has a `run() -> list[dict]` returning one row per measurement and may set
`TITLE`. Usage: ``python -m benchmarks [clustering ...]``; exit status 1 if any failed.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def bench_modules(names: list[str]) -> list[str]:
    """The benchmark modules to run: all bench_*.py here, or the named ones, in name order."""
    found = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    if not names:
        return found
    wanted = [n if n.startswith("bench_") else f"bench_{n}" for n in names]
    unknown = [n for n in wanted if n not in found]
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {unknown}; available: {found}")
    return wanted


def format_table(rows: list[dict]) -> str:
    """Rows of equal keys as a plain-text table, columns right-aligned."""
    if not rows:
        return "(no rows)"
    columns = list(rows[0])
    cells = [[str(r.get(c, "")) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Run the benchmarks; one that fails is reported and the others still run (exit 1)."""
    failed = []
    for name in bench_modules(argv):
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {getattr(module, 'TITLE', name)}", flush=True)
        try:
            print(format_table(module.run()), flush=True)
        except Exception as exc:  # noqa: BLE001 - report it, run the other benchmarks
            failed.append(name)
            print(f"FAILED: {type(exc).__name__}: {exc}", flush=True)
        print(flush=True)
    if failed:
        print(f"failed benchmarks: {', '.join(failed)}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""What `smartcity validate` says: a summary first (per table and file: rows read, clean,
rejected; problems by reason with counts), then one line per problem; or the same as JSON."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

PROBLEM_FIELDS = ("file", "sheet", "row", "column", "value", "reason", "severity")


def reason_kind(reason: str) -> str:
    """The kind of a reason, without the values and rows it names: "unknown agency: 'X' ..."
    -> "unknown agency"; "id 'A' is used by B on row 3 ..." -> "id '...' is used by B on row N
    ..." up to its first ':' or '('."""
    general = re.sub(r"\d+", "N", re.sub(r"'[^']*'", "'...'", reason))
    return re.split(r"[:;(]", general, maxsplit=1)[0].strip() or reason


def validation_report(dataset) -> dict:
    """The JSON-ready report of a loaded dataset (`load.validate_paths` / `load_dataset`)."""
    tables = {}
    for name, result in dataset.results.items():
        tables[name] = {
            "files": [Path(f).as_posix() for f in result.files],
            "sheets": result.sheets,
            "rows_read": result.rows_read,
            "clean": len(result.frame),
            "rejected": result.rejected,
            "ignored_columns": result.ignored_columns,
        }
    problems = [{f: getattr(p, f) for f in PROBLEM_FIELDS} for p in dataset.problems]
    return {"tables": tables, "problems": problems}


def summary_lines(report: dict) -> list[str]:
    """The summary a coordinator reads first."""
    lines = []
    for name, t in report["tables"].items():
        ignored = f"; columns not loaded: {', '.join(t['ignored_columns'])}" \
            if t["ignored_columns"] else ""
        lines.append(f"{name}: {t['rows_read']} rows read, {t['clean']} clean, "
                     f"{t['rejected']} rejected ({', '.join(t['files'])}){ignored}")
    counts = Counter((p["severity"], reason_kind(p["reason"])) for p in report["problems"])
    for (severity, kind), n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1])):
        lines.append(f"  {n} x {severity}: {kind}")
    return lines

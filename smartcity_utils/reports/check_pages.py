"""`make check-pages`: a sample run's pages as a reader's browser shows them.

Every page passes the parser check (reports/pagecheck.py), names no file, code name or workbook
number but the reader's own data files, and gives every image alt text of its own in the page's
language; headless Chromium loads index.html
(also at phone width) and three agency reports (the golden agency, one that was not assessed,
one with a chosen Quick Win), fails on any console message (a script error, a blocked load, a
CSP violation) and saves screenshots into `<out>/screenshots/` for a person to look at.

    python -m smartcity_utils.reports.check_pages OUT_DIR [OUT_DIR...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from smartcity_utils.errors import SmartCityError
from smartcity_utils.names import agency_slugs
from smartcity_utils.reports.browser import screenshot
from smartcity_utils.reports.pagecheck import (
    image_problems,
    jargon_problems,
    own_file_names,
    page_problems,
    run_pages,
)

GOLDEN_AGENCY = "DINKES"


def chosen_agencies(out_dir: Path) -> list[str]:
    """The golden agency, the first agency without assessment, the first other assessed agency
    with a chosen Quick Win (codes, by the run's own tables)."""
    chosen = [GOLDEN_AGENCY]
    index = pd.read_csv(out_dir / "stage1" / "index_by_agency.csv", dtype={"agency_code": str})
    unassessed = index.loc[~index["assessed"].astype(bool), "agency_code"]
    if len(unassessed):
        chosen.append(unassessed.iloc[0])
    shortlist = pd.read_csv(out_dir / "quick_win" / "quick_win_shortlist.csv",
                            dtype={"agency_code": str})
    assessed = set(index.loc[index["assessed"].astype(bool), "agency_code"])
    with_quick_win = [c for c in shortlist.loc[shortlist["selected"].astype(bool),
                                               "agency_code"] if c not in chosen and c in assessed]
    if with_quick_win:
        chosen.append(with_quick_win[0])
    return chosen


def check_run(out_dir: Path) -> list[str]:
    """Every problem found in one run's pages; screenshots saved as a side effect."""
    out_dir = Path(out_dir)
    problems = []
    lang = None
    manifest = out_dir / "manifest.json"
    if manifest.exists():
        import json

        lang = json.loads(manifest.read_text(encoding="utf-8"))["params"]["lang"]
    pages = [p for p in run_pages(out_dir) if p.exists()]
    if not pages:
        return [f"{out_dir}: no pages (run `smartcity run --out {out_dir}` first)"]
    own = own_file_names(out_dir) if manifest.exists() else frozenset()
    for page in pages:
        html_text = page.read_text(encoding="utf-8")
        found = page_problems(html_text, lang) + jargon_problems(html_text, own)
        found += image_problems(html_text, lang) if lang else []
        problems += [f"{page.relative_to(out_dir)}: {p}" for p in found]
    shots = out_dir / "screenshots"
    slugs = agency_slugs(chosen_agencies(out_dir))
    views = [("index.html", "index", 1280, 2200), ("index.html", "index-phone", 390, 2400)]
    views += [(f"reports/agencies/{s}.html", f"agency-{s}", 1280, 4200) for s in slugs.values()]
    for page, name, width, height in views:
        try:
            load = screenshot(out_dir / page, shots / f"{name}-{lang}.png", width, height)
        except SmartCityError as exc:
            problems.append(f"{page}: {exc}")
            continue
        problems += [f"{page}: browser console: {m}" for m in load.console]
        print(f"{page}: {len(load.console)} console messages; {shots.name}/{name}-{lang}.png")
    return problems


def main(argv: list[str] | None = None) -> int:
    folders = [Path(a) for a in (sys.argv[1:] if argv is None else argv)] or [Path("outputs")]
    problems = []
    for folder in folders:
        problems += [f"{folder}/{p}" for p in check_run(folder)]
    for problem in problems:
        print(problem)
    print(f"check-pages: {len(problems)} problems in {len(folders)} runs")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

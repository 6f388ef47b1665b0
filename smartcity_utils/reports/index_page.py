"""index.html, the page the coordinator forwards to the mayor's office: the city's headline
figures, the run's stamp (year, data folder, weights, run date), the workbooks by their titles,
and every agency (failed first, then by name) with its Stage I result, evidence gaps and Quick
Wins, each blank said in words. The numbers are the agency facts its own page shows
(`agency_facts`), formatted the same way. Every value is escaped; the page loads nothing from
elsewhere.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from smartcity_utils import formatting as fmt
from smartcity_utils.context import default_params
from smartcity_utils.reports.agency_facts import (
    AgencyFacts,
    RunFacts,
    UnknownAgency,
    agency_facts,
)
from smartcity_utils.reports.blocks import stamp_line
from smartcity_utils.reports.export import CSP, report_css
from smartcity_utils.strings import text

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<main class="sc-page">
{body}
</main>
</body>
</html>
"""


def _e(value: Any) -> str:
    return "" if value is None else html.escape(str(value))



def city_figures(facts: RunFacts) -> dict[str, Any]:
    """The city's headline numbers from the city workbooks' artifacts (absent ones left out)."""
    figures: dict[str, Any] = {}
    city = facts.table("city_index")
    if city is not None and len(city):
        row = city.iloc[0]
        figures.update(index=float(row["index"]), band=row["band"], band_en=row["band_en"],
                       scale=float(row["scale"]), assessed=int(row["n_agencies_assessed"]),
                       not_assessed=int(row["n_agencies_not_assessed"]))
    by_agency = facts.table("index_by_agency")
    if by_agency is not None and len(by_agency):
        known = by_agency["evidence_missing"].dropna()
        # None: no assessment row says whether its evidence is there ("no data").
        figures["evidence_missing"] = int(known.sum()) if len(known) else None
        figures["evidence_agencies"] = int((known > 0).sum())
    ranking = facts.table("quick_win_ranking")
    if ranking is not None:
        figures.update(quick_wins=int(ranking["shortlisted"].sum()), spent=facts.terms.spent,
                       budget=facts.terms.budget)
    return figures


def _figure(label: str, value: str, detail: str = "") -> str:
    detail = f'<span class="sc-muted">{_e(detail)}</span>' if detail else ""
    return (f'<div class="sc-figure"><span class="sc-muted">{_e(label)}</span>'
            f'<span class="sc-value">{_e(value)}</span>{detail}</div>')


def _figures_html(figures: dict[str, Any], lang: str) -> str:
    parts = []
    if "index" in figures:
        band = figures["band"] if lang == "id" else figures["band_en"]
        parts.append(_figure(text("ix.fig_index", lang), fmt.number(figures["index"], lang),
                             fmt.sentence(text("ix.fig_index_detail", lang), lang,
                                          band=band, scale=fmt.number(figures["scale"], lang, 0))))
        parts.append(_figure(text("ix.fig_assessed", lang),
                             text("ix.fig_assessed_value", lang).format(
                                 assessed=fmt.integer(figures["assessed"], lang),
                                 total=fmt.integer(figures["assessed"]
                                                   + figures["not_assessed"], lang)),
                             text("ix.fig_not_assessed", lang).format(
                                 agencies=fmt.count(figures["not_assessed"], "as.n_agencies",
                                                    lang))))
    if "evidence_missing" in figures and figures["evidence_missing"] is None:
        parts.append(_figure(text("ix.fig_evidence", lang), text("ix.no_data", lang),
                             text("ix.fig_evidence_unknown", lang)))
    elif "evidence_missing" in figures:
        parts.append(_figure(text("ix.fig_evidence", lang),
                             fmt.integer(figures["evidence_missing"], lang),
                             text("ix.fig_evidence_detail", lang).format(
                                 agencies=fmt.count(figures["evidence_agencies"],
                                                    "as.n_agencies", lang))))
    if "quick_wins" in figures:
        budget = figures.get("budget")
        detail = (text("ix.fig_budget", lang).format(spent=fmt.money(figures["spent"], lang),
                                                     budget=fmt.money(budget, lang))
                  if budget else fmt.money(figures["spent"], lang))
        parts.append(_figure(text("ix.fig_quick_wins", lang),
                             fmt.integer(figures["quick_wins"], lang), detail))
    if not parts:
        return f"<p>{_e(text('ix.no_figures', lang))}</p>"
    return '<div class="sc-figures">' + "".join(parts) + "</div>"


def _status(run: dict, lang: str) -> str:
    status = run.get("status", "")
    label = _e(text(f"idx.{status}", lang)) if status else ""
    error = f" &ndash; {_e(run['error'])}" if run.get("error") else ""
    return f'<span class="{_e(status)}">{label}</span>{error}'


def _link(target: str | None, label: str) -> str:
    if not target:
        return ""
    href = html.escape(Path(target).as_posix(), quote=True)
    return f'<a href="{href}">{_e(label)}</a>'


def _table(header: list[str], rows: list[list[str]], numeric: set[int] = frozenset(),
           stacked: bool = False) -> str:
    """A table with its header row and a row header per row. `stacked`: at phone width each row
    becomes a card of labelled lines (report.css, `.sc-stack`), so nothing scrolls sideways."""
    head = "".join(f'<th scope="col"{" class=num" if i in numeric else ""}>{_e(h)}</th>'
                   for i, h in enumerate(header))
    body = []
    for row in rows:
        cells = [f'<th scope="row">{row[0]}</th>']
        for i, value in enumerate(row[1:], start=1):
            label = f' data-label="{_e(header[i])}"' if stacked else ""
            cells.append(f'<td{" class=num" if i in numeric else ""}{label}>{value}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    table_class = "sc-table sc-stack" if stacked else "sc-table"
    return (f'<div class="sc-wrap"><table class="{table_class}"><thead><tr>' + head
            + "</tr></thead><tbody>" + "".join(body) + "</tbody></table></div>")


def workbook_title(notebook: str, lang: str) -> str:
    """A city workbook's title in the report language, from its file name."""
    key = f"ix.wb_{Path(notebook).stem}"
    from smartcity_utils.strings import STRINGS

    return text(key, lang) if key in STRINGS else Path(notebook).stem


def _agency_cells(run: dict, facts: AgencyFacts | None, lang: str) -> list[str]:
    """Stage I, evidence, innovations and quick wins of one agency: its facts, formatted as
    on its own page."""
    if run.get("status") == "failed" or facts is None:
        why = _e(text("ix.blank_failed" if run.get("status") == "failed"
                      else "ix.blank_no_result", lang))
        return [why] * 4
    if not facts.stage1_ran:
        stage1 = evidence = _e(text("ix.blank_no_stage1", lang))
    elif not facts.assessed:
        stage1 = evidence = _e(text("ix.blank_not_assessed", lang))
    else:
        stage1 = _e(f"{fmt.number(facts.index, lang)} ({facts.band}) · "
                    + text("ix.rank", lang).format(rank=fmt.integer(facts.rank, lang)))
        evidence = _e(text("ix.no_data", lang) if facts.evidence_missing is None
                      else fmt.integer(facts.evidence_missing, lang))
    innovations = _e(fmt.integer(facts.innovations, lang))
    if not facts.quick_win_ran:
        quick = _e(text("ix.blank_no_quick_win", lang))
    elif facts.shortlisted:
        quick = _e(fmt.integer(len(facts.shortlisted), lang))
    elif facts.best_candidate_rank is None:
        quick = _e(text("ix.blank_no_candidates", lang))
    else:
        quick = _e(text("ix.blank_none_chosen", lang).format(
            rank=fmt.integer(facts.best_candidate_rank, lang)))
    return [stage1, evidence, innovations, quick]


def sort_agencies(rows: list[dict]) -> list[dict]:
    """Failed reports first, then by name, case-insensitively."""
    return sorted(rows, key=lambda r: (r.get("status") != "failed",
                                       str(r.get("name") or r.get("agency")).casefold(),
                                       str(r.get("agency"))))


def index_page(context, city_runs: list[dict], agency_runs: list[dict],
               facts: RunFacts | None = None, synthetic: bool = False,
               city_from: str | None = None) -> str:
    """The city summary page of a run (`context`): the city workbooks' runs, each agency
    report's run with the agency's facts (None: 00 gave no clean data). `city_from` says
    where the city came from (context.run_city): the page says when it is not the one the
    parameters named. Every value is escaped."""
    lang = context.lang
    title = (text("ix.title", lang).format(city=context.city, year=context.year) if context.city
             else text("ix.title_no_city", lang).format(year=context.year))
    parts = [f"<h1>{_e(title)}</h1>"]
    if synthetic:
        parts.append(f'<p class="sc-banner" role="note"><strong>'
                     f'{_e(text("ix.synthetic", lang))}</strong></p>')
    if city_from in ("metadata", "none"):
        note = text(f"ix.city_from_{city_from}", lang).format(
            city=context.city, default=default_params()["city"])
        parts.append(f'<p class="sc-banner" role="note">{_e(note)}</p>')
    parts.append(stamp_line(context, lang).html)
    for message in (facts.stale if facts else []):
        parts.append(f'<p class="sc-banner" role="note">{_e(message)}</p>')
    parts.append(f"<h2>{_e(text('ix.figures', lang))}</h2>")
    parts.append(_figures_html(city_figures(facts) if facts else {}, lang))
    parts.append(f"<h2>{_e(text('idx.city', lang))}</h2>")
    rows = [[_e(workbook_title(r["notebook"], lang)), _status(r, lang),
             _link(r.get("html"), text("idx.open", lang))]
            for r in sorted(city_runs, key=lambda r: r["notebook"])]  # in run order
    parts.append(_table([text("idx.notebook", lang), text("idx.status", lang),
                         text("idx.report", lang)], rows))
    parts.append(f"<h2>{_e(text('idx.agencies', lang))}</h2>")
    rows = []
    names = facts.names if facts else {}
    for run in sort_agencies([dict(r, name=names.get(r["agency"], r["agency"]))
                              for r in agency_runs]):
        mine = _facts_of(facts, run["agency"])
        label = _link(run.get("html"), run["name"]) or _e(run["name"])
        links = _link(run.get("html"), text("idx.open", lang))
        if run.get("pdf"):
            links += " · " + _link(run["pdf"], "PDF")
        rows.append([label, _status(run, lang), *_agency_cells(run, mine, lang), links])
    parts.append(_table([text("agency", lang), text("idx.status", lang),
                         text("idx.stage1_index", lang), text("ix.evidence", lang),
                         text("idx.innovations", lang), text("ix.quick_wins", lang),
                         text("idx.report", lang)], rows, numeric={3, 4}, stacked=True))
    parts.append(f'<p class="sc-muted">{_e(text("ix.legend", lang))}</p>')
    return _PAGE.format(lang=_e(lang), csp=_e(CSP), css=report_css(), title=_e(title),
                        body="\n".join(parts))


def _facts_of(facts: RunFacts | None, code: str) -> AgencyFacts | None:
    if facts is None:
        return None
    try:
        return agency_facts(facts, code)
    except UnknownAgency:
        return None

"""index.html, the page the coordinator forwards to the mayor's office. First a one-page brief
(reports/city_brief.py: the city's index and its change since last year, the Quick Wins chosen
and the budget used, who is furthest behind), then the city workbooks and every agency (failed
first) with its Stage I result and rank of N, evidence gaps and Quick Wins, each blank said in
words. A run's status is shown only where something failed. The agency table sorts by name or
by Stage I index without a script (two radio buttons show one of its two orders: the page
works from a file and prints the order chosen). The numbers are the agency facts its own page
shows (`agency_facts`), formatted the same way. Every value is escaped; the page loads nothing
from elsewhere.
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
from smartcity_utils.reports.agency_page import change_phrase
from smartcity_utils.reports.blocks import stamp_line
from smartcity_utils.reports.city_brief import (
    behind_html,
    change_words,
    city_brief,
    quick_wins_html,
)
from smartcity_utils.reports.export import CSP, report_css
from smartcity_utils.reports.index_actions import city_actions_html
from smartcity_utils.stage1.tables import rulebook_line
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
<main {main}>
{body}
</main>
</body>
</html>
"""


def _e(value: Any) -> str:
    return "" if value is None else html.escape(str(value))


def standalone_page(lang: str, title: str, parts: list[str],
                    main: str = 'class="sc-page"') -> str:
    """A page of its own: the suite's style inline, nothing loaded from elsewhere; `title` is
    escaped here, `parts` are HTML already escaped (empty ones left out), `main` the
    attributes of its <main>."""
    return _PAGE.format(lang=_e(lang), csp=_e(CSP), css=report_css(), title=_e(title),
                        main=main, body="\n".join(p for p in parts if p))


def city_figures(facts: RunFacts) -> dict[str, Any]:
    """The city's headline numbers from the city workbooks' artifacts (absent ones left out)."""
    figures: dict[str, Any] = {}
    city = facts.table("city_index")
    if city is not None and len(city):
        row = city.iloc[0]
        figures.update(index=float(row["index_published"]), band=row["band"],
                       band_en=row["band_en"], scale=float(row["scale"]),
                       assessed=int(row["n_agencies_assessed"]),
                       not_assessed=int(row["n_agencies_not_assessed"]))
    by_agency = facts.table("index_by_agency")
    if by_agency is not None and len(by_agency):
        known = by_agency["evidence_missing"].dropna()
        # None: no assessment row says whether its evidence is there ("no data").
        figures["evidence_missing"] = int(known.sum()) if len(known) else None
        figures["evidence_agencies"] = int((known > 0).sum())
    ranking = facts.table("quick_win_ranking")
    if ranking is not None:
        # no candidate with a cost: what the Quick Wins cost is not known, never "Rp 0"
        costs_known = bool((ranking["budget_idr"].fillna(0) > 0).any())
        figures.update(quick_wins=int(ranking["shortlisted"].sum()), spent=facts.terms.spent,
                       budget=facts.terms.budget, costs_known=costs_known)
    return figures


def _figure(label: str, value: str, detail: str = "") -> str:
    detail = f'<span class="sc-muted">{_e(detail)}</span>' if detail else ""
    return (f'<div class="sc-figure"><span class="sc-muted">{_e(label)}</span>'
            f'<span class="sc-value">{_e(value)}</span>{detail}</div>')


def _figures_html(figures: dict[str, Any], change: tuple[str, str] | None, lang: str) -> str:
    parts = []
    if "index" in figures:
        band = figures["band"] if lang == "id" else figures["band_en"]
        parts.append(_figure(text("ix.fig_index", lang), fmt.number(figures["index"], lang),
                             fmt.sentence(text("ix.fig_index_detail", lang), lang,
                                          band=band, scale=fmt.number(figures["scale"], lang, 0))))
    if change is not None:
        parts.append(_figure(text("br.fig_change", lang), *change))
    if "assessed" in figures:
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
        if not figures.get("costs_known", True):
            detail = text("ix.fig_budget_unknown", lang)
        elif budget:
            detail = text("ix.fig_budget", lang).format(
                spent=fmt.money(figures["spent"], lang), budget=fmt.money(budget, lang),
                share=fmt.percent(figures["spent"] / budget, lang))
        else:
            detail = fmt.money(figures["spent"], lang)
        parts.append(_figure(text("ix.fig_quick_wins", lang),
                             fmt.integer(figures["quick_wins"], lang), detail))
    if not parts:
        return f"<p>{_e(text('ix.no_figures', lang))}</p>"
    return '<div class="sc-figures">' + "".join(parts) + "</div>"


def _failure(run: dict, lang: str) -> str:
    """A failed run's status and error, under its name; nothing for a run that did not fail.
    The manifest's error is Python's own text (English): an Indonesian page says where to read
    it instead of showing it."""
    if run.get("status") != "failed":
        return ""
    error = ""
    if run.get("error"):
        shown = run["error"] if lang == "en" else text("idx.error_in_notebook", lang)
        error = f" &ndash; {_e(shown)}"
    return f'<br><span class="failed">{_e(text("idx.failed", lang))}</span>{error}'


def _link(target: str | None, label: str) -> str:
    if not target:
        return ""
    href = html.escape(Path(target).as_posix(), quote=True)
    return f'<a href="{href}">{_e(label)}</a>'


def _links(run: dict, lang: str) -> str:
    """"buka · PDF": the report and its PDF (a column that is not printed)."""
    links = _link(run.get("html"), text("idx.open", lang))
    if run.get("pdf"):
        links += " · " + _link(run["pdf"], "PDF")
    return links


def _table(header: list[str], rows: list[list[str]], numeric: set[int] = frozenset(),
           stacked: bool = False) -> str:
    """A table with its header row and a row header per row; its last column holds the links
    (not printed). `stacked`: at phone width each row becomes a card of labelled lines
    (report.css, `.sc-stack`), so nothing scrolls sideways."""
    last = len(header) - 1
    head = "".join(f'<th scope="col"{_classes(i, numeric, last)}>{_e(h)}</th>'
                   for i, h in enumerate(header))
    body = []
    for row in rows:
        cells = [f'<th scope="row">{row[0]}</th>']
        for i, value in enumerate(row[1:], start=1):
            label = f' data-label="{_e(header[i])}"' if stacked else ""
            cells.append(f"<td{_classes(i, numeric, last)}{label}>{value}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    table_class = "sc-table sc-stack" if stacked else "sc-table"
    return (f'<div class="sc-wrap"><table class="{table_class}"><thead><tr>' + head
            + "</tr></thead><tbody>" + "".join(body) + "</tbody></table></div>")


def _classes(column: int, numeric: set[int], last: int) -> str:
    names = (["num"] if column in numeric else []) + (["sc-links"] if column == last else [])
    return f' class="{" ".join(names)}"' if names else ""


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
        change = change_phrase(facts)  # as on its page; nothing without last year
        stage1 = _e(f"{fmt.number(facts.index, lang)} ({facts.band}) · "
                    + text("ix.rank", lang).format(rank=fmt.integer(facts.rank, lang),
                                                   of=fmt.integer(facts.assessed_count, lang))
                    + (f" · {change}" if change else ""))
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
            rank=fmt.integer(facts.best_candidate_rank, lang),
            of=fmt.integer(facts.candidates.attrs["of"], lang)))
    return [stage1, evidence, innovations, quick]


def sort_agencies(rows: list[dict]) -> list[dict]:
    """Failed reports first, then by name, case-insensitively."""
    return sorted(rows, key=lambda r: (r.get("status") != "failed",
                                       str(r.get("name") or r.get("agency")).casefold(),
                                       str(r.get("agency"))))


def by_index(rows: list[dict], facts: dict[str, AgencyFacts | None]) -> list[dict]:
    """`rows` (in name order) by Stage I rank, best first; failed reports first, agencies
    without an index last, each group in name order (the sort is stable)."""
    def rank(row: dict) -> float:
        mine = facts.get(row["agency"])
        return mine.rank if mine is not None and mine.rank is not None else float("inf")
    return sorted(rows, key=lambda r: (r.get("status") != "failed", rank(r)))


def _failures(city_runs: list[dict], agency_runs: list[dict], names: dict, lang: str) -> str:
    """One banner naming what did not finish; "" when nothing failed."""
    failed = [workbook_title(r["notebook"], lang) for r in city_runs
              if r.get("status") == "failed"]
    failed += [names.get(r["agency"], r["agency"]) for r in agency_runs
               if r.get("status") == "failed"]
    if not failed:
        return ""
    return (f'<p class="sc-banner failed" role="alert">'
            f'{_e(text("br.failed", lang).format(runs=", ".join(failed)))}</p>')


_SORT = """<input type="radio" name="sc-sort" id="sc-sort-name" class="sc-sort-input" checked>
<input type="radio" name="sc-sort" id="sc-sort-index" class="sc-sort-input">
<p class="sc-sort">{label}: <label for="sc-sort-name">{name}</label>
<label for="sc-sort-index">{index}</label></p>"""


def index_page(context, city_runs: list[dict], agency_runs: list[dict],
               facts: RunFacts | None = None, synthetic: bool = False,
               city_from: str | None = None, record: dict | None = None) -> str:
    """The city summary page of a run (`context`): the city workbooks' runs, each agency
    report's run with the agency's facts (None: 00 gave no clean data). `city_from` says
    where the city came from (context.run_city): the page says when it is not the one the
    parameters named. `record`: the decision record's page and PDF (`html`, `pdf`), linked
    under the Quick Wins. Every value is escaped."""
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
    names = facts.names if facts else {}
    brief = city_brief(context, facts)
    parts.append('<section class="sc-brief">')
    parts.append(_failures(city_runs, agency_runs, names, lang))
    parts.append(f"<h2>{_e(text('ix.figures', lang))}</h2>")
    parts.append(_figures_html(city_figures(facts) if facts else {},
                               change_words(brief, lang), lang))
    rulebook = rulebook_line(context.rulebook.sentence[lang], lang)
    parts.append(f'<p class="sc-rulebook">{_e(rulebook)}</p>')
    parts.append(quick_wins_html(brief, lang))
    if record:
        pdf = f" · {_link(record['pdf'], 'PDF')}" if record.get("pdf") else ""
        parts.append(f'<p class="sc-record-link">'
                     f'{_link(record["html"], text("ix.record", lang))}{pdf}</p>')
    parts.append(behind_html(brief, lang))
    parts.append("</section>")
    actions = city_actions_html(facts, lang)
    if actions:
        parts.append(f'<section class="sc-city-actions">{actions}</section>')
    printed = " sc-failed-runs" if any(r.get("status") == "failed" for r in city_runs) else ""
    parts.append(f'<section class="sc-workbooks{printed}">')
    parts.append(f"<h2>{_e(text('idx.city', lang))}</h2>")
    rows = [[_e(workbook_title(r["notebook"], lang)) + _failure(r, lang), _links(r, lang)]
            for r in sorted(city_runs, key=lambda r: r["notebook"])]  # in run order
    parts.append(_table([text("idx.notebook", lang), text("idx.report", lang)], rows))
    parts.append('</section><section class="sc-agencies">')
    parts.append(f"<h2>{_e(text('idx.agencies', lang))}</h2>")
    if not agency_runs:  # no agency has an innovation or an assessment row (batch.plan)
        parts.append(f"<p>{_e(text('ix.no_agency_reports', lang))}</p></section>")
        return standalone_page(lang, title, parts)
    # The legend above the table, so that paper never ends on it alone.
    parts.append(f'<p class="sc-muted sc-legend">{_e(text("ix.legend", lang))}</p>')
    parts.append(_SORT.format(label=_e(text("br.sort", lang)),
                              name=_e(text("br.sort_name", lang)),
                              index=_e(text("br.sort_index", lang))))
    header = [text("agency", lang), text("idx.stage1_index", lang), text("ix.evidence", lang),
              text("idx.innovations", lang), text("ix.quick_wins", lang),
              text("idx.report", lang)]
    in_name_order = sort_agencies([dict(r, name=names.get(r["agency"], r["agency"]))
                                   for r in agency_runs])
    known = {r["agency"]: _facts_of(facts, r["agency"]) for r in agency_runs}
    # The rank order first in the page, hidden until chosen: the name order is the default.
    for order, rows_of in (("index", by_index(in_name_order, known)), ("name", in_name_order)):
        rows = []
        for run in rows_of:
            mine = known[run["agency"]]
            label = _link(run.get("html"), run["name"]) or _e(run["name"])
            rows.append([label + _failure(run, lang), *_agency_cells(run, mine, lang),
                         _links(run, lang)])
        parts.append(f'<div class="sc-by-{order}">'
                     + _table(header, rows, numeric={2, 3}, stacked=True) + "</div>")
    parts.append("</section>")
    return standalone_page(lang, title, parts)


def _facts_of(facts: RunFacts | None, code: str) -> AgencyFacts | None:
    if facts is None:
        return None
    try:
        return agency_facts(facts, code)
    except UnknownAgency:
        return None

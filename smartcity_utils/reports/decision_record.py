"""The decision record (berita acara) of the Quick Win selection: the page the technical team
prints, fills in (day, place, names) and signs after its meeting.

Everything on it is read from what the run wrote, never recomputed: the Quick Wins chosen and
the near misses with their priority and reason codes (03's `quick_win_shortlist`, worded by
`quick_win.reasons` as 03 words them), the dimension coverage (03's `quick_win_coverage`,
worded by `quick_win.coverage`), the budget of the run's parameters, the criteria file the run
used and where its weights came from (`record_weights`), the run's stamp line. The page carries
the fingerprint of what it was made of, so that index.html links it only while it still
records the run's shortlist. Every value is escaped.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from smartcity_utils import formatting as fmt
from smartcity_utils.artifacts import artifact
from smartcity_utils.config import CriteriaSet
from smartcity_utils.errors import ArtifactError, SmartCityError
from smartcity_utils.names import display_names
from smartcity_utils.quick_win.coverage import coverage_words
from smartcity_utils.quick_win.reasons import QuickWinTerms, reason_text
from smartcity_utils.reports.blocks import stamp_text, synthetic_banner
from smartcity_utils.reports.index_page import standalone_page
from smartcity_utils.reports.pdf import pdf_path
from smartcity_utils.reports.record_weights import signatories, weights_lines
from smartcity_utils.stamps import digest, read_stamps, sha256_file
from smartcity_utils.strings import text

RECORD_PAGE = "reports/berita_acara.html"  # in the run's output folder; its PDF beside it
_MADE_OF = re.compile(r'<main [^>]*data-made-of="([0-9a-f]{64})"')
_QW = "03_quick_win_priority"
_BLANK = {"\0": '<span class="sc-blank"></span>',
          "\1": '<span class="sc-blank sc-blank-long"></span>'}


def _e(value: Any) -> str:
    return "" if value is None else html.escape(str(value))


@dataclass(frozen=True)
class DecisionFacts:
    """What the record says, as the run wrote it."""

    chosen: pd.DataFrame  # 03's shortlist rows chosen, in its order (priority rank)
    near_misses: pd.DataFrame  # the rows not chosen, in its order
    coverage: pd.DataFrame  # 03's dimension coverage
    terms: QuickWinTerms  # the budget, what the chosen cost, the shortlist's limits
    criteria: CriteriaSet  # the criteria file the run used (its stamp says so)
    names: dict[str, str]  # agency code -> display name
    fingerprint: str  # what it is made of (`record_fingerprint`)


def record_fingerprint(out_dir: Path) -> str | None:
    """What a record is made of: 03's shortlist and coverage files and the stamp they were
    made under (year, data, criteria file, budget); None when 03 has not written them."""
    stamps = read_stamps(Path(out_dir), _QW)
    files = [artifact(name).file(out_dir) for name in ("quick_win_shortlist",
                                                       "quick_win_coverage")]
    if stamps is None or not all(f.exists() for f in files):
        return None
    return digest(json.dumps(stamps["stamp"], sort_keys=True), *map(sha256_file, files))


def decision_facts(context) -> DecisionFacts:
    """The facts of the run under `context` (a RunContext of a finished run). A missing or
    stale file of 03 or 00 is an error naming it and the workbook to rerun."""
    if context.criteria is None:
        raise SmartCityError("the run parameters name no Quick Win criteria file, so workbook "
                             "03 made no shortlist to record")
    run = context.run
    shortlist = run.read_table("quick_win_shortlist")
    coverage = run.read_table("quick_win_coverage")
    chosen = shortlist[shortlist["selected"]]
    return DecisionFacts(
        chosen=chosen, near_misses=shortlist[~shortlist["selected"]], coverage=coverage,
        terms=QuickWinTerms(budget=context.budget, spent=float(chosen["cost_idr"].sum()),
                            limits=context.criteria.limits()),
        criteria=context.criteria, names=display_names(run.clean_data().agencies),
        fingerprint=record_fingerprint(context.out_dir))


def current_record(out_dir: Path) -> dict | None:
    """The decision record's page and PDF (paths relative to `out_dir`) when the page records
    the shortlist now in the run; None otherwise (none made, or made of an earlier
    shortlist, budget or criteria file)."""
    page = Path(out_dir) / RECORD_PAGE
    if not page.is_file():
        return None
    mark = _MADE_OF.search(page.read_text(encoding="utf-8"))
    try:
        if mark is None or mark.group(1) != record_fingerprint(Path(out_dir)):
            return None
    except ArtifactError:  # 03's stamp file cannot be read: its pages say so
        return None
    printed = pdf_path(RECORD_PAGE)
    return {"html": RECORD_PAGE,
            "pdf": printed if (Path(out_dir) / printed).is_file() else None}


def _with_blanks(key: str, lang: str, **values: Any) -> str:
    """A sentence with lines to fill in by hand: `{blank}` short, `{place}` long."""
    words = _e(text(key, lang).format(blank="\0", place="\1", **values))
    for mark, span in _BLANK.items():
        words = words.replace(mark, span)
    return words


def _candidates_table(rows: pd.DataFrame, facts: DecisionFacts, reason_header: str,
                      lang: str) -> str:
    """One row per candidate: number, name, agency, dimension, cost, priority, reason."""
    header = [text("ba.no", lang), text("br.innovation", lang), text("agency", lang),
              text("br.dimension", lang), text("br.cost", lang), text("ba.priority", lang),
              text(reason_header, lang)]
    numeric = {0, 4, 5}
    head = "".join(f'<th scope="col"{" class=num" if i in numeric else ""}>{_e(h)}</th>'
                   for i, h in enumerate(header))
    body = []
    for number, row in enumerate(rows.itertuples(), start=1):
        cost = fmt.MISSING if pd.isna(row.cost_idr) else fmt.money(row.cost_idr, lang)
        priority = f"{fmt.integer(row.priority_rank, lang)} ({fmt.number(row.priority, lang)})"
        reason = reason_text(row.reason, row.cost_idr, row.agency_code, row.dimension,
                             facts.terms, facts.names, lang)
        cells = [fmt.integer(number, lang), row.innovation_name,
                 facts.names.get(row.agency_code, row.agency_code), row.dimension, cost,
                 priority, reason]
        body.append("<tr>" + "".join(
            f'<th scope="row">{_e(value)}</th>' if i == 1 else
            f'<td{" class=num" if i in numeric else ""} data-label="{_e(header[i])}">'
            f"{_e(value)}</td>" for i, value in enumerate(cells)) + "</tr>")
    # at phone width each row is a card of labelled lines (report.css, `.sc-stack`)
    return (f'<div class="sc-wrap"><table class="sc-table sc-stack sc-record-table"><thead>'
            f'<tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')


def _budget_line(facts: DecisionFacts, lang: str) -> str:
    terms = facts.terms
    if not terms.budget:
        return text("ba.budget_spent", lang).format(spent=fmt.money(terms.spent, lang))
    return text("ba.budget", lang).format(
        spent=fmt.money(terms.spent, lang), budget=fmt.money(terms.budget, lang),
        share=fmt.share_of_whole(terms.spent / terms.budget, lang),
        left=fmt.money(terms.left, lang))


def _chosen_section(facts: DecisionFacts, year: int, lang: str) -> str:
    parts = [f"<h2>{_e(text('ba.chosen_heading', lang))}</h2>"]
    if facts.chosen.empty:
        parts.append(f"<p>{_e(text('br.quick_wins_none', lang))}</p>")
    else:
        count = fmt.count(len(facts.chosen), "as.n_programmes", lang)
        parts += [f"<p>{_e(text('ba.chosen_intro', lang).format(count=count, year=year))}</p>",
                  _candidates_table(facts.chosen, facts, "ba.reason_chosen", lang)]
    head, lines = coverage_words(facts.coverage, facts.terms, lang)
    parts += [f'<p class="sc-record-budget">{_e(_budget_line(facts, lang))}</p>',
              f"<p>{_e(head)}</p>"]
    if lines:
        parts.append("<ul>" + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>")
    return '<section class="sc-record-chosen">' + "".join(parts) + "</section>"


def _near_section(facts: DecisionFacts, lang: str) -> str:
    parts = [f"<h2>{_e(text('ba.near_heading', lang))}</h2>"]
    if facts.near_misses.empty:
        parts.append(f"<p>{_e(text('ba.near_none', lang))}</p>")
    else:
        parts += [f"<p>{_e(text('ba.near_intro', lang))}</p>",
                  _candidates_table(facts.near_misses, facts, "ba.reason_not_chosen", lang)]
    return '<section class="sc-record-near">' + "".join(parts) + "</section>"


def _basis_section(context, facts: DecisionFacts, lang: str) -> str:
    lines = [*weights_lines(facts.criteria, lang),
             text("ba.source", lang).format(stamp=stamp_text(context, lang))]
    return (f'<section class="sc-record-basis"><h2>{_e(text("ba.basis_heading", lang))}</h2>'
            + "".join(f"<p>{_e(line)}</p>" for line in lines) + "</section>")


def _signatures(context, facts: DecisionFacts, lang: str) -> str:
    """The closing, the place and date, and one row to sign per role: one block that paper
    never splits from its heading."""
    header = [text("ba.no", lang), text("ba.role", lang), text("ba.name", lang),
              text("ba.nip", lang), text("ba.signature", lang)]
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in header)
    rows = "".join(f'<tr><td class="num">{_e(fmt.integer(n, lang))}</td>'
                   f'<th scope="row">{_e(role)}</th><td></td><td></td><td></td></tr>'
                   for n, role in enumerate(signatories(facts.criteria, lang), start=1))
    note = "ba.sign_default" if facts.criteria.provenance is None else "ba.sign_by_role"
    team = text("ba.signatures", lang).format(city=context.city).strip(" ,")
    return ('<section class="sc-signatures">'
            f'<p>{_e(text("ba.closing", lang))}</p>'
            f'<p>{_with_blanks("ba.signed_at", lang)}</p>'
            f"<h2>{_e(team)}</h2>"
            f'<div class="sc-wrap"><table class="sc-table sc-sign-table"><thead><tr>{head}'
            f"</tr></thead><tbody>{rows}</tbody></table></div>"
            f'<p class="sc-muted">{_e(text(note, lang))}</p></section>')


def record_title(context, lang: str) -> str:
    """"Berita Acara Penetapan Quick Win Smart City <city> Tahun <year>"."""
    if context.city:
        return text("ba.title", lang).format(city=context.city, year=context.year)
    return text("ba.title_no_city", lang).format(year=context.year)


def decision_record_page(context, facts: DecisionFacts, lang: str) -> str:
    """The record of the run under `context`, in `lang`, as a page of its own."""
    title = record_title(context, lang)
    team = (text("ba.team", lang).format(city=context.city) if context.city
            else text("ba.team_no_city", lang))
    parts = [synthetic_banner(context.data_dir, lang).html,
             f"<h1>{_e(title)}</h1>",
             f'<p class="sc-record-number">{_with_blanks("ba.number", lang)}</p>',
             f"<p>{_with_blanks('ba.opening', lang, team=team, year=context.year)}</p>",
             _chosen_section(facts, context.year, lang),
             _near_section(facts, lang),
             _basis_section(context, facts, lang),
             _signatures(context, facts, lang)]
    main = f'class="sc-page sc-record" data-made-of="{_e(facts.fingerprint)}"'
    return standalone_page(lang, title, parts, main)

"""The agency page's Quick Win section: every innovation of the agency with its decision first
(chosen, not chosen and why, or why it is not a candidate), then its place in the city's
ranking, the chance of a top place said with the Quick Win list's size, and its budget."""

from __future__ import annotations

import html

import pandas as pd

from smartcity_utils import formatting as fmt
from smartcity_utils.reports.agency_facts import AgencyFacts
from smartcity_utils.reports.agency_partners import not_run
from smartcity_utils.reports.tables import PHONE_CARDS
from smartcity_utils.strings import text


def _e(value) -> str:
    return html.escape(str(value))


def budget_phrase(budget, lang: str) -> str:
    """A budget as the reader should take it: an amount, a blank when there is none, and a
    budget of 0 as "unknown" (a placeholder, never a free innovation)."""
    if not fmt.is_missing(budget) and float(budget) == 0:
        return text("as.budget_unknown", lang)
    return fmt.money(budget, lang)


def quota_phrase(facts: AgencyFacts) -> str:
    """The year's Quick Win list: how many programmes it may hold."""
    if facts.quick_win_quota is None:
        return text("as.quota_budget", facts.lang)
    return fmt.count(facts.quick_win_quota, "as.n_programmes", facts.lang)


def quick_win_phrase(facts: AgencyFacts) -> str:
    """The summary box's Quick Win line: the chosen, none chosen of how many, or why none."""
    lang = facts.lang
    if not facts.quick_win_ran:
        return not_run(facts, "as.part_quick_win")
    if facts.shortlisted:
        return ", ".join(facts.shortlisted)
    if facts.candidate_count:
        return text("as.none_chosen", lang).format(
            candidates=fmt.count(facts.candidate_count, "as.n_candidates", lang))
    if facts.decisions is not None and len(facts.decisions):
        return text("as.no_candidates", lang)
    return text("as.no_innovations_quick_win", lang)


def quick_win_intro(facts: AgencyFacts):
    """The section's heading and one sentence for the agency's state; the chance explained
    only where the table shows one."""
    from IPython.display import Markdown

    lang = facts.lang
    heading = f"## {_e(text('as.section_quick_win', lang))}\n\n"
    if not facts.quick_win_ran:
        return Markdown(heading + _e(not_run(facts, "as.part_quick_win")))
    decisions = facts.decisions
    if decisions is None or decisions.empty:
        return Markdown(heading + _e(text("as.quick_win_no_innovations", lang).format(
            year=facts.year)))
    if not facts.candidate_count:
        return Markdown(heading + _e(text("as.quick_win_no_candidates", lang).format(
            innovations=fmt.count(len(decisions), "as.n_innovations", lang), year=facts.year)))
    others = len(decisions) - facts.candidate_count
    sentence = text("as.quick_win_intro", lang).format(
        candidates=fmt.count(facts.candidate_count, "as.n_candidates", lang), year=facts.year,
        chosen=fmt.integer(len(facts.shortlisted), lang),
        others=text("as.quick_win_others", lang).format(
            innovations=fmt.count(others, "as.n_innovations", lang)) if others else "")
    note = text("as.candidates_note", lang).format(k=facts.top_k, quota=quota_phrase(facts))
    return Markdown(heading + _e(sentence) + "\n\n" + _e(note))


def quick_win_table(facts: AgencyFacts) -> pd.DataFrame | None:
    """Every innovation of the agency: its decision, then (for a candidate) its rank of all
    candidates and chance of a top place, and its budget."""
    d = facts.decisions
    if d is None or d.empty:
        return None
    lang = facts.lang
    of = facts.candidates.attrs.get("of", len(facts.candidates))
    columns = {
        text("as.col_innovation", lang): d["innovation_name"].to_numpy(),
        text("as.col_decision", lang): d["decision"].to_numpy(),
    }
    if facts.candidate_count:
        columns[text("as.col_rank", lang)] = [
            fmt.MISSING if pd.isna(r) else text("as.rank_of", lang).format(
                rank=fmt.integer(r, lang), of=fmt.integer(of, lang)) for r in d["rank"]]
        columns[text("as.col_top_k", lang).format(k=facts.top_k, quota=quota_phrase(facts))] = [
            fmt.MISSING if pd.isna(p) else fmt.percent(p, lang)
            for p in d["top_k_probability"]]
    columns[text("as.col_budget", lang)] = [budget_phrase(v, lang) for v in d["budget_idr"]]
    table = pd.DataFrame(columns).set_index(text("as.col_innovation", lang))
    table.attrs[PHONE_CARDS] = True
    return table

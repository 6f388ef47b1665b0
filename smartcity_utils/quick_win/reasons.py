"""A Quick Win candidate's reason in words: the one formatter of the shortlist's reason codes.

The shortlist decides every candidate's reason once (`shortlist.candidate_reasons`: `chosen`,
or the constraints that kept it out) and 03 writes the codes into its artifacts; workbook 03's
shortlist table and each agency's page word them here, with the year's budget and limits.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from smartcity_utils import formatting as fmt
from smartcity_utils.strings import text

REASON_CODES = ("chosen", "chosen_for_dimension", "no_cost", "no_priority", "over_budget",
                "dimension_minimum", "total_limit", "agency_limit", "dimension_limit",
                "budget_left", "lower_total")


@dataclass(frozen=True)
class QuickWinTerms:
    """What a reason's words need besides its candidate: the budget, what the chosen
    candidates cost, and the shortlist's limits (criteria file)."""

    budget: float
    spent: float
    limits: dict

    @property
    def left(self) -> float:
        return self.budget - self.spent


# The shortlist's limits (criteria file) as a reader names them, in this order.
_LIMIT_WORDS = (("max_per_agency", "as.limit_per_agency"),
                ("max_per_dimension", "as.limit_per_dimension"),
                ("max_total", "as.limit_total"))


def limits_phrase(limits: dict, lang: str | None = None) -> str:
    """The limits a chosen candidate stays within, each named with its number (`the limit
    of 2 programmes per agency and this year's 20 programmes`); "" when none is set."""
    named = [text(key, lang).format(limit=fmt.count(limits[name], "as.n_programmes", lang))
             for name, key in _LIMIT_WORDS if limits.get(name)]
    if len(named) > 1:
        named = [", ".join(named[:-1]) + text("as.and", lang) + named[-1]]
    return "".join(named)


def minimum_phrase(limits: dict, lang: str | None = None) -> str:
    """The minimum per smart-city dimension as a reader counts it (`1 quick win`)."""
    return fmt.count(limits["min_per_dimension"], "as.n_quick_wins", lang)


def standing_text(standing: str, quick_win_year, last_year, year: int,
                  lang: str | None = None) -> str:
    """Why an innovation is not a Quick Win candidate of `year`, from the candidate rule's
    word for it (`inputs.innovation_standing`): an earlier Quick Win (its year), stopped, or
    not in `year`'s registry (the last year it was)."""
    if standing == "earlier":
        return text("as.standing_earlier", lang).format(quick_win_year=int(quick_win_year))
    if standing == "stopped":
        return text("as.standing_stopped", lang)
    if standing == "not_registered":
        return text("as.standing_not_registered", lang).format(year=year,
                                                               last_year=int(last_year))
    raise ValueError(f"unknown quick-win standing {standing!r}")


def reason_text(codes: str, cost, agency: str, dimension: str, terms: QuickWinTerms,
                names: dict[str, str], lang: str | None = None) -> str:
    """The reason codes of one candidate (`;`-joined) as a sentence in the report language."""
    cost = cost if pd.notna(cost) and cost > 0 else float("nan")
    listed = [c for c in str(codes).split(";") if c]
    unknown = [c for c in listed if c not in REASON_CODES]
    if unknown or not listed:
        raise ValueError(f"unknown quick-win reason code(s) {unknown or codes!r}")
    if listed in (["chosen"], ["chosen_for_dimension"]):
        share = (text("as.share_of_budget", lang).format(
            share=fmt.share_of_whole(cost / terms.budget, lang)) if terms.budget and pd.notna(cost)
            else "")
        if listed == ["chosen_for_dimension"]:
            return text("as.reason_chosen_for_dimension", lang).format(
                dimension=dimension, minimum=minimum_phrase(terms.limits, lang),
                cost=fmt.money(cost, lang), share=share)
        limits = limits_phrase(terms.limits, lang)
        return text("as.reason_chosen" if limits else "as.reason_chosen_budget", lang).format(
            cost=fmt.money(cost, lang), share=share, limits=limits)
    if listed == ["no_cost"]:
        return text("as.reason_no_cost", lang)
    if listed == ["over_budget"]:
        return text("as.reason_over_budget", lang).format(
            cost=fmt.money(cost, lang), budget=fmt.money(terms.budget, lang))
    limits = terms.limits
    words = {
        "no_priority": lambda: text("as.reason_no_priority", lang),
        "dimension_minimum": lambda: text("as.reason_dimension_minimum", lang).format(
            minimum=minimum_phrase(limits, lang)),
        "total_limit": lambda: text("as.reason_total_limit", lang).format(
            limit=fmt.count(limits["max_total"], "as.n_quick_wins", lang)),
        "agency_limit": lambda: text("as.reason_agency_limit", lang).format(
            limit=fmt.count(limits["max_per_agency"], "as.n_quick_wins", lang),
            agency=names.get(agency, agency)),
        "dimension_limit": lambda: text("as.reason_dimension_limit", lang).format(
            limit=fmt.count(limits["max_per_dimension"], "as.n_quick_wins", lang),
            dimension=dimension),
        "budget_left": lambda: text("as.reason_budget_left", lang).format(
            cost=fmt.money(cost, lang), left=fmt.money(terms.left, lang)),
        "lower_total": lambda: text("as.reason_rank", lang),
    }
    return (text("as.reason_not_chosen", lang) + ": "
            + "; ".join(words[code]() for code in listed))

"""The smart-city dimensions on the Quick Win shortlist: how many each has, and why a
dimension has none (or fewer than its minimum).

Decided once from the shortlist (`shortlist.Shortlist`, with its minimums per dimension) and the
same constraint test as a candidate's reason (`shortlist.exclusion_reasons`); 03 words it.
"""

from __future__ import annotations

import pandas as pd

from smartcity_utils import formatting as fmt
from smartcity_utils.quick_win.reasons import QuickWinTerms, minimum_phrase
from smartcity_utils.quick_win.shortlist import Shortlist, exclusion_reasons
from smartcity_utils.strings import text
from smartcity_utils.vocabulary import DIMENSIONS

# The constraints that can keep a dimension below its minimum, in the order they are named.
_BLOCKING = ("over_budget", "total_limit", "agency_limit", "budget_left")


def _blocking(eligible: pd.DataFrame, chosen: pd.DataFrame, shortlist: Shortlist,
              limits: dict) -> list[str]:
    """The constraints the dimension's unchosen eligible candidates run into, all together.
    With the minimums in force each runs into one: adding it would fill one more place."""
    left = shortlist.budget - shortlist.total_cost
    found = set()
    for row in eligible.itertuples():
        if row.Index not in shortlist.selected:
            found.update(exclusion_reasons(row, chosen, left, shortlist.budget, limits))
    if found != {"over_budget"}:
        found.discard("over_budget")  # the others could fit the whole budget
    return [code for code in _BLOCKING if code in found] + sorted(found - set(_BLOCKING))


def dimension_coverage(candidates: pd.DataFrame, shortlist: Shortlist,
                       limits: dict) -> pd.DataFrame:
    """One row per smart-city dimension (the six, then any other in the candidates):
    `candidates`, `chosen`, `minimum` (0: none in force) and `reason` codes (`;`-joined):
    `reached`, or why not: `no_candidate`, `no_cost`, `no_priority` (no eligible candidate),
    `rule_off` (no minimum set), or the constraints that kept it out (`over_budget`,
    `total_limit`, `agency_limit`, `budget_left`); `cheapest_idr` is what its cheapest
    candidate kept out by the budget left would cost."""
    chosen = candidates.loc[shortlist.selected]
    left = shortlist.budget - shortlist.total_cost
    others = sorted(set(candidates["dimension"].dropna()) - set(DIMENSIONS))
    rows = []
    for dimension in [*DIMENSIONS, *others]:
        own = candidates[candidates["dimension"] == dimension]
        eligible = own[own["cost_idr"].notna() & (own["priority"] > 0)]
        minimum = shortlist.minimums.get(dimension, 0)
        count = int((chosen["dimension"] == dimension).sum())
        if count >= max(minimum, 1):
            codes = ["reached"]
        elif own.empty:
            codes = ["no_candidate"]
        elif own["cost_idr"].isna().all():
            codes = ["no_cost"]
        elif eligible.empty:
            codes = ["no_priority"]
        elif not limits.get("min_per_dimension"):
            codes = ["rule_off"]
        else:
            codes = _blocking(eligible, chosen, shortlist, limits)
        unchosen = eligible[~eligible.index.isin(shortlist.selected)]
        short = unchosen[(unchosen["cost_idr"] > left)
                         & (unchosen["cost_idr"] <= shortlist.budget)]
        rows.append({"dimension": dimension, "candidates": len(own), "chosen": count,
                     "minimum": minimum, "reason": ";".join(codes),
                     "cheapest_idr": short["cost_idr"].min() if len(short) else float("nan")})
    return pd.DataFrame(rows)


def _why(row, terms: QuickWinTerms, lang: str | None) -> str:
    limits = terms.limits
    words = {
        "no_candidate": lambda: text("qw.coverage_no_candidate", lang),
        "no_cost": lambda: text("qw.coverage_no_cost", lang),
        "no_priority": lambda: text("qw.coverage_no_priority", lang),
        "rule_off": lambda: text("qw.coverage_rule_off", lang),
        "over_budget": lambda: text("qw.coverage_over_budget", lang).format(
            budget=fmt.money(terms.budget, lang)),
        "total_limit": lambda: text("qw.coverage_total_limit", lang).format(
            limit=fmt.count(limits["max_total"], "as.n_programmes", lang)),
        "agency_limit": lambda: text("qw.coverage_agency_limit", lang).format(
            limit=fmt.count(limits["max_per_agency"], "as.n_programmes", lang)),
        "budget_left": lambda: text("qw.coverage_budget_left", lang).format(
            cost=fmt.money(row.cheapest_idr, lang), left=fmt.money(terms.left, lang)),
    }
    codes = row.reason.split(";")
    unknown = [c for c in codes if c not in words]
    if unknown:
        raise ValueError(f"unknown dimension coverage code(s) {unknown}")
    if codes[0] in ("total_limit", "agency_limit", "budget_left"):
        return text("qw.coverage_blocked", lang).format(
            constraints="; ".join(words[c]() for c in codes))
    return words[codes[0]]()


def coverage_words(table: pd.DataFrame, terms: QuickWinTerms,
                   lang: str | None = None) -> tuple[str, list[str]]:
    """A coverage table (`dimension_coverage`, or 03's `quick_win_coverage` artifact) in words:
    how many smart-city dimensions the shortlist holds, then one line per dimension it misses
    (or holds fewer of than its minimum) with why."""
    missing = table[table["reason"] != "reached"]
    counts = {"covered": len(table) - len(missing), "n": len(table)}
    if not terms.limits.get("min_per_dimension"):
        head = text("qw.coverage_off", lang).format(**counts)
    elif missing.empty:
        head = text("qw.coverage_all", lang).format(n=len(table),
                                                    minimum=minimum_phrase(terms.limits, lang))
    else:
        head = text("qw.coverage_some", lang).format(**counts,
                                                     minimum=minimum_phrase(terms.limits, lang))
    lines = [text("qw.coverage_line", lang).format(
        dimension=row.dimension,
        state=(text("qw.coverage_none", lang) if row.chosen == 0 else
               text("qw.coverage_short", lang).format(
                   chosen=fmt.integer(row.chosen, lang), minimum=fmt.integer(row.minimum, lang))),
        why=_why(row, terms, lang)) for row in missing.itertuples()]
    if lines:
        head += " " + text("qw.coverage_others", lang)
    return head, lines


def coverage_markdown(table: pd.DataFrame, terms: QuickWinTerms, lang: str | None = None) -> str:
    """`coverage_words` as Markdown: the sentence, then a bullet per dimension missed."""
    head, lines = coverage_words(table, terms, lang)
    return "\n".join([head, *(f"- {line}" for line in lines)])


"""The top of index.html, the one-page brief for the mayor's office: the city's Stage I index and
its improvement since last year (both as published, with the rulebook that gives them), the
Quick Wins chosen with their cost and the budget used, and who
is furthest behind (the weakest smart-city and evaluation dimensions, the lowest agencies and
what each lacks, the agencies not assessed).

Every number is read from the artifact of the workbook that computed it (01's `city_index`,
`index_by_dimension` and `index_by_agency`, 03's `quick_win_shortlist`), never recomputed, and
formatted through `formatting`. Every value is escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from smartcity_utils import formatting as fmt
from smartcity_utils.errors import ArtifactError
from smartcity_utils.reports.agency_facts import STAGE1_DIMENSIONS, RunFacts
from smartcity_utils.reports.tables import card_table_html
from smartcity_utils.strings import text

WEAKEST = 2  # smart-city and evaluation dimensions named
BEHIND = 3  # agencies named


def _e(value: Any) -> str:
    return "" if value is None else html.escape(str(value))


@dataclass
class CityBrief:
    """What the brief says, as the city workbooks wrote it (None / empty: not written)."""

    year: int
    city: pd.Series | None = None  # 01's city_index row
    dimensions: pd.DataFrame | None = None  # 01's index_by_dimension, weakest first
    agencies: pd.DataFrame | None = None  # 01's index_by_agency, weakest first
    chosen: pd.DataFrame | None = None  # 03's shortlist: the chosen Quick Wins, in its order
    names: dict = field(default_factory=dict)


def _read(context, name: str) -> pd.DataFrame | None:
    """A city workbook's artifact, or None when it is absent or of another run (the page's
    banner already names such a file: RunFacts.stale)."""
    try:
        return context.run.table_if_written(name)
    except (ArtifactError, FileNotFoundError):
        return None


def city_brief(context, facts: RunFacts | None) -> CityBrief:
    """The brief's facts of the run under `context`."""
    brief = CityBrief(year=context.year, names=facts.names if facts else {})
    if facts is None:
        return brief
    city = facts.table("city_index")
    if city is not None and len(city):
        brief.city = city.iloc[0]
    brief.agencies = facts.table("index_by_agency")
    brief.dimensions = _read(context, "index_by_dimension")
    shortlist = _read(context, "quick_win_shortlist")
    if shortlist is not None:
        brief.chosen = shortlist[shortlist["selected"].astype(bool)]
    return brief


def change_words(brief: CityBrief, lang: str) -> tuple[str, str] | None:
    """The city index's improvement as published, as 01 wrote it: (the signed change, from
    which published index of which year); None when 01 has no index this year or last year."""
    city = brief.city
    if city is None or pd.isna(city["index"]) or pd.isna(city["index_change"]):
        return None
    last_year = brief.year - 1
    return (fmt.number(city["index_change"], lang, signed=True),
            text("br.change_from", lang).format(previous=fmt.number(city["index_previous"],
                                                                      lang), year=last_year))


def _band(row, lang: str) -> str:
    return str(row["band"] if lang == "id" else row["band_en"])


def _weakest_dimensions(brief: CityBrief, lang: str) -> list[str]:
    lines = []
    if brief.dimensions is not None:
        scored = brief.dimensions.dropna(subset=["index"]).sort_values("index", kind="stable")
        named = [text("br.scored", lang).format(name=r["dimension"],
                                                value=fmt.number(r["index_published"], lang),
                                                band=_band(r, lang))
                 for _, r in scored.head(WEAKEST).iterrows()]
        if named:
            lines.append((text("br.weak_dimensions", lang), "; ".join(named)))
    if brief.city is not None and pd.notna(brief.city["index"]):
        scores = sorted(((brief.city[c], d) for c, d in STAGE1_DIMENSIONS.items()
                         if pd.notna(brief.city[c])), key=lambda s: s[0])
        named = [f"{d} {fmt.number(s, lang)}" for s, d in scores[:WEAKEST]]
        lines.append((text("br.weak_evaluation", lang), "; ".join(named)))
    return [f"<dt>{_e(term)}</dt><dd>{_e(value)}</dd>" for term, value in lines]


def _lacks(row, lang: str) -> str:
    """What one assessed agency lacks, from its 01 row: its weakest evaluation dimension, the
    ones without any score, its evidence items missing."""
    scores = sorted(((row[c], d) for c, d in STAGE1_DIMENSIONS.items() if pd.notna(row[c])),
                    key=lambda s: s[0])
    parts = []
    if scores:
        parts.append(text("br.lacks_weakest", lang).format(dimension=scores[0][1],
                                                           score=fmt.number(scores[0][0], lang)))
    unscored = [d for c, d in STAGE1_DIMENSIONS.items() if pd.isna(row[c])]
    if unscored:
        parts.append(text("br.lacks_unscored", lang).format(dimensions=", ".join(unscored)))
    if pd.notna(row["evidence_missing"]) and row["evidence_missing"] > 0:
        parts.append(fmt.count(row["evidence_missing"], "br.lacks_evidence", lang))
    return "; ".join(parts)


def _behind(brief: CityBrief, lang: str) -> list[str]:
    table = brief.agencies
    if table is None:
        return []
    assessed = table[table["assessed"].astype(bool)].sort_values(["index", "agency_code"],
                                                                 kind="stable")
    of = fmt.integer(len(assessed), lang)
    lines = []
    for _, r in assessed.head(BEHIND).iterrows():
        name = brief.names.get(r["agency_code"], r["short_name"])
        rank = text("ix.rank", lang).format(rank=fmt.integer(r["rank"], lang), of=of)
        lines.append(f"<li><strong>{_e(name)}</strong> "
                     f"{_e(fmt.number(r['index_published'], lang))} "
                     f"({_e(_band(r, lang))}), {_e(rank)}: {_e(_lacks(r, lang))}</li>")
    items = [f"<dt>{_e(text('br.lowest_agencies', lang))}</dt><dd><ul>{''.join(lines)}</ul></dd>"
             ] if lines else []
    missing = table[~table["assessed"].astype(bool)]
    if len(missing):
        names = ", ".join(brief.names.get(c, c) for c in missing["agency_code"])
        items.append(f"<dt>{_e(text('br.not_assessed', lang))}</dt><dd>{_e(names)}</dd>")
    return items


def behind_html(brief: CityBrief, lang: str) -> str:
    """Who is furthest behind and what they lack, as a list of terms; "" when 01 gave nothing."""
    items = _weakest_dimensions(brief, lang) + _behind(brief, lang)
    if not items:
        return ""
    return (f"<h2>{_e(text('br.behind', lang))}</h2>"
            f'<dl class="sc-behind">{"".join(items)}</dl>')


def quick_wins_html(brief: CityBrief, lang: str) -> str:
    """The chosen Quick Wins (name, agency, dimension, cost), in the shortlist's order; "" when
    03 gave no shortlist. The budget they use is the figure above them (index_page)."""
    if brief.chosen is None:
        return ""
    heading = f"<h2>{_e(text('br.quick_wins', lang).format(year=brief.year))}</h2>"
    if brief.chosen.empty:
        return heading + f"<p>{_e(text('br.quick_wins_none', lang))}</p>"
    header = (text("br.innovation", lang), text("agency", lang), text("br.dimension", lang),
              text("br.cost", lang))
    rows = [(r["innovation_name"], brief.names.get(r["agency_code"], r["agency_code"]),
             r["dimension"], fmt.money(r["cost_idr"], lang)) for _, r in brief.chosen.iterrows()]
    return heading + card_table_html(header, rows, numeric_from=3, css_class="sc-chosen")

"""What the run knows about one agency, gathered for its report: its Stage I standing, its
quick-win candidates with a reason for each, and its integration partners grouped by agency.

It reads only what the city workbooks wrote (their artifacts under the run's output folder)
and the parameter files they read; `agency_page` turns the facts into the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from smartcity_utils import formatting as fmt
from smartcity_utils.artifacts import read_table
from smartcity_utils.strings import text

STAGE1_DIMENSIONS = {"score_baseline": "Baseline", "score_output": "Output",
                     "score_outcome": "Outcome", "score_impact": "Impact",
                     "score_quick_win": "Quick Win"}


@dataclass(frozen=True)
class QuickWinRules:
    """What the report needs of the quick-win criteria file: the top-k size and the limits."""

    top_k: int
    max_per_agency: int | None
    max_per_dimension: int | None
    max_total: int | None

    def limits(self) -> dict[str, int | None]:
        return {"max_per_agency": self.max_per_agency,
                "max_per_dimension": self.max_per_dimension, "max_total": self.max_total}


def quick_win_rules(path: Path) -> QuickWinRules:
    """The top-k size and shortlist limits of the criteria file 03 used (which checked it).
    Read here with the YAML reader alone: quick_win brings matplotlib, which would cost each
    agency report seconds."""
    from smartcity_utils.params import read_params_file

    data = read_params_file(path)
    shortlist = data.get("shortlist") or {}
    return QuickWinRules(top_k=int(data.get("top_k", 10)),
                         max_per_agency=shortlist.get("max_per_agency"),
                         max_per_dimension=shortlist.get("max_per_dimension"),
                         max_total=shortlist.get("max_total"))


@dataclass
class AgencyFacts:
    """Everything the report says about one agency, gathered from the city workbooks' files."""

    code: str
    name: str
    short_name: str
    year: int
    lang: str
    scale: float = 4.0
    bands: list = field(default_factory=list)  # (lower, name) in the report language
    stage1_ran: bool = False
    assessed: bool = False
    index: float | None = None
    band: str | None = None
    rank: int | None = None
    assessed_count: int | None = None
    change: float | None = None
    evidence_missing: int | None = None
    scores: pd.DataFrame | None = None  # evaluation dimension, agency, city, difference
    evidence: pd.DataFrame | None = None
    quick_win_ran: bool = False
    candidates: pd.DataFrame | None = None
    top_k: int = 10
    clusters_ran: bool = False
    partners: list = field(default_factory=list)  # dicts, strongest first
    innovations: int = 0

    @property
    def shortlisted(self) -> list[str]:
        if self.candidates is None:
            return []
        return list(self.candidates.loc[self.candidates["shortlisted"], "innovation_name"])


def agency_names(agencies: pd.DataFrame) -> dict[str, str]:
    """Agency code to the name a reader knows (the short name, else the full one)."""
    return {r.agency_code: (r.short_name if isinstance(r.short_name, str) and r.short_name
                            else r.agency_name) for r in agencies.itertuples()}


def gather(out_dir: Path, agencies: pd.DataFrame, innovations: pd.DataFrame, agency: str,
           year: int, lang: str, weights=None, criteria=None,
           budget: float | None = None) -> AgencyFacts:
    """The agency's facts from the city workbooks' outputs; a workbook that has not run leaves
    its part empty (`*_ran` False)."""
    out_dir = Path(out_dir)
    row = agencies[agencies["agency_code"] == agency].iloc[0]
    facts = AgencyFacts(code=agency, name=str(row["agency_name"]),
                        short_name=str(row["short_name"]), year=year, lang=lang)
    facts.innovations = int(((innovations["agency_code"] == agency)
                             & (innovations["year"] == year)).sum())
    if weights is not None:
        facts.scale = float(weights.scale)
        facts.bands = [(b.lower, b.name_id if lang == "id" else b.name_en)
                       for b in weights.bands]
    _stage1(facts, out_dir)
    _quick_win(facts, out_dir, agencies, criteria, budget)
    _partners(facts, out_dir, agencies)
    return facts


def _stage1(facts: AgencyFacts, out_dir: Path) -> None:
    table = read_table(out_dir, "index_by_agency")
    city = read_table(out_dir, "city_index")
    if table is None:
        return
    facts.stage1_ran = True
    mine = table[table["agency_code"] == facts.code]
    if mine.empty or not bool(mine.iloc[0]["assessed"]):
        return
    r = mine.iloc[0]
    facts.assessed = True
    facts.index = float(r["index"])
    facts.band = str(r["band"] if facts.lang == "id" else r["band_en"])
    facts.rank = int(r["rank"])
    facts.assessed_count = int(table["assessed"].astype(bool).sum())
    facts.change = None if pd.isna(r["index_change"]) else float(r["index_change"])
    # None: none of the agency's rows says whether its evidence is there ("no data").
    facts.evidence_missing = (None if pd.isna(r["evidence_missing"])
                              else int(r["evidence_missing"]))
    if city is not None:
        rows = []
        for column, dimension in STAGE1_DIMENSIONS.items():
            agency_score, city_score = r[column], city.iloc[0][column]
            rows.append({"dimension": dimension, "agency": agency_score, "city": city_score,
                         "difference": (agency_score - city_score
                                        if pd.notna(agency_score) else None)})
        facts.scores = pd.DataFrame(rows).sort_values("difference", kind="stable",
                                                      na_position="last")
    todo = read_table(out_dir, "evidence_todo")
    if todo is not None and facts.evidence_missing is not None:
        facts.evidence = todo[todo["agency_code"] == facts.code]


def _quick_win(facts: AgencyFacts, out_dir: Path, agencies: pd.DataFrame, criteria,
               budget: float | None) -> None:
    ranking = read_table(out_dir, "quick_win_ranking")
    if ranking is None:
        return
    facts.quick_win_ran = True
    if criteria is not None:
        facts.top_k = int(criteria.top_k)
    ranking["shortlisted"] = ranking["shortlisted"].astype(bool)
    chosen = ranking[ranking["shortlisted"]]
    mine = ranking[ranking["agency_code"] == facts.code].sort_values("rank", kind="stable")
    reasons = [candidate_reason(r, chosen, criteria, budget, facts.lang,
                                agency_names(agencies)) for r in mine.itertuples()]
    facts.candidates = mine.assign(reason=reasons).reset_index(drop=True)
    facts.candidates.attrs["of"] = len(ranking)


def candidate_reason(row, chosen: pd.DataFrame, criteria, budget: float | None,
                     lang: str, names: dict[str, str]) -> str:
    """Why a candidate is, or is not, one of the year's quick wins, in full: the constraint it
    runs into (missing budget figure, the whole budget, the per-agency limit, the year's limit
    filled by higher-ranked candidates, the budget left), or the better combination."""
    cost = row.budget_idr if pd.notna(row.budget_idr) and row.budget_idr > 0 else float("nan")
    if row.shortlisted:
        share = (text("as.share_of_budget", lang).format(share=fmt.percent(cost / budget, lang))
                 if budget and pd.notna(cost) else "")
        return text("as.reason_chosen", lang).format(cost=fmt.money(cost, lang), share=share)
    if pd.isna(cost):
        return text("as.reason_no_cost", lang)
    if budget and cost > budget:
        return text("as.reason_over_budget", lang).format(cost=fmt.money(cost, lang),
                                                           budget=fmt.money(budget, lang))
    reasons = []
    limits = criteria.limits() if criteria is not None else {}
    per_agency = limits.get("max_per_agency")
    if per_agency is not None and (chosen["agency_code"] == row.agency_code).sum() >= per_agency:
        reasons.append(text("as.reason_agency_limit", lang).format(
            limit=fmt.count(per_agency, "as.n_quick_wins", lang),
            agency=names.get(row.agency_code, row.agency_code)))
    per_dimension = limits.get("max_per_dimension")
    if per_dimension is not None and (chosen["dimension"] == row.dimension).sum() \
            >= per_dimension:
        reasons.append(text("as.reason_dimension_limit", lang).format(
            limit=fmt.count(per_dimension, "as.n_quick_wins", lang), dimension=row.dimension))
    total = limits.get("max_total")
    if total is not None and len(chosen) >= total and row.rank > chosen["rank"].max():
        reasons.append(text("as.reason_total_limit", lang).format(
            limit=fmt.count(total, "as.n_quick_wins", lang)))
    if budget:
        left = budget - chosen["budget_idr"].sum()
        if cost > left:
            reasons.append(text("as.reason_budget_left", lang).format(
                cost=fmt.money(cost, lang), left=fmt.money(left, lang)))
    if not reasons:
        reasons.append(text("as.reason_rank", lang))
    return text("as.reason_not_chosen", lang) + ": " + "; ".join(reasons)


def similarity_words(similarity: float, lang: str) -> str:
    """A similarity (0-1) as a level a reader understands, with its percentage."""
    key = ("as.sim_very_high" if similarity >= 0.8 else "as.sim_high" if similarity >= 0.65
           else "as.sim_some")
    return f"{text(key, lang)} ({fmt.percent(similarity, lang)})"


def _partners(facts: AgencyFacts, out_dir: Path, agencies: pd.DataFrame) -> None:
    pairs = read_table(out_dir, "integration_pairs")
    if pairs is None:
        return
    facts.clusters_ran = True
    names = agency_names(agencies)
    rows = []
    for mine, other in (("a", "b"), ("b", "a")):
        hits = pairs[pairs[f"agency_code_{mine}"] == facts.code]
        for r in hits.itertuples(index=False):
            rows.append({"agency": getattr(r, f"agency_code_{other}"),
                         "ours": getattr(r, f"innovation_name_{mine}"),
                         "theirs": getattr(r, f"innovation_name_{other}"),
                         "similarity": float(r.similarity),
                         "terms": [t.strip() for t in str(r.shared_terms).split(";")
                                   if t.strip()]})
    if not rows:
        return
    table = pd.DataFrame(rows)
    groups = []
    for code, group in table.groupby("agency", sort=False):
        group = group.sort_values(["similarity", "ours"], ascending=[False, True],
                                  kind="stable")
        terms: dict[str, int] = {}
        for listed in group["terms"]:
            for term in listed:
                terms[term] = terms.get(term, 0) + 1
        common = sorted(terms, key=lambda t: (-terms[t], t))[:5]
        groups.append({"code": code, "name": names.get(code, code), "pairs": len(group),
                       "best": float(group["similarity"].max()),
                       "examples": list(zip(group["ours"], group["theirs"],
                                            group["similarity"], strict=True)),
                       "terms": common})
    # Strongest: the most similar innovation pairs, then the most similar single pair.
    facts.partners = sorted(groups, key=lambda g: (-g["pairs"], -g["best"], g["name"].lower()))

"""What the run knows about each agency, read once from what the city workbooks wrote.

Every fact here was computed by a city workbook into its artifact: the Stage I index, band,
rank, change and evidence count (01's `index_by_agency`), each candidate's rank, top-k chance,
quick-win status and reason (03's `quick_win_ranking`, reasons decided by the shortlist), why
each other innovation is not a candidate (03's candidate rule, `innovation_standing`), the
partner agencies in 02's order of strength (02's `agency_network`, with the pairs of
`integration_pairs` and the partnerships the registry declares, read by 02's own rule).
`load_facts` reads them for a run; `agency_facts` picks one agency's.
index.html and the agency pages format these same values through `formatting`, so the city
page and an agency's page cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from smartcity_utils.clusters.integration import duplicates_only, integration_only
from smartcity_utils.clusters.partnerships import declared_partnerships
from smartcity_utils.errors import ArtifactError, SmartCityError
from smartcity_utils.names import display_names, short_name
from smartcity_utils.quick_win.candidacy import innovation_standing
from smartcity_utils.quick_win.reasons import QuickWinTerms, reason_text, standing_text
from smartcity_utils.stage1.action_words import innovation_names

STAGE1_DIMENSIONS = {"score_baseline": "Baseline", "score_output": "Output",
                     "score_outcome": "Outcome", "score_impact": "Impact",
                     "score_quick_win": "Quick Win"}

# The artifacts the facts come from.
_TABLES = ("index_by_agency", "city_index", "evidence_todo", "index_actions",
           "quick_win_ranking", "integration_pairs", "agency_network", "survey_scores")


class UnknownAgency(SmartCityError):
    """An agency code that is not in the run's agencies table."""


@dataclass
class RunFacts:
    """The facts of one run: the clean agencies and innovations, and the city workbooks'
    artifacts (None: the workbook has not run, or, read leniently, its file is of another run:
    then `stale` says so)."""

    year: int
    lang: str
    scale: float
    bands: list  # (lower, name) in the report language
    rulebook: str  # why the run uses its rulebook, in the report language (one sentence)
    terms: QuickWinTerms
    top_k: int
    agencies: pd.DataFrame
    innovations: pd.DataFrame
    names: dict[str, str]
    tables: dict[str, pd.DataFrame | None]
    stale: list[str] = field(default_factory=list)
    standing: pd.DataFrame | None = None  # every innovation up to the year, candidate or why not
    partnerships: pd.DataFrame | None = None  # (innovation, agency, partner) the registry declares
    # the rulebook's score of an answer without evidence; the registry's innovation names
    missing_evidence_score: float | None = None
    innovation_names: dict = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)


def load_facts(context, data=None, strict: bool = True) -> RunFacts:
    """The run's facts under `context` (a RunContext). `strict`: a file of another run is an
    ArtifactError (an agency report refuses); otherwise it is left out and named in `stale`
    (index.html still shows the rest)."""
    run = context.run
    data = data or run.clean_data()
    tables, stale = {}, []
    for name in _TABLES:
        try:
            tables[name] = run.table_if_written(name)
        except ArtifactError as error:
            if strict:
                raise
            tables[name], stale = None, [*stale, str(error)]
    ranking = tables["quick_win_ranking"]
    spent = 0.0
    if ranking is not None:
        ranking["shortlisted"] = ranking["shortlisted"].astype(bool)
        spent = float(ranking.loc[ranking["shortlisted"], "budget_idr"].sum())
    criteria = context.criteria
    weights = context.weights
    return RunFacts(
        year=context.year, lang=context.lang, scale=float(weights.scale),
        bands=[(b.lower, b.name_id if context.lang == "id" else b.name_en)
               for b in weights.bands],
        rulebook=context.rulebook.sentence[context.lang],
        terms=QuickWinTerms(budget=context.budget, spent=spent,
                            limits=criteria.limits() if criteria else {}),
        top_k=criteria.top_k if criteria else 0,
        agencies=data.agencies, innovations=data.innovations,
        names=display_names(data.agencies), tables=tables, stale=stale,
        missing_evidence_score=weights.missing_evidence_score,
        innovation_names=innovation_names(data.innovations),
        **_registry_facts(data, context.year))


def _registry_facts(data, year: int) -> dict:
    """Every innovation up to `year` with its Quick Win standing, and the partnerships their
    rows declare: the rules of 03 and 02 themselves, on the registry rows they read."""
    innovations = data.innovations
    if innovations.empty or not (innovations["year"] <= year).any():
        return {}
    standing = innovation_standing(innovations, year)
    return {"standing": standing,
            "partnerships": declared_partnerships(standing, data.agencies)}


@dataclass
class AgencyFacts:
    """Everything the report says about one agency, as the city workbooks computed it."""

    code: str
    name: str
    short_name: str
    display_name: str
    year: int
    lang: str
    scale: float = 4.0
    bands: list = field(default_factory=list)  # (lower, name) in the report language
    rulebook: str = ""  # why the run uses its rulebook (RunFacts.rulebook)
    stage1_ran: bool = False
    assessed: bool = False
    index: float | None = None  # as published (01's index_published)
    band: str | None = None
    rank: int | None = None
    assessed_count: int | None = None
    previous: float | None = None  # last year's index, as published
    change: float | None = None  # the improvement, as published
    evidence_missing: int | None = None
    scores: pd.DataFrame | None = None  # evaluation dimension, agency, city, difference
    evidence: pd.DataFrame | None = None
    # 01's actions of this agency that raise its own index, the largest own gain first
    actions: pd.DataFrame | None = None
    missing_evidence_score: float | None = None
    innovation_names: dict = field(default_factory=dict)
    quick_win_ran: bool = False
    candidates: pd.DataFrame | None = None
    # every innovation of the agency up to the year: candidates by rank, then the others by
    # name, each with its decision in words (`decision`)
    decisions: pd.DataFrame | None = None
    top_k: int = 10
    quick_win_quota: int | None = None  # the shortlist's size limit (None: the budget's)
    clusters_ran: bool = False
    partners: list = field(default_factory=list)  # dicts, strongest first
    # (our innovation, the other agency's name, its innovation): possibly registered twice
    registered_twice: list = field(default_factory=list)
    innovations: int = 0
    city_registry: bool = True  # the run has clean innovations (02 and 03 had work to do)
    earlier_innovations: int = 0  # of earlier years, not in the year's registry
    # its programmes' impact survey scores of the year (00's survey_scores), None: no survey
    survey: pd.DataFrame | None = None
    impact_source: str | None = None  # where its Stage I Impact comes from (01)
    suggested_values: int = 0  # of those innovations, filled by `smartcity suggest`

    @property
    def shortlisted(self) -> list[str]:
        if self.candidates is None:
            return []
        return list(self.candidates.loc[self.candidates["shortlisted"], "innovation_name"])

    @property
    def candidate_count(self) -> int:
        return 0 if self.candidates is None else len(self.candidates)

    @property
    def best_candidate_rank(self) -> int | None:
        if self.candidates is None or self.candidates.empty:
            return None
        return int(self.candidates["rank"].min())


def _check_code(facts: RunFacts, agency: str) -> pd.Series:
    rows = facts.agencies[facts.agencies["agency_code"] == agency]
    if rows.empty:
        known = ", ".join(f"{code} ({facts.names[code]})" for code in
                          sorted(facts.names, key=str.casefold))
        wanted = str(agency).strip().casefold()
        meant = [code for code, name in facts.names.items()
                 if wanted in (str(code).casefold(), name.casefold())]
        guess = (f": did you mean {meant[0]!r} ({facts.names[meant[0]]})?"
                 if len(meant) == 1 else "")
        raise UnknownAgency(f"no agency with the code {agency!r} in the run's agencies table"
                            f"{guess} (codes are case-sensitive; the codes are: {known})")
    return rows.iloc[0]


def agency_facts(facts: RunFacts, agency: str) -> AgencyFacts:
    """One agency's facts; UnknownAgency lists the valid codes and names."""
    row = _check_code(facts, agency)
    mine = AgencyFacts(code=agency, name=str(row["agency_name"]),
                       short_name=short_name(row["short_name"], agency) or "",
                       display_name=facts.names[agency], year=facts.year, lang=facts.lang,
                       scale=facts.scale, bands=facts.bands, rulebook=facts.rulebook,
                       top_k=facts.top_k,
                       quick_win_quota=facts.terms.limits.get("max_total"))
    innovations = facts.innovations
    rows = innovations[(innovations["agency_code"] == agency)
                       & (innovations["year"] == facts.year)]
    mine.innovations = len(rows)
    mine.city_registry = len(innovations) > 0
    if facts.standing is not None:
        own = facts.standing[facts.standing["agency_code"] == agency]
        mine.earlier_innovations = int((own["standing"] == "not_registered").sum())
    if "suggested" in rows:
        mine.suggested_values = sum(len(fields.split("; ")) for fields in rows["suggested"]
                                    if fields)
    _stage1(mine, facts)
    _survey(mine, facts)
    _quick_win(mine, facts)
    _partners(mine, facts)
    return mine


def _survey(mine: AgencyFacts, facts: RunFacts) -> None:
    scores = facts.table("survey_scores")
    if scores is None or scores.empty:
        return
    own = scores[(scores["scope"] == "programme") & (scores["agency_code"] == mine.code)
                 & (scores["year"] == mine.year)]
    mine.survey = own.reset_index(drop=True) if len(own) else None


def _stage1(mine: AgencyFacts, facts: RunFacts) -> None:
    table, city = facts.table("index_by_agency"), facts.table("city_index")
    if table is None:
        return
    mine.stage1_ran = True
    own = table[table["agency_code"] == mine.code]
    if own.empty or not bool(own.iloc[0]["assessed"]):
        return
    r = own.iloc[0]
    mine.assessed = True
    mine.index = float(r["index_published"])
    mine.band = str(r["band"] if mine.lang == "id" else r["band_en"])
    mine.rank = int(r["rank"])
    mine.assessed_count = (int(city.iloc[0]["n_agencies_assessed"]) if city is not None
                           else int(table["assessed"].astype(bool).sum()))
    mine.change = None if pd.isna(r["index_change"]) else float(r["index_change"])
    mine.previous = None if pd.isna(r["index_previous"]) else float(r["index_previous"])
    mine.impact_source = None if pd.isna(r["impact_source"]) else str(r["impact_source"])
    # None: none of the agency's rows says whether its evidence is there ("no data").
    mine.evidence_missing = (None if pd.isna(r["evidence_missing"])
                             else int(r["evidence_missing"]))
    if city is not None:
        rows = []
        for column, dimension in STAGE1_DIMENSIONS.items():
            agency_score, city_score = r[column], city.iloc[0][column]
            rows.append({"dimension": dimension, "agency": agency_score, "city": city_score,
                         "difference": (agency_score - city_score
                                        if pd.notna(agency_score) else None)})
        mine.scores = pd.DataFrame(rows).sort_values("difference", kind="stable",
                                                     na_position="last")
    todo = facts.table("evidence_todo")
    if todo is not None and mine.evidence_missing is not None:
        mine.evidence = todo[todo["agency_code"] == mine.code]
    _actions(mine, facts)


def _actions(mine: AgencyFacts, facts: RunFacts) -> None:
    """The agency's actions that raise its own index, as 01 listed them: the largest own gain
    first (then the larger city gain, then 01's rank)."""
    actions = facts.table("index_actions")
    if actions is None:
        return
    own = actions[(actions["agency_code"] == mine.code) & (actions["gain_agency"] > 0)]
    mine.actions = own.sort_values(["gain_agency", "gain_city", "rank"],
                                   ascending=[False, False, True],
                                   kind="stable").reset_index(drop=True)
    mine.missing_evidence_score = facts.missing_evidence_score
    mine.innovation_names = facts.innovation_names


def _quick_win(mine: AgencyFacts, facts: RunFacts) -> None:
    ranking = facts.table("quick_win_ranking")
    if ranking is None:
        return
    mine.quick_win_ran = True
    own = ranking[ranking["agency_code"] == mine.code].sort_values("rank", kind="stable")
    reasons = [reason_text(r.reason, r.budget_idr, r.agency_code, r.dimension, facts.terms,
                           facts.names, facts.lang) for r in own.itertuples()]
    mine.candidates = own.assign(reason_text=reasons).reset_index(drop=True)
    mine.candidates.attrs["of"] = len(ranking)
    mine.decisions = _decisions(mine, facts)


def _decisions(mine: AgencyFacts, facts: RunFacts) -> pd.DataFrame:
    """The agency's candidates as 03 ranked them, then every other innovation of its (by
    name) with the candidate rule's reason: none of them vanishes from the page."""
    ranked = mine.candidates[["innovation_id", "innovation_name", "rank", "top_k_probability",
                              "budget_idr", "shortlisted", "reason_text"]]
    ranked = ranked.rename(columns={"reason_text": "decision"})
    standing = facts.standing
    if standing is None:
        return ranked.reset_index(drop=True)
    others = standing[(standing["agency_code"] == mine.code)
                      & ~standing["innovation_id"].isin(ranked["innovation_id"])
                      & (standing["standing"] != "candidate")]
    others = others.sort_values("innovation_name", key=lambda n: n.str.casefold(),
                                kind="stable")
    rest = pd.DataFrame({
        "innovation_id": others["innovation_id"].to_numpy(),
        "innovation_name": others["innovation_name"].to_numpy(),
        "rank": pd.NA, "top_k_probability": float("nan"),
        "budget_idr": others["budget_idr"].to_numpy(), "shortlisted": False,
        "decision": [standing_text(r.standing, r.quick_win_year, r.year, facts.year, facts.lang)
                     for r in others.itertuples()]})
    return pd.concat([ranked, rest], ignore_index=True) if len(rest) else \
        ranked.reset_index(drop=True)


def _partners(mine: AgencyFacts, facts: RunFacts) -> None:
    """The partner agencies ranked as 02 ranks them, by the strength of the link (similar pairs
    plus declared partnerships: 02's `weight`); at equal strength the declared partnerships
    first, then by name (02's own tie-break, the agency codes, would let the codes decide which
    of two equal partners a head reads first). Each with the partnerships the registry declares
    between the two, then its most similar innovation pairs and their shared words."""
    network, pairs = facts.table("agency_network"), facts.table("integration_pairs")
    if network is None:
        return
    mine.clusters_ran = True
    links = network[(network["agency_code_a"] == mine.code)
                    | (network["agency_code_b"] == mine.code)]
    groups = []
    for link in links.itertuples(index=False):
        other = link.agency_code_b if link.agency_code_a == mine.code else link.agency_code_a
        examples, terms = _shared_pairs(pairs, mine.code, other)
        groups.append({"code": other, "name": facts.names.get(other, other),
                       "weight": int(link.weight), "pairs": int(link.similar_pairs),
                       "declared": int(link.declared_partnerships),
                       "declarations": _declarations(facts, mine.code, other),
                       "best": max((s for _, _, s in examples), default=0.0),
                       "examples": examples, "terms": terms})
    mine.partners = sorted(groups, key=lambda g: (-g["weight"], -g["declared"],
                                                  g["name"].casefold()))
    mine.registered_twice = _registered_twice(pairs, mine.code, facts.names)


def _registered_twice(pairs: pd.DataFrame | None, code: str, names: dict) -> list:
    """This agency's innovations that look registered again by another agency or account:
    (ours, the other's name, theirs), as 02 marked them."""
    if pairs is None:
        return []
    found = []
    for mine, theirs in (("a", "b"), ("b", "a")):
        hits = duplicates_only(pairs)
        hits = hits[hits[f"agency_code_{mine}"] == code]
        for r in hits.itertuples(index=False):
            other = getattr(r, f"agency_code_{theirs}")
            found.append((getattr(r, f"innovation_name_{mine}"), names.get(other, other),
                          getattr(r, f"innovation_name_{theirs}")))
    return sorted(found, key=lambda f: (f[0].casefold(), f[1].casefold()))


def _declarations(facts: RunFacts, code: str, other: str) -> list[tuple[str, str]]:
    """The partnerships the registry declares between two agencies: (innovation name, the
    agency whose innovation it is), ours first, then by name."""
    declared = facts.partnerships
    if declared is None:
        return []
    rows = declared[((declared["agency_code"] == code) & (declared["partner"] == other))
                    | ((declared["agency_code"] == other) & (declared["partner"] == code))]
    names = facts.standing.set_index("innovation_id")["innovation_name"]
    found = {(str(names[r.innovation_id]), r.agency_code) for r in rows.itertuples()}
    return sorted(found, key=lambda d: (d[1] != code, d[0].casefold()))


def _shared_pairs(pairs: pd.DataFrame | None, code: str, other: str) -> tuple[list, list]:
    """The similar innovation pairs of two agencies (ours, theirs, similarity; most similar
    first) and the five words they share most often."""
    if pairs is None:
        return [], []
    pairs = integration_only(pairs)
    rows = []
    for mine, theirs in (("a", "b"), ("b", "a")):
        hits = pairs[(pairs[f"agency_code_{mine}"] == code)
                     & (pairs[f"agency_code_{theirs}"] == other)]
        for r in hits.itertuples(index=False):
            rows.append((getattr(r, f"innovation_name_{mine}"),
                         getattr(r, f"innovation_name_{theirs}"), float(r.similarity),
                         [t.strip() for t in str(r.shared_terms).split(";") if t.strip()]))
    rows.sort(key=lambda r: (-r[2], r[0]))
    counts: dict[str, int] = {}
    for *_, listed in rows:
        for term in listed:
            counts[term] = counts.get(term, 0) + 1
    common = sorted(counts, key=lambda t: (-counts[t], t))[:5]
    return [(o, t, s) for o, t, s, _ in rows], common


def similarity_words(similarity: float, lang: str) -> str:
    """A similarity (0-1) as a level a reader understands, with its percentage."""
    from smartcity_utils import formatting as fmt
    from smartcity_utils.strings import text

    key = ("as.sim_very_high" if similarity >= 0.8 else "as.sim_high" if similarity >= 0.65
           else "as.sim_some")
    return f"{text(key, lang)} ({fmt.percent(similarity, lang)})"

"""The agency workbook (10): one agency's slice of what the city workbooks wrote.

It reads only files under the run's output folder: the clean data of 00 and, when present, the
Stage I scores (01), the clusters and integration pairs (02) and the quick-win ranking (03). A
missing input gives an empty table and a note, never an error: the report grows with the suite.
Its headline numbers are written to `<out>/agencies/<slug>.json` for the city summary page.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from smartcity_utils.artifacts import read_table
from smartcity_utils.strings import (
    column_label,
    pentahelix_label,
    rupiah,
    sub_dimension_label,
    text,
    value_label,
)
from smartcity_utils.vocabulary import PENTAHELIX


def agency_row(agencies: pd.DataFrame, agency: str) -> pd.Series:
    """The agency's row of the agencies table; DataError when the code is unknown."""
    from smartcity_utils.errors import DataError

    match = agencies[agencies["agency_code"] == agency]
    if match.empty:
        raise DataError(f"agency {agency!r} is not in the agencies table")
    return match.iloc[0]


def title(agencies: pd.DataFrame, agency: str, city: str, year: int, lang: str) -> str:
    """The report's heading in markdown, data text escaped."""
    row = agency_row(agencies, agency)
    name = html.escape(f"{row['agency_name']} ({row['short_name']})")
    return f"# {text('ag.title', lang)}: {name}\n\n{html.escape(city)}, {year}"


def agency_innovations(innovations: pd.DataFrame, agency: str, year: int,
                       lang: str = "id") -> pd.DataFrame:
    """The agency's innovations as registered in the evaluation year, by sub-dimension."""
    rows = innovations[(innovations["agency_code"] == agency) & (innovations["year"] == year)]
    partners = rows[[f"pentahelix_{s}" for s in PENTAHELIX]].fillna(False).astype(bool)
    table = pd.DataFrame({
        column_label("innovation_id", lang): rows["innovation_id"],
        column_label("innovation_name", lang): rows["innovation_name"],
        text("sub_dimension", lang): [sub_dimension_label(s, lang) for s in rows["sub_dimension"]],
        column_label("tahapan", lang): [value_label(v, lang) for v in rows["tahapan"]],
        column_label("jenis", lang): [value_label(v, lang) for v in rows["jenis"]],
        column_label("budget_idr", lang): [rupiah(v, lang) for v in rows["budget_idr"]],
        column_label("beneficiaries", lang): rows["beneficiaries"],
        text("ag.partners", lang): [
            ", ".join(pentahelix_label(s, lang) for s in PENTAHELIX if flags[f"pentahelix_{s}"])
            for _, flags in partners.iterrows()
        ],
    })
    return table.sort_values([text("sub_dimension", lang), column_label("innovation_name", lang)],
                             kind="stable").reset_index(drop=True)


STAGE1_SCORES = ["score_baseline", "score_output", "score_outcome", "score_impact",
                 "score_quick_win"]


def stage1_summary(out_dir: Path, agency: str) -> dict | None:
    """The agency's Stage I index, band, rank and change, or None when 01 has not run."""
    table = read_table(out_dir, "index_by_agency")
    if table is None:
        return None
    row = table[table["agency_code"] == agency]
    if row.empty or not bool(row.iloc[0]["assessed"]):
        return {"assessed": False}
    r = row.iloc[0]
    return {"assessed": True, "index": float(r["index"]), "band": r["band"],
            "band_en": r["band_en"], "rank": int(r["rank"]),
            "of": int(table["assessed"].astype(bool).sum()),
            "change": None if pd.isna(r["index_change"]) else float(r["index_change"]),
            "evidence_missing": int(r["evidence_missing"])}


def stage1_scores_vs_city(out_dir: Path, agency: str, lang: str = "id") -> pd.DataFrame | None:
    """The agency's evaluation-dimension scores beside the city's, weakest first."""
    agencies = read_table(out_dir, "index_by_agency")
    city = read_table(out_dir, "city_index")
    if agencies is None or city is None:
        return None
    mine = agencies[agencies["agency_code"] == agency]
    if mine.empty or not bool(mine.iloc[0]["assessed"]):
        return None
    columns = STAGE1_SCORES + ["index"]
    labels = [text(f"ag.{c}", lang) for c in columns]
    table = pd.DataFrame({
        text("evaluation_dimension", lang): labels,
        text("ag.agency_score", lang): mine.iloc[0][columns].astype(float).to_numpy(),
        text("ag.city_score", lang): city.iloc[0][columns].astype(float).to_numpy(),
    })
    table[text("ag.difference", lang)] = table.iloc[:, 1] - table.iloc[:, 2]
    return table.sort_values(text("ag.difference", lang), kind="stable").reset_index(drop=True)


def evidence_todo(out_dir: Path, agency: str, lang: str = "id") -> pd.DataFrame | None:
    """The indicators for which the agency must still supply evidence."""
    todo = read_table(out_dir, "evidence_todo")
    if todo is None:
        return None
    mine = todo[todo["agency_code"] == agency]
    return pd.DataFrame({
        text("evaluation_dimension", lang): mine["evaluation_dimension"],
        column_label("indicator_code", lang): mine["indicator_code"],
        column_label("indicator", lang): mine["indicator"],
        text("sub_dimension", lang): [sub_dimension_label(s, lang) if isinstance(s, str) else ""
                                      for s in mine["sub_dimension"]],
    }).reset_index(drop=True)


def quick_win_candidates(out_dir: Path, agency: str, lang: str = "id") -> pd.DataFrame | None:
    """The agency's quick-win candidates with city rank, shortlist status and the reason."""
    ranking = read_table(out_dir, "quick_win_ranking")
    if ranking is None:
        return None
    shortlist = read_table(out_dir, "quick_win_shortlist")
    mine = ranking[ranking["agency_code"] == agency].sort_values("rank", kind="stable")
    reasons = ({} if shortlist is None
               else dict(zip(shortlist["innovation_id"], shortlist["reason"], strict=True)))
    return pd.DataFrame({
        column_label("innovation_name", lang): mine["innovation_name"],
        text("ag.rank", lang): mine["rank"].astype(int),
        text("ag.of", lang): len(ranking),
        text("ag.top_k_probability", lang): mine["top_k_probability"].astype(float),
        text("ag.shortlisted", lang): [text("ag.yes" if s else "ag.no", lang)
                                       for s in mine["shortlisted"].astype(bool)],
        text("ag.reason", lang): [reasons.get(i, "") for i in mine["innovation_id"]],
    }).reset_index(drop=True)


def next_steps(lang: str, innovations: pd.DataFrame, stage1: dict | None,
               scores: pd.DataFrame | None, todo: pd.DataFrame | None,
               partners: list[str], candidates: pd.DataFrame | None) -> str:
    """'What to do next' for the agency head, as markdown bullets, most urgent first."""
    lines = []
    if innovations.empty:
        lines.append(text("ag.next_register", lang))
    if stage1 is not None and not stage1["assessed"]:
        lines.append(text("ag.next_assess", lang))
    if todo is not None and len(todo):
        lines.append(text("ag.next_evidence", lang).format(n=len(todo)))
    if scores is not None and len(scores):
        weakest = scores.iloc[0]
        lines.append(text("ag.next_weakest", lang).format(dimension=weakest.iloc[0],
                                                          difference=weakest.iloc[-1]))
    if partners:
        lines.append(text("ag.next_integration", lang).format(
            agencies=", ".join(html.escape(p) for p in partners)))
    if candidates is not None:
        chosen = int((candidates[text("ag.shortlisted", lang)] == text("ag.yes", lang)).sum())
        if chosen:
            lines.append(text("ag.next_quick_win", lang).format(n=chosen))
    return "\n".join(f"- {line}" for line in lines)


def headline(innovations: pd.DataFrame, stage1: dict | None,
             candidates: pd.DataFrame | None, lang: str) -> dict:
    """The numbers the city summary page shows for this agency."""
    best = None
    if candidates is not None and len(candidates):
        best = int(candidates[text("ag.rank", lang)].min())
    index = None
    if stage1 is not None and stage1.get("assessed"):
        index = round(stage1["index"], 2)
    return {"innovations": int(len(innovations)), "stage1_index": index,
            "quick_win_best_rank": best}


def heading(key: str, lang: str, level: int = 2):
    """A section heading in the report language."""
    from IPython.display import Markdown

    return Markdown(f"{'#' * level} {text(key, lang)}")


def table_or_note(table: pd.DataFrame | None, empty_key: str, notebook: str, lang: str):
    """The table; a note when it is empty, or when the workbook that makes it has not run."""
    from IPython.display import Markdown

    if table is None:
        return Markdown(text("ag.not_available", lang).format(notebook=notebook))
    if table.empty:
        return Markdown(text(empty_key, lang))
    return table


def stage1_text(stage1: dict | None, lang: str):
    """The Stage I headline sentence for the agency."""
    from IPython.display import Markdown

    if stage1 is None:
        return Markdown(text("ag.not_available", lang).format(notebook="01_stage1_evaluation"))
    if not stage1["assessed"]:
        return Markdown(text("ag.not_assessed", lang))
    change = ("" if stage1["change"] is None
              else text("ag.change", lang).format(change=stage1["change"]))
    band = stage1["band"] if lang == "id" else stage1["band_en"]
    return Markdown(text("ag.stage1_summary", lang).format(
        index=stage1["index"], band=band, rank=stage1["rank"], of=stage1["of"], change=change))


def integration_partners(out_dir: Path, agency: str, lang: str = "id",
                         agencies: pd.DataFrame | None = None) -> pd.DataFrame | None:
    """Innovations of other agencies similar to this agency's (02's integration pairs), the
    most similar first: who else does similar work, and on what."""
    pairs = read_table(out_dir, "integration_pairs")
    if pairs is None:
        return None
    names = ({} if agencies is None
             else dict(zip(agencies["agency_code"], agencies["short_name"], strict=True)))
    rows = []
    for mine, other in (("a", "b"), ("b", "a")):
        hits = pairs[pairs[f"agency_code_{mine}"] == agency]
        for r in hits.itertuples(index=False):
            code = getattr(r, f"agency_code_{other}")
            rows.append({
                text("ag.our_innovation", lang): getattr(r, f"innovation_name_{mine}"),
                text("ag.partner_agency", lang): names.get(code, code),
                text("ag.their_innovation", lang): getattr(r, f"innovation_name_{other}"),
                text("ag.similarity", lang): float(r.similarity),
                text("ag.shared_terms", lang): r.shared_terms,
            })
    columns = [text(k, lang) for k in ("ag.our_innovation", "ag.partner_agency",
                                       "ag.their_innovation", "ag.similarity",
                                       "ag.shared_terms")]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values([columns[3], columns[1], columns[0]],
                             ascending=[False, True, True], kind="stable").reset_index(drop=True)


def partner_agency_names(partners: pd.DataFrame | None, lang: str) -> list[str]:
    """The other agencies named in the integration table, most frequent first."""
    if partners is None or partners.empty:
        return []
    column = text("ag.partner_agency", lang)
    return list(partners[column].value_counts(sort=True).index)

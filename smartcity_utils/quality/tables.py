"""The tables of the data-quality workbook (00): what was loaded, what was rejected,
and how well the data covers agencies, dimensions and years.

Every table comes back with headers in the report language and sorted so that the gaps are on
top; every function takes clean frames (see data/load.py) and returns a new frame. The figures
are in figures.py.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from smartcity_utils.names import agency_labels, display_names
from smartcity_utils.quality.reasons import reason_text
from smartcity_utils.strings import column_label, sub_dimension_label, text
from smartcity_utils.vocabulary import DIMENSIONS, SUB_DIMENSIONS


def load_summary(dataset) -> pd.DataFrame:
    """Per table and file: the rows read, how many are clean and how many were rejected."""
    rows = []
    for table, result in dataset.results.items():
        clean = result.frame["source_file"].value_counts()
        rejected = result.rejects.loc[result.rejects["row"].notna(), "file"].map(
            lambda f: Path(str(f)).name).value_counts() if len(result.rejects) else pd.Series()
        for file in result.files:
            name = Path(file).name
            n_clean, n_rejected = int(clean.get(name, 0)), int(rejected.get(name, 0))
            rows.append((table, name, n_clean + n_rejected, n_clean, n_rejected))
    return pd.DataFrame(
        rows,
        columns=[text("dq.table"), text("dq.file"), text("dq.rows_read"),
                 text("dq.rows_clean"), text("dq.rows_rejected")],
    )


def suggested_note(metadata: dict) -> str | None:
    """The sentence saying which values `smartcity suggest` filled (metadata.json), or None."""
    done = metadata.get("suggested")
    if not isinstance(done, dict):
        return None
    fields = ", ".join(text("dq.suggested_field").format(field=column_label(name, table=table),
                                                       n=n)
                       for table, counts in done.get("fields", {}).items()
                       for name, n in counts.items())
    dimensions = ", ".join(f"{d} {n}" for d, n in sorted(done.get("dimensions", {}).items()))
    return text("dq.suggested").format(fields=fields or text("dq.none"),
                                       dimensions=dimensions or text("dq.none"),
                                       low=done.get("low_confidence", 0),
                                       review=done.get("review", "suggestions.xlsx"))


def problems_table(problems: list, lang: str = "id") -> pd.DataFrame:
    """Every problem found, one line each, in file and row order."""
    columns = ["file", "row", "column", "value", "reason"]
    frame = pd.DataFrame([[getattr(p, c) for c in columns] for p in problems], columns=columns)
    frame["reason"] = [reason_text(r, lang) for r in frame["reason"]]
    frame = frame.sort_values(["file", "row"], na_position="first", kind="stable")
    frame["row"] = frame["row"].astype("Int64")
    keys = ["dq.file", "dq.row", "dq.column", "dq.value", "dq.reason"]
    return frame.rename(columns={c: text(k, lang) for c, k in zip(columns, keys, strict=True)})


def problems_by_reason(problems: list, lang: str = "id") -> pd.DataFrame:
    """How many problems of each kind, the most frequent first."""
    counts = pd.Series([reason_text(p.reason, lang).split(":")[0] for p in problems],
                       dtype="str").value_counts()
    frame = counts.rename_axis(text("dq.reason", lang)).reset_index(name=text("dq.problems", lang))
    return frame


def innovations_per_agency_year(innovations: pd.DataFrame, agencies: pd.DataFrame,
                                lang: str = "id") -> pd.DataFrame:
    """Registered innovations per agency and year; every agency listed, the fewest first."""
    years = sorted(innovations["year"].dropna().unique())
    table = pd.crosstab(innovations["agency_code"], innovations["year"])
    table = table.reindex(index=agencies["agency_code"], columns=years, fill_value=0)
    table.index = pd.Index(agency_labels(table.index, agencies))
    table[text("dq.total", lang)] = table.sum(axis=1)
    table = table.sort_values([text("dq.total", lang)], kind="stable")
    table.index.name = text("agency", lang)
    table.columns.name = text("year", lang)
    return table


def innovations_per_dimension_year(innovations: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Registered innovations per smart-city dimension and year, the fewest first."""
    table = pd.crosstab(innovations["dimension"], innovations["year"])
    table = table.reindex(index=DIMENSIONS, fill_value=0)
    table[text("dq.total", lang)] = table.sum(axis=1)
    table = table.sort_values(text("dq.total", lang), kind="stable")
    table.index.name = text("dimension", lang)
    table.columns.name = text("year", lang)
    return table


def sub_dimension_coverage(innovations: pd.DataFrame, year: int, lang: str = "id") -> pd.DataFrame:
    """All 18 sub-dimensions with their innovation count in `year`; empty ones on top."""
    counts = innovations.loc[innovations["year"] == year, "sub_dimension"].value_counts()
    rows = [
        (dim, sub_dimension_label(sub, lang), int(counts.get(sub, 0)))
        for dim, subs in SUB_DIMENSIONS.items()
        for sub, _, _ in subs
    ]
    frame = pd.DataFrame(rows, columns=[text("dimension", lang), text("sub_dimension", lang),
                                        text("dq.innovations", lang)])
    return frame.sort_values(text("dq.innovations", lang), kind="stable").reset_index(drop=True)


def assessment_coverage(assessment: pd.DataFrame, agencies: pd.DataFrame, year: int,
                        lang: str = "id") -> pd.DataFrame:
    """Per agency: assessment rows in `year` and how many lack evidence; gaps on top."""
    rows = assessment[assessment["year"] == year]
    lacking = ~rows["evidence_present"].fillna(False).astype(bool)
    # Built from plain counts so that a year without assessment rows gives zeros, not an
    # empty boolean aggregate that pandas cannot sort.
    per_agency = pd.DataFrame({
        "rows": rows.groupby("agency_code").size(),
        "missing": lacking.groupby(rows["agency_code"]).sum(),
    }).reindex(agencies["agency_code"], fill_value=0).astype("int64")
    per_agency.insert(0, "agency", agency_labels(per_agency.index, agencies))
    per_agency = per_agency.sort_values(["rows", "missing"], ascending=[True, False],
                                        kind="stable").reset_index(drop=True)
    return per_agency.rename(columns={
        "agency": text("agency", lang),
        "rows": text("dq.assessment_rows", lang),
        "missing": text("dq.evidence_missing", lang),
    })


def not_assessed(assessment: pd.DataFrame, agencies: pd.DataFrame, year: int) -> list[str]:
    """Display names of agencies with no assessment rows in `year`, in agency order."""
    assessed = set(assessment.loc[assessment["year"] == year, "agency_code"])
    names = display_names(agencies)
    return [names[code] for code in agencies["agency_code"].drop_duplicates()
            if code not in assessed]

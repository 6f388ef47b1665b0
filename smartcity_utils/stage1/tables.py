"""Stage I results for a reader: score tables in the report language, the rulebook note, the
comparison of the framework's rulebooks, the artifacts 01 writes, and what to do next."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from smartcity_utils import formatting as fmt
from smartcity_utils.artifacts import RunFolder
from smartcity_utils.stage1.action_words import (
    action_text,
    innovation_names,
    verified_note,
)
from smartcity_utils.stage1.scoring import SCORE_COLUMNS, Stage1Result, compare_weights
from smartcity_utils.stage1.weights import Stage1Weights
from smartcity_utils.strings import (
    column_label,
    indicator_label,
    language,
    sub_dimension_label,
    text,
)

DISPLAY_COLUMNS: dict[str, list[str]] = {
    # the rulebook and the report scale are stated once, in section 1 of the page; an index
    # is shown as published (the rulebook's rule), the improvement as published
    "city_index": ["year", *SCORE_COLUMNS.values(), "index_published", "band",
                   "index_previous", "index_change", "n_agencies_assessed",
                   "n_agencies_not_assessed"],
    "index_by_agency": ["short_name", *SCORE_COLUMNS.values(), "impact_source",
                        "index_published", "band", "rank", "dimensions_missing",
                        "evidence_missing", "index_previous", "index_change"],
    "impact_survey": ["short_name", "programmes", "score_survey", "score_typed"],
    "index_by_dimension": ["dimension", "n_agencies", *SCORE_COLUMNS.values(),
                           "index_published", "band", "dimensions_missing"],
    "index_by_sub_dimension": ["dimension", "sub_dimension", "n_agencies", "index_published",
                               "band", "dimensions_missing"],
    "index_by_indicator": ["evaluation_dimension", "indicator_code", "indicator", "score",
                           "n_agencies", "evidence_missing"],
    "indicator_scores": ["short_name", "sub_dimension", "evaluation_dimension",
                         "indicator_code", "indicator", "score", "evidence_missing"],
    "not_assessed": ["agency_code", "short_name"],
    "missing_dimensions": ["short_name", "evaluation_dimension", "weight"],
    "evidence_by_agency": ["short_name", "n_rows", "evidence_missing", "share_missing"],
    "evidence_todo": ["short_name", "sub_dimension", "evaluation_dimension", "indicator_code",
                      "indicator", "innovation_id", "evidence_status"],
    "change_vs_previous": ["short_name", "evaluation_dimension", "score_previous", "score",
                           "change"],
    "compare_weights": ["rulebook_version", "short_name", "index_published", "rank"],
    "weights": ["evaluation_dimension", "weight", "share"],
    "bands": ["band", "lower", "upper"],
}
_SCHEMA_COLUMNS = {"dimension", "evaluation_dimension", "indicator_code",
                   "indicator", "innovation_id", "evidence_ref", "level", "scale_max"}
_VALUE_KEYS = {"evidence_status": "ev.status.", "assessed": "ev.bool.", "complete": "ev.bool.",
               "impact_source": "ev.impact_source."}


def label(column: str) -> str:
    """The header of a score-table column in the report language."""
    if column in SCORE_COLUMNS.values():
        return next(d for d, c in SCORE_COLUMNS.items() if c == column)
    if column == "agency_code":
        return column_label(column, table="agencies")
    if column in _SCHEMA_COLUMNS:
        return column_label(column, table="assessment")
    if column == "sub_dimension":
        return text("sub_dimension")
    return text(f"ev.col.{column}")


def report_table(frame: pd.DataFrame, table: str | None = None,
                 head: int | None = None) -> pd.DataFrame:
    """A score table for a reader: display columns, values and headers in the report language."""
    frame = frame.copy()
    if "band" in frame.columns and "band_en" in frame.columns and language() == "en":
        frame["band"] = frame["band_en"]
    if "band" in frame.columns and "assessed" in frame.columns:
        frame["band"] = frame["band"].where(frame["assessed"],
                                            text("ev.status.not_assessed"))
    if "sub_dimension" in frame.columns:
        frame["sub_dimension"] = frame["sub_dimension"].map(
            lambda s: s if pd.isna(s) else sub_dimension_label(s))
    if "short_name" in frame.columns:
        frame["short_name"] = frame["short_name"].replace("(city)", text("ev.city"))
    if "indicator" in frame.columns:
        # the official name beside the English one where the reader goes to the form
        official = table in ("evidence_todo", "indicator_scores")
        frame["indicator"] = frame["indicator"].map(
            lambda name: indicator_label(name, official=official))
    for column, prefix in _VALUE_KEYS.items():
        if column in frame.columns:
            frame[column] = frame[column].map(
                lambda v, p=prefix: v if pd.isna(v) else text(f"{p}{str(v).lower()}"))
    for column in ("innovation_id", "dimensions_missing"):
        if column in frame.columns:
            frame[column] = frame[column].fillna("")
    if table is not None:
        frame = frame[[c for c in DISPLAY_COLUMNS[table] if c in frame.columns]]
    if head is not None:
        frame = frame.head(head)
    return frame.rename(columns={c: label(c) for c in frame.columns})


def impact_survey_note(comparison: pd.DataFrame, year: int) -> Markdown:
    """Whose Impact score comes from the impact survey, in one sentence."""
    if comparison.empty:
        return Markdown(text("ev.impact_survey.none").format(year=year))
    return Markdown(fmt.sentence(text("ev.impact_survey.some"), n=len(comparison), year=year))


def impact_survey_table(comparison: pd.DataFrame):
    """Per surveyed agency: its programmes, the survey's Impact score and the score of its
    own Impact levels that it replaces (nothing when no survey score is used)."""
    return None if comparison.empty else report_table(comparison, "impact_survey")


def missing_dimensions_table(missing: pd.DataFrame):
    """The evaluation dimensions each agency left empty, or one sentence when none did (an
    empty table with headers reads as a broken page)."""
    if missing.empty:
        return Markdown(text("ev.no_missing_dimensions"))
    return report_table(missing, "missing_dimensions")


def rulebook_line(sentence: str, lang: str | None = None) -> str:
    """The rulebook a run uses and why, as its pages show it: `Aturan penilaian: ...`.
    `sentence` is the run's one sentence in the language (config.RulebookChoice.sentence)."""
    return text("ev.rulebook_line", lang).format(sentence=sentence)


def weights_note(choice) -> str:
    """Section 1 of 01: the rulebook line (config.RulebookChoice), the report scale, the
    rulebook's source and what no source confirms."""
    rulebook: Stage1Weights = choice.rulebook
    lang = language()
    return text("ev.weights_note").format(
        line=rulebook_line(choice.sentence[lang], lang), scale=f"{rulebook.scale:g}",
        source=rulebook.source[lang], unverified=rulebook.unverified[lang])


def weights_comparison(assessment: pd.DataFrame, agencies: pd.DataFrame,
                       weight_sets: list[Stage1Weights], year: int) -> pd.DataFrame:
    """For a reader: the published index and rank under each rulebook of the framework side by
    side (the run's first), the city first, then the agencies weakest first under the first."""
    if assessment.empty:
        return pd.DataFrame({text("ev.no_assessment"): []})
    long = compare_weights(assessment, agencies, weight_sets, year)
    versions = list(dict.fromkeys(long["rulebook_version"]))
    first = long[long["rulebook_version"] == versions[0]]
    wide = first[["agency_code", "short_name"]].reset_index(drop=True)
    for version in versions:
        mine = long[long["rulebook_version"] == version].set_index("agency_code")
        wide[f"{label('index')} ({version})"] = wide["agency_code"].map(mine["index_published"])
        wide[f"{label('rank')} ({version})"] = (
            wide["agency_code"].map(mine["rank"]).astype("Int64"))
    city, agencies_part = wide.iloc[:1], wide.iloc[1:]
    agencies_part = agencies_part.sort_values(wide.columns[2], kind="stable")
    wide = pd.concat([city.assign(short_name=text("ev.city")), agencies_part])
    wide = wide.drop(columns="agency_code").reset_index(drop=True)
    return wide.rename(columns={"short_name": label("short_name")})


def actions_note(result: Stage1Result):
    """The sentence above the list of actions: gains are measured on the index as assessors
    would verify it, that index beside the stated one."""
    if result.scored_rows.empty:
        return Markdown(text("ev.no_assessment"))
    stated = result.city_index["index_published"].iloc[0]  # as section 2 shows it
    return Markdown(verified_note(result.index_actions, stated,
                                  result.weights.missing_evidence_score))


def top_actions(result: Stage1Result, innovations: pd.DataFrame, n: int = 10):
    """The `n` actions that raise the city's index most, in words, with both gains."""
    actions = result.index_actions
    best = actions[actions["gain_city"] > 0].head(n)
    if best.empty:
        return Markdown(text("mv.none_city"))
    names = innovation_names(innovations)
    return pd.DataFrame({
        label("rank"): best["rank"].to_numpy(),
        label("short_name"): best["short_name"].to_numpy(),
        text("mv.col.action"): [action_text(a, names) for _, a in best.iterrows()],
        text("mv.col.gain_city"): [fmt.gain(v) for v in best["gain_city"]],
        text("mv.col.gain_agency"): [fmt.gain(v) for v in best["gain_agency"]],
    }).set_index(label("rank"))


def write_stage1_tables(result: Stage1Result, run: RunFolder) -> list[Path]:
    """Write every score table as its artifact (tidy CSV, canonical column names)."""
    return [run.write_table(name, frame) for name, frame in result.tables().items()]


def _weakest_agencies(result: Stage1Result, n: int) -> pd.DataFrame:
    table = result.index_by_agency
    return table[table["assessed"]].head(n)


def _evidence_steps(by_agency: pd.DataFrame, n: int) -> list[str]:
    """What the evidence columns allow to say: the rows still without evidence, and the
    agencies whose rows do not say whether there is any (a count there would be a guess)."""
    known = by_agency[by_agency["evidence_missing"].notna()]
    unknown = by_agency[by_agency["evidence_missing"].isna()]
    if known.empty:
        return [text("ev.next.evidence_no_data")] if len(unknown) else []
    todo = known[known["evidence_missing"] > 0]
    listed = ", ".join(f"{r.short_name} ({r.evidence_missing})"
                       for r in todo.head(n + 2).itertuples())
    steps = [text("ev.next.evidence").format(
        total=fmt.integer(int(todo["evidence_missing"].sum())),
        agencies=fmt.count(len(todo), "as.n_agencies"), list=listed or "-")]
    if len(unknown):
        steps.append(text("ev.next.evidence_unknown").format(
            agencies=", ".join(unknown["short_name"].astype(str))))
    return steps


def next_steps(result: Stage1Result, n: int = 3) -> str:
    """'What to do next' in markdown: weakest agencies, indicators, sub-dimensions, evidence."""
    if result.scored_rows.empty:
        return text("ev.no_assessment")
    t = lambda key: text(f"ev.next.{key}")  # noqa: E731
    weakest = _weakest_agencies(result, n)
    agencies = ", ".join(f"{r.short_name} ({fmt.number(r.index_published)})"
                         for r in weakest.itertuples())
    indicators = ", ".join(f"{r.indicator_code} {indicator_label(r.indicator)} "
                           f"({fmt.number(r.score)})"
                           for r in result.index_by_indicator.head(n).itertuples())
    subs = result.index_by_sub_dimension.dropna(subset=["index"]).head(n)
    sub_text = ", ".join(f"{sub_dimension_label(r.sub_dimension)} "
                         f"({fmt.number(r.index_published)})"
                         for r in subs.itertuples())
    empty = result.index_by_sub_dimension["index"].isna().sum()
    lines = [
        t("agencies").format(agencies=agencies or "-"),
        t("indicators").format(indicators=indicators or "-"),
        t("sub_dimensions").format(sub_dimensions=sub_text or "-", empty=empty),
        *_evidence_steps(result.evidence_by_agency, n),
    ]
    if len(result.missing_dimensions):
        lines.append(t("missing").format(
            agencies=result.missing_dimensions["agency_code"].nunique()))
    if len(result.not_assessed):
        lines.append(t("not_assessed").format(
            agencies=", ".join(result.not_assessed["short_name"])))
    return "\n".join(f"- {line}" for line in lines)

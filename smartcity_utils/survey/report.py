"""Workbook 04's tables and figure: what 00 read of the returned survey (the forms, the scores
per programme and dimension, every problem) and what 01 made of it (the Impact scores from the
survey), in the report language. Nothing is computed here that a table does not already hold:
04 shows the numbers 01 and the agency pages use."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd

from smartcity_utils.artifacts import RunFolder
from smartcity_utils.collection.layout import SURVEY_FOLDER
from smartcity_utils.figures import described, localize_numbers, titled
from smartcity_utils.formatting import integer, number, sentence
from smartcity_utils.strings import sub_dimension_label, text
from smartcity_utils.survey.problems import SEVERITIES, problem_messages
from smartcity_utils.survey.wording import took_part_words


@dataclass(frozen=True)
class SurveyTables:
    scores: pd.DataFrame
    forms: pd.DataFrame
    problems: pd.DataFrame
    impact: pd.DataFrame | None  # 01's impact_survey (None: 01 has not run)

    @property
    def present(self) -> bool:
        """A survey plan was read (forms planned); else there is no survey to show."""
        return not self.forms.empty


def read_tables(run: RunFolder) -> SurveyTables:
    """The survey tables 00 wrote and 01's Impact comparison, read once."""
    return SurveyTables(run["survey_scores"], run["survey_forms"], run["survey_problems"],
                        run.table_if_written("impact_survey"))


def no_survey_note(tables: SurveyTables, lang: str) -> str:
    """What the page says when there is nothing to show, and how to plan a survey."""
    if len(tables.problems):
        why = problem_messages(tables.problems, lang)[0]
        return text("sv.no_plan", lang).format(folder=SURVEY_FOLDER, why=why)
    return text("sv.none", lang).format(folder=SURVEY_FOLDER)


def _header(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.reset_index(drop=True).rename(
        columns={c: text(f"sv.col.{c}", lang) for c in frame.columns})


def forms_table(tables: SurveyTables, lang: str) -> pd.DataFrame:
    """Each planned form: its dimension and sub-dimensions, the files read, the respondent
    rows found against the plan, and whether it came back."""
    frame = tables.forms.assign(
        sub_dimensions=[", ".join(sub_dimension_label(s, lang) for s in v.split("; "))
                        for v in tables.forms["sub_dimensions"]],
        files=tables.forms["files"].fillna("–"),
        status=[text(f"sv.status.{s}", lang) for s in tables.forms["status"]])
    return _header(frame[["form_id", "dimension", "sub_dimensions", "files", "n_rows",
                          "n_planned", "status"]], lang)


def _interval(low, high, lang: str) -> str:
    return "–" if pd.isna(low) else f"{number(low, lang)}–{number(high, lang)}"


def _scored(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.assign(
        score=[number(v, lang) for v in frame["score"]],
        interval=[_interval(lo, hi, lang) for lo, hi in zip(frame["ci_low"], frame["ci_high"],
                                                              strict=True)],
        respondents=[text("sv.of", lang).format(n=integer(n, lang), planned=integer(p, lang))
                     for n, p in zip(frame["n_respondents"], frame["n_planned"], strict=True)])


def programme_table(tables: SurveyTables, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Each surveyed programme (one per sub-dimension): its agency, mean on the report scale,
    95% interval and respondents counted of those planned, in the plan's order."""
    frame = tables.scores[tables.scores["scope"] == "programme"]
    frame = _scored(frame, lang).assign(
        sub_dimension=[sub_dimension_label(s, lang) for s in frame["sub_dimension"]],
        agency=[names.get(c, c) for c in frame["agency_code"]],
        took_part=took_part_words(frame["took_part"], lang))
    return _header(frame[["dimension", "sub_dimension", "innovation_name", "agency", "score",
                          "interval", "respondents", "took_part"]], lang)



def dimension_table(tables: SurveyTables, lang: str) -> pd.DataFrame:
    """Each dimension: the mean of its respondents' scores, each respondent's programmes
    averaged first, with the interval and the respondents."""
    frame = _scored(tables.scores[tables.scores["scope"] == "dimension"], lang)
    return _header(frame[["dimension", "score", "interval", "respondents"]], lang)


def programme_figure(tables: SurveyTables, scale: float):
    """Each programme's mean with its 95% interval, lowest at the top."""
    frame = tables.scores[(tables.scores["scope"] == "programme")
                          & tables.scores["score"].notna()].sort_values("score", ascending=False)
    fig, ax = plt.subplots(figsize=(9.0, 0.32 * len(frame) + 1.6))
    y = range(len(frame))
    low = (frame["score"] - frame["ci_low"]).fillna(0)
    high = (frame["ci_high"] - frame["score"]).fillna(0)
    ax.errorbar(frame["score"], list(y), xerr=[low, high], fmt="o", capsize=3)
    ax.set_yticks(list(y), [f"{n} ({sub_dimension_label(s)})" for n, s in
                            zip(frame["innovation_name"], frame["sub_dimension"], strict=True)])
    ax.set_xlim(0, scale)
    ax.set_xlabel(text("sv.fig.x"))
    titled(ax, text("sv.fig.title"))
    localize_numbers(fig)
    fig.tight_layout()
    return described(fig, "sv.fig.alt")


def problems_note(tables: SurveyTables, lang: str) -> str:
    counts = tables.problems["severity"].value_counts()
    return sentence(text("sv.problems", lang), lang,
                    **{s: int(counts.get(s, 0)) for s in SEVERITIES})


def problems_table(tables: SurveyTables, lang: str) -> pd.DataFrame | None:
    """Every problem: where (file, sheet, row, column), the value, what it means for the
    scores and why; those that block scoring first, then answers not counted, then notes."""
    if tables.problems.empty:
        return None
    order = {s: n for n, s in enumerate(SEVERITIES)}
    frame = tables.problems.assign(_order=tables.problems["severity"].map(order))
    frame = frame.sort_values(["_order", "file", "sheet", "row"], kind="stable",
                              na_position="first")
    frame = frame.assign(severity=[text(f"survey.severity.{s}", lang) for s in frame["severity"]],
                         reason=problem_messages(frame, lang),
                         # a form not returned has no file yet: its reason names the form
                         file=frame["file"].where(frame["code"] != "form_missing", ""))
    for column in ("sheet", "row", "column", "value"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
    return _header(frame[["file", "sheet", "row", "column", "value", "severity", "reason"]],
                   lang)


def impact_table(tables: SurveyTables, names: dict[str, str], lang: str):
    """01's Impact scores from the survey beside the agencies' own levels, or why not."""
    if tables.impact is None:
        return text("sv.impact.not_run", lang)
    if tables.impact.empty:
        return text("sv.impact.none", lang)
    frame = tables.impact.assign(
        agency=[names.get(c, c) for c in tables.impact["agency_code"]],
        score_survey=[number(v, lang) for v in tables.impact["score_survey"]],
        score_typed=[number(v, lang) for v in tables.impact["score_typed"]])
    return _header(frame[["agency", "programmes", "score_survey", "score_typed"]], lang)


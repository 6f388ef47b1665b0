"""What can be wrong with the returned survey forms, each problem named by its file, sheet,
row and column, with what it means for the scores:

- `error`: the file (or the whole survey) cannot be read against the plan, or a programme has
  no usable respondent: it blocks scoring (`smartcity survey check` exits 1);
- `excluded`: a respondent's answers about a programme (or the whole row) are not scored, and
  why; every other answer of the form still is;
- `warning`: the scores stand, but the coordinator should know (too few respondents, the
  responsible agency not taking part, a form not returned, a respondent field left empty).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from smartcity_utils.formatting import sentence
from smartcity_utils.strings import text

Severity = Literal["error", "excluded", "warning"]
SEVERITIES = ("error", "excluded", "warning")
PROBLEM_COLUMNS = ("file", "sheet", "row", "column", "value", "code", "severity", "facts")


@dataclass(frozen=True)
class SurveyProblem:
    file: str               # the file's name in the survey folder
    code: str               # survey.problem.<code> in strings.yaml says it in words
    severity: Severity
    sheet: str | None = None
    row: int | None = None  # the row number as the spreadsheet shows it
    column: str | None = None  # column letters: `G`, `G, I` or `G-K`
    value: str | None = None
    facts: dict = field(default_factory=dict)  # the placeholders of the message

    def where(self) -> str:
        """`file[sheet]:row:column`, as `smartcity validate` writes a place."""
        out = self.file + (f"[{self.sheet}]" if self.sheet else "")
        if self.row is not None:
            out += f":{self.row}"
        if self.column:
            out += f":{self.column}"
        return out

    def message(self, lang: str) -> str:
        return problem_message(self.code, self.facts, lang)


def problem_message(code: str, facts: dict, lang: str) -> str:
    return sentence(text(f"survey.problem.{code}", lang), lang, **facts)


def blocks_scoring(problems: list[SurveyProblem]) -> bool:
    return any(p.severity == "error" for p in problems)


def problems_frame(problems: list[SurveyProblem]) -> pd.DataFrame:
    """The problems as a table (the `survey_problems` artifact): facts as JSON text."""
    return pd.DataFrame(
        [(p.file, p.sheet, p.row, p.column, p.value, p.code, p.severity,
          json.dumps(p.facts, ensure_ascii=False, sort_keys=True)) for p in problems],
        columns=list(PROBLEM_COLUMNS)).astype({"row": "Int64"})


def problem_messages(frame: pd.DataFrame, lang: str) -> list[str]:
    """Each row of a `survey_problems` table in words."""
    return [problem_message(code, json.loads(facts), lang)
            for code, facts in zip(frame["code"], frame["facts"], strict=True)]

"""Stage II readiness (issue #25): a short checklist of the assessors' common findings.

Seven items: the masterplan regulation, an active smart-city council, an active implementing
team, a regular forum, the smart-city budget as a share of the APBD, the SPBE index (from the
team's readiness file, `readiness_file`), and the completeness of the Stage I evidence (from the
assessment rows themselves). Each is `ready`, `not_ready` or `not_filled` with the reasons,
under the thresholds of params/stage2_readiness.yaml (`ReadinessRules`; docs/evaluation.md).
The checklist is the artifact `stage2_readiness`; `checklist_table` and `checklist_sentence`
show it to a reader.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from IPython.display import Markdown
from pydantic import BaseModel, ConfigDict, Field

from smartcity_utils import formatting as fmt
from smartcity_utils.artifacts import artifact
from smartcity_utils.stage1.readiness_file import ABSENT, Readiness, read_readiness
from smartcity_utils.strings import text

READY, NOT_READY, NOT_FILLED = "ready", "not_ready", "not_filled"
ITEMS = ("masterplan", "council", "team", "forum", "budget", "spbe", "evidence")
FROM_FILE = ITEMS[:-1]  # the items the team fills in; evidence comes from the assessment
NO_FILE, OTHER_YEAR = "no_file", "other_year"


class ReadinessRules(BaseModel):
    """params/stage2_readiness.yaml: what counts as ready (each value's source is in the file)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    version: str = ""
    active_within_months: int = Field(12, ge=1, le=120)
    min_budget_share: float = Field(0.03, gt=0, le=1)
    min_spbe_index: float = Field(2.6, ge=0, le=5)
    max_share_without_evidence: float = Field(0.0, ge=0, lt=1)

    def active_since(self, year: int) -> dt.date:
        """The first day of the last `active_within_months` months of the evaluation year."""
        first = year * 12 + 12 - self.active_within_months  # months since year 0, 0-based
        return dt.date(first // 12, first % 12 + 1, 1)


def _row(item, status, answer="", observed=None, threshold=None, reasons=()) -> dict:
    return {"item": item, "status": status, "answer": answer, "value_observed": observed,
            "value_threshold": threshold, "reason": "; ".join(reasons)}


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _status(reasons: list[str], missing: bool) -> str:
    return NOT_READY if reasons else NOT_FILLED if missing else READY


def _meeting(value: object, since: dt.date, absent: str, too_old: str) -> list[str]:
    """The reasons a last-meeting date makes its body inactive ([] when active or empty)."""
    if value == ABSENT:
        return [absent]
    if isinstance(value, dt.date) and value < since:
        return [too_old]
    return []


def _masterplan(r: Readiness, rules: ReadinessRules, year: int) -> dict:
    regulation, date = r["masterplan.peraturan"], r["masterplan.tanggal"]
    reasons = ["no_regulation"] if regulation == ABSENT else []
    answer = "" if regulation in (None, ABSENT) else str(regulation)
    if answer and isinstance(date, dt.date):
        answer += f"; {date.isoformat()}"
    return _row("masterplan", _status(reasons, regulation is None), answer, reasons=reasons)


def _last_meeting(item: str, key: str, never: str, too_old: str):
    """The rule of an item that is ready when its body last met within the active period."""
    def rule(r: Readiness, rules: ReadinessRules, year: int) -> dict:
        last = r[key]
        reasons = _meeting(last, rules.active_since(year), never, too_old)
        answer = "" if last is None else _iso(last)
        return _row(item, _status(reasons, last is None), answer, reasons=reasons)
    return rule


_council = _last_meeting("council", "dewan_smart_city.rapat_terakhir", "never_met",
                         "meeting_too_old")
_forum = _last_meeting("forum", "forum_smart_city.forum_terakhir", "never_held",
                       "forum_too_old")


def _team(r: Readiness, rules: ReadinessRules, year: int) -> dict:
    decree, last = r["tim_pelaksana.sk"], r["tim_pelaksana.rapat_terakhir"]
    reasons = ["no_decree"] if decree == ABSENT else []
    reasons += _meeting(last, rules.active_since(year), "never_met", "meeting_too_old")
    answer = "; ".join(_iso(v) for v in (decree, last) if v is not None)
    return _row("team", _status(reasons, decree is None or last is None), answer,
                reasons=reasons)


def _budget(r: Readiness, rules: ReadinessRules, year: int) -> dict:
    smart_city, apbd = r["anggaran.smart_city_rp"], r["anggaran.apbd_rp"]
    if smart_city is None or apbd is None:
        return _row("budget", NOT_FILLED, threshold=rules.min_budget_share)
    share = smart_city / apbd
    reasons = ["share_below_minimum"] if share < rules.min_budget_share else []
    return _row("budget", _status(reasons, False), f"{smart_city:.0f}; {apbd:.0f}", share,
                rules.min_budget_share, reasons)


def _spbe(r: Readiness, rules: ReadinessRules, year: int) -> dict:
    value, measured = r["indeks_spbe.nilai"], r["indeks_spbe.tahun"]
    if value is None:
        return _row("spbe", NOT_FILLED, threshold=rules.min_spbe_index)
    reasons = ["index_below_minimum"] if value < rules.min_spbe_index else []
    answer = "" if measured is None else str(measured)
    return _row("spbe", _status(reasons, False), answer, value, rules.min_spbe_index, reasons)


def _evidence(scored_rows: pd.DataFrame, rules: ReadinessRules) -> dict:
    """The share of the year's Stage I assessment rows without evidence (an unknown status
    counts as none, as in the evidence to-do list); not filled when no row says either way."""
    status = scored_rows["evidence_status"]
    if status.eq("unknown").all():  # also: no row at all
        return _row("evidence", NOT_FILLED, threshold=rules.max_share_without_evidence,
                    reasons=["status_unknown"])
    lacking = int(status.ne("present").sum())
    share = lacking / len(status)
    reasons = ["rows_without_evidence"] if share > rules.max_share_without_evidence else []
    return _row("evidence", _status(reasons, False), f"{lacking}/{len(status)}", share,
                rules.max_share_without_evidence, reasons)


_RULES = {"masterplan": _masterplan, "council": _council, "team": _team, "forum": _forum,
          "budget": _budget, "spbe": _spbe}


def readiness_checklist(readiness: Readiness | None, rules: ReadinessRules,
                        scored_rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """The checklist (artifact `stage2_readiness`): one row per item in ITEMS order."""
    if readiness is None:
        rows = [_row(item, NOT_FILLED, reasons=[NO_FILE]) for item in FROM_FILE]
    elif readiness.year != year:
        rows = [_row(item, NOT_FILLED, str(readiness.year), reasons=[OTHER_YEAR])
                for item in FROM_FILE]
    else:
        rows = [_RULES[item](readiness, rules, year) for item in FROM_FILE]
    rows.append(_evidence(scored_rows, rules))
    return pd.DataFrame(rows, columns=list(artifact("stage2_readiness").columns))


def stage2_checklist(data_dir: str | Path, rules: ReadinessRules, scored_rows: pd.DataFrame,
                     year: int) -> pd.DataFrame:
    """The checklist of a run: the readiness file of `data_dir` under `rules`, and the
    evidence of the year's scored Stage I rows."""
    return readiness_checklist(read_readiness(data_dir), rules, scored_rows, year)


# ------------------------------------------------------------------ for a reader


def _answer_text(row) -> str:
    """What the team wrote (or the data says), in the report language."""
    if not row.answer or row.reason in (NO_FILE, OTHER_YEAR):
        return fmt.MISSING
    if row.item == "budget":
        smart_city, apbd = (float(v) for v in row.answer.split("; "))
        return text("s2.answer.budget").format(amount=fmt.money(smart_city),
                                               apbd=fmt.money(apbd),
                                               share=fmt.share_of_whole(row.value_observed))
    if row.item == "spbe":
        return text("s2.answer.spbe").format(value=fmt.number(row.value_observed),
                                             year=row.answer)
    if row.item == "evidence":
        lacking, rows = row.answer.split("/")
        return text("s2.answer.evidence").format(lacking=fmt.integer(int(lacking)),
                                                 rows=fmt.integer(int(rows)))
    return "; ".join(_part_text(part) for part in row.answer.split("; "))


def _part_text(part: str) -> str:
    if part == ABSENT:
        return text("s2.answer.absent")
    try:
        return fmt.date(dt.date.fromisoformat(part))
    except ValueError:
        return part


def _missing_text(row, rules: ReadinessRules, year: int) -> str:
    """What to do before Stage II, in plain words; '-' when the item is ready."""
    if row.status == READY:
        return fmt.MISSING
    values = {"year": year, "months": rules.active_within_months,
              "since": fmt.date(rules.active_since(year)), "answer": row.answer,
              "threshold": fmt.number(row.value_threshold)
              if row.item == "spbe" else fmt.share_of_whole(row.value_threshold or 0)}
    return " ".join(text(f"s2.why.{row.item}.{reason}" if reason not in (NO_FILE, OTHER_YEAR)
                         else f"s2.why.{reason}").format(**values)
                    for reason in (row.reason or "not_filled").split("; "))


def checklist_table(checklist: pd.DataFrame, rules: ReadinessRules, year: int) -> pd.DataFrame:
    """The checklist for a reader: item, status, what was found, what to do before Stage II."""
    return pd.DataFrame({
        text("s2.col.item"): [text(f"s2.item.{i}") for i in checklist["item"]],
        text("s2.col.status"): [text(f"s2.status.{s}") for s in checklist["status"]],
        text("s2.col.answer"): [_answer_text(r) for r in checklist.itertuples()],
        text("s2.col.missing"): [_missing_text(r, rules, year) for r in checklist.itertuples()],
    })


def checklist_sentence(checklist: pd.DataFrame, data_dir: str, year: int) -> Markdown:
    """One sentence with the count, and how to write the file when there is none."""
    counts = checklist["status"].value_counts()
    lines = [text("s2.count").format(ready=int(counts.get(READY, 0)), total=len(checklist),
                                     not_ready=int(counts.get(NOT_READY, 0)),
                                     not_filled=int(counts.get(NOT_FILLED, 0)))]
    if checklist["reason"].eq(NO_FILE).any():
        lines.append(text("s2.how_to_fill").format(data_dir=data_dir, year=year))
    return Markdown(" ".join(lines))

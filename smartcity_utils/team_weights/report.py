"""`smartcity weights`: the returned forms of a folder read, the group's weights made, and what
the coordinator reads: the problems, each member's consistency (the most inconsistent judgement
named above the threshold), the weights by AIJ with AIP beside them, the members' agreement,
and the criteria file version written (only when every form was read without a problem)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from smartcity_utils.config import read_criteria
from smartcity_utils.data.load import Problem
from smartcity_utils.errors import SmartCityError
from smartcity_utils.formatting import number, percent
from smartcity_utils.strings import criterion_label, text
from smartcity_utils.team_weights.ahp import SCALE, MatrixResult
from smartcity_utils.team_weights.criteria_file import write_criteria_version
from smartcity_utils.team_weights.group import (
    MemberWeights,
    TeamWeights,
    TeamWeightsSettings,
    team_weights,
)
from smartcity_utils.team_weights.hierarchy import (
    Hierarchy,
    element_label,
    group_label,
    hierarchy,
    matrix_label,
)
from smartcity_utils.team_weights.layout import ROLES
from smartcity_utils.team_weights.returned import read_forms


@dataclass
class TeamWeightsRun:
    files: int
    problems: list[Problem]
    team: TeamWeights | None
    written: Path | None = None
    notes: list[str] = field(default_factory=list)


def weigh(folder: str | Path, criteria_file: str | Path, out: str | Path | None = None,
          version: str | None = None, settings: TeamWeightsSettings | None = None,
          today: dt.date | None = None) -> TeamWeightsRun:
    """Read the forms of `folder` against `criteria_file`; write the new version to `out`
    when every form was read without a problem."""
    folder, source = Path(folder), Path(criteria_file)
    if not folder.is_dir():
        raise SmartCityError(f"{folder}: not a folder of returned forms")
    criteria = read_criteria(source)
    tree = hierarchy(criteria)
    returned = read_forms(folder, tree, source.name)
    if returned.files == 0:
        raise SmartCityError(f"{folder}: no .xlsx form found")
    team = team_weights(tree, returned.forms, settings) if returned.forms else None
    run = TeamWeightsRun(returned.files, returned.problems, team)
    if out is not None and team is not None and not returned.problems:
        today = today or dt.date.today()
        run.written = write_criteria_version(
            team, source, Path(out), version or f"{tree.version}-tim-{today.isoformat()}", today)
    return run


def _judgement(tree: Hierarchy, matrix: str, result: MatrixResult,
               lang: str) -> tuple[str, str, str, float]:
    """The most inconsistent judgement as the member gave it, in words, its two elements (the
    one said to be more important first) and the ratio of their derived weights."""
    worst = result.worst
    elements = tree.elements(matrix)
    a, b = element_label(matrix, elements[worst.i], lang), element_label(
        matrix, elements[worst.j], lang)
    ratio = worst.ratio
    if worst.value < 1:
        a, b, ratio = b, a, 1 / ratio
    value = round(max(worst.value, 1 / worst.value))
    if value == 1:
        return text("tw.judgement_equal", lang).format(a=a, b=b), a, b, ratio
    intensity = text(f"tw.scale.{value}", lang) if value in SCALE else str(value)
    return text("tw.judgement", lang).format(a=a, intensity=intensity, b=b), a, b, ratio


def _member_lines(team: TeamWeights, member: MemberWeights, lang: str) -> list[str]:
    form, threshold = member.form, team.settings.cr_threshold
    crs = "; ".join(f"{matrix_label(m, lang)} {number(r.cr, lang)}"
                    for m, r in member.matrices.items())
    name = f", {form.name}" if form.name else ""
    lines = [text("tw.report.member", lang).format(
        number=form.number, name=name, role=text(f"tw.role.{form.role}", lang), crs=crs)]
    for m in member.inconsistent(threshold):
        result = member.matrices[m]
        judgement, a, b, ratio = _judgement(team.tree, m, result, lang)
        lines.append("  " + text("tw.report.inconsistent", lang).format(
            matrix=matrix_label(m, lang), cr=number(result.cr, lang),
            threshold=number(threshold, lang), judgement=judgement, a=a, b=b,
            ratio=number(ratio, lang)))
    if member.inconsistent(threshold):
        kept = "tw.report.left_out" if member not in team.used else "tw.report.kept"
        lines.append("  " + text(kept, lang))
    return lines


def weights_table(team: TeamWeights, lang: str) -> pd.DataFrame:
    """The criteria with their group and the group's weights, AIJ (used) and AIP, largest
    first."""
    group_of = {c: g for g, members in team.tree.groups.items() for c in members}
    frame = pd.DataFrame({
        text("qw.criterion", lang): [criterion_label(c, lang) for c in team.aij.index],
        text("qw.group", lang): [group_label(group_of[c], lang) for c in team.aij.index],
        text("tw.report.aij", lang): [percent(w, lang, 1) for w in team.aij],
        text("tw.report.aip", lang): [percent(team.aip[c], lang, 1) for c in team.aij.index],
        "_order": team.aij.to_numpy()})
    return frame.sort_values("_order", ascending=False, kind="stable").drop(
        columns="_order").reset_index(drop=True)


def report_lines(run: TeamWeightsRun, lang: str = "id") -> list[str]:
    """What `smartcity weights` prints after the problems."""
    team = run.team
    if team is None:
        return [text("tw.report.none", lang).format(files=run.files)]
    counts = team.roles()
    roles = ", ".join(f"{text(f'tw.role.{r}', lang)} {counts[r]}" for r in ROLES if r in counts)
    lines = [text("tw.report.forms", lang).format(files=run.files, used=len(team.used),
                                                  roles=roles)]
    for member in team.members:
        lines += _member_lines(team, member, lang)
    crs = "; ".join(f"{matrix_label(m, lang)} {number(r.cr, lang)}" for m, r in team.group.items())
    threshold = team.settings.cr_threshold
    lines += ["", text("tw.report.group_cr", lang).format(crs=crs)]
    lines += [text("tw.report.group_inconsistent", lang).format(
        matrix=matrix_label(m, lang), threshold=number(threshold, lang))
        for m, r in team.group.items() if r.cr > threshold]
    lines += ["",
              weights_table(team, lang).to_string(index=False), "",
              text("tw.report.why_aij", lang)]
    agreement = team.agreement
    if agreement is None:
        lines.append(text("tw.report.no_agreement", lang))
    else:
        lines.append(text("tw.report.agreement", lang).format(
            w=number(agreement.w, lang), p=number(agreement.p_value, lang, 3),
            meaning=text(f"tw.agreement.{agreement.band}", lang)))
    if run.written is not None:
        lines.append(text("tw.report.written", lang).format(file=run.written.as_posix()))
    elif run.problems:
        lines.append(text("tw.report.not_written", lang))
    return lines

"""A criteria file version made of the team's weights, for workbook 03.

A copy of the criteria file read, line for line (its comments and every other setting kept),
with each criterion's `weight` replaced by the group's weight in percent (two decimals), a new
`version`, and a `provenance` block at the end: when, how many members by role, the method
(AHP, geometric mean of the judgements), the consistency ratio of the group's matrix of each
sheet and Kendall's W. The file written is read back through `config.read_criteria` and its
weights compared with the group's, so a file the run would refuse or misread is never left.
The weights set in the technical team's meeting (`smartcity meeting`) are written the same way,
with the shortlist limits the meeting set and a provenance block saying so.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from smartcity_utils.atomic import write_atomically
from smartcity_utils.config import read_criteria
from smartcity_utils.errors import SmartCityError
from smartcity_utils.provenance import MEETING, MeetingProvenance, WeightsProvenance
from smartcity_utils.team_weights.group import TeamWeights

METHOD = "AHP (Saaty), geometric mean of the members' judgements (AIJ)"
TOP_KEY = re.compile(r"^([A-Za-z_]+):")
CRITERION = re.compile(r"^  ([A-Za-z_]+):\s*(#.*)?$")
WEIGHT = re.compile(r"^(    weight:\s*)([^#\s]+)(.*)$")
LIMIT = re.compile(r"^  ([a-z_]+)(:\s*)([^#\s]+)(.*)$")
AHP_NOTE = "The weights above were set by the technical team's AHP forms (smartcity weights, " \
    "docs/team_weights.md):"
MEETING_NOTE = "The weights and limits above were set in the technical team's meeting " \
    "(smartcity meeting, docs/meeting.md):"
VERSION = re.compile(r"^version:.*$")


def provenance(team: TeamWeights, today: dt.date) -> WeightsProvenance:
    agreement = team.agreement
    return WeightsProvenance(
        method=METHOD, date=today, based_on=team.tree.version, members=len(team.used),
        members_by_role=team.roles(), left_out=len(team.members) - len(team.used),
        flagged=len(team.flagged), cr_threshold=team.settings.cr_threshold,
        consistency_ratios={m: round(r.cr, 4) for m, r in team.group.items()},
        kendall_w=None if agreement is None else round(agreement.w, 4),
        kendall_p=None if agreement is None else round(agreement.p_value, 4))


def _without_provenance(lines: list[str]) -> list[str]:
    """The lines without an earlier `provenance:` block (a version made from a version)."""
    out, inside = [], False
    for line in lines:
        if TOP_KEY.match(line):
            inside = line.startswith("provenance:")
        if not inside:
            out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out


def _limit_value(value: int | None) -> str:
    return "null" if value is None else str(int(value))


def criteria_text(source_text: str, weights: dict[str, float], version: str,
                  origin: WeightsProvenance | MeetingProvenance,
                  limits: dict[str, int | None] | None = None) -> str:
    """The criteria file `source_text` with `weights` (percent), `version`, the shortlist
    `limits` given (max_per_agency: 2, ...) and `origin`."""
    lines, out, section, criterion = _without_provenance(source_text.splitlines()), [], None, None
    replaced, versioned, limits = set(), False, limits or {}
    for line in lines:
        if (top := TOP_KEY.match(line)) is not None:
            section, criterion = top.group(1), None
        if VERSION.match(line):
            line, versioned = f"version: {yaml.safe_dump(version).splitlines()[0]}", True
        elif section == "shortlist" and (limit := LIMIT.match(line)) is not None \
                and limit.group(1) in limits:
            line = (f"  {limit.group(1)}{limit.group(2)}"
                    f"{_limit_value(limits[limit.group(1)])}{limit.group(4)}")
            replaced.add(limit.group(1))
        elif section == "criteria" and (name := CRITERION.match(line)) is not None:
            criterion = name.group(1)
        elif criterion in weights and (weight := WEIGHT.match(line)) is not None:
            line = f"{weight.group(1)}{weights[criterion]:.2f}{weight.group(3)}"
            replaced.add(criterion)
        out.append(line)
    missing = sorted((set(weights) | set(limits)) - replaced)
    if missing or not versioned:
        what = ", ".join(missing) if missing else "version"
        raise SmartCityError(f"the criteria file's {what} is not written one key per line "
                             "as params/quick_win_criteria.yaml is; no new version was written")
    block = yaml.safe_dump({"provenance": origin.model_dump(mode="json")}, sort_keys=False,
                           allow_unicode=True)
    note = MEETING_NOTE if origin.method == MEETING else AHP_NOTE
    return "\n".join(out) + f"\n\n# {note}\n" + block


def write_weights_version(source: Path, out: Path, percent: dict[str, float], version: str,
                          origin: WeightsProvenance | MeetingProvenance,
                          limits: dict[str, int | None] | None = None) -> Path:
    """Write the criteria file `out`: `source` with `percent` weights, `version`, `limits` and
    `origin`; check that it reads back with them."""
    if out.resolve() == source.resolve():
        raise SmartCityError(f"{out}: the new version must not overwrite the criteria file "
                             "read; give another file name")
    text_ = criteria_text(source.read_text(encoding="utf-8"), percent, version, origin, limits)
    write_atomically(out, text_)
    written = read_criteria(out)
    read = {c.name: c.weight for c in written.criteria}
    if (any(abs(read[c] - w) > 1e-9 for c, w in percent.items()) or written.version != version
            or any(written.limits()[k] != v for k, v in (limits or {}).items())):
        raise SmartCityError(f"{out}: the file written does not read back with the weights "
                             "given; it was left for inspection")
    return out


def write_criteria_version(team: TeamWeights, source: Path, out: Path, version: str,
                           today: dt.date) -> Path:
    """Write the new criteria file `out` and check that it reads back with the team's weights."""
    percent = {c: round(100 * float(w), 2) for c, w in team.aij.items()}
    return write_weights_version(source, out, percent, version, provenance(team, today))

"""What raises the index: the gain in index points of one more accepted innovation (at the
mean indicator scores of the accepted ones, or at a stated profile), of one more point on each
regional indicator, and of one more point on each innovation indicator of one innovation
(the one with the most room). Each gain is computed by applying the action to the table and
recomputing the index, so it is exact; the list is ranked, largest gain first."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from smartcity_utils.errors import DataError
from smartcity_utils.iid.rulebook import INNOVATION_NUMBERS, REGIONAL_NUMBERS, IIDRulebook
from smartcity_utils.iid.score import iid_result
from smartcity_utils.iid.table import IIDTable, Innovation

Kind = Literal["new_innovation", "regional_indicator", "innovation_indicator"]
_KIND_ORDER = {"new_innovation": 0, "regional_indicator": 1, "innovation_indicator": 2}
NEW_INNOVATION = "+1"  # the name of the innovation the first action adds (never shown)


@dataclass(frozen=True)
class Gain:
    kind: Kind
    gain: Fraction  # index points, exact
    indicator: int | None = None
    points: Fraction = Fraction(1)  # the step: one point, or the room left when less
    innovation: str | None = None  # the innovation raised (innovation_indicator)
    with_room: int = 0  # accepted innovations with room on this indicator


def mean_profile(table: IIDTable) -> dict[int, Fraction]:
    """The mean score of each indicator 16-35 over the accepted innovations (0 with none)."""
    accepted = [i for i in table.innovations if i.accepted]
    if not accepted:
        return {n: Fraction(0) for n in INNOVATION_NUMBERS}
    return {n: sum((i.scores[n] for i in accepted), Fraction(0)) / len(accepted)
            for n in INNOVATION_NUMBERS}


def checked_profile(profile: dict[int, Fraction], rulebook: IIDRulebook) -> dict[int, Fraction]:
    """A stated profile of a new innovation: a score for each indicator 16-35 within its
    maximum, else DataError naming what is wrong."""
    problems = []
    for n in sorted(set(profile) | set(INNOVATION_NUMBERS)):
        if n not in INNOVATION_NUMBERS:
            problems.append(f"{n}: not an innovation indicator (16-35)")
        elif n not in profile:
            problems.append(f"indicator {n}: no score")
        elif not 0 <= profile[n] <= (maximum := Fraction(rulebook.indicator(n).max_score)):
            problems.append(f"indicator {n} scores 0 to {float(maximum):g}, "
                            f"not {float(profile[n]):g}")
    if problems:
        raise DataError("the new innovation's profile: " + "; ".join(problems))
    return {n: Fraction(v) for n, v in profile.items()}


def with_new_innovation(table: IIDTable, profile: dict[int, Fraction]) -> IIDTable:
    new = Innovation(row=0, name=NEW_INNOVATION, accepted=True, scores=dict(profile))
    return replace(table, innovations=(*table.innovations, new))


def with_regional_point(table: IIDTable, number: int, points: Fraction) -> IIDTable:
    return replace(table, regional={**table.regional, number: table.regional[number] + points})


def with_innovation_point(table: IIDTable, position: int, number: int,
                          points: Fraction) -> IIDTable:
    innovations = list(table.innovations)
    raised = innovations[position]
    innovations[position] = replace(
        raised, scores={**raised.scores, number: raised.scores[number] + points})
    return replace(table, innovations=tuple(innovations))


def score_gains(table: IIDTable, rulebook: IIDRulebook,
                profile: dict[int, Fraction] | None = None) -> list[Gain]:
    """Every action's gain in index points, ranked (largest first; ties in the order new
    innovation, regional indicators, innovation indicators, then by indicator number)."""
    before = iid_result(table, rulebook).index

    def gain(changed: IIDTable) -> Fraction:
        return iid_result(changed, rulebook).index - before

    profile = mean_profile(table) if profile is None else checked_profile(profile, rulebook)
    gains = [Gain("new_innovation", gain(with_new_innovation(table, profile)))]
    for number in REGIONAL_NUMBERS:
        room = Fraction(rulebook.indicator(number).max_score) - table.regional[number]
        if room > 0:
            step = min(Fraction(1), room)
            gains.append(Gain("regional_indicator", gain(with_regional_point(table, number, step)),
                              number, step))
    for number in INNOVATION_NUMBERS:
        maximum = Fraction(rulebook.indicator(number).max_score)
        with_room = [p for p, i in enumerate(table.innovations)
                     if i.accepted and i.scores[number] < maximum]
        if with_room:  # the innovation with the most room; the first in the table on a tie
            most = max(with_room, key=lambda p: (maximum - table.innovations[p].scores[number], -p))
            step = min(Fraction(1), maximum - table.innovations[most].scores[number])
            changed = with_innovation_point(table, most, number, step)
            gains.append(Gain("innovation_indicator", gain(changed), number, step,
                              table.innovations[most].name, len(with_room)))
    return sorted(gains, key=lambda g: (-g.gain, _KIND_ORDER[g.kind], g.indicator or 0))

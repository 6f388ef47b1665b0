"""What `smartcity iid` prints: the index, its band and parts, then the steps that raise it
most, in the report language (strings.yaml), numbers through `formatting`."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from smartcity_utils.data.problems import Problem
from smartcity_utils.formatting import number
from smartcity_utils.iid.gains import Gain, score_gains
from smartcity_utils.iid.rulebook import IIDRulebook, read_iid_rulebook
from smartcity_utils.iid.score import IIDResult, iid_result
from smartcity_utils.iid.table import IIDTable, read_iid_table
from smartcity_utils.strings import text

TOP_GAINS = 10  # the steps listed
GAIN_DECIMALS = 3  # one point on one innovation of many is worth thousandths of an index point


@dataclass(frozen=True)
class IIDReport:
    """A region's index, the ranked gains and what reading the table noticed."""

    rulebook: IIDRulebook
    table: IIDTable
    result: IIDResult
    gains: list[Gain]

    @property
    def notes(self) -> tuple[Problem, ...]:
        return self.table.notes


def iid_report(path: str | Path, rulebook: str | Path | None = None) -> IIDReport:
    """Read the rulebook (default: the latest IID rulebook) and the table, score, rank gains."""
    rules = read_iid_rulebook(rulebook)
    table = read_iid_table(path, rules)
    return IIDReport(rules, table, iid_result(table, rules), score_gains(table, rules))


def _n(value: Fraction, lang: str, decimals: int = 2) -> str:
    return number(float(value), lang, decimals)


def _gain_line(gain: Gain, report: IIDReport, lang: str) -> str:
    amount = number(float(gain.gain), lang, GAIN_DECIMALS, signed=True)
    if gain.kind == "new_innovation":
        key = "iid.gain.new_innovation" if report.result.accepted else \
            "iid.gain.new_innovation_unscored"
        return text(key, lang).format(gain=amount)
    name = report.rulebook.indicator(gain.indicator).name
    points = number(float(gain.points), lang, 2).rstrip("0").rstrip(",.")
    return text(f"iid.gain.{gain.kind}", lang).format(
        number=gain.indicator, name=name, points=points, gain=amount,
        innovation=gain.innovation, with_room=gain.with_room)


def report_lines(report: IIDReport, lang: str = "id") -> list[str]:
    """The result in plain words: index and band, the two parts, the top gains, the caveat."""
    rules, result = report.rulebook, report.result
    lines = [
        text("iid.headline", lang).format(
            index=number(float(result.published), lang, rules.decimals),
            band=result.band.name(lang), year=rules.year),
        text("iid.regional", lang).format(spd=_n(result.spd, lang),
                                          maximum=_n(rules.regional_maximum, lang)),
        text("iid.reported", lang).format(reported=result.reported, accepted=result.accepted,
                                          rejected=result.reported - result.accepted),
        text("iid.innovation_part", lang).format(
            sid=_n(result.sid, lang), scores=_n(result.innovation_scores, lang),
            divisor=result.divisor, minimum=rules.minimum_divisor,
            count=_n(result.count_score, lang)),
        text("iid.total", lang).format(total=_n(result.total, lang),
                                       maximum=_n(result.maximum_total, lang)),
        "",
        text("iid.gains_title", lang),
    ]
    lines += [f"{rank:>2}. {_gain_line(g, report, lang)}"
              for rank, g in enumerate(report.gains[:TOP_GAINS], start=1)]
    if len(report.gains) == 1:
        lines.append(text("iid.no_gain", lang))
    if rules.unverified:
        parts = "; ".join(getattr(u.label, lang) for u in rules.unverified)
        lines += ["", text("iid.unverified", lang).format(year=rules.year, parts=parts)]
    return lines

"""The index of an IID table by its rulebook, in exact fractions:
SPD = the regional indicator scores (1-15) summed; SID = the accepted innovations' scores of
indicators 16-35 summed, divided by MAX(minimum divisor, n) with n every reported innovation
(rejected ones too), plus the number-of-innovations score; IID = (SPD + SID) / maximum total
x 100, published with the rulebook's decimals and rounding, its band read from the published
value."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from smartcity_utils.iid.rulebook import Band, IIDRulebook
from smartcity_utils.iid.table import IIDTable


@dataclass(frozen=True)
class IIDResult:
    spd: Fraction  # the regional-government part
    innovation_scores: Fraction  # the accepted innovations' indicator scores, summed
    reported: int  # n: every innovation reported, rejected ones too
    accepted: int
    divisor: int  # MAX(minimum divisor, n)
    count_score: Fraction  # the score for the number of innovations
    sid: Fraction  # the innovation part
    total: Fraction
    maximum_total: Fraction
    index: Fraction  # exact
    published: Decimal  # as the ministry shows it
    band: Band


def published_value(index: Fraction, rulebook: IIDRulebook) -> Decimal:
    """The index with the rulebook's decimals, rounded half up or truncated."""
    scaled = index * 10 ** rulebook.decimals
    whole = math.floor(scaled + Fraction(1, 2)) if rulebook.rounding == "half_up" \
        else math.floor(scaled)
    return Decimal(whole).scaleb(-rulebook.decimals)


def count_score(counted: int, rulebook: IIDRulebook) -> Fraction:
    rule = rulebook.innovation_count_score
    return Fraction(rule.per_innovation) * min(counted, rule.counted_up_to)


def iid_result(table: IIDTable, rulebook: IIDRulebook) -> IIDResult:
    """SPD, SID, total, index and band of a checked IID table."""
    spd = sum(table.regional.values(), Fraction(0))
    accepted = [i for i in table.innovations if i.accepted]
    innovation_scores = sum((sum(i.scores.values(), Fraction(0)) for i in accepted), Fraction(0))
    reported = len(table.innovations)
    divisor = max(rulebook.minimum_divisor, reported)
    counted = len(accepted) if rulebook.innovation_count_score.counts == "accepted" else reported
    counts = count_score(counted, rulebook)
    sid = innovation_scores / divisor + counts
    total = spd + sid
    maximum = Fraction(rulebook.maximum_total)
    index = total / maximum * 100
    published = published_value(index, rulebook)
    return IIDResult(spd, innovation_scores, reported, len(accepted), divisor, counts, sid,
                     total, maximum, index, published, rulebook.band(published))

"""The index as the ministry publishes it, and the improvement as the programme publishes it.

The published index has the rulebook's decimals (two), rounded half-up or truncated from the
unrounded weighted mean (`published_value` of the rulebook; docs/evaluation.md, "How the
published index is rounded", says why half-up and what stays undetermined). The rounding is
done in decimal arithmetic: the float is first fixed at `EXACT_PLACES` decimals, which drops
the binary noise of the weighted sum (3.315 is stored as 3.31499999999999994...) and nothing a
score can carry, and is then rounded. Python's round() on the float would round 3.315 down and
3.475 up by accident of the binary representation.

The improvement is this year's published index minus last year's, both as published: Kota
Kediri 2022, 3.31 - 3.06 = 0.25; Kota Ambon 2024, 3.10 - 2.87 = 0.23.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pandas as pd

from smartcity_utils.stage1.weights import PublishedValue

EXACT_PLACES = 10
_MODES = {"half_up": ROUND_HALF_UP, "truncate": ROUND_DOWN}


def published_decimal(value: float, rule: PublishedValue) -> Decimal:
    """One unrounded index as published, as an exact decimal."""
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-EXACT_PLACES),
                                                 rounding=ROUND_HALF_UP)
    return exact.quantize(Decimal(1).scaleb(-rule.decimals), rounding=_MODES[rule.rounding])


def published_index(index: pd.Series, rule: PublishedValue) -> pd.Series:
    """Each unrounded index as published (a missing index stays missing)."""
    return index.map(lambda v: v if pd.isna(v) else float(published_decimal(v, rule))
                     ).astype("float64")


def improvement(published: pd.Series, previous: pd.Series, rule: PublishedValue) -> pd.Series:
    """This year's published index minus last year's published index, in decimal arithmetic
    (exact at the published decimals); missing when either year has no index."""
    def difference(this, last):
        if pd.isna(this) or pd.isna(last):
            return float("nan")
        places = Decimal(1).scaleb(-rule.decimals)
        return float(Decimal(repr(float(this))).quantize(places)
                     - Decimal(repr(float(last))).quantize(places))
    return pd.Series([difference(a, b) for a, b in zip(published, previous, strict=True)],
                     index=published.index, dtype="float64")

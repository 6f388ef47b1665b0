"""The members' agreement: Kendall's coefficient of concordance W over their rankings of the
criteria (by each member's global criterion weights), with the correction for tied ranks.

W = 12 S / (m^2 (n^3 - n) - m T), S the sum of squared deviations of the criteria's rank sums
from their mean, m members, n criteria, T the sum of t^3 - t over each member's groups of t tied
criteria (Kendall & Babington Smith 1939; Siegel & Castellan 1988, Nonparametric Statistics for
the Behavioral Sciences, 2nd ed.). Friedman's statistic with the same correction is
m (n - 1) W, chi-square with n - 1 degrees of freedom for the p-value (approximate for few
members): scipy's `friedmanchisquare` computes it, and W follows. Its meaning in words follows
Schmidt (1997, "Managing Delphi surveys using nonparametric statistical techniques", Decision
Sciences 28(3), 763-774): 0.1 very weak, 0.3 weak, 0.5 moderate, 0.7 strong, 0.9 unusually
strong agreement; a W between two of these takes the nearer one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import friedmanchisquare

# Schmidt's points, and the W where each band begins (halfway between two points)
BANDS = (("very_weak", 0.0), ("weak", 0.2), ("moderate", 0.4), ("strong", 0.6),
         ("very_strong", 0.8))
TIE_DECIMALS = 12  # weights equal to 12 decimals are a tie (the arithmetic's last bits aside)


@dataclass(frozen=True)
class Agreement:
    w: float
    chi_square: float
    p_value: float
    members: int
    criteria: int

    @property
    def band(self) -> str:
        return agreement_band(self.w)


def agreement_band(w: float) -> str:
    """Schmidt's word for a W: the band it falls in."""
    return [name for name, start in BANDS if w >= start][-1]


def kendall_w(weights: pd.DataFrame) -> Agreement | None:
    """W of the members' rankings (`weights`: one row per member, one column per criterion);
    None when it is not defined: fewer than 2 members or 3 criteria, or every member ranking
    all criteria equal."""
    members, criteria = weights.shape
    values = weights.to_numpy(dtype=float).round(TIE_DECIMALS)
    if members < 2 or criteria < 3 or all(np.all(row == row[0]) for row in values):
        return None
    result = friedmanchisquare(*values.T)
    return Agreement(float(result.statistic) / (members * (criteria - 1)),
                     float(result.statistic), float(result.pvalue), members, criteria)

"""What the tutorial notebook's answers mean: one sentence each, in the report language.

The tutorial (notebooks/explore.ipynb) computes each answer with a few lines of pandas a
reader can copy; these functions only put the result into words, so that the sentence follows
the numbers when the data change. Numbers go through `formatting`, words through strings.yaml.
"""

from __future__ import annotations

from smartcity_utils import formatting as fmt
from smartcity_utils.strings import indicator_label, text

# Cohen's conventional cut-offs for the size of a correlation: below 0.1 none, then weak,
# moderate and, from 0.5, strong.
STRENGTHS = ((0.1, None), (0.3, "weak"), (0.5, "moderate"), (float("inf"), "strong"))
SIGNIFICANCE = 0.05


def strength(rho: float) -> str | None:
    """`weak`, `moderate` or `strong` for the size of a correlation; None below 0.1."""
    return next(word for limit, word in STRENGTHS if abs(rho) < limit)


def rank_correlation(rho: float, p_value: float, n: int, what: str, lang: str) -> str:
    """`Spearman's ρ = 0.09 over 32 assessed agencies (p = 0.64): no relation; ...`: the
    correlation of the Stage I index with `what` (`innovations` or `quick_wins`)."""
    word = strength(rho)
    values = {"rho": rho, "p": p_value, "n": fmt.count(n, "as.n_agencies", lang),
              "what": text(f"ex.what_{what}", lang)}
    if word is None:
        return fmt.sentence(text("ex.rank_none", lang), lang, **values)
    key = "ex.rank_positive" if rho > 0 else "ex.rank_negative"
    chance = text("ex.rank_chance", lang) if p_value >= SIGNIFICANCE else ""
    return fmt.sentence(text(key, lang), lang, strength=text(f"ex.strength_{word}", lang),
                        chance=chance, **values)


def overlap(agency: str, overlapping: int, innovations: int, others: int, lang: str) -> str:
    """`Dinkes: 5 of its 6 innovations have a similar one in another agency (7 agencies) ...`:
    the agency whose innovations overlap most with other agencies'."""
    return fmt.sentence(text("ex.overlap", lang), lang, agency=agency,
                        overlapping=fmt.integer(overlapping, lang),
                        innovations=fmt.count(innovations, "as.n_innovations", lang),
                        others=fmt.count(others, "as.n_agencies", lang))


def missing_evidence(code: str, indicator: str, missing: int, answered: int, lang: str) -> str:
    """`Indicator IM-04 "Sustained benefit" lacks evidence most often: 5 of 15 answers (33%)`:
    the indicator whose answers most often come without evidence."""
    name = f"{code} “{indicator_label(indicator, lang)}”"
    return fmt.sentence(text("ex.missing_evidence", lang), lang, indicator=name,
                        missing=fmt.integer(missing, lang),
                        answered=fmt.count(answered, "ex.n_answers", lang),
                        share=missing / answered)

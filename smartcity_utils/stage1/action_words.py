"""The actions that raise the index (01's `index_actions`) in words a head of agency reads: what
to do, on which indicator and innovation, and what it adds to the city's index and to the
agency's own. The gains are the table's, formatted, never recomputed."""

from __future__ import annotations

import pandas as pd

from smartcity_utils import formatting as fmt
from smartcity_utils.strings import indicator_label, text


def innovation_names(innovations: pd.DataFrame | None) -> dict[str, str]:
    """The name of each innovation id (its latest registry row's)."""
    if innovations is None or innovations.empty:
        return {}
    latest = innovations.sort_values("year", kind="stable")
    return dict(zip(latest["innovation_id"], latest["innovation_name"], strict=True))


def _level(value: float, lang: str) -> str:
    return fmt.number(value, lang, decimals=0 if float(value).is_integer() else 1)


def action_text(action, names: dict[str, str], lang: str | None = None) -> str:
    """What to do: `Lengkapi bukti dukung indikator OC-01 “…” (inovasi …), Outcome, Smart
    Governance`."""
    if action["action"] == "dimension":
        return text("mv.dimension", lang).format(
            dimension=action["evaluation_dimension"],
            indicators=fmt.count(action["n_indicators"], "mv.n_indicators", lang),
            score=fmt.number(action["score_after"], lang))
    innovation = action["innovation_id"]
    named = (text("mv.innovation", lang).format(name=names.get(innovation, innovation))
             if isinstance(innovation, str) and innovation else "")
    indicator = text("mv.indicator", lang).format(
        code=action["indicator_code"], name=indicator_label(action["indicator"], lang))
    what = text(f"mv.{action['action']}", lang).format(
        indicator=indicator, innovation=named, level=_level(action["level"], lang),
        level_after=_level(action["level_after"], lang))
    return text("mv.where", lang).format(what=what, evaluation=action["evaluation_dimension"],
                                         dimension=action["dimension"])


def gain_text(action, lang: str | None = None) -> str:
    """What it adds, on the agency's own page: `indeks Anda +0,60, indeks kota +0,013`."""
    return text("mv.gain_own", lang).format(city=fmt.gain(action["gain_city"], lang),
                                            own=fmt.gain(action["gain_agency"], lang))


def verified_note(actions: pd.DataFrame, stated: float, missing_evidence_score: float | None,
                  lang: str | None = None, agency: bool = False) -> str:
    """The sentence beside a list: gains are measured on the index as assessors would verify
    it, and that index beside the stated one."""
    column = "index_verified_agency" if agency else "index_verified_city"
    verified = actions[column].iloc[0] if len(actions) else stated
    rule = (text("mv.rule_as_stated", lang) if missing_evidence_score is None
            else text("mv.rule_score", lang).format(score=fmt.number(missing_evidence_score,
                                                                    lang, decimals=0)))
    return text("mv.note_agency" if agency else "mv.note_city", lang).format(
        stated=fmt.number(stated, lang), verified=fmt.number(verified, lang), rule=rule)

"""The agency report written for the head of an agency: a summary box first, then every number
in words (the 0-4 scale and its bands, similarity as a level and percent), every innovation of
the agency with its Quick Win decision (agency_quick_win), its integration partners
(agency_partners), and for each state of an agency (no innovations, not assessed, no
candidates, no partners) one message, with next steps that follow from the page's own facts:
the first of them is the summary box's "most important step".

It reads only what the city workbooks wrote (their CSVs under the run's output folder) and the
parameter files they read. Every value that comes from data is escaped here, where it enters
the page; numbers go through `formatting`. A section with nothing to list shows its message
and no table.
"""

from __future__ import annotations

import html

import pandas as pd

from smartcity_utils import formatting as fmt
from smartcity_utils.reports.agency_facts import AgencyFacts
from smartcity_utils.reports.agency_partners import (
    PARTNERS_SHOWN,
    not_run,
    partner_phrase,
    partner_step,
)
from smartcity_utils.reports.agency_quick_win import budget_phrase, quick_win_phrase
from smartcity_utils.reports.blocks import Block
from smartcity_utils.reports.index_actions import box_phrase
from smartcity_utils.reports.tables import PHONE_CARDS
from smartcity_utils.stage1.tables import rulebook_line
from smartcity_utils.strings import indicator_label, sub_dimension_label, text
from smartcity_utils.survey.wording import took_part_words


def _e(value) -> str:
    return html.escape(str(value))


# ------------------------------------------------------------------ what the page shows


def page_title(facts: AgencyFacts) -> str:
    """`Laporan Smart City - Dinas Kesehatan - 2024`, as markdown with the name escaped."""
    title = f"# {text('as.title', facts.lang)} - {_e(facts.name)} - {facts.year}"
    return f"{title}\n\n{_e(facts.short_name)}" if facts.short_name else title


def title_block(facts: AgencyFacts):
    """The page's title as the workbook shows it: a markdown result."""
    from IPython.display import Markdown

    return Markdown(page_title(facts))


def stage1_phrase(facts: AgencyFacts) -> str:
    """`2,37 dari skala 0–4 (Cukup), peringkat 24 dari 32 ...; naik 0,03 dari 2,34 tahun lalu`:
    the index and the improvement as published; nothing on the change without last year."""
    lang = facts.lang
    if not facts.stage1_ran:
        return not_run(facts, "as.part_stage1")
    if not facts.assessed:
        return text("as.not_assessed_short", lang)
    phrase = text("as.index_phrase", lang).format(
        index=fmt.number(facts.index, lang), scale=fmt.number(facts.scale, lang, 0),
        band=facts.band, rank=fmt.integer(facts.rank, lang),
        of=fmt.integer(facts.assessed_count, lang))
    change = change_phrase(facts)
    return phrase + ("; " + change if change else "")


def change_phrase(facts: AgencyFacts) -> str:
    """`naik 0,03 dari 2,34 tahun lalu`: the improvement as published, from last year's
    published index; "" when last year has no index."""
    if facts.change is None:
        return ""
    key = ("as.change_up" if facts.change > 0 else "as.change_down" if facts.change < 0
           else "as.change_same")
    return text(key, facts.lang).format(change=fmt.number(abs(facts.change), facts.lang),
                                        previous=fmt.number(facts.previous, facts.lang))


def evidence_phrase(facts: AgencyFacts) -> str:
    """How complete the agency's evidence is, or that its data does not say."""
    lang = facts.lang
    if facts.evidence_missing is None:
        return text("as.evidence_unknown_short", lang)
    if not facts.evidence_missing:
        return text("as.evidence_none", lang)
    return text("as.evidence_missing", lang).format(
        items=fmt.count(facts.evidence_missing, "as.n_evidence", lang))


def innovations_phrase(facts: AgencyFacts) -> str:
    """The summary box's innovations line: how many the year's registry lists."""
    lang = facts.lang
    if not facts.innovations:
        return text("as.no_innovations", lang).format(year=facts.year)
    return text("as.innovations_box", lang).format(
        innovations=fmt.count(facts.innovations, "as.n_innovations", lang), year=facts.year)


def summary_box(facts: AgencyFacts) -> Block:
    """The box at the top: innovations, Stage I, evidence, the actions that raise the index
    most, quick wins, strongest partner and the first of the next steps."""
    lang = facts.lang
    items = [(text("as.box_innovations", lang), innovations_phrase(facts)),
             (text("as.box_stage1", lang), stage1_phrase(facts))]
    if facts.assessed:
        items.append((text("ev.rulebook_label", lang), facts.rulebook))
        items.append((text("as.box_evidence", lang), evidence_phrase(facts)))
    actions = box_phrase(facts)
    if actions is not None:
        items.append((text("mv.box", lang), actions))
    items.append((text("as.box_quick_win", lang), quick_win_phrase(facts)))
    items.append((text("as.box_partner", lang), partner_phrase(facts)))
    items.append((text("as.box_next", lang), next_steps(facts)[0]))
    body = "".join(f"<dt>{_e(k)}</dt><dd>{_box_value(v)}</dd>" for k, v in items)
    heading = _e(text("as.box_title", lang))
    return Block(f'<section class="sc-summary"><h2>{heading}</h2><dl>{body}</dl></section>',
                 "\n".join(f"{k}: {'; '.join(v) if isinstance(v, list) else v}"
                           for k, v in items))


def _box_value(value: str | list[str]) -> str:
    """A box entry: one text, or a list of items (the actions) one under the other."""
    if isinstance(value, list):
        return "<ul>" + "".join(f"<li>{_e(item)}</li>" for item in value) + "</ul>"
    return _e(value)


def back_link(lang: str, target: str = "../../index.html") -> Block:
    label = text("as.back", lang)
    return Block(f'<nav class="sc-nav"><a href="{_e(target)}">← {_e(label)}</a></nav>', label)


def scale_note(facts: AgencyFacts) -> str:
    """The scale and the bands, said once."""
    lang = facts.lang
    bands = []
    for i, (lower, name) in enumerate(facts.bands):
        upper = facts.bands[i + 1][0] if i + 1 < len(facts.bands) else facts.scale
        bands.append(f"{name} {fmt.number(lower, lang, 1)}–{fmt.number(upper, lang, 1)}")
    note = text("as.scale_note", lang).format(scale=fmt.number(facts.scale, lang, 0),
                                               bands=", ".join(bands))
    return _e(note)


def stage1_intro(facts: AgencyFacts):
    """The Stage I part's heading and message: one message when not assessed (or not run);
    else the index sentence and the scale, once."""
    from IPython.display import Markdown

    lang = facts.lang
    heading = f"## {_e(text('as.section_stage1', lang))}\n\n"
    if not facts.stage1_ran:
        return Markdown(heading + _e(not_run(facts, "as.part_stage1")))
    if not facts.assessed:
        return Markdown(heading + _e(text("as.not_assessed", lang).format(year=facts.year)))
    return Markdown(heading + f"**{_e(text('as.box_stage1', lang))}:** "
                    f"{_e(stage1_phrase(facts))}.\n\n"
                    f"{_e(rulebook_line(facts.rulebook, lang))}\n\n"
                    f"{scale_note(facts)}")


def scores_table(facts: AgencyFacts) -> pd.DataFrame | None:
    """The evaluation dimensions against the city, the weakest first; none when not assessed."""
    if facts.scores is None or not facts.assessed:
        return None
    lang = facts.lang
    return pd.DataFrame({
        text("as.col_dimension", lang): facts.scores["dimension"].to_numpy(),
        text("as.col_agency_score", lang): [fmt.number(v, lang) for v in facts.scores["agency"]],
        text("as.col_city_score", lang): [fmt.number(v, lang) for v in facts.scores["city"]],
        text("as.col_difference", lang): [fmt.number(v, lang, signed=True)
                                          for v in facts.scores["difference"]],
    }).set_index(text("as.col_dimension", lang))


def survey_intro(facts: AgencyFacts):
    """Its programmes in the impact survey: what residents scored them and whether its Stage I
    Impact comes from them; nothing when none of its programmes was surveyed."""
    from IPython.display import Markdown

    if facts.survey is None:
        return None
    lang = facts.lang
    key = ("as.survey_used" if facts.impact_source == "survey" else
           "as.survey_not_used" if facts.assessed else "as.survey_not_assessed")
    return Markdown(f"### {_e(text('as.section_survey', lang))}\n\n"
                    + _e(fmt.sentence(text(key, lang), lang, n=len(facts.survey))))


def survey_table(facts: AgencyFacts) -> pd.DataFrame | None:
    """Each of its surveyed programmes: the residents' score on the report scale, its 95%
    interval and the respondents counted of those planned (00's survey_scores)."""
    if facts.survey is None:
        return None
    lang, s = facts.lang, facts.survey
    return pd.DataFrame({
        text("as.col_programme", lang): s["innovation_name"].to_numpy(),
        text("as.col_sub_dimension", lang): [sub_dimension_label(v, lang)
                                             for v in s["sub_dimension"]],
        text("as.col_survey_score", lang): [fmt.number(v, lang) for v in s["score"]],
        text("as.col_interval", lang): [fmt.MISSING if pd.isna(lo) else
                                        f"{fmt.number(lo, lang)}–{fmt.number(hi, lang)}"
                                        for lo, hi in zip(s["ci_low"], s["ci_high"],
                                                          strict=True)],
        text("as.col_respondents", lang): [text("sv.of", lang).format(
            n=fmt.integer(n, lang), planned=fmt.integer(p, lang))
            for n, p in zip(s["n_respondents"], s["n_planned"], strict=True)],
        text("sv.col.took_part", lang): took_part_words(s["took_part"], lang),
    }).set_index(text("as.col_programme", lang))


def evidence_intro(facts: AgencyFacts):
    """The missing evidence's heading and what is known of it; nothing for an agency not
    assessed (its Stage I message already says what to send)."""
    from IPython.display import Markdown

    if not facts.assessed:
        return None
    lang = facts.lang
    heading = f"### {_e(text('as.section_evidence', lang))}\n\n"
    if facts.evidence_missing is None:
        return Markdown(heading + _e(text("as.evidence_unknown", lang)))
    if facts.evidence is None or facts.evidence.empty:
        return Markdown(heading + _e(text("as.evidence_none", lang)))
    return Markdown(heading)


def evidence_table(facts: AgencyFacts) -> pd.DataFrame | None:
    """The indicators still without evidence."""
    if not facts.assessed or facts.evidence is None or facts.evidence.empty:
        return None
    lang, e = facts.lang, facts.evidence
    return pd.DataFrame({
        text("as.col_indicator", lang): [f"{c} · {indicator_label(i, lang, official=True)}"
                                         for c, i in zip(e["indicator_code"], e["indicator"],
                                                         strict=True)],
        text("as.col_dimension", lang): e["evaluation_dimension"].to_numpy(),
        text("as.col_sub_dimension", lang): [sub_dimension_label(s, lang) if isinstance(s, str)
                                             else fmt.MISSING for s in e["sub_dimension"]],
    }).set_index(text("as.col_indicator", lang))


def _pentahelix_phrase(flags: pd.Series, lang: str) -> str:
    """The pentahelix sectors an innovation involves; "none" only when the flags say so, a
    blank when the registry does not say."""
    from smartcity_utils.strings import pentahelix_label
    from smartcity_utils.vocabulary import PENTAHELIX

    if flags.isna().all():
        return fmt.MISSING
    named = [pentahelix_label(s, lang) for s in PENTAHELIX
             if pd.notna(flags[f"pentahelix_{s}"]) and bool(flags[f"pentahelix_{s}"])]
    return ", ".join(named) or text("as.pentahelix_none", lang)


def innovations_table(innovations: pd.DataFrame, facts: AgencyFacts) -> pd.DataFrame | None:
    """The agency's innovations of the evaluation year, by sub-dimension then name; none when
    the year's registry lists none."""
    from smartcity_utils.strings import column_label, value_label
    from smartcity_utils.vocabulary import PENTAHELIX

    lang = facts.lang
    rows = innovations[(innovations["agency_code"] == facts.code)
                       & (innovations["year"] == facts.year)]
    if rows.empty:
        return None
    rows = rows.assign(_sub=[sub_dimension_label(s, lang) for s in rows["sub_dimension"]])
    rows = rows.sort_values(["_sub", "innovation_name"], kind="stable")
    partners = rows[[f"pentahelix_{s}" for s in PENTAHELIX]]
    suggested = rows.get("suggested", pd.Series("", index=rows.index)).str.split("; ")

    def shown(field: str, labels) -> list[str]:
        """The values of `field`, each one `smartcity suggest` filled marked as a suggestion."""
        return [text("as.suggested_value", lang).format(value=label) if field in fields
                else label for label, fields in zip(labels, suggested, strict=True)]

    table = pd.DataFrame({
        text("as.col_innovation", lang): rows["innovation_name"].to_numpy(),
        text("as.col_sub_dimension", lang): shown("sub_dimension", rows["_sub"]),
        column_label("tahapan", lang): shown("tahapan", [value_label(v, lang)
                                                         for v in rows["tahapan"]]),
        column_label("jenis", lang): shown("jenis", [value_label(v, lang)
                                                     for v in rows["jenis"]]),
        text("as.col_budget", lang): [budget_phrase(v, lang) for v in rows["budget_idr"]],
        column_label("beneficiaries", lang): [fmt.integer(v, lang)
                                              for v in rows["beneficiaries"]],
        text("ag.partners", lang): [_pentahelix_phrase(flags, lang)
                                    for _, flags in partners.iterrows()],
    }).set_index(text("as.col_innovation", lang))
    table.attrs[PHONE_CARDS] = True
    return table


def innovations_intro(facts: AgencyFacts):
    """The innovations' heading and count, or that the year's registry lists none; the
    innovations of earlier years no longer registered, counted (section 4 lists them)."""
    from IPython.display import Markdown

    lang = facts.lang
    if facts.innovations:
        sentence = text("as.innovations_count", lang).format(
            innovations=fmt.count(facts.innovations, "as.n_innovations", lang),
            year=facts.year)
    else:
        sentence = text("as.innovations_none", lang).format(year=facts.year)
    if facts.suggested_values:
        sentence += " " + text("as.suggested_count", lang).format(
            values=fmt.count(facts.suggested_values, "as.n_values", lang))
    if facts.earlier_innovations and facts.quick_win_ran:
        sentence += " " + text("as.innovations_earlier", lang).format(
            innovations=fmt.count(facts.earlier_innovations, "as.n_innovations", lang))
    return Markdown(f"## {_e(text('as.section_innovations', lang))}\n\n{_e(sentence)}")


def _weakest_dimension(facts: AgencyFacts) -> str | None:
    scores = facts.scores
    if facts.assessed and scores is not None and not scores.empty \
            and scores.iloc[0]["difference"] < 0:
        return scores.iloc[0]["dimension"]
    return None


def next_steps(facts: AgencyFacts) -> list[str]:
    """Every step that follows from the page's facts, the one that matters most first (the
    summary box shows that one)."""
    lang = facts.lang
    steps = []
    if facts.stage1_ran and not facts.assessed:
        steps.append(text("as.step_assess", lang).format(year=facts.year))
    if not facts.innovations:
        steps.append(text("as.step_register", lang))
    if facts.evidence_missing:
        steps.append(text("as.step_evidence", lang).format(
            items=fmt.count(facts.evidence_missing, "as.n_evidence", lang)))
    elif facts.assessed and facts.evidence_missing is None:
        steps.append(text("as.step_evidence_unknown", lang))
    if facts.shortlisted:
        steps.append(text("as.step_quick_win", lang).format(names=", ".join(facts.shortlisted)))
    elif facts.innovations and facts.quick_win_ran and not facts.candidate_count:
        steps.append(text("as.step_new_candidate", lang))
    weakest = _weakest_dimension(facts)
    if weakest:
        steps.append(text("as.step_weakest", lang).format(dimension=weakest))
    steps += [partner_step(group, lang) for group in facts.partners[:PARTNERS_SHOWN]]
    if not (facts.stage1_ran and facts.quick_win_ran and facts.clusters_ran) \
            and facts.city_registry:
        steps.append(text("as.step_incomplete", lang))
    return steps or [text("as.step_keep", lang)]


def next_steps_section(facts: AgencyFacts):
    """The last section: every next step, most urgent first, as bullets (data escaped)."""
    from IPython.display import Markdown

    bullets = "\n".join(f"- {_e(step)}" for step in next_steps(facts))
    return Markdown(f"## {_e(text('as.section_next', facts.lang))}\n\n{bullets}")

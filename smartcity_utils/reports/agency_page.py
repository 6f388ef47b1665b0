"""The agency report written for the head of an agency: a summary box first, then every number
in words (the 0-4 scale and its bands, similarity as a level and percent, the chance of a top
place as a percentage), a reason for every quick-win candidate, integration partners grouped by
agency, and one consistent message for an agency that was not assessed.

It reads only what the city workbooks wrote (their CSVs under the run's output folder) and the
parameter files they read. Every value that comes from data is escaped here, where it enters
the page; numbers go through `formatting`.
"""

from __future__ import annotations

import html

import pandas as pd

from smartcity_utils import formatting as fmt
from smartcity_utils.reports.agency_facts import AgencyFacts, similarity_words
from smartcity_utils.reports.blocks import Block
from smartcity_utils.strings import sub_dimension_label, text

PARTNERS_SHOWN = 3
PAIRS_PER_PARTNER = 3


def _e(value) -> str:
    return html.escape(str(value))


# ------------------------------------------------------------------ what the page shows


def page_title(facts: AgencyFacts) -> str:
    """`Laporan Smart City - Dinas Kesehatan - 2024`, as markdown with the name escaped."""
    title = f"# {text('as.title', facts.lang)} - {_e(facts.name)} - {facts.year}"
    return f"{title}\n\n{_e(facts.short_name)}" if facts.short_name else title


def next_step(facts: AgencyFacts) -> str:
    """The one thing that matters most for the agency now."""
    lang = facts.lang
    if facts.stage1_ran and not facts.assessed:
        return text("as.step_assess", lang).format(year=facts.year)
    if facts.evidence_missing:
        return text("as.step_evidence", lang).format(
            items=fmt.count(facts.evidence_missing, "as.n_evidence", lang))
    if facts.assessed and facts.evidence_missing is None:
        return text("as.step_evidence_unknown", lang)
    if facts.shortlisted:
        return text("as.step_quick_win", lang).format(
            names=", ".join(facts.shortlisted))
    if facts.scores is not None and not facts.scores.empty \
            and facts.scores.iloc[0]["difference"] < 0:
        weakest = facts.scores.iloc[0]
        return text("as.step_weakest", lang).format(dimension=weakest["dimension"])
    if facts.partners:
        return text("as.step_partner", lang).format(agency=facts.partners[0]["name"])
    if facts.innovations == 0:
        return text("as.step_register", lang)
    if not (facts.stage1_ran and facts.quick_win_ran and facts.clusters_ran) \
            and facts.city_registry:
        return text("as.step_incomplete", lang)
    return text("as.step_keep", lang)


def _not_run(facts: AgencyFacts, notebook: str) -> str:
    """Why a city workbook's result is missing: the city has no registry yet (the workbook ran
    and said so), or the workbook has not run or failed."""
    if not facts.city_registry:
        return text("as.no_city_registry", facts.lang)
    return text("as.not_run", facts.lang).format(notebook=notebook)


def stage1_phrase(facts: AgencyFacts) -> str:
    """`2,37 dari 4 (Cukup), peringkat 24 dari 32 ...; naik 0,03 dari tahun lalu`."""
    lang = facts.lang
    if not facts.stage1_ran:
        return text("as.not_run", lang).format(notebook="01_stage1_evaluation")
    if not facts.assessed:
        return text("as.not_assessed_short", lang)
    phrase = text("as.index_phrase", lang).format(
        index=fmt.number(facts.index, lang), scale=fmt.number(facts.scale, lang, 0),
        band=facts.band, rank=fmt.integer(facts.rank, lang),
        of=fmt.integer(facts.assessed_count, lang))
    if facts.change is not None:
        key = ("as.change_up" if facts.change > 0.005 else "as.change_down"
               if facts.change < -0.005 else "as.change_same")
        phrase += "; " + text(key, lang).format(change=fmt.number(abs(facts.change), lang))
    return phrase


def evidence_phrase(facts: AgencyFacts) -> str:
    """How complete the agency's evidence is, or that its data does not say."""
    lang = facts.lang
    if facts.evidence_missing is None:
        return text("as.evidence_unknown_short", lang)
    if not facts.evidence_missing:
        return text("as.evidence_none", lang)
    return text("as.evidence_missing", lang).format(
        items=fmt.count(facts.evidence_missing, "as.n_evidence", lang))


def summary_box(facts: AgencyFacts) -> Block:
    """The box at the top: Stage I, evidence, quick wins, strongest partner, next step."""
    lang = facts.lang
    items = [(text("as.box_stage1", lang), stage1_phrase(facts))]
    if facts.assessed:
        items.append((text("as.box_evidence", lang), evidence_phrase(facts)))
    if not facts.quick_win_ran:
        quick = _not_run(facts, "03_quick_win_priority")
    elif facts.shortlisted:
        quick = ", ".join(facts.shortlisted)
    elif facts.candidates is not None and len(facts.candidates):
        quick = text("as.none_chosen", lang).format(
            candidates=fmt.count(len(facts.candidates), "as.n_candidates", lang))
    else:
        quick = text("as.no_candidates", lang)
    items.append((text("as.box_quick_win", lang), quick))
    if not facts.clusters_ran:
        partner = _not_run(facts, "02_innovation_clusters")
    elif facts.partners:
        best = facts.partners[0]
        partner = text("as.partner_phrase", lang).format(agency=best["name"],
                                                         pairs=partner_links(best, lang))
    else:
        partner = text("as.no_partner", lang)
    items.append((text("as.box_partner", lang), partner))
    items.append((text("as.box_next", lang), next_step(facts)))
    body = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items)
    heading = _e(text("as.box_title", lang))
    return Block(f'<section class="sc-summary"><h2>{heading}</h2><dl>{body}</dl></section>',
                 "\n".join(f"{k}: {v}" for k, v in items))


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


def stage1_section(facts: AgencyFacts):
    """The Stage I part: one message when not assessed; else the index sentence, the scale,
    and the evaluation dimensions against the city (the index kept apart)."""
    from IPython.display import Markdown

    lang = facts.lang
    if not facts.stage1_ran:
        return Markdown(_e(text("as.not_run", lang).format(notebook="01_stage1_evaluation")))
    if not facts.assessed:
        return Markdown(_e(text("as.not_assessed", lang).format(year=facts.year)))
    return Markdown(f"**{_e(text('as.box_stage1', lang))}:** {_e(stage1_phrase(facts))}.\n\n"
                    f"{scale_note(facts)}")


def scores_table(facts: AgencyFacts) -> pd.DataFrame | None:
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


def evidence_section(facts: AgencyFacts):
    """The indicators still without evidence, or why there is no such list."""
    from IPython.display import Markdown

    lang = facts.lang
    if not facts.assessed:
        return Markdown(_e(text("as.evidence_after_assessment", lang)))
    if facts.evidence_missing is None:
        return Markdown(_e(text("as.evidence_unknown", lang)))
    if facts.evidence is None or facts.evidence.empty:
        return Markdown(_e(text("as.evidence_none", lang)))
    e = facts.evidence
    return pd.DataFrame({
        text("as.col_indicator", lang): [f"{c} · {i}" for c, i in
                                         zip(e["indicator_code"], e["indicator"], strict=True)],
        text("as.col_dimension", lang): e["evaluation_dimension"].to_numpy(),
        text("as.col_sub_dimension", lang): [sub_dimension_label(s, lang) if isinstance(s, str)
                                             else fmt.MISSING for s in e["sub_dimension"]],
    }).set_index(text("as.col_indicator", lang))


def candidates_section(facts: AgencyFacts):
    from IPython.display import Markdown

    lang = facts.lang
    if not facts.quick_win_ran:
        return Markdown(_e(_not_run(facts, "03_quick_win_priority")))
    if facts.candidates is None or facts.candidates.empty:
        return Markdown(_e(text("as.no_candidates", lang)))
    c, of = facts.candidates, facts.candidates.attrs.get("of", len(facts.candidates))
    top = text("as.col_top_k", lang).format(k=facts.top_k, quota=quota_phrase(facts))
    return pd.DataFrame({
        text("as.col_innovation", lang): c["innovation_name"].to_numpy(),
        text("as.col_rank", lang): [text("as.rank_of", lang).format(
            rank=fmt.integer(r, lang), of=fmt.integer(of, lang)) for r in c["rank"]],
        top: [fmt.percent(p, lang) for p in c["top_k_probability"]],
        text("as.col_budget", lang): [budget_phrase(v, lang) for v in c["budget_idr"]],
        text("as.col_chosen", lang): [text("fmt.yes" if s else "fmt.no", lang)
                                      for s in c["shortlisted"]],
        text("as.col_reason", lang): c["reason_text"].to_numpy(),
    }).set_index(text("as.col_innovation", lang))


def quota_phrase(facts: AgencyFacts) -> str:
    """The year's Quick Win quota: how many programmes the shortlist may hold."""
    if facts.quick_win_quota is None:
        return text("as.quota_budget", facts.lang)
    return fmt.count(facts.quick_win_quota, "as.n_programmes", facts.lang)


def candidates_note(facts: AgencyFacts) -> str:
    return _e(text("as.candidates_note", facts.lang).format(k=facts.top_k))


def partner_links(group: dict, lang: str) -> str:
    """What ties a partner agency to this one: similar innovation pairs, recorded
    partnerships, or both (02 counts both in a link's strength)."""
    links = [fmt.count(group["pairs"], "as.n_similar", lang)] if group["pairs"] else []
    if group["declared"]:
        links.append(fmt.count(group["declared"], "as.n_declared", lang))
    return "; ".join(links)


def partners_section(facts: AgencyFacts):
    """The strongest few partner agencies, each with its most similar innovation pairs and the
    words they share."""
    from IPython.display import Markdown

    lang = facts.lang
    if not facts.clusters_ran:
        return Markdown(_e(_not_run(facts, "02_innovation_clusters")))
    if not facts.partners:
        return Markdown(_e(text("as.no_partner", lang)))
    rows = []
    for group in facts.partners[:PARTNERS_SHOWN]:
        pairs = "; ".join(
            text("as.pair", lang).format(ours=o, theirs=t, level=similarity_words(s, lang))
            for o, t, s in group["examples"][:PAIRS_PER_PARTNER])
        more = len(group["examples"]) - PAIRS_PER_PARTNER
        if more > 0:
            pairs += "; " + text("as.more_pairs", lang).format(
                pairs=fmt.count(more, "as.n_more", lang))
        rows.append({text("as.col_partner", lang): group["name"],
                     text("as.col_pairs", lang): partner_links(group, lang),
                     text("as.col_examples", lang): pairs,
                     text("as.col_shared", lang): ", ".join(group["terms"])})
    return pd.DataFrame(rows).set_index(text("as.col_partner", lang))


def partners_note(facts: AgencyFacts) -> str:
    """How many partners are not shown, and the innovations that look registered twice
    (they are no partnership: 02 keeps them out of the partners)."""
    lang = facts.lang
    notes = []
    if len(facts.partners) > PARTNERS_SHOWN:
        notes.append(_e(text("as.partners_more", lang).format(
            agencies=fmt.count(len(facts.partners) - PARTNERS_SHOWN, "as.n_agencies", lang))))
    if facts.registered_twice:
        twice = "; ".join(text("as.twice_item", lang).format(ours=ours, agency=agency,
                                                             theirs=theirs)
                          for ours, agency, theirs in facts.registered_twice)
        notes.append(_e(text("as.registered_twice", lang).format(items=twice)))
    return "\n\n".join(notes)


def budget_phrase(budget, lang: str) -> str:
    """A budget as the reader should take it: an amount, a blank when there is none, and a
    budget of 0 as "unknown" (a placeholder, never a free innovation)."""
    if not fmt.is_missing(budget) and float(budget) == 0:
        return text("as.budget_unknown", lang)
    return fmt.money(budget, lang)


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


def innovations_table(innovations: pd.DataFrame, facts: AgencyFacts) -> pd.DataFrame:
    """The agency's innovations of the evaluation year, by sub-dimension then name."""
    from smartcity_utils.strings import column_label, value_label
    from smartcity_utils.vocabulary import PENTAHELIX

    lang = facts.lang
    rows = innovations[(innovations["agency_code"] == facts.code)
                       & (innovations["year"] == facts.year)]
    rows = rows.assign(_sub=[sub_dimension_label(s, lang) for s in rows["sub_dimension"]])
    rows = rows.sort_values(["_sub", "innovation_name"], kind="stable")
    partners = rows[[f"pentahelix_{s}" for s in PENTAHELIX]]
    suggested = rows.get("suggested", pd.Series("", index=rows.index)).str.split("; ")

    def shown(field: str, labels) -> list[str]:
        """The values of `field`, each one `smartcity suggest` filled marked as a suggestion."""
        return [text("as.suggested_value", lang).format(value=label) if field in fields
                else label for label, fields in zip(labels, suggested, strict=True)]

    return pd.DataFrame({
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


def innovations_sentence(facts: AgencyFacts) -> str:
    sentence = text("as.innovations_count", facts.lang).format(
        innovations=fmt.count(facts.innovations, "as.n_innovations", facts.lang),
        year=facts.year)
    if facts.suggested_values:
        sentence += " " + text("as.suggested_count", facts.lang).format(
            values=fmt.count(facts.suggested_values, "as.n_values", facts.lang))
    return _e(sentence)


def next_steps(facts: AgencyFacts) -> str:
    """Every step that applies, most urgent first, as markdown bullets (data escaped)."""
    lang = facts.lang
    steps = []
    if facts.innovations == 0:
        steps.append(text("as.step_register", lang))
    if facts.stage1_ran and not facts.assessed:
        steps.append(text("as.step_assess", lang).format(year=facts.year))
    if facts.evidence_missing:
        steps.append(text("as.step_evidence", lang).format(
            items=fmt.count(facts.evidence_missing, "as.n_evidence", lang)))
    elif facts.assessed and facts.evidence_missing is None:
        steps.append(text("as.step_evidence_unknown", lang))
    if facts.shortlisted:
        steps.append(text("as.step_quick_win", lang).format(names=", ".join(facts.shortlisted)))
    if facts.scores is not None and not facts.scores.empty \
            and facts.scores.iloc[0]["difference"] < 0:
        steps.append(text("as.step_weakest", lang).format(
            dimension=facts.scores.iloc[0]["dimension"]))
    for group in facts.partners[:PARTNERS_SHOWN]:
        steps.append(text("as.step_partner", lang).format(agency=group["name"]))
    if not (facts.stage1_ran and facts.quick_win_ran and facts.clusters_ran) \
            and facts.city_registry:
        steps.append(text("as.step_incomplete", lang))
    if not steps:
        steps.append(text("as.step_keep", lang))
    return "\n".join(f"- {_e(step)}" for step in steps)

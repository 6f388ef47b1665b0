"""What moves the score, on the pages: the actions that raise the city's index most
(index.html), and each agency's own, by what they add to its index (its summary box and its
page). Every action and gain is 01's `index_actions`, formatted, never recomputed."""

from __future__ import annotations

import html

import pandas as pd

from smartcity_utils import formatting as fmt
from smartcity_utils.reports.agency_facts import AgencyFacts, RunFacts
from smartcity_utils.reports.tables import card_table_html
from smartcity_utils.stage1.action_words import action_text, gain_text, verified_note
from smartcity_utils.strings import text

CITY_SHOWN = 10  # actions on index.html
PAGE_SHOWN = 10  # actions on an agency's page
BOX_SHOWN = 3  # actions in an agency's summary box


def _e(value) -> str:
    return html.escape(str(value))


def box_phrase(facts: AgencyFacts) -> str | list[str] | None:
    """The summary box's entry: the agency's best actions, one item each with what it adds;
    None when 01 has not listed actions (not run, or the agency not assessed)."""
    if not facts.assessed or facts.actions is None:
        return None
    lang = facts.lang
    if facts.actions.empty:
        return text("mv.none_agency", lang)
    return [f"{action_text(a, facts.innovation_names, lang)}: {gain_text(a, lang)}"
            for _, a in facts.actions.head(BOX_SHOWN).iterrows()]


def actions_intro(facts: AgencyFacts):
    """The heading of the agency's list, the verified index beside the stated one, and how
    many more actions there are than the list shows; nothing when there is no list."""
    from IPython.display import Markdown

    if box_phrase(facts) is None:
        return None
    lang = facts.lang
    heading = f"### {_e(text('mv.section_agency', lang))}\n\n"
    if facts.actions.empty:
        return Markdown(heading + _e(text("mv.none_agency", lang)))
    note = verified_note(facts.actions, facts.index, facts.missing_evidence_score, lang,
                         agency=True)
    if len(facts.actions) > PAGE_SHOWN:
        note += " " + text("mv.more", lang).format(shown=fmt.integer(PAGE_SHOWN, lang),
                                                   total=fmt.integer(len(facts.actions), lang))
    return Markdown(heading + _e(note))


def actions_table(facts: AgencyFacts) -> pd.DataFrame | None:
    """The agency's best actions, the largest own gain first, with what each adds to its index
    and to the city's."""
    if box_phrase(facts) is None or facts.actions.empty:
        return None
    lang, shown = facts.lang, facts.actions.head(PAGE_SHOWN)
    return pd.DataFrame({
        text("mv.col.action", lang): [action_text(a, facts.innovation_names, lang)
                                      for _, a in shown.iterrows()],
        text("mv.col.gain_own", lang): [fmt.gain(v, lang) for v in shown["gain_agency"]],
        text("mv.col.gain_city", lang): [fmt.gain(v, lang) for v in shown["gain_city"]],
    }).set_index(text("mv.col.action", lang))


def city_actions_html(facts: RunFacts | None, lang: str) -> str:
    """index.html's list of the actions that raise the city's index most, under the sentence
    on the verified index; "" when 01 listed none (not run, or no assessment)."""
    actions = facts.table("index_actions") if facts else None
    city = facts.table("city_index") if facts else None
    if actions is None or city is None or city.empty or pd.isna(city["index"].iloc[0]):
        return ""
    heading = f"<h2>{_e(text('mv.section_city', lang))}</h2>"
    best = actions[actions["gain_city"] > 0].head(CITY_SHOWN)
    if best.empty:
        return heading + f"<p>{_e(text('mv.none_city', lang))}</p>"
    note = verified_note(actions, city["index_published"].iloc[0], facts.missing_evidence_score,
                         lang)  # the index as the brief above shows it
    header = (text("agency", lang), text("mv.col.action", lang), text("mv.col.gain_city", lang),
              text("mv.col.gain_agency", lang))
    rows = [(facts.names.get(a["agency_code"], a["short_name"]),
             action_text(a, facts.innovation_names, lang), fmt.gain(a["gain_city"], lang),
             fmt.gain(a["gain_agency"], lang)) for _, a in best.iterrows()]
    return (heading + f"<p>{_e(note)}</p>"
            + card_table_html(header, rows, numeric_from=2, css_class="sc-actions"))

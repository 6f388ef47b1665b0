"""The agency page's integration partners: the agencies 02 links to it, in 02's order, each
with the partnerships the registry records between them first, then their most similar
innovation pairs and the words those share."""

from __future__ import annotations

import html

import pandas as pd

from smartcity_utils import formatting as fmt
from smartcity_utils.reports.agency_facts import AgencyFacts, similarity_words
from smartcity_utils.reports.tables import PHONE_CARDS
from smartcity_utils.strings import text

PARTNERS_SHOWN = 3
PAIRS_PER_PARTNER = 3


def _e(value) -> str:
    return html.escape(str(value))


def not_run(facts: AgencyFacts, part: str) -> str:
    """Why a part of the city's work has no result: the city has no registry yet (the parts
    that rest on it, 02 and 03, ran and said so), or it gave no results in this run (not run,
    or failed). Stage I rests on the assessment, not on the registry."""
    if not facts.city_registry and part != "as.part_stage1":
        return text("as.no_city_registry", facts.lang)
    return text("as.not_run", facts.lang).format(part=text(part, facts.lang))


def partner_links(group: dict, lang: str) -> str:
    """What ties a partner agency to this one: recorded partnerships, similar innovation
    pairs, or both (02 counts both in a link's strength)."""
    links = [fmt.count(group["declared"], "as.n_declared", lang)] if group["declared"] else []
    if group["pairs"]:
        links.append(fmt.count(group["pairs"], "as.n_similar", lang))
    return "; ".join(links)


def no_partner(facts: AgencyFacts) -> str:
    """Why the page has no partner: nothing to compare, or nothing alike and nothing recorded."""
    has_innovations = facts.innovations or facts.earlier_innovations
    return text("as.no_partner" if has_innovations else "as.no_partner_no_innovations",
                facts.lang)


def partner_phrase(facts: AgencyFacts) -> str:
    """The summary box's partner line: the strongest partner, or why there is none."""
    lang = facts.lang
    if not facts.clusters_ran:
        return not_run(facts, "as.part_clusters")
    if not facts.partners:
        return no_partner(facts)
    best = facts.partners[0]
    return text("as.partner_phrase", lang).format(agency=best["name"],
                                                  pairs=partner_links(best, lang))


def declared_phrase(group: dict, code: str, lang: str) -> str:
    """The recorded partnerships between the agency (`code`) and a partner, ours first."""
    return "; ".join(
        text("as.declared_ours", lang).format(innovation=name, agency=group["name"])
        if owner == code else
        text("as.declared_theirs", lang).format(innovation=name, agency=group["name"])
        for name, owner in group["declarations"])


def partners_intro(facts: AgencyFacts):
    """The section's heading and what it shows: the order, how many more; or why empty."""
    from IPython.display import Markdown

    lang = facts.lang
    heading = f"## {_e(text('as.section_partners', lang))}\n\n"
    if not facts.clusters_ran:
        return Markdown(heading + _e(not_run(facts, "as.part_clusters")))
    if not facts.partners:
        return Markdown(heading + _e(no_partner(facts)))
    note = text("as.partners_order", lang)
    if len(facts.partners) > PARTNERS_SHOWN:
        note += " " + text("as.partners_more", lang).format(agencies=fmt.count(
            len(facts.partners) - PARTNERS_SHOWN, "as.n_agencies", lang))
    return Markdown(heading + _e(note) + registered_twice_note(facts))


def registered_twice_note(facts: AgencyFacts) -> str:
    """The innovations that look registered twice (no partnership: 02 keeps them out of the
    partners), as a paragraph; "" when there are none."""
    if not facts.registered_twice:
        return ""
    lang = facts.lang
    twice = "; ".join(text("as.twice_item", lang).format(ours=ours, agency=agency,
                                                         theirs=theirs)
                      for ours, agency, theirs in facts.registered_twice)
    return "\n\n" + _e(text("as.registered_twice", lang).format(items=twice))


def _pairs_phrase(group: dict, lang: str) -> str:
    pairs = "; ".join(
        text("as.pair", lang).format(ours=o, theirs=t, level=similarity_words(s, lang))
        for o, t, s in group["examples"][:PAIRS_PER_PARTNER])
    more = len(group["examples"]) - PAIRS_PER_PARTNER
    if more > 0:
        pairs += "; " + text("as.more_pairs", lang).format(
            pairs=fmt.count(more, "as.n_more", lang))
    return pairs


def partners_table(facts: AgencyFacts) -> pd.DataFrame | None:
    """The strongest few partners: the links, the recorded partnerships, the most similar
    pairs and the words they share; a column none of the rows fills is left out."""
    if not facts.partners:
        return None
    lang = facts.lang
    shown = facts.partners[:PARTNERS_SHOWN]
    table = pd.DataFrame({
        text("as.col_partner", lang): [g["name"] for g in shown],
        text("as.col_pairs", lang): [partner_links(g, lang) for g in shown],
        text("as.col_declared", lang): [declared_phrase(g, facts.code, lang) for g in shown],
        text("as.col_examples", lang): [_pairs_phrase(g, lang) for g in shown],
        text("as.col_shared", lang): [", ".join(g["terms"]) for g in shown],
    }).set_index(text("as.col_partner", lang))
    filled = [c for c in table.columns if table[c].astype(bool).any()]
    table = table[filled].replace("", fmt.MISSING)
    table.attrs[PHONE_CARDS] = True
    return table


def partner_step(group: dict, lang: str) -> str:
    """The next step with a partner: talk about integrating similar innovations, or agree the
    roles of a partnership the registry records."""
    if group["pairs"] or not group["declarations"]:
        return text("as.step_partner", lang).format(agency=group["name"])
    names = ", ".join(dict.fromkeys(name for name, _ in group["declarations"]))
    return text("as.step_partner_declared", lang).format(agency=group["name"],
                                                         innovations=names)

"""What the meeting view shows of a trial, as HTML: the budget used, the notes, and every
candidate with its score, whether it is chosen and why, best score first. Formats only: the
trial (`quick_win.trial`) decides, `reasons` and `coverage` word it."""

from __future__ import annotations

from html import escape

from smartcity_utils import formatting as fmt
from smartcity_utils.quick_win.coverage import coverage_words
from smartcity_utils.quick_win.reasons import reason_text
from smartcity_utils.quick_win.trial import RunCandidates, Trial
from smartcity_utils.strings import text


def summary_html(trial: Trial) -> str:
    """How many Quick Wins are chosen and the budget they use, in one sentence."""
    shortlist = trial.shortlist
    used = shortlist.total_cost / shortlist.budget if shortlist.budget else 0.0
    return "<p class='sc-meeting-summary'>" + escape(text("mt.summary").format(
        chosen=fmt.count(len(shortlist.selected), "as.n_quick_wins"),
        spent=fmt.money(shortlist.total_cost), budget=fmt.money(shortlist.budget),
        share=fmt.percent(used), left=fmt.money(shortlist.budget - shortlist.total_cost))) \
        + "</p>"


def notes_html(trial: Trial) -> str:
    """The dimension coverage, the ties and the sensitivity, as 03 says them."""
    head, lines = coverage_words(trial.coverage, trial.terms)
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    ties = trial.ties_note.splitlines()
    tie_items = "".join(f"<li>{escape(t.removeprefix('- '))}</li>" for t in ties[1:] if t)
    return (f"<p>{escape(head)}</p>" + (f"<ul>{items}</ul>" if items else "")
            + f"<p>{escape(ties[0])}</p>" + (f"<ul>{tie_items}</ul>" if tie_items else "")
            + f"<p>{escape(trial.sensitivity_note)}</p>")


_HEADERS = ("qw.priority_rank", "qw.innovation", "agency", "dimension", "qw.priority",
            "qw.top_k_probability", "qw.cost", "qw.selected", "qw.reason")


def candidates_html(trial: Trial, run: RunCandidates, names: dict[str, str]) -> str:
    """Every candidate, best score first: rank, name, agency, dimension, score, chance of a top
    place under weights near these, cost, chosen or not, and why."""
    score = trial.criteria.shortlist_score
    rank_column = f"rank_{score}"
    base = run.candidates.set_index("innovation_id")
    chance = trial.sensitivity.top_k_probability
    rows = []
    for innovation_id, row in trial.ranking.iterrows():
        chosen = innovation_id in trial.shortlist.selected
        item = base.loc[innovation_id]
        cost = item["budget_idr"]
        cost = float(cost) if cost and cost > 0 else float("nan")
        reason = reason_text(trial.reasons[innovation_id], cost, item["agency_code"],
                             item["dimension"], trial.terms, names)
        cells = [fmt.integer(row[rank_column]), escape(str(item["innovation_name"])),
                 escape(names.get(item["agency_code"], item["agency_code"])),
                 escape(str(item["dimension"])), fmt.number(row[score], decimals=3),
                 fmt.percent(chance[innovation_id]),
                 "-" if cost != cost else fmt.money(cost),
                 text("qw.yes") if chosen else text("qw.no"), escape(reason)]
        rows.append(f"<tr data-id='{escape(str(innovation_id))}'"
                    f"{' class=sc-chosen' if chosen else ''}>"
                    + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{escape(text(h))}</th>" for h in _HEADERS)
    return (f"<table class='sc-meeting-candidates'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")

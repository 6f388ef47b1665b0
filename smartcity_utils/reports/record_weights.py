"""Who set the Quick Win criteria weights a run used, as the decision record says it: from the
criteria file's `provenance` block when the technical team made it with its AHP forms
(`smartcity weights`: the members by role, their agreement, the team matrix's consistency),
otherwise plainly that the weights are the file's own. And the signature rows that follow from
it: the chair, then one row per member recorded, by role."""

from __future__ import annotations

from smartcity_utils import formatting as fmt
from smartcity_utils.config import CriteriaSet
from smartcity_utils.provenance import MeetingProvenance, WeightsProvenance
from smartcity_utils.strings import text
from smartcity_utils.team_weights.agreement import agreement_band
from smartcity_utils.team_weights.hierarchy import matrix_label
from smartcity_utils.team_weights.layout import ROLES

DEFAULT_MEMBERS = 6  # member rows to sign when no member is recorded
SMALLEST_P = 0.001  # a p-value below it is written "p < 0,001"


def _roles(origin: WeightsProvenance, lang: str) -> str:
    counts = origin.members_by_role
    return ", ".join(f"{text(f'tw.role.{r}', lang)} {fmt.integer(counts[r], lang)}"
                     for r in ROLES if r in counts)


def _p_value(p: float, lang: str) -> str:
    """`p = 0,004`, or `p < 0,001` where three decimals would say 0."""
    if p < SMALLEST_P:
        return f"p < {fmt.number(SMALLEST_P, lang, 3)}"
    return f"p = {fmt.number(p, lang, 3)}"


def _consistency(origin: WeightsProvenance, lang: str) -> list[str]:
    threshold = origin.cr_threshold
    crs = "; ".join(f"{matrix_label(m, lang)} {fmt.number(cr, lang)}"
                    for m, cr in origin.consistency_ratios.items())
    lines = [text("ba.weights_consistency", lang).format(
        crs=crs, threshold=fmt.number(threshold, lang))]
    above = [matrix_label(m, lang) for m, cr in origin.consistency_ratios.items()
             if cr > threshold]
    if above:
        lines.append(text("ba.weights_inconsistent", lang).format(matrices=", ".join(above)))
    # members above the threshold are either left out (then they are the flagged ones) or kept
    if origin.left_out or origin.flagged:
        key = "ba.weights_left_out" if origin.left_out else "ba.weights_flagged"
        count = origin.left_out or origin.flagged
        lines.append(text(fmt.plural_key(key, count, lang), lang).format(
            members=fmt.count(count, "ba.n_members", lang)))
    return lines


def weights_lines(criteria: CriteriaSet, lang: str) -> list[str]:
    """The criteria weights' version and who set them, one sentence a line."""
    origin = criteria.provenance
    if origin is None:
        return [text("ba.weights_file", lang).format(version=criteria.version)]
    if isinstance(origin, MeetingProvenance):
        return [text("ba.weights_meeting", lang).format(
            version=criteria.version, date=fmt.date(origin.date, lang), based_on=origin.based_on)]
    lines = [text("ba.weights_team", lang).format(
        version=criteria.version, date=fmt.date(origin.date, lang),
        members=fmt.count(origin.members, "ba.n_members", lang), roles=_roles(origin, lang))]
    if origin.kendall_w is None:
        lines.append(text("tw.report.no_agreement", lang))
    else:
        lines.append(text("ba.agreement", lang).format(
            w=fmt.number(origin.kendall_w, lang), p=_p_value(origin.kendall_p, lang),
            meaning=text(f"tw.agreement.{agreement_band(origin.kendall_w)}", lang)))
    return lines + _consistency(origin, lang)


def signatories(criteria: CriteriaSet, lang: str) -> list[str]:
    """The roles that sign: the chair, then each member the provenance records, by role (in
    the forms' order of roles), else DEFAULT_MEMBERS members."""
    origin = criteria.provenance
    if not isinstance(origin, WeightsProvenance):
        return [text("ba.chair", lang)] + [text("ba.member", lang)] * DEFAULT_MEMBERS
    members = [text("ba.member_as", lang).format(role=text(f"tw.role.{r}", lang))
               for r in ROLES for _ in range(origin.members_by_role.get(r, 0))]
    return [text("ba.chair", lang), *members]

"""What the team-weights form and its reader agree on: the document properties that identify a
form, the cells of the member's name and role, the columns of a comparison sheet, the scale's
choices and the roles."""

from __future__ import annotations

from smartcity_utils.strings import text
from smartcity_utils.team_weights.ahp import SCALE
from smartcity_utils.team_weights.hierarchy import GROUPS, group_label

FORM_PROPERTY = "smartcity_form"  # document property: what kind of form this is
FORM_KIND = "team_weights"
VERSION_PROPERTY = "smartcity_criteria_version"  # the criteria file version the form asks about
QUESTIONS_PROPERTY = "smartcity_comparisons"  # the fingerprint of the comparisons asked
MEMBER_PROPERTY = "smartcity_member"  # the form's number: one form per member

INSTRUCTIONS_SHEET = "Petunjuk"
SCALE_SHEET = "Skala"
NAME_CELL = (4, 2)  # row, column of the member's name (optional)
ROLE_CELL = (5, 2)  # row, column of the member's role (required)
HEADER_ROW = 3  # a comparison sheet's header row; its questions start below
FIRST_ROW = HEADER_ROW + 1
# a comparison sheet's columns: number, element A, element B, the side chosen, the intensity,
# and (hidden) the comparison's key
NUMBER, ELEMENT_A, ELEMENT_B, SIDE, INTENSITY, KEY = 1, 2, 3, 4, 5, 6

ROLES = ("agency", "academic", "practitioner", "other")  # Tim Teknis members (domain.md)


def role_words(lang: str = "id") -> dict[str, str]:
    """The role as the form's drop-down writes it -> its key."""
    return {text(f"tw.role.{r}", lang): r for r in ROLES}


def scale_words(lang: str = "id") -> dict[str, int]:
    """The intensity as the form's drop-down writes it ("sedikit lebih penting") -> 1..9."""
    return {text(f"tw.scale.{v}", lang): v for v in SCALE}


def sheet_name(matrix: str) -> str:
    """The sheet of one matrix: `Kelompok`, or the group's name (`Dampak`)."""
    return text("tw.sheet_groups", "id") if matrix == GROUPS else group_label(matrix, "id")[:31]


def column_header(column: int, matrix: str) -> str:
    """The header of a comparison sheet's column (Indonesian, as the form shows it)."""
    element = "group" if matrix == GROUPS else "criterion"
    return {NUMBER: text("tw.col.number", "id"),
            ELEMENT_A: text(f"tw.col.{element}_a", "id"),
            ELEMENT_B: text(f"tw.col.{element}_b", "id"),
            SIDE: text("tw.col.side", "id"), INTENSITY: text("tw.col.intensity", "id"),
            KEY: text("tw.col.key", "id")}[column]


def form_name(member: int) -> str:
    """The file name of one member's form."""
    return f"bobot_tim_{member:02d}.xlsx"

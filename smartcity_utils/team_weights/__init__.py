"""Weights from the technical team: the AHP pairwise-comparison form each member fills in, the
forms read back, each member's priorities and consistency, the group's weights and agreement,
and a criteria file version for the Quick Win workbook (docs/team_weights.md)."""

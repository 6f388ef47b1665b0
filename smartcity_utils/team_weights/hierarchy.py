"""What a team-weights form asks, derived from the criteria file: the criteria groups compared
pairwise first, then the criteria within each group of two or more (a group of one criterion
needs no comparison: its criterion takes the group's whole weight)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from smartcity_utils.config import CriteriaSet
from smartcity_utils.errors import SmartCityError
from smartcity_utils.stamps import digest
from smartcity_utils.strings import STRINGS, criterion_label, text
from smartcity_utils.team_weights.ahp import RANDOM_INDEX

GROUPS = "groups"  # the matrix of the criteria groups; the others are named by their group


@dataclass(frozen=True)
class Comparison:
    """One question of the form: element `a` against element `b` of one matrix."""

    matrix: str
    a: str
    b: str

    @property
    def key(self) -> str:
        return f"{self.matrix}:{self.a}|{self.b}"


@dataclass(frozen=True)
class Hierarchy:
    """The criteria in their groups, in the criteria file's order."""

    version: str
    groups: dict[str, tuple[str, ...]]

    @property
    def criteria(self) -> list[str]:
        return [c for members in self.groups.values() for c in members]

    def matrices(self) -> list[str]:
        """The matrices the form asks for: the groups (when two or more), then each group of
        two or more criteria."""
        within = [g for g, members in self.groups.items() if len(members) > 1]
        return ([GROUPS] if len(self.groups) > 1 else []) + within

    def elements(self, matrix: str) -> tuple[str, ...]:
        return tuple(self.groups) if matrix == GROUPS else self.groups[matrix]

    def comparisons(self, matrix: str | None = None) -> list[Comparison]:
        """Every pair asked (of one matrix, or of all in order)."""
        matrices = self.matrices() if matrix is None else [matrix]
        return [Comparison(m, a, b) for m in matrices
                for a, b in combinations(self.elements(m), 2)]

    def fingerprint(self) -> str:
        """A short digest of the questions, stored in the form to recognise it."""
        return digest(*(c.key for c in self.comparisons()))[:12]


def hierarchy(criteria: CriteriaSet) -> Hierarchy:
    """The groups of a criteria file; SmartCityError when a criterion has no group or a matrix
    would be larger than the random index table."""
    groups: dict[str, list[str]] = {}
    for c in criteria.criteria:
        if not c.group:
            raise SmartCityError(f"{criteria.file}: criterion {c.name} has no group; the form "
                                 "compares groups first, so give every criterion a group")
        groups.setdefault(c.group, []).append(c.name)
    largest = max(len(groups), *(len(m) for m in groups.values()))
    if largest > max(RANDOM_INDEX):
        raise SmartCityError(f"{criteria.file}: a comparison of {largest} elements is more than "
                             f"the {max(RANDOM_INDEX)} a form can ask a member to compare")
    return Hierarchy(criteria.version, {g: tuple(m) for g, m in groups.items()})


def element_label(matrix: str, element: str, lang: str = "id") -> str:
    """A group or criterion in the reader's words (the labels the pages use)."""
    return group_label(element, lang) if matrix == GROUPS else criterion_label(element, lang)


def group_label(group: str, lang: str = "id") -> str:
    """A criteria group in the reader's words, capitalised; an unknown group keeps its name."""
    key = f"qw.group_{group}"
    label = text(key, lang) if key in STRINGS else group
    return label[:1].upper() + label[1:]


def matrix_label(matrix: str, lang: str = "id") -> str:
    """What a matrix compares: the groups, or the criteria of one group."""
    if matrix == GROUPS:
        return text("tw.matrix_groups", lang)
    return text("tw.matrix_within", lang).format(group=group_label(matrix, lang))

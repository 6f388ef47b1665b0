"""The criteria weights as the meeting moves them: whole percents that always add up to 100.

Moving one criterion's share gives the difference to the others in proportion to what each
holds above the floor (1%, so that every criterion still counts and the criteria file, whose
weights must be positive, can be written); whole percents by the largest remainder, ties to the
criterion listed first. The same numbers are shown, computed with and saved.
"""

from __future__ import annotations

import math

WHOLE = 100  # percent
FLOOR = 1  # the smallest share a criterion can be given, in percent


def whole_percents(weights: dict[str, float]) -> dict[str, int]:
    """Weights (any positive numbers) as whole percents adding up to 100, each at least FLOOR:
    the largest-remainder rounding of the floor plus the rest in proportion."""
    names = list(weights)
    if len(names) * FLOOR > WHOLE:
        raise ValueError(f"{len(names)} criteria cannot each hold {FLOOR}% of {WHOLE}%")
    total = sum(weights.values())
    if total <= 0:
        return _largest_remainder({n: WHOLE / len(names) for n in names})
    exact = {n: weights[n] / total * WHOLE for n in names}
    percents = _largest_remainder(exact)
    short = {n for n in names if percents[n] < FLOOR}
    if not short:
        return percents
    rest = {n: exact[n] for n in names if n not in short}
    spread = _spread(rest, WHOLE - FLOOR * len(short))
    return {n: FLOOR if n in short else spread[n] for n in names}


def moved(shares: dict[str, float], name: str, value: int) -> dict[str, float]:
    """`shares` (exact percents adding up to 100) with `name` set to `value` (kept within what
    the floor of the others leaves) and the others changed in proportion to what they hold above
    FLOOR. The others stay exact, so that fifteen one-point moves end where one fifteen-point
    move does; `whole_percents` of the result is what is shown, computed with and saved."""
    others = [n for n in shares if n != name]
    if not others:
        return {name: float(WHOLE)}
    value = max(FLOOR, min(int(value), WHOLE - FLOOR * len(others)))
    above = {n: shares[n] - FLOOR for n in others}
    if sum(above.values()) <= 0:
        above = dict.fromkeys(others, 1.0)
    free = WHOLE - value - FLOOR * len(others)
    total = sum(above.values())
    result = {n: FLOOR + above[n] / total * free for n in others}
    result[name] = float(value)
    return {n: result[n] for n in shares}


def _spread(weights: dict[str, float], whole: int) -> dict[str, int]:
    """`whole` units shared among `weights` in proportion (largest remainder)."""
    total = sum(weights.values())
    if total <= 0:
        weights, total = dict.fromkeys(weights, 1.0), float(len(weights))
    return _largest_remainder({n: w / total * whole for n, w in weights.items()})


def _largest_remainder(exact: dict[str, float]) -> dict[str, int]:
    """Whole numbers adding up to round(sum(exact)): each floored, then one more to the largest
    remainders (the first listed among equal ones)."""
    floors = {n: math.floor(v + 1e-9) for n, v in exact.items()}
    left = round(sum(exact.values())) - sum(floors.values())
    order = sorted(exact, key=lambda n: -(exact[n] - floors[n]))  # stable: file order in ties
    for n in order[:max(0, left)]:
        floors[n] += 1
    return floors


def as_shares(percents: dict[str, int]) -> dict[str, float]:
    """Whole percents as shares of 1."""
    return {n: p / WHOLE for n, p in percents.items()}

"""Possible duplicate registrations: two similar innovations that are one innovation entered
twice (a school under two accounts, an agency's innovation entered again by the province's
admin account), not two agencies that could integrate their work.

Two innovations are near-identical when their names (and their descriptions, where both have
one) have nearly the same letters: the Jaccard resemblance of the letter trigrams of their
normalised words run together is at least NEAR_IDENTICAL. Running the words together makes
"SI SUARIN" and "SISUARIN" the same, and case, punctuation and word order barely count. On the
Jawa Timur innovation-index export the seven pairs a person judged to be one innovation entered
twice resemble 0.67-1.00, the genuine pairs ("antar obat" of a hospital and of an eye clinic)
0.13-0.33. Two names that each name their own office or place ("Aduan Warga Pontianak
Selatan" of the Selatan district, "... Barat" of the Barat district) are two innovations, however
alike: a name holding a word of its own agency's name that the other name lacks is never a
duplicate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smartcity_utils.words import words

NEAR_IDENTICAL = 0.6


def letter_trigrams(text: object) -> frozenset[str]:
    """The letter trigrams of a text's normalised words run together ('' for no text)."""
    if pd.isna(text):
        return frozenset()
    letters = "".join(words(text))
    return frozenset(letters[i:i + 3] for i in range(len(letters) - 2))


def resemblance(a: object, b: object) -> float:
    """How nearly two texts are the same (0-1): Jaccard of their letter trigrams."""
    first, second = letter_trigrams(a), letter_trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def near_identical(name_a: object, name_b: object, description_a: object = None,
                   description_b: object = None) -> bool:
    """Same or nearly the same name, and description where both innovations have one."""
    if resemblance(name_a, name_b) < NEAR_IDENTICAL:
        return False
    if letter_trigrams(description_a) and letter_trigrams(description_b):
        return resemblance(description_a, description_b) >= NEAR_IDENTICAL
    return True


def agency_words(agencies: pd.DataFrame | None) -> dict[str, frozenset[str]]:
    """Per agency code, the words of its code, name and short name."""
    if agencies is None:
        return {}
    found = {}
    for row in agencies.to_dict("records"):
        names = [row.get(c) for c in ("agency_code", "agency_name", "short_name")]
        found[row["agency_code"]] = frozenset(w for n in names if pd.notna(n) for w in words(n))
    return found


def names_own_agency(name: object, other_name: object, own_words: frozenset[str]) -> bool:
    """True when `name` holds a word of its own agency's name that `other_name` lacks."""
    return bool((set(words(name)) - set(words(other_name))) & own_words)


def possibly_registered_twice(a: pd.DataFrame, b: pd.DataFrame,
                              agencies: pd.DataFrame | None = None) -> np.ndarray:
    """For rows a[k], b[k] of the registry (innovation_name, agency_code, description): True
    when the two innovations look like one innovation registered twice."""
    own = agency_words(agencies)
    marks = []
    for x, y in zip(a.to_dict("records"), b.to_dict("records"), strict=True):
        name_x, name_y = x["innovation_name"], y["innovation_name"]
        marks.append(near_identical(name_x, name_y, x.get("description"), y.get("description"))
                     and not names_own_agency(name_x, name_y, own.get(x["agency_code"],
                                                                      frozenset()))
                     and not names_own_agency(name_y, name_x, own.get(y["agency_code"],
                                                                      frozenset())))
    return np.array(marks, dtype=bool)

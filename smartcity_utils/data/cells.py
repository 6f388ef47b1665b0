"""A column of cells as its distinct values: each distinct cell is looked at once (parsed,
tested for blank) and the answer spread back to every row with numpy, so that a column of a
national registry costs what its distinct values cost, not its rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype


def distinct_cells(cells) -> tuple[np.ndarray, list[object]]:
    """(codes, values): `values[codes[i]]` is cell i; a missing cell (None, NaN) has code -1.
    Cells of different types stay apart (the number 1 and the text '1' are two values)."""
    array = np.asarray(cells, dtype=object)
    if infer_dtype(array, skipna=True) in ("string", "empty"):
        codes, values = pd.factorize(array)
        return codes, list(values)
    keys = np.empty(len(array), dtype=object)
    keys[:] = [(type(c), c) for c in array]
    codes, values = pd.factorize(keys)
    return codes, [value for _, value in values]


def spread(per_value: list[object] | np.ndarray, codes: np.ndarray, missing: object) -> np.ndarray:
    """The answer for each row from the answer for each distinct value (`missing` for -1)."""
    answers = np.empty(len(per_value) + 1, dtype=object if not isinstance(missing, bool)
                       else bool)
    answers[:-1] = per_value
    answers[-1] = missing
    return answers[codes]  # code -1 takes the last entry

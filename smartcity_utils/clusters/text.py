"""The stop words of one registry for the clustering features: the general ones (`words`) and
the names the registry itself repeats: the city's and regions' names and the agencies' codes and
one-word short names."""

from __future__ import annotations

import pandas as pd

from smartcity_utils.words import general_stop_words, words


def registry_stop_words(agencies: pd.DataFrame | None = None, city: str = "") -> frozenset[str]:
    """Every stop word for one registry: Indonesian function words, the file's filler and URL
    pieces, and the names the registry repeats (city, regions, agency codes and one-word short
    names)."""
    names = [city]
    if agencies is not None:
        names += agencies["region"].dropna().astype(str).tolist()
        names += agencies["agency_code"].dropna().astype(str).tolist()
        short = agencies["short_name"].dropna().astype(str)
        names += [s for s in short if len(words(s)) == 1]
    from_data = {w for name in names for w in words(name)}
    return general_stop_words() | frozenset(from_data)

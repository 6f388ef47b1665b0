"""An agency's name in file names: one distinct, file-name-safe slug per agency code, shared by
the runner that writes the agency reports and the checks that read them."""

from __future__ import annotations

import hashlib

from smartcity_utils.artifacts import slug


def agency_slugs(codes: list[str]) -> dict[str, str]:
    """A distinct, file-name-safe slug per agency code."""
    slugs: dict[str, str] = {}
    for code in codes:
        candidate = slug(code)
        if candidate in slugs.values():
            candidate = f"{candidate}-{hashlib.sha1(code.encode()).hexdigest()[:6]}"
        slugs[code] = candidate
    return slugs

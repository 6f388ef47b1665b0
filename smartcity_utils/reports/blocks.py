"""Pieces of a reader's page that a workbook displays: a `Block` (HTML for the page, plain
text for the notebook's text form) and the synthetic-data banner every page of a sample run
carries."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from smartcity_utils.strings import text


@dataclass
class Block:
    """A piece of page: HTML for the report, the same content as plain text for the notebook's
    text form (what nbval compares and what a terminal shows)."""

    html: str
    plain: str = ""

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.plain


def is_synthetic(data_dir: Path) -> bool:
    """True when the data folder's metadata.json says the data is synthetic."""
    path = Path(data_dir) / "metadata.json"
    try:
        return bool(json.loads(path.read_text(encoding="utf-8")).get("synthetic"))
    except (OSError, ValueError, AttributeError):
        return False


def synthetic_banner(data_dir: Path, lang: str | None = None) -> Block:
    """The warning that the figures are invented, when they are; nothing otherwise."""
    if not is_synthetic(data_dir):
        return Block("", "")
    message = text("as.synthetic", lang)
    return Block(f'<p class="sc-banner" role="note"><strong>{html.escape(message)}</strong></p>',
                 message)

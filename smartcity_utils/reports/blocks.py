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


def run_date(stamp: str | None, lang: str | None = None) -> str:
    """An ISO time stamp as a reader writes a date and time (UTC)."""
    from datetime import datetime

    from babel.dates import format_datetime

    from smartcity_utils.formatting import LOCALES, MISSING
    from smartcity_utils.strings import language

    if not stamp:
        return MISSING
    moment = datetime.fromisoformat(stamp)
    return format_datetime(moment, "d MMMM y, HH:mm", tzinfo=moment.tzinfo,
                           locale=LOCALES[lang or language()]) + " UTC"


def stamp_text(context, lang: str | None = None) -> str:
    """The run's stamp in one line: evaluation year, data folder and its fingerprint, the
    Smart City rulebook's version and when 00 read the data (the run date). Why that rulebook
    is said where the index is shown."""
    from smartcity_utils.stamps import read_stamps

    lang = lang or context.lang
    record = read_stamps(context.out_dir, "00_data_quality") or {}
    return text("ix.stamp_line", lang).format(
        year=context.year, data=context.params["data_dir"], fingerprint=context.stamp.data,
        rulebook=context.weights.version, date=run_date(record.get("written"), lang))


def stamp_line(context, lang: str | None = None) -> Block:
    """The run's stamp as a muted line under a page's title."""
    line = stamp_text(context, lang)
    return Block(f'<p class="sc-muted sc-stamp">{html.escape(line)}</p>', line)

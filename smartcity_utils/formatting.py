"""Numbers as a reader of the report language writes them, on Babel's CLDR locale data.

Indonesian: `2,37`, `Rp 1.250.000`, `1.250 penerima manfaat`, `39%`; English: `2.37`,
`IDR 1,250,000`, `1,250 beneficiaries`, `1 innovation` / `2 innovations` (CLDR plural rules).
Every table, figure label and sentence of a report goes through here; CSV outputs do not (they
keep plain machine-readable numbers). A missing value is `–`, never `NaN` or `<NA>`; so is a
value that is not a finite number (infinity), and a finite one of any size is written out.
"""

from __future__ import annotations

import decimal
import math
import re
import string
from functools import cache, wraps
from numbers import Number

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
)

from smartcity_utils.strings import STRINGS, language, text

LOCALES = {"id": "id_ID", "en": "en_GB"}
MISSING = "–"


def _locale(lang: str | None) -> Locale:
    """The Babel locale of `lang`, by default the bound report language."""
    return _parsed_locale(lang or language())


@cache
def _parsed_locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[lang])


def is_missing(value) -> bool:
    """None, NaN, pandas' NA and NaT: a value the reader should see as a blank."""
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# Digits Babel's decimal arithmetic needs for the largest float (about 1.8e308) with decimals
FLOAT_DIGITS = 340


def _any_float(formatter):
    """A formatter that writes `–` for a missing or non-finite value and any finite value in
    full (Babel rounds in decimal arithmetic, whose default 28 digits a huge float exceeds)."""

    @wraps(formatter)
    def safe(value, *args, **kwargs):
        if is_missing(value) or not math.isfinite(float(value)):
            return MISSING
        with decimal.localcontext(prec=FLOAT_DIGITS):
            return formatter(value, *args, **kwargs)

    return safe


@_any_float
def number(value, lang: str | None = None, decimals: int = 2, signed: bool = False) -> str:
    """A decimal number with `decimals` places: `2,37` (id), `2.37` (en); `+0,12` when signed."""
    places = "0" * decimals
    pattern = "#,##0" + (f".{places}" if decimals else "")
    if signed:
        pattern = f"+{pattern};-{pattern}"
    value = float(value)
    if signed and round(value, decimals) == 0:
        value = 0.0  # no "-0,00"
    return format_decimal(value, format=pattern, locale=_locale(lang))


@_any_float
def gain(value, lang: str | None = None) -> str:
    """A change of an index, signed, with two significant digits and at least two decimals, so
    that a real change never reads `+0,00`: `+0,60`, `+0,013`, `+0,000023` (id); none is `0`."""
    value = float(value)
    if value == 0:
        return number(0, lang, decimals=0)
    digits = 1 - math.floor(math.log10(abs(value)))
    return number(value, lang, decimals=max(2, digits), signed=True)


@_any_float
def integer(value, lang: str | None = None) -> str:
    """A whole number with thousands grouped: `1.250` (id), `1,250` (en)."""
    return format_decimal(round(float(value)), format="#,##0", locale=_locale(lang))


@_any_float
def money(value, lang: str | None = None) -> str:
    """An amount in rupiah: `Rp 1.250.000` (id), `IDR 1,250,000` (en); whole rupiah."""
    # Rp in Indonesian, the ISO code in English
    symbol = "¤" if (lang or language()) == "id" else "¤¤"
    return format_currency(round(float(value)), "IDR", format=f"{symbol}\u00a0#,##0",
                           currency_digits=False, locale=_locale(lang))


@_any_float
def percent(share, lang: str | None = None, decimals: int = 0) -> str:
    """A share (0-1) as a percentage: `39%`, `12,5%` (id) / `12.5%` (en)."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "") + "%"
    return format_percent(float(share), format=pattern, locale=_locale(lang))


SMALLEST_SHARE = 0.001  # 0.1%: a smaller share of a whole is written "< 0,1%"


@_any_float
def share_of_whole(share, lang: str | None = None) -> str:
    """A part of a whole (0-1) a reader never takes for nothing: a decimal under 10% (`4,3%`,
    `0,1%`), `< 0,1%` under 0.1% (never `0%` for a part that is there), whole percents above
    (`40%`); `0%` only for nothing."""
    share = float(share)
    if 0 < share < SMALLEST_SHARE:
        return "< " + format_percent(SMALLEST_SHARE, format="#,##0.0%", locale=_locale(lang))
    pattern = "#,##0.0%" if 0 < share < 0.0995 else "#,##0%"
    return format_percent(share, format=pattern, locale=_locale(lang))


def date(value, lang: str | None = None) -> str:
    """A calendar date in words: `12 Maret 2024` (id), `12 March 2024` (en); missing as `–`."""
    if is_missing(value):
        return MISSING
    return format_date(value, format="d MMMM y", locale=_locale(lang))


def plural_key(key: str, n: int, lang: str) -> str:
    """`key.one` when the language's plural rule says "one" for n and that string exists."""
    form = _locale(lang).plural_form(abs(n))
    return f"{key}.one" if form == "one" and f"{key}.one" in STRINGS else key


def count(n, key: str, lang: str | None = None) -> str:
    """A count with its noun in the right plural: `1 innovation`, `2 innovations`, `2 inovasi`;
    the string `key` (and `key.one`) has an `{n}` placeholder."""
    n = int(n)
    return text(plural_key(key, n, lang), lang).format(n=integer(n, lang))


def cell(value, lang: str | None = None) -> str:
    """Any table value as text: numbers in the language's convention, missing as `–`."""
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return text("fmt.yes" if value else "fmt.no", lang)
    if isinstance(value, Number) and not isinstance(value, bool):
        if float(value).is_integer() and not isinstance(value, float):
            return integer(value, lang)
        return number(value, lang)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return cell(value.item(), lang)
    return str(value)


def _is_number(value) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool) and not is_missing(value)


def column(values, lang: str | None = None) -> list[str]:
    """A table column's values as text, written one way: when any number of the column has a
    fraction, every number gets two decimals (`4,00` beside `3,50`, never `4`); otherwise
    each value as `cell` writes it."""
    fractional = any(_is_number(v) and not float(v).is_integer() for v in values)
    return [number(v, lang) if fractional and _is_number(v) else cell(v, lang) for v in values]


_DECIMALS = re.compile(r"^\.(\d+)([f%])$")


class _SentenceFormatter(string.Formatter):
    """`str.format` with numbers in the report language: `{x:.2f}` gives `2,37` (id) or `2.37`
    (en), `{x:.0%}` gives `39%`, a missing value `–` (never `None` or `nan`); every other field
    as `str.format` writes it."""

    def __init__(self, lang: str | None):
        self.lang = lang

    def format_field(self, value, format_spec):
        if is_missing(value):
            return MISSING
        spec = _DECIMALS.match(format_spec)
        if spec and isinstance(value, Number) and not isinstance(value, bool):
            decimals = int(spec.group(1))
            if spec.group(2) == "%":
                return percent(value, self.lang, decimals)
            return number(value, self.lang, decimals)
        return super().format_field(value, format_spec)


def sentence(template: str, lang: str | None = None, **values) -> str:
    """A report sentence with its `{placeholders}` filled, decimals in the language's
    convention (the templates of strings.yaml write `{index:.2f}`, `{share:.0%}`)."""
    return _SentenceFormatter(lang).format(template, **values)


# ---------------------------------------------------------------- figures (owner: figures)


def tick_decimals(values, most: int = 3) -> int:
    """The fewest decimals (up to `most`) that write every value of `values` exactly: tick
    values 0, 0.5, 1 need one (`0,0  0,5  1,0`), 0, 1000, 2000 none."""
    finite = [float(v) for v in values if not is_missing(v) and math.isfinite(float(v))]
    for decimals in range(most + 1):
        if all(abs(round(v, decimals) - v) <= 1e-9 * max(1.0, abs(v)) for v in finite):
            return decimals
    return most


def number_symbols(lang: str | None = None) -> tuple[str, str]:
    """The decimal mark and the thousands separator of the report language (`,` and `.` in
    Indonesian), for a chart that writes its own numbers (a hover chart's axes and tooltips)."""
    locale = _locale(lang)
    return get_decimal_symbol(locale), get_group_symbol(locale)


def tick_formatter(decimals: int | None = None):
    """A matplotlib tick formatter writing tick values as `number` does in the report language
    (`2,5` / `2.5`, thousands grouped); with `decimals=None` as many decimals as the axis's
    ticks need, the same for every tick of the axis."""
    from matplotlib.ticker import Formatter

    class LanguageTicks(Formatter):
        ticks: list = []

        def set_locs(self, locs):
            self.ticks = list(locs)

        def __call__(self, value, pos=None):
            places = tick_decimals(self.ticks or [value]) if decimals is None else decimals
            return number(value, decimals=places)

    return LanguageTicks()

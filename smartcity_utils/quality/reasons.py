"""A problem's reason in the report language, for page 00.

The loader words its reasons in English, the language of the command line and of
`smartcity validate`; the data-quality page shows them in its own language through the phrase
table of strings.yaml (keys `dq.why.*`: each phrase as the loader writes it and its wording in
each language, `{n}` and `{m}` standing for numbers). Values quoted from the data ('...') are
never translated, and a phrase the table lacks stays as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from smartcity_utils.strings import STRINGS

_QUOTED = re.compile(r"((?<![A-Za-z])'[^']*'(?![A-Za-z]))")  # not an apostrophe: "row's"
_NUMBER = re.compile(r"\\\{([nm])\\\}")  # {n} or {m} in an escaped phrase


@lru_cache(maxsize=2)
def _phrases(lang: str) -> tuple[tuple[re.Pattern, str], ...]:
    """The phrase table as (English pattern, wording in `lang`), longest phrase first so that
    a phrase holding a shorter one is replaced whole."""
    entries = sorted((v for k, v in STRINGS.items() if k.startswith("dq.why.")),
                     key=lambda v: -len(v["en"]))
    return tuple((re.compile(_NUMBER.sub(r"(?P<\1>\\d+)", re.escape(v["en"]))),
                  re.sub(r"\{([nm])\}", r"\\g<\1>", v[lang])) for v in entries)


def reason_text(reason: str, lang: str) -> str:
    """`reason` in the language `lang`, its quoted values as written."""
    if lang == "en":
        return reason
    parts = _QUOTED.split(reason)
    for i in range(0, len(parts), 2):  # the odd parts are quoted values
        for pattern, words in _phrases(lang):
            parts[i] = pattern.sub(words, parts[i])
    return "".join(parts)

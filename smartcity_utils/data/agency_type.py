"""The agency type (dinas, badan, kecamatan, ...) read from an agency's name when the agencies
table has no type column, or leaves the type empty.

Indonesian agency names start with (or contain) the word of their type: "Dinas Kesehatan",
"Badan Perencanaan ...", "Kecamatan Pontianak Kota", "RSUD Sultan Syarif Mohamad Alkadrie",
"PDAM Tirta Khatulistiwa". The first keyword found, in the order below, decides; a name with
none of them is `lainnya`. The keyword written first in the name decides ("Dinas Pemberdayaan
Masyarakat dan Desa" is a dinas, "Sekretariat DPRD" a sekretariat). Inferred types are marked
(`agency_type_inferred`).
"""

from __future__ import annotations

import re

import pandas as pd

from smartcity_utils.vocabulary import fold

# keyword -> type; on the same position the one listed first wins
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("rsud", "rsud"), ("rumah sakit", "rsud"),
    ("pdam", "bumd"), ("perumda", "bumd"), ("perusahaan daerah", "bumd"), ("pd pasar", "bumd"),
    ("pd parkir", "bumd"), ("bumd", "bumd"),
    ("satpol pp", "satuan"), ("satuan polisi", "satuan"),
    ("kelurahan", "kelurahan"), ("desa", "kelurahan"),
    ("kecamatan", "kecamatan"),
    ("inspektorat", "inspektorat"),
    ("dinas", "dinas"),
    ("badan", "badan"),
    ("sekretariat", "sekretariat"), ("setda", "sekretariat"), ("sekretaris", "sekretariat"),
    ("setwan", "sekretariat"), ("bagian", "sekretariat"),
)
_WORD = {key: re.compile(rf"\b{re.escape(key)}\b") for key, _ in _KEYWORDS}
# Short names such as "Diskominfo", "Dinkes", "Bappeda", "Kec. ...", "Kel. ..."
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("kel ", "kelurahan"), ("kec ", "kecamatan"), ("dis", "dinas"), ("din", "dinas"),
    ("bapp", "badan"), ("ba", "badan"),
)


def infer_agency_type(name: object, short_name: object = None) -> str:
    """The agency type a name (or else its short name) says, `lainnya` when it says none."""
    for text in (name, short_name):
        folded = fold(text or "")
        found = [(m.start(), i, kind) for i, (key, kind) in enumerate(_KEYWORDS)
                 if (m := _WORD[key].search(folded))]
        if found:
            return min(found)[2]
    short = fold(short_name or "")
    for prefix, kind in _PREFIXES:
        if short.startswith(prefix):
            return kind
    return "lainnya"


def complete_agencies(typed: pd.DataFrame, present: set[str]) -> None:
    """Fill what an agencies table may leave out, in place: an empty short name is the name,
    an empty type is inferred from the name (and marked in `agency_type_inferred`)."""
    if "short_name" not in present or typed["short_name"].isna().any():
        typed["short_name"] = typed["short_name"].fillna(typed["agency_name"])
    missing = typed["agency_type"].isna()
    inferred = [infer_agency_type(n, s) for n, s in
                zip(typed.loc[missing, "agency_name"], typed.loc[missing, "short_name"],
                    strict=True)]
    typed.loc[missing, "agency_type"] = pd.Series(inferred, index=typed.index[missing],
                                                  dtype="str")
    typed["agency_type_inferred"] = pd.array(missing.to_numpy(), dtype="boolean")

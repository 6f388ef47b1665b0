"""The sample's Indonesian wording (agencies, innovation topics, indicators, evidence), read
from `text.yaml` beside this module; the comments there say what each list is for."""

from __future__ import annotations

from importlib.resources import files

from smartcity_utils.params import load_yaml

_WORDING = load_yaml(files(__package__).joinpath("text.yaml").read_text(encoding="utf-8"))

AGENCY_TEMPLATE: list[tuple[str, str, str, str, str]] = [tuple(a)
                                                         for a in _WORDING["AGENCY_TEMPLATE"]]
REGION_PREFIXES: list[str] = _WORDING["REGION_PREFIXES"]
REGION_BASES: list[str] = _WORDING["REGION_BASES"]
KELURAHAN_PREFIXES: list[str] = _WORDING["KELURAHAN_PREFIXES"]
KELURAHAN_BASES: list[str] = _WORDING["KELURAHAN_BASES"]
KECAMATAN_SUFFIXES: dict[str, str] = _WORDING["KECAMATAN_SUFFIXES"]
KEC: tuple[str, ...] = tuple(_WORDING["KEC"])
KEL: tuple[str, ...] = tuple(_WORDING["KEL"])
GROUPS: dict[str, dict] = _WORDING["GROUPS"]
REAL_PROGRAMMES: list[tuple[str, str, str, str, str]] = [tuple(p)
                                                         for p in _WORDING["REAL_PROGRAMMES"]]
SCOPE_FRAMES: list[str] = _WORDING["SCOPE_FRAMES"]
GENERIC_SENTENCES: list[str] = _WORDING["GENERIC_SENTENCES"]
NAME_SUFFIXES: list[str] = _WORDING["NAME_SUFFIXES"]
INDICATORS: dict[str, list[tuple[str, str]]] = {d: [tuple(i) for i in items]
                                                for d, items in _WORDING["INDICATORS"].items()}
EVIDENCE: dict[str, list[str]] = _WORDING["EVIDENCE"]

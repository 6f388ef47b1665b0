"""A Smart City rulebook: evaluation-dimension weights, the report scale, predicate bands, how
the ministry publishes the index, and the evaluation years the rulebook is known to apply to.

Weights change by year and region (domain.md), so they live in versioned YAML files under
params/rulebooks/ (`smart_city_<version>.yaml`) and are checked here, every problem at once;
an unknown key is refused by name. `config` reads the files and chooses the year's rulebook.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from smartcity_utils.errors import ParamsError
from smartcity_utils.params import LANGUAGES
from smartcity_utils.vocabulary import EVALUATION_DIMENSIONS, normalise


@dataclass(frozen=True)
class Band:
    """A predicate band of the index: its inclusive lower bound and its names."""

    lower: float
    name_id: str
    name_en: str


FRAMEWORK = "smart_city"
ROUNDINGS = ("half_up", "truncate")
RULEBOOK_KEYS = ("framework", "version", "years", "source", "unverified", "weights", "scale",
                 "bands", "published_value", "missing_evidence_score")


@dataclass(frozen=True)
class PublishedValue:
    """How the ministry writes the index: its decimals, and `half_up` or `truncate`."""

    decimals: int
    rounding: str


@dataclass(frozen=True)
class Stage1Weights:
    """A versioned Smart City rulebook: evaluation-dimension weights, report scale, predicate
    bands, the published-value rule, and the years it applies to with how each is known."""

    file: str
    version: str
    source: dict[str, str]  # where the weights come from, per report language (id, en)
    weights: dict[str, float]
    scale: float
    bands: tuple[Band, ...]
    years: dict[int, dict[str, str]]  # evaluation year -> how it is known, per language
    unverified: dict[str, str]  # what no source confirms, per report language
    published_value: PublishedValue
    # the score (report scale) an assessor gives an answer without valid evidence; None: the
    # answer is scored as stated (docs/evaluation.md, "What moves the score": unverified)
    missing_evidence_score: float | None = None

    def band(self, value: float) -> Band | None:
        """The band an index value falls in; None for a missing value."""
        if pd.isna(value):
            return None
        return [b for b in self.bands if value >= b.lower][-1]


def _number(value, what: str, problems: list[str]) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
        problems.append(f"{what} must be a number, got {value!r}")
        return None
    return float(value)


def _read_weights_map(raw, problems: list[str]) -> dict[str, float]:
    if not isinstance(raw, dict):
        problems.append("'weights' must map each evaluation dimension to its weight")
        return {}
    weights: dict[str, float] = {}
    for name, value in raw.items():
        dimension = normalise("evaluation_dimension", name)
        if dimension is None:
            problems.append(f"unknown evaluation dimension {name!r} in 'weights'")
            continue
        number = _number(value, f"weight of {dimension}", problems)
        if number is not None and number <= 0:
            problems.append(f"weight of {dimension} must be positive, got {value!r}")
        elif number is not None:
            weights[dimension] = number
    absent = [d for d in EVALUATION_DIMENSIONS if d not in weights and d not in
              {normalise("evaluation_dimension", k) for k in raw}]
    if absent:
        problems.append(f"'weights' lacks {', '.join(absent)} (needs exactly "
                        f"{', '.join(EVALUATION_DIMENSIONS)})")
    return {d: weights[d] for d in EVALUATION_DIMENSIONS if d in weights}


def _read_bands(raw, scale: float | None, problems: list[str]) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append("'bands' must be a list of {lower, id, en}")
        return ()
    bands = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not {"lower", "id", "en"} <= set(item):
            problems.append(f"band {i} must have 'lower', 'id' and 'en'")
            continue
        lower = _number(item["lower"], f"band {i} 'lower'", problems)
        if lower is not None:
            bands.append(Band(lower, str(item["id"]), str(item["en"])))
    lowers = [b.lower for b in bands]
    if bands and lowers[0] != 0:
        problems.append(f"the first band must start at 0, got {lowers[0]:g}")
    if any(b <= a for a, b in zip(lowers, lowers[1:], strict=False)):
        problems.append("band lower bounds must increase")
    if scale is not None and any(x >= scale for x in lowers):
        problems.append(f"band lower bounds must be below the scale ({scale:g})")
    return tuple(bands)


def parse_weights(data: dict, name: str) -> Stage1Weights:
    """Check the contents of a Smart City rulebook file (`name`); ParamsError names the file
    and every problem. The file itself is read by `config`, with the rest of the configuration."""
    problems = [f"unknown key {key!r} (known: {', '.join(RULEBOOK_KEYS)})"
                for key in data if key not in RULEBOOK_KEYS]
    if data.get("framework") != FRAMEWORK:
        problems.append(f"'framework' must be {FRAMEWORK!r}, got {data.get('framework')!r}")
    weights = _read_weights_map(data.get("weights"), problems)
    scale = _number(data.get("scale"), "'scale'", problems)
    if scale is not None and scale <= 0:
        problems.append(f"'scale' must be positive, got {scale:g}")
        scale = None
    bands = _read_bands(data.get("bands"), scale, problems)
    if not _is_text(data.get("version")):
        problems.append("'version' must be a non-empty text")
    source = _read_texts(data.get("source"), "'source'", problems)
    unverified = _read_texts(data.get("unverified"), "'unverified'", problems)
    years = _read_years(data.get("years"), problems)
    published = _read_published_value(data.get("published_value"), problems)
    missing_evidence = _read_missing_evidence_score(data.get("missing_evidence_score"), scale,
                                                    problems)
    if problems:
        raise ParamsError(f"rulebook {name}: " + "; ".join(problems))
    return Stage1Weights(name, data["version"], source, weights, scale, bands, years,
                         unverified, published, missing_evidence)


def _read_missing_evidence_score(raw, scale: float | None, problems: list[str]) -> float | None:
    """`missing_evidence_score`: empty (scored as stated) or a score in 0..scale."""
    if raw is None:
        return None
    score = _number(raw, "'missing_evidence_score'", problems)
    if score is not None and (score < 0 or (scale is not None and score > scale)):
        problems.append(f"'missing_evidence_score' must lie in 0..scale, got {score:g}")
        return None
    return score


def _is_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _read_texts(raw, what: str, problems: list[str]) -> dict[str, str]:
    """A sentence per report language: `{id: ..., en: ...}`, or one text that is shown as
    written in both."""
    texts = dict.fromkeys(LANGUAGES, raw) if isinstance(raw, str) else raw
    if (not isinstance(texts, dict) or set(texts) - set(LANGUAGES)
            or not all(_is_text(texts.get(lang)) for lang in LANGUAGES)):
        problems.append(f"{what} must be a non-empty text, or one per report language "
                        "({id: ..., en: ...})")
        return {}
    return {lang: " ".join(texts[lang].split()) for lang in LANGUAGES}


def _read_years(raw, problems: list[str]) -> dict[int, dict[str, str]]:
    """The evaluation years the rulebook applies to, each with how it is known (`{}`: none)."""
    if not isinstance(raw, dict):
        problems.append("'years' must map each evaluation year to how it is known "
                        "({2022: {id: ..., en: ...}}), or be {} when no year is known")
        return {}
    years = {}
    for year, how in raw.items():
        if isinstance(year, bool) or not isinstance(year, int):
            problems.append(f"'years': {year!r} is not a year")
            continue
        years[year] = _read_texts(how, f"'years' {year}", problems)
    return dict(sorted(years.items()))


def _read_published_value(raw, problems: list[str]) -> PublishedValue | None:
    """`{decimals: 2, rounding: half_up}`: how the ministry writes the index."""
    if not isinstance(raw, dict) or set(raw) != {"decimals", "rounding"}:
        problems.append("'published_value' must have exactly 'decimals' and 'rounding'")
        return None
    decimals, rounding = raw["decimals"], raw["rounding"]
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
        problems.append(f"'published_value' 'decimals' must be a whole number 0-6, "
                        f"got {decimals!r}")
        return None
    if rounding not in ROUNDINGS:
        problems.append(f"'published_value' 'rounding' must be one of {', '.join(ROUNDINGS)}, "
                        f"got {rounding!r}")
        return None
    return PublishedValue(decimals, rounding)


def weights_table(weights: Stage1Weights) -> pd.DataFrame:
    """The weights of a file as a table: evaluation dimension, weight and share of the total."""
    total = sum(weights.weights.values())
    return pd.DataFrame({
        "evaluation_dimension": list(weights.weights),
        "weight": list(weights.weights.values()),
        "share": [w / total for w in weights.weights.values()],
    })


def bands_table(weights: Stage1Weights) -> pd.DataFrame:
    """The predicate bands: names and the index range each covers on the report scale."""
    uppers = [b.lower for b in weights.bands[1:]] + [weights.scale]
    return pd.DataFrame({
        "band": [b.name_id for b in weights.bands],
        "band_en": [b.name_en for b in weights.bands],
        "lower": [b.lower for b in weights.bands],
        "upper": uppers,
    })

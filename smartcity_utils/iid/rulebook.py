"""An IID rulebook (params/rulebooks/iid_<year>.yaml): indicators and their maxima, the divisor,
the number-of-innovations score, rounding and bands, with sources and what is unverified.
Parsed strictly: an unknown or missing key, or a rule that contradicts itself, is refused with
the file and the key named."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, ValidationError, model_validator

from smartcity_utils.errors import ParamsError
from smartcity_utils.params import read_params_file
from smartcity_utils.paths import project_root

Part = Literal["regional", "innovation"]
REGIONAL_NUMBERS = range(1, 16)  # indicators 1-15: the regional government (SPD)
INNOVATION_NUMBERS = range(16, 36)  # indicators 16-35: each innovation (SID)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    claim: str
    citation: str
    status: Literal["confirmed", "unverified"]


class Label(_Strict):
    id: str
    en: str


class Unverified(_Strict):
    parameter: str
    label: Label  # the part in plain words, shown with every result
    reason: str
    effect: str


class Indicator(_Strict):
    number: int = Field(ge=1, le=35)
    name: str
    variable: str
    part: Part
    max_score: Decimal = Field(gt=0)


class CountScore(_Strict):
    """The score for the number of innovations: `per_innovation` for each counted one, up to
    `counted_up_to` innovations; `counts` says whether rejected ones are counted."""

    per_innovation: Decimal = Field(ge=0)
    counted_up_to: PositiveInt
    counts: Literal["accepted", "reported"]

    @property
    def maximum(self) -> Decimal:
        return self.per_innovation * self.counted_up_to


class Band(_Strict):
    lower: Decimal = Field(ge=0)
    id: str
    en: str

    def name(self, lang: str) -> str:
        return self.id if lang == "id" else self.en


class IIDRulebook(_Strict):
    framework: Literal["iid"]
    year: int = Field(ge=2018)
    version: str
    sources: list[Source] = Field(min_length=1)
    unverified: list[Unverified]
    indicators: list[Indicator]
    published_regional_share: Decimal | None = None
    minimum_divisor: PositiveInt
    innovation_count_score: CountScore
    decimals: int = Field(ge=0, le=4)
    rounding: Literal["half_up", "truncate"]
    bands: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> IIDRulebook:
        numbers = [i.number for i in self.indicators]
        if sorted(numbers) != list(range(1, 36)):
            raise ValueError("indicators must be numbered 1 to 35, each once "
                             f"(got {sorted(numbers)})")
        wrong = [i.number for i in self.indicators
                 if (i.part == "regional") != (i.number in REGIONAL_NUMBERS)]
        if wrong:
            raise ValueError(f"indicators {wrong}: 1-15 are part 'regional', 16-35 'innovation'")
        lowers = [b.lower for b in self.bands]
        if lowers[0] != 0 or lowers != sorted(set(lowers)):
            raise ValueError("bands must start at 0 and their lower bounds increase")
        if self.published_regional_share is not None:
            share = round(self.regional_maximum / self.maximum_total * 100, 1)
            if share != self.published_regional_share:
                raise ValueError(f"the maxima give the regional part {share}% of the maximum "
                                 f"total, not the published {self.published_regional_share}%")
        return self

    def indicator(self, number: int) -> Indicator:
        return next(i for i in self.indicators if i.number == number)

    @property
    def regional_maximum(self) -> Decimal:
        return sum((i.max_score for i in self.indicators if i.part == "regional"), Decimal(0))

    @property
    def innovation_maximum(self) -> Decimal:
        """The highest indicator score of one innovation (the sum of the maxima of 16-35)."""
        return sum((i.max_score for i in self.indicators if i.part == "innovation"), Decimal(0))

    @property
    def maximum_total(self) -> Decimal:
        return self.regional_maximum + self.innovation_maximum \
            + self.innovation_count_score.maximum

    def band(self, published: Decimal) -> Band:
        """The band of an index as published (rounded by the rulebook's rule)."""
        return [b for b in self.bands if published >= b.lower][-1]


def _problems(error: ValidationError, where: str) -> list[str]:
    lines = []
    for item in error.errors():
        key = ".".join(str(p) for p in item["loc"])
        message = "unknown key" if item["type"] == "extra_forbidden" else \
            item["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {key + ': ' if key else ''}{message}")
    return lines


def read_iid_rulebook(path: str | Path | None = None) -> IIDRulebook:
    """An IID rulebook, checked; ParamsError names the file and every problem. Without a path,
    the rulebook of the latest year in params/rulebooks/."""
    path = Path(path) if path else latest_iid_rulebook()
    raw = read_params_file(path)
    try:
        return IIDRulebook.model_validate(raw)
    except ValidationError as error:
        raise ParamsError("; ".join(_problems(error, path.name))) from None


def latest_iid_rulebook() -> Path:
    """params/rulebooks/iid_<year>.yaml of the latest year."""
    folder = project_root() / "params" / "rulebooks"
    found = sorted(folder.glob("iid_*.yaml"), key=lambda p: p.stem)
    if not found:
        raise ParamsError(f"no IID rulebook (iid_<year>.yaml) in {folder}")
    return found[-1]

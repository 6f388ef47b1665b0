"""The plan's reasons in plain words, in the report language: why each programme was chosen,
kept as an alternate or excluded, and what a sub-dimension without a programme lacks."""

from __future__ import annotations

from smartcity_utils.formatting import count, integer, sentence
from smartcity_utils.strings import text, value_label
from smartcity_utils.survey.models import Programme, SubDimensionChoice
from smartcity_utils.survey.rules import SurveyRules


def either(values: list[str], lang: str) -> str:
    labels = [value_label(v, lang) for v in values]
    return f" {text('survey.or', lang)} ".join(labels)


def together(names: list[str], lang: str) -> str:
    """`A, B serta C` (id) / `A, B and C` (en): agency names, which often hold `dan`."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {text('survey.and', lang)} {names[-1]}"


def role(programme: Programme | None, alternate_number: int, lang: str) -> str:
    if programme is None:
        return text("survey.role.none", lang)
    if programme.role == "alternate":
        return text("survey.role.alternate", lang).format(k=alternate_number)
    return text(f"survey.role.{programme.role}", lang)


def _facts(programme: Programme, rules: SurveyRules, lang: str) -> str:
    return ", ".join(count(getattr(programme, key), f"survey.fact.{key}", lang)
                     for key in rules.rank_by)


def _shortfalls(programme: Programme, rules: SurveyRules, lang: str) -> str:
    own = {"tahapan": programme.tahapan, "status": programme.status, "beneficiaries": None}
    return "; ".join(
        text(f"survey.short.{short}", lang).format(
            value=value_label(own[short] or "–", lang),
            allowed=either(rules.eligible.tahapan, lang),
            min=integer(rules.eligible.min_beneficiaries, lang))
        for short in programme.shortfalls)


def reason(programme: Programme, choice: SubDimensionChoice, rules: SurveyRules,
           lang: str) -> str:
    """Why `programme` has its place in `choice`, in one or two sentences."""
    n = choice.eligible
    if programme.role == "excluded":
        return text("survey.why.excluded", lang).format(reason=programme.excluded)
    if programme.pinned is not None:
        out = text("survey.why.pinned", lang).format(reason=programme.pinned)
        if programme.rank is not None:
            out += sentence(text("survey.why.pinned_rank", lang), lang, rank=programme.rank, n=n)
        if programme.shortfalls:
            out += text("survey.why.pinned_short", lang).format(
                what=_shortfalls(programme, rules, lang))
        return out
    key = "survey.why.chosen" if programme.role == "chosen" else "survey.why.alternate"
    return text(key, lang).format(rank=programme.rank, n=integer(n, lang),
                                  facts=_facts(programme, rules, lang))


def missing(choice: SubDimensionChoice, rules: SurveyRules, year: int, lang: str) -> str:
    """What a sub-dimension without a chosen programme lacks."""
    steps = {"no_innovation": "registered", "not_implemented": "registered",
             "not_running": "implemented", "no_beneficiaries": "running",
             "all_excluded": "with_beneficiaries"}
    return text(f"survey.missing.{choice.missing}", lang).format(
        year=year, n=integer(choice.funnel[steps[choice.missing]], lang),
        allowed=either(rules.eligible.tahapan, lang),
        status=either(rules.eligible.exclude_status, lang),
        min=integer(rules.eligible.min_beneficiaries, lang))


def took_part_words(values, lang: str) -> list[str]:
    """Whether each programme's responsible agency said it took part in running the survey:
    yes, no, or not recorded (survey_scores' `took_part`)."""
    return [text(f"sv.took_part.{v if isinstance(v, str) and v else 'unsaid'}", lang)
            for v in values]

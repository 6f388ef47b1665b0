"""index.html and every agency report of a sample run, in both languages, tell the same four
facts of each agency (issue 21): the Stage I index, the rank, the number of missing evidence
items and the quick-win status. Both pages are read as a browser reads them (an HTML parser):
index.html's agency table row against the summary box at the top of the page that row links to.

Every wording is read from strings.yaml through `text(key, lang)`, so a page says something new
in one place: the reader functions below, one per fact and page.
"""

from __future__ import annotations

import re
import string
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from babel.numbers import NumberFormatError, parse_decimal, parse_number
from bs4 import BeautifulSoup

from smartcity_utils.batch.run import run_suite
from smartcity_utils.formatting import LOCALES, number
from smartcity_utils.params import load_params
from smartcity_utils.strings import text

pytestmark = pytest.mark.batch

FACTS = ("index", "rank", "improvement", "evidence", "quick win")
# A fact the page states in words instead of a number, the same word on both pages.
NOT_ASSESSED, NOT_RUN, NO_DATA, NO_CANDIDATES = ("not assessed", "workbook did not run",
                                                "no data", "no candidates")
NO_PREVIOUS = "no previous year"  # nothing is said on the change
AT_LEAST_ASSESSED = 25  # the sample has 32 assessed agencies: fewer means nothing was compared


@pytest.fixture(scope="module", params=["id", "en"])
def sample_run(request, tmp_path_factory):
    """A whole sample run (every agency's report) in one language."""
    out = tmp_path_factory.mktemp(f"agreement-{request.param}")
    params = dict(load_params(), out_dir=str(out), lang=request.param)
    manifest = run_suite(params, agencies="all", workers=2)
    assert [n for n in manifest["notebooks"] if n["status"] != "ok"] == []
    return out, request.param


# ------------------------------------------------------------------ reading words and numbers


def _words(node) -> str:
    return " ".join(node.get_text(" ").split())


def _pattern(template: str, **groups: str) -> str:
    """A strings.yaml template as a regular expression: its literal text escaped, each
    `{field}` a named group (`groups` may give a field its own expression)."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(groups.get(field, rf"(?P<{field}>.+?)"))
    return "".join(parts)


def _match(key: str, shown: str, lang: str, whole: bool = True, **groups: str):
    """`shown` read against the string `key`; None when it is not that string."""
    pattern = _pattern(text(key, lang), **groups)
    return (re.fullmatch if whole else re.match)(pattern, shown)


def _is(key: str, shown: str, lang: str, **values) -> bool:
    return shown == text(key, lang).format(**values)


def _decimal(shown: str, lang: str) -> Decimal:
    return parse_decimal(shown.strip(), locale=LOCALES[lang], strict=True)


def _integer(shown: str, lang: str) -> int:
    return int(parse_number(shown.strip(), locale=LOCALES[lang]))


def _count(shown: str, noun_key: str, lang: str) -> int | None:
    """The number of `2 evidence items` / `1 evidence item` (`fmt.count` with `noun_key`)."""
    for key in (noun_key, f"{noun_key}.one"):
        try:
            found = _match(key, shown, lang)
        except KeyError:  # no singular string in strings.yaml
            continue
        if found:
            return _integer(found["n"], lang)
    return None


def _unreadable(page: str, fact: str, shown: str):
    raise AssertionError(f"{page}: the {fact} reads {shown!r}, which no reader function here "
                         "knows; teach the reader of that fact the new wording")


# ------------------------------------------------------------------ index.html


def index_rows(out: Path, lang: str) -> dict[str, dict[str, str]]:
    """index.html's agency table: each linked agency page (a path under `out`) with its row's
    cells by column header (the row header under the header of the first column)."""
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    wanted = {text(k, lang) for k in ("agency", "idx.stage1_index", "ix.evidence",
                                      "ix.quick_wins")}
    tables = [t for t in soup.find_all("table")
              if wanted <= {_words(th) for th in t.select("thead th")}]
    # one table in two orders (by Stage I index, by name): the same rows in each
    assert len(tables) == 2, f"index.html has {len(tables)} tables headed {sorted(wanted)}"
    orders = []
    for table in tables:
        header = [_words(th) for th in table.select("thead th")]
        rows = {}
        for tr in table.select("tbody tr"):
            cells = tr.find_all(["th", "td"], recursive=False)
            link = cells[0].find("a", href=True)
            assert link is not None, f"index.html: {_words(cells[0])} links to no page"
            rows[link["href"]] = dict(zip(header, map(_words, cells), strict=True))
        orders.append(rows)
    assert orders[0] == orders[1], "index.html's two orders of the agency table differ"
    return orders[1]


def change(shown: str | None, lang: str) -> object:
    """`naik 0,05 dari 3,07 tahun lalu` -> (Decimal('0.05'), Decimal('3.07')), the signed
    improvement and last year's index; nothing said -> no previous year."""
    if not shown:
        return NO_PREVIOUS
    for key, sign in (("as.change_up", 1), ("as.change_down", -1)):
        found = _match(key, shown, lang)
        if found:
            return sign * _decimal(found["change"], lang), _decimal(found["previous"], lang)
    found = _match("as.change_same", shown, lang)
    if found:
        return Decimal(0), _decimal(found["previous"], lang)
    _unreadable("a page", "improvement", shown)


def index_stage1(cell: str, lang: str) -> tuple[object, object, object]:
    """`3,73 (Sangat Baik) · peringkat 1 dari 32 · naik 0,05 dari 3,68 tahun lalu` ->
    (Decimal('3.73'), 1, the improvement); a blank said in words."""
    if _is("ix.blank_not_assessed", cell, lang):
        return NOT_ASSESSED, NOT_ASSESSED, NOT_ASSESSED
    if _is("ix.blank_no_stage1", cell, lang):
        return NOT_RUN, NOT_RUN, NOT_RUN
    found = re.fullmatch(r"(?P<index>\S+) \((?P<band>[^)]+)\) · " + _pattern(
        text("ix.rank", lang), rank=r"(?P<rank>\S+)", of=r"(?P<of>\S+)")
        + r"(?: · (?P<change>.+))?", cell)
    if not found:
        _unreadable("index.html", "Stage I cell", cell)
    return (_decimal(found["index"], lang), _integer(found["rank"], lang),
            change(found["change"], lang))


def index_evidence(cell: str, lang: str) -> object:
    """`2` -> 2; `tidak ada data` -> no data; `belum dinilai` -> not assessed."""
    if _is("ix.blank_not_assessed", cell, lang):
        return NOT_ASSESSED
    if _is("ix.blank_no_stage1", cell, lang):
        return NOT_RUN
    if _is("ix.no_data", cell, lang):
        return NO_DATA
    try:
        return _integer(cell, lang)
    except NumberFormatError:
        _unreadable("index.html", "evidence cell", cell)


def index_quick_win(cell: str, lang: str) -> object:
    """`2` -> 2 chosen; `0 (terbaik: peringkat 86)` -> 0 chosen; a blank said in words."""
    if _is("ix.blank_no_quick_win", cell, lang):
        return NOT_RUN
    if _is("ix.blank_no_candidates", cell, lang):
        return NO_CANDIDATES
    if _match("ix.blank_none_chosen", cell, lang):
        return "0 chosen"
    try:
        return f"{_integer(cell, lang)} chosen"
    except NumberFormatError:
        _unreadable("index.html", "quick-win cell", cell)


def index_facts(row: dict[str, str], lang: str) -> dict[str, object]:
    index, rank, improvement = index_stage1(row[text("idx.stage1_index", lang)], lang)
    return {"index": index, "rank": rank, "improvement": improvement,
            "evidence": index_evidence(row[text("ix.evidence", lang)], lang),
            "quick win": index_quick_win(row[text("ix.quick_wins", lang)], lang)}


# ------------------------------------------------------------------ an agency's page


def summary_box(page: Path) -> dict[str, str]:
    """The terms and values of the page's summary box (`section.sc-summary`)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    boxes = soup.select("section.sc-summary")
    assert len(boxes) == 1, f"{page.name} has {len(boxes)} summary boxes"
    return {_words(dt): _words(dt.find_next_sibling("dd")) for dt in boxes[0].find_all("dt")}


def _not_run(shown: str, part: str, lang: str) -> bool:
    return _is("as.not_run", shown, lang, part=text(part, lang))


def page_stage1(shown: str, lang: str) -> tuple[object, object, object]:
    """`3,72 dari skala 0–4 (Sangat Baik), peringkat 1 dari 32 ...; naik ...` ->
    (Decimal('3.72'), 1, the improvement)."""
    if _is("as.not_assessed_short", shown, lang):
        return NOT_ASSESSED, NOT_ASSESSED, NOT_ASSESSED
    if _not_run(shown, "as.part_stage1", lang):
        return NOT_RUN, NOT_RUN, NOT_RUN
    found = _match("as.index_phrase", shown, lang, whole=False)  # a change may follow
    if not found:
        _unreadable("the agency page", "Stage I index", shown)
    rest = shown[found.end():]
    if rest and not rest.startswith("; "):
        _unreadable("the agency page", "Stage I index", shown)
    return (_decimal(found["index"], lang), _integer(found["rank"], lang),
            change(rest.removeprefix("; "), lang))


def page_evidence(shown: str | None, stage1: object, lang: str) -> object:
    """`2 bukti dukung belum ada` -> 2; every indicator has its evidence -> 0; no line (an
    agency not assessed) -> what the Stage I line says."""
    if shown is None:
        return stage1 if stage1 in (NOT_ASSESSED, NOT_RUN) else "no evidence line"
    if _is("as.evidence_none", shown, lang):
        return 0
    if _is("as.evidence_unknown_short", shown, lang):
        return NO_DATA
    found = _match("as.evidence_missing", shown, lang)
    n = found and _count(found["items"], "as.n_evidence", lang)
    if n is None:
        _unreadable("the agency page", "evidence", shown)
    return n


def page_quick_win(shown: str, lang: str) -> object:
    """The names of the chosen innovations -> n chosen; `belum ada (3 kandidat tidak terpilih,
    ...)` -> 0 chosen; a blank said in words."""
    if _not_run(shown, "as.part_quick_win", lang):
        return NOT_RUN
    if _is("as.no_candidates", shown, lang) or _is("as.no_innovations_quick_win", shown, lang):
        return NO_CANDIDATES
    if _match("as.none_chosen", shown, lang):
        return "0 chosen"
    # The names, joined by ", " (agency_page.summary_box); no sample innovation has a comma.
    return f"{len(shown.split(', '))} chosen"


def page_facts(page: Path, lang: str) -> dict[str, object]:
    box = summary_box(page)
    index, rank, improvement = page_stage1(box[text("as.box_stage1", lang)], lang)
    return {"index": index, "rank": rank, "improvement": improvement,
            "evidence": page_evidence(box.get(text("as.box_evidence", lang)), index, lang),
            "quick win": page_quick_win(box[text("as.box_quick_win", lang)], lang)}


# ------------------------------------------------------------------ the comparison


def _shown(value: object, lang: str) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",") if lang == "id" else f"{value:.2f}"
    return str(value)


def disagreements(out: Path, lang: str) -> tuple[list[str], int]:
    """Every fact on which index.html and an agency's page differ, as one line each, and the
    number of assessed agencies compared."""
    found, assessed = [], 0
    for href, row in index_rows(out, lang).items():
        agency = row[text("agency", lang)]
        page = out / href
        if not page.is_file():
            found.append(f"{agency}: index.html links to {href}, which is not there")
            continue
        mine, theirs = index_facts(row, lang), page_facts(page, lang)
        assessed += isinstance(mine["index"], Decimal)
        for fact in FACTS:
            if mine[fact] != theirs[fact]:
                found.append(f"{agency} ({page.stem}): {fact}: index.html "
                             f"{_shown(mine[fact], lang)}, its page {_shown(theirs[fact], lang)}")
    return found, assessed


def test_index_and_every_agency_page_agree_on_index_rank_evidence_and_quick_wins(sample_run):
    out, lang = sample_run
    found, assessed = disagreements(out, lang)
    assert assessed >= AT_LEAST_ASSESSED, (
        f"only {assessed} assessed agencies compared: the pages were not read")
    per_fact = {fact: sum(f": {fact}: " in line for line in found) for fact in FACTS}
    assert found == [], (
        f"[{lang}] {len(found)} disagreements between index.html and the agency pages "
        f"({', '.join(f'{fact}: {n}' for fact, n in per_fact.items())}; {assessed} assessed "
        "agencies compared):\n" + "\n".join(found))


# ------------------------------------------------------------------ the impact survey (#26)


def _survey_rows(page: Path, header_key: str, lang: str) -> list[dict[str, str]]:
    """The rows of the page's table whose headers include the string `header_key`."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for table in soup.find_all("table"):
        heads = [_words(th) for th in table.select("thead th")]
        if text(header_key, lang) in heads:
            return [dict(zip(heads, (_words(c) for c in tr.find_all(["th", "td"])),
                             strict=True)) for tr in table.select("tbody tr")]
    return []


def test_the_survey_page_and_the_agency_pages_show_the_survey_scores_of_00(sample_run):
    """Each surveyed programme's score, as 04 and its agency's page show it, is the score of
    00's survey_scores.csv; the agency's Impact on its page is 01's, from the survey."""
    out, lang = sample_run
    scores = pd.read_csv(out / "survey" / "survey_scores.csv", dtype={"agency_code": str})
    programmes = scores[scores["scope"] == "programme"]
    survey_page = {r[text("sv.col.innovation_name", lang)]: r for r in
                   _survey_rows(out / "reports" / "04_impact_survey.html", "sv.col.interval",
                                lang)}
    assert len(survey_page) == len(programmes) == 18
    by_agency = pd.read_csv(out / "stage1" / "index_by_agency.csv", dtype={"agency_code": str})
    by_agency = by_agency.set_index("agency_code")
    for agency, mine in programmes.groupby("agency_code"):
        page = {r[text("as.col_programme", lang)]: r for r in _survey_rows(
            out / "reports" / "agencies" / f"{agency}.html", "as.col_survey_score", lang)}
        assert set(page) == set(mine["innovation_name"]), agency
        for name, score in zip(mine["innovation_name"], mine["score"], strict=True):
            shown = number(score, lang)
            assert page[name][text("as.col_survey_score", lang)] == shown, (agency, name)
            assert survey_page[name][text("sv.col.score", lang)] == shown, name
        if not by_agency.loc[agency, "assessed"]:  # no Stage I row: the survey is no index
            assert pd.isna(by_agency.loc[agency, "impact_source"]), agency
            assert pd.isna(by_agency.loc[agency, "index"]), agency
            continue
        assert by_agency.loc[agency, "impact_source"] == "survey"
        assert by_agency.loc[agency, "score_impact"] == pytest.approx(mine["score"].mean())

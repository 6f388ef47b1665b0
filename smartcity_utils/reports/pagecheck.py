"""Checks that read a page as a reader's browser does (Python's HTML parser, not string
matching): no markup shown as text, a header row and a meaningful first column in every
table, the page's language and title, nothing loaded from another host, and none of the
project's own English text on an Indonesian page.

`python -m smartcity_utils.reports.pagecheck OUT_DIR` checks every page of a run and prints one
line per problem (exit 1 when there is any).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from smartcity_utils.schema import TABLES
from smartcity_utils.strings import STRINGS

# Markup a reader should never see as text: a tag (`<h1 id=`, `</th>`, `<style scoped>`) or a
# CSS rule from an escaped style block, or a Python/pandas repr.
TAG_TEXT = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?\s*>|\{[^{}]*:[^{}]*;\s*\}")
REPR_TEXT = re.compile(r"\b(NaN|<NA>|NaT|dtype: \w+|Name: \w+, dtype|object at 0x)")
LOADING = {"script": "src", "img": "src", "iframe": "src", "link": "href", "source": "src",
           "video": "src", "audio": "src", "embed": "src", "object": "data"}
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
INVISIBLE = {"style", "script", "title", "head", "template"}
# The data or loader of a chart drawn in the browser (Vega-Lite, Plotly, Bokeh): a page shows
# the static figure; hover charts are for JupyterLab only (hover.py).
HOVER_CHART = re.compile(r"vnd\.vega|vega-embed|vegaEmbed|vnd\.plotly|Plotly\.newPlot|bokehjs",
                         re.IGNORECASE)


@dataclass
class Table:
    header: list[str] = field(default_factory=list)
    first_column: list[str] = field(default_factory=list)
    rows: int = 0
    header_cells: int = 0


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.title = ""
        self.text: list[str] = []
        self.loads: list[str] = []
        self.scripts = 0
        self.tables: list[Table] = []
        self.images: list[str | None] = []
        self._stack: list[str] = []
        self._row: list[tuple[str, str]] | None = None
        self._cell: list[str] | None = None
        self._cell_tag = ""
        self._in_thead = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "script":
            self.scripts += 1
        source = attrs.get(LOADING.get(tag, ""), None)
        if source and EXTERNAL.match(source):
            self.loads.append(f"<{tag}> {source}")
        if tag == "img":
            self.images.append(attrs.get("alt"))
        if tag == "table":
            self.tables.append(Table())
        elif tag == "thead":
            self._in_thead = True
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell, self._cell_tag = [], tag
        if tag not in ("br", "img", "meta", "link", "hr", "col", "input"):
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append((self._cell_tag, " ".join("".join(self._cell).split())))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            table = self.tables[-1]
            if self._in_thead or (not table.header and all(t == "th" for t, _ in self._row)):
                table.header = [v for _, v in self._row]
                table.header_cells += sum(t == "th" for t, _ in self._row)
            elif self._row:
                table.rows += 1
                table.first_column.append(self._row[0][1])
            self._row = None
        elif tag == "thead":
            self._in_thead = False
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if "title" in self._stack:
            self.title += data
        if not INVISIBLE.intersection(self._stack):
            self.text.append(data)


@dataclass
class PageReading:
    lang: str | None
    title: str
    text: str
    tables: list[Table]
    loads: list[str]
    scripts: int
    images: list[str | None] = field(default_factory=list)


def read_page(page: str) -> PageReading:
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return PageReading(lang=reader.lang, title=" ".join(reader.title.split()),
                       text=" ".join(" ".join(reader.text).split()), tables=reader.tables,
                       loads=reader.loads, scripts=reader.scripts, images=reader.images)


def _row_numbers(values: list[str]) -> bool:
    return len(values) > 1 and values == [str(i) for i in range(len(values))]


@lru_cache(maxsize=1)
def english_phrases() -> tuple[str, ...]:
    """The fixed English parts of the report strings (strings.yaml, reject reasons included),
    at least 20 characters long and not in their Indonesian text: a name both languages share
    is not one; nor is an English header the data contract accepts (a user's file may hold
    it, and pages show headers as written)."""
    headers = {c.header_en for t in TABLES.values() for c in t.columns}
    parts = {part.strip(" ,.;:()") for v in STRINGS.values() if v["en"] != v["id"]
             for part in re.split(r"\{[^}]*\}", v["en"]) if part.strip(" ,.;:()") not in v["id"]}
    return tuple(sorted(p for p in parts if len(p) >= 20 and p not in headers))


def page_problems(page: str, lang: str | None = None) -> list[str]:
    """What a reader would trip over on this page; [] for a good page."""
    reading = read_page(page)
    problems = []
    if reading.lang not in ("id", "en") or (lang and reading.lang != lang):
        problems.append(f"<html lang> is {reading.lang!r}, not the report language {lang!r}")
    if not reading.title or reading.title.lower() in ("notebook", "untitled"):
        problems.append(f"the page has no title of its own ({reading.title!r})")
    for match in list(TAG_TEXT.finditer(reading.text))[:3]:
        problems.append(f"markup shown as text: {match.group(0)[:60]!r}")
    for match in list(REPR_TEXT.finditer(reading.text))[:3]:
        problems.append(f"a program's value shown as text: {match.group(0)!r}")
    for load in reading.loads:
        problems.append(f"loads from another host: {load}")
    if reading.scripts:
        problems.append(f"{reading.scripts} script element(s)")
    hover_chart = HOVER_CHART.search(page)
    if hover_chart:
        problems.append(f"a hover chart's data or loader: {hover_chart.group(0)!r}")
    if reading.lang == "id":
        english = [p for p in english_phrases() if p in reading.text]
        problems += [f"English on an Indonesian page: {p!r}" for p in english[:3]]
    for number, table in enumerate(reading.tables, start=1):
        if not table.header_cells:
            problems.append(f"table {number} has no header row")
        elif not table.header[0].strip() and table.rows:
            problems.append(f"table {number} has a first column without a header")
        if _row_numbers(table.first_column):
            problems.append(f"table {number} starts with row numbers 0, 1, 2...")
    return problems


# The program's words, not the reader's: a file or artifact name, a key written in snake_case
# (a criterion, a column, a parameter), a workbook called by its number, a setting to type.
FILE_NAME = re.compile(r"[\w./-]*\w\.(parquet|ya?ml|csv|xlsx|json|md|ipynb|py)\b", re.IGNORECASE)
CODE_NAME = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
WORKBOOK_NUMBER = re.compile(r"\bworkbook \d\d\b", re.IGNORECASE)
SETTING = re.compile(r"\b\w+ = (True|False)\b|\btop-k\b", re.IGNORECASE)
# nbconvert's words for an image without alt text.
NO_ALT = "No description has been provided for this image"
# Small words every sentence of a language uses and the other language never does: alt text
# in the page's language has one of its own and none of the other's.
LANGUAGE_WORDS = {"id": {"dan", "yang", "dari", "setiap", "dengan", "untuk", "tiap", "atau"},
                  "en": {"the", "and", "of", "each", "every", "with", "for", "or"}}


def jargon_problems(page: str, own_names: frozenset[str] = frozenset()) -> list[str]:
    """File names, code names and workbook numbers a reader meets on the page; `own_names` are
    names the reader gave (their own input files), which a page may cite."""
    text = read_page(page).text
    found = [m.group(0) for pattern in (FILE_NAME, CODE_NAME, WORKBOOK_NUMBER, SETTING)
             for m in pattern.finditer(text)]
    found = [word for word in dict.fromkeys(found) if word not in own_names
             and not any(word in name for name in own_names)]
    return [f"the program's word on the page: {word!r}" for word in found]


def image_problems(page: str, lang: str) -> list[str]:
    """Every image has alt text of its own (not empty, not nbconvert's default, not another
    image's) in the page's language."""
    alts = read_page(page).images
    problems = []
    other = LANGUAGE_WORDS["en" if lang == "id" else "id"]
    for number, alt in enumerate(alts, start=1):
        words = set(re.findall(r"[a-z]+", (alt or "").lower()))
        if not (alt or "").strip() or alt.strip() == NO_ALT:
            problems.append(f"image {number} has no alt text of its own ({alt!r})")
        elif not words & LANGUAGE_WORDS[lang] or words & other:
            problems.append(f"image {number}'s alt text is not in the page's language: {alt!r}")
        elif alts.index(alt) != number - 1:
            problems.append(f"image {number} has the same alt text as image {alts.index(alt) + 1}")
    return problems


def own_file_names(out_dir: Path) -> frozenset[str]:
    """The names of the reader's own data files (a page may name the file a problem is in),
    those of the data folder's subfolders too (the returned workbooks and survey forms), from
    the run's manifest; the configuration files are not the reader's and stay off the pages."""
    import json

    manifest = json.loads((Path(out_dir) / "manifest.json").read_text(encoding="utf-8"))
    data_dir = Path(manifest["params"]["data_dir"]).resolve()
    return frozenset(Path(i["path"]).name for i in manifest["inputs"]
                     if Path(i["path"]).resolve().is_relative_to(data_dir))


def run_pages(out_dir: Path) -> list[Path]:
    """Every HTML page a run wrote: index.html and the reports."""
    out_dir = Path(out_dir)
    return sorted([out_dir / "index.html", *(out_dir / "reports").rglob("*.html")])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0] if args else "outputs")
    bad = 0
    pages = [p for p in run_pages(out_dir) if p.exists()]
    for page in pages:
        for problem in page_problems(page.read_text(encoding="utf-8")):
            bad += 1
            print(f"{page.relative_to(out_dir)}: {problem}")
    print(f"{len(pages)} pages, {bad} problems")
    return 1 if bad or not pages else 0


if __name__ == "__main__":
    sys.exit(main())

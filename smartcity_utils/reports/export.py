"""An executed workbook as a reader's page: markdown, tables and figures rendered, code hidden,
nothing loaded from another host, titled and in the report's language.

Why not nbconvert's own `sanitize_html=True`: its `clean_html` filter passes bleach's
`ALLOWED_TAGS`, which bleach 6 reduced to twelve inline tags (a, b, code, em, li, ul...), plus
div/pre/span/table/tr/td. Every heading, paragraph, `<thead>`, `<th>`, `<img>` and pandas'
`<style>` is therefore escaped into visible text. Data text is escaped where it enters the
page (the package's markdown helpers and the table formatter escape every value), and this
module keeps a second line of defence: the HTML of every markdown cell and output still goes
through bleach, with the structural tags a report needs allowed and every script, event
attribute and foreign URL removed; the page's Content-Security-Policy forbids scripts and any
load from elsewhere.
"""

from __future__ import annotations

import copy
import html
import re
from functools import cache
from pathlib import Path

import bleach
from bleach.css_sanitizer import CSSSanitizer

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "smartcity_page"
# Cells for the analyst in JupyterLab only (e.g. a workbook's developer introduction): not on
# the reader's page.
HIDE_TAG = "smartcity-hide"
# A workbook's explanations come twice, an Indonesian cell tagged `lang-id` and an English one
# tagged `lang-en`: JupyterLab shows both, the page only the report language's.
LANGUAGES = ("id", "en")
# No script at all, images and fonts only from the page itself (data: URIs), inline styles.
CSP = ("default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
       "base-uri 'none'; form-action 'none'")

REPORT_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "kbd", "li", "mark", "nav", "ol", "p", "pre", "s", "section",
    "small", "span", "strong", "style", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
})
_COMMON = {"class", "id", "title", "lang", "dir"}
_CELL = {"colspan", "rowspan", "scope", "headers"}
_IMAGE_DATA = re.compile(r"^data:image/(png|jpeg|gif|svg\+xml);base64,[A-Za-z0-9+/=\s]*$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _safe_href(value: str) -> bool:
    """A relative link, or one to the web or to a mail address; never `javascript:`/`data:`."""
    scheme = _SCHEME.match(value.strip())
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Which attributes survive: layout ones, images only as embedded data, links only
    relative, web or mail (never `javascript:` or `data:`)."""
    if name in _COMMON:
        return True
    if tag in ("th", "td") and name in _CELL:
        return True
    if tag == "td" and name == "data-label":  # a phone card's line label (report.css)
        return True
    if tag == "img":
        if name == "src":
            return bool(_IMAGE_DATA.match(value))
        return name in ("alt", "width", "height")
    if tag == "a" and name == "href":
        return _safe_href(value)
    if tag == "table" and name == "border":
        return True
    return name == "style" and tag in ("div", "span", "td", "th", "p", "img")


@cache
def _cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(tags=REPORT_TAGS, attributes=_allowed_attribute,
                          protocols={"http", "https", "mailto", "data"}, strip=False,
                          strip_comments=True, css_sanitizer=CSSSanitizer())


def clean_report_html(fragment) -> str:
    """A markdown cell's or an output's HTML with only what a report page needs; anything else
    (a `<script>`, an `onerror=`, a `javascript:` link) is escaped or dropped."""
    fragment = fragment.decode() if isinstance(fragment, bytes) else str(fragment)
    return _cleaner().clean(fragment)


@cache
def report_css() -> str:
    """The stylesheet of every page (screen, phone width and A4 print)."""
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


@cache
def _exporter():
    """One exporter per process: building one compiles its Jinja templates again (about 0.2 s,
    as much as a small report's whole export)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME, extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        sanitize_html=True, filters={"clean_html": clean_report_html},
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={HIDE_TAG}, enabled=True), enabled=True)
    return exporter


_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_TAG = re.compile(r"<[^>]*>")


def page_title(nb) -> str:
    """The page's title: the first top-level heading the reader sees (a markdown cell or a
    markdown output), as plain text; "Smart City" when there is none."""
    for cell in nb.cells:
        if HIDE_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        sources = [cell.source] if cell.cell_type == "markdown" else [
            output.get("data", {}).get("text/markdown", "")
            for output in cell.get("outputs", []) if cell.cell_type == "code"]
        for source in sources:
            found = _HEADING.search(source if isinstance(source, str) else "".join(source))
            if found:
                plain = html.unescape(_TAG.sub("", found.group(1))).replace("**", "")
                return " ".join(plain.split())
    return "Smart City"


def page_language(nb, default: str = "id") -> str:
    """The report language the notebook ran with (its `lang` parameter)."""
    parameters = nb.metadata.get("papermill", {}).get("parameters", {})
    lang = parameters.get("lang", default)
    return lang if lang in LANGUAGES else default


# An explanation in the language JupyterLab does not show is folded into a disclosure element
# (reports/lab_language.py); a page opens it again.
FOLDED = re.compile(r'\A<details class="sc-other-language"><summary>[^<]*</summary>\n\n(.*)'
                    r'\n\n</details>\Z', re.S)
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def folded(source: str, lang: str) -> str:
    """A markdown source folded under the name of its language (once)."""
    if FOLDED.match(source):
        return source
    return (f'<details class="sc-other-language"><summary>{LANGUAGE_NAMES[lang]}</summary>'
            f"\n\n{source}\n\n</details>")


def unfolded(source: str) -> str:
    """A markdown source as written (a folded one opened)."""
    match = FOLDED.match(source)
    return match.group(1) if match else source


def language_cells(nb, lang: str):
    """A copy of the notebook without the cells written for the other report language, its own
    language's cells unfolded."""
    other = {f"lang-{code}" for code in LANGUAGES if code != lang}
    page = copy.copy(nb)
    page.cells = []
    for cell in nb.cells:
        if other & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.get("cell_type") == "markdown" and FOLDED.match(cell.source):
            cell = copy.copy(cell)
            cell["source"] = unfolded(cell.source)
        page.cells.append(cell)
    return page


# The output metadata of a workbook that ends early (`workbook.end_without_registry`): the page
# ends with that output, without the headings of the sections that did not run.
ENDS_HERE = "smartcity_ends_here"


def cells_until_the_end(nb):
    """A copy of the notebook without the cells after the one whose output says it ends there."""
    page = copy.copy(nb)
    for i, cell in enumerate(nb.cells):
        if any(o.get("metadata", {}).get(ENDS_HERE) for o in cell.get("outputs", [])):
            page.cells = nb.cells[:i + 1]
            break
    return page


def export_page(nb) -> str:
    """The executed notebook as one standalone page, code hidden, openable offline."""
    nb = cells_until_the_end(language_cells(nb, page_language(nb)))
    exporter = _exporter()
    resources = {"metadata": {"name": page_title(nb)}, "smartcity_csp": CSP,
                 "smartcity_css": report_css()}
    exporter.language_code = page_language(nb)
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body

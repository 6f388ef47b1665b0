"""The data dictionary (the generated part of docs/data.md), rendered from `schema`.

`python -m smartcity_utils.data.schema_doc [docs/data.md]` rewrites the generated part in place;
a test checks the committed file equals `render_data_dictionary()`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from smartcity_utils.schema import TABLES, Column, Table
from smartcity_utils.vocabulary import SUB_DIMENSIONS, VOCABULARIES, canonical_values

MARKER = "<!-- generated below: do not edit by hand -->"

KIND_DOC = {
    "text": "text",
    "code": "code (identifier, trimmed)",
    "year": "year (1900-2100)",
    "count": "whole number >= 0",
    "amount": "amount in rupiah >= 0",
    "number": "decimal number",
    "date": "date (day first)",
    "bool": "yes/no",
    "vocab": "one value of a list",
    "agency": "agency reference",
    "agency_list": "list of agency references",
}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _allowed(column: Column) -> str:
    if column.vocabulary == "sub_dimension":
        return "see *Dimensions and sub-dimensions*"
    if column.vocabulary:
        return ", ".join(f"`{v}`" for v in canonical_values(column.vocabulary))
    if column.kind == "agency":
        return "code, short name or name of a row in the agencies table"
    if column.kind == "agency_list":
        return "agency references separated by `;` (or `,`)"
    return ""


def _column_row(column: Column) -> str:
    cells = [
        f"`{column.name}`", KIND_DOC[column.kind], "yes" if column.required else "no",
        _allowed(column), column.header_id, column.header_en,
        ", ".join(column.aliases), f"`{column.example}`", column.doc,
    ]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def render_table(table: Table) -> str:
    """One table's section: its description, key and one line per column."""
    key = ", ".join(f"`{k}`" for k in table.key)
    lines = [
        f"## {table.title_en} (`{table.name}`): {table.title_id}",
        "",
        table.doc,
        "",
        f"Key (unique per row): {key}.",
        "",
        "| Column | Type | Required | Allowed values | Indonesian header | English header "
        "| Also accepted as header | Example | Notes |",
        "|---|---|---|---|---|---|---|---|---|",
        *(_column_row(c) for c in table.columns),
    ]
    return "\n".join(lines)


def render_dimensions() -> str:
    """The smart-city dimension -> sub-dimension table."""
    lines = [
        "## Dimensions and sub-dimensions",
        "",
        "A row's `sub_dimension` must belong to its `dimension`.",
        "",
        "| Dimension | Sub-dimension | English |",
        "|---|---|---|",
    ]
    for dimension, subs in SUB_DIMENSIONS.items():
        lines += [f"| {dimension} | {sub} | {en} |" for sub, en, _ in subs]
    return "\n".join(lines)


def render_vocabularies() -> str:
    """Every vocabulary's canonical values with the spellings accepted for them."""
    lines = [
        "## Accepted spellings of list values",
        "",
        "Matched ignoring case, accents, punctuation and extra spaces; the clean data always "
        "holds the canonical value.",
        "",
        "| List | Canonical value | Accepted spellings |",
        "|---|---|---|",
    ]
    for name, table in VOCABULARIES.items():
        for value in canonical_values(name):
            spellings = sorted(k for k, v in table.items() if v == value)
            lines.append(f"| {name} | {_cell(value)} | {_cell(', '.join(spellings))} |")
    return "\n".join(lines)


def render_data_dictionary() -> str:
    """The generated part of docs/data.md (everything below the marker line)."""
    parts = [render_table(t) for t in TABLES.values()]
    parts += [render_dimensions(), render_vocabularies()]
    return "\n\n".join(parts) + "\n"


def update_doc(path: str | Path) -> None:
    """Replace everything below the marker line of `path` by the rendered data dictionary."""
    path = Path(path)
    head = path.read_text(encoding="utf-8").split(MARKER)[0]
    path.write_text(head + MARKER + "\n\n" + render_data_dictionary(), encoding="utf-8")


def generated_part(text: str) -> str:
    """The part of a document below the marker line (without the blank line after it)."""
    return text.split(MARKER, 1)[1].removeprefix("\n\n")


if __name__ == "__main__":
    update_doc(sys.argv[1] if len(sys.argv) > 1 else "docs/data.md")

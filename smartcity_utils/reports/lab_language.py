"""One language at a time in JupyterLab: the other language's explanations collapsed.

A workbook explains itself twice, an Indonesian markdown cell tagged `lang-id` and the same
text in English tagged `lang-en` (export.LANGUAGES). JupyterLab collapses a cell whose metadata
says `"jupyter": {"source_hidden": true}`: it shows a thin bar with "…" that opens the cell on a
click. `show_language` sets that on the other language's cells and clears it on the shown
language's, touching nothing else; a notebook's HTML page keeps only the cells of its report
language whatever this says (export.language_cells), and nbval runs only code cells, so neither
depends on it. The committed notebooks show the report language of the golden run (Indonesian
by default); `smartcity lab --lang en` switches them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from smartcity_utils.atomic import write_atomically
from smartcity_utils.reports.export import LANGUAGES

HIDDEN = "source_hidden"


def _language(cell) -> str | None:
    tags = cell.get("metadata", {}).get("tags", [])
    return next((lang for lang in LANGUAGES if f"lang-{lang}" in tags), None)


def show_language(nb: nbformat.NotebookNode, lang: str) -> bool:
    """Collapse the cells written for a language other than `lang` and open those written for
    `lang`; True when anything changed."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: one of {', '.join(LANGUAGES)}")
    changed = False
    for cell in nb.cells:
        written_for = _language(cell)
        if written_for is None:
            continue
        jupyter = cell.metadata.get("jupyter", {})
        hidden = written_for != lang
        if bool(jupyter.get(HIDDEN)) == hidden:
            continue
        if hidden:
            cell.metadata["jupyter"] = {**jupyter, HIDDEN: True}
        else:
            jupyter = {k: v for k, v in jupyter.items() if k != HIDDEN}
            if jupyter:
                cell.metadata["jupyter"] = jupyter
            else:
                cell.metadata.pop("jupyter", None)
        changed = True
    return changed


def shown_language(nb: nbformat.NotebookNode) -> str | None:
    """The language whose cells alone are open; None when both (or neither) are."""
    open_languages = {_language(c) for c in nb.cells
                      if _language(c) and not c.metadata.get("jupyter", {}).get(HIDDEN)}
    return open_languages.pop() if len(open_languages) == 1 else None


def show_language_in(folder: Path, lang: str) -> list[Path]:
    """Show `lang` in every notebook of `folder`; the notebooks rewritten (only those that
    changed, and in them only the cells' metadata)."""
    changed = []
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if show_language(nb, lang):
            write_atomically(path, nbformat.writes(nb) + "\n")
            changed.append(path)
    return changed

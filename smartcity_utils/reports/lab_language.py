"""One language at a time in JupyterLab: the other language's explanations folded.

A workbook explains itself twice, an Indonesian markdown cell tagged `lang-id` and the same
text in English tagged `lang-en` (export.LANGUAGES). `show_language` folds the other
language's text into a disclosure element under the language's name, `<details>` with
"English" or "Bahasa Indonesia" as its summary, which JupyterLab draws as one line "▸ English"
that opens on a click, and unfolds the shown language's, touching nothing else. (Collapsing the
cell through its metadata, `"jupyter": {"source_hidden": true}`, was tried first: JupyterLab
opens a collapsed markdown cell again when it runs, so Run All showed both languages; a folded
text stays folded when run.) A notebook's HTML page keeps only the cells of its report language,
unfolded (export.language_cells), and nbval runs only code cells, so neither depends on it. The
committed notebooks show the report language of the golden run (Indonesian by default);
`smartcity lab --lang en` switches them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from smartcity_utils.atomic import write_atomically
from smartcity_utils.reports.export import FOLDED, LANGUAGES, folded, unfolded

HIDDEN = "source_hidden"  # the metadata key of the first way, removed where it was set


def _language(cell) -> str | None:
    if cell.get("cell_type") != "markdown":
        return None
    tags = cell.get("metadata", {}).get("tags", [])
    return next((lang for lang in LANGUAGES if f"lang-{lang}" in tags), None)


def show_language(nb: nbformat.NotebookNode, lang: str) -> bool:
    """Fold the explanations written for a language other than `lang` and unfold those written
    for `lang`; True when anything changed."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: one of {', '.join(LANGUAGES)}")
    changed = False
    for cell in nb.cells:
        written_for = _language(cell)
        if written_for is None:
            continue
        source = folded(cell.source, written_for) if written_for != lang else unfolded(cell.source)
        jupyter = cell.metadata.get("jupyter", {})
        if source == cell.source and HIDDEN not in jupyter:
            continue
        cell.source = source
        jupyter = {k: v for k, v in jupyter.items() if k != HIDDEN}
        if jupyter:
            cell.metadata["jupyter"] = jupyter
        else:
            cell.metadata.pop("jupyter", None)
        changed = True
    return changed


def shown_language(nb: nbformat.NotebookNode) -> str | None:
    """The language whose explanations alone are unfolded; None when both (or neither) are."""
    open_languages = {_language(c) for c in nb.cells
                      if _language(c) and not FOLDED.match(c.source)}
    return open_languages.pop() if len(open_languages) == 1 else None


def show_language_in(folder: Path, lang: str) -> list[Path]:
    """Show `lang` in every notebook of `folder`; the notebooks rewritten (only those that
    changed, and in them only the explanation cells)."""
    changed = []
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if show_language(nb, lang):
            write_atomically(path, nbformat.writes(nb) + "\n")
            changed.append(path)
    return changed

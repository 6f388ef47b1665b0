"""The agency report in JupyterLab for any agency: a drop-down of the agencies shows the page
again for the one chosen, without editing code.

Each cell of the agency workbook shows one block of the page through `AgencyReport.show`, which
calls the page's own function for the agency shown. Under papermill (`interactive` false) that
is all: the block is the cell's result, as on every report page. Run by hand with
`interactive = True`, each block goes into a live area instead, and the drop-down (the run's
agencies by display name, `names.display_names`) fills every area again for the agency chosen:
the same functions, the same facts (`agency_facts`), no second report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smartcity_utils.reports.agency_facts import AgencyFacts, RunFacts, agency_facts
from smartcity_utils.strings import text


def agency_choices(facts: RunFacts) -> list[tuple[str, str]]:
    """(display name, code) of every agency of the run, by name."""
    return sorted(((facts.names[code], code) for code in facts.agencies["agency_code"]),
                  key=lambda choice: (choice[0].casefold(), choice[1]))


class AgencyReport:
    """The agency page's blocks for the agency shown (`facts`), live in JupyterLab."""

    def __init__(self, run_facts: RunFacts, agency: str, interactive: bool = False):
        self.run_facts = run_facts
        self.interactive = interactive
        self.facts: AgencyFacts = agency_facts(run_facts, agency)
        self._areas: list[tuple[Any, Callable, tuple]] = []

    def show(self, block: Callable, *before):
        """`block(*before, facts)` for the agency shown; with `interactive`, in a live area
        that the drop-down fills again."""
        if not self.interactive:
            return block(*before, self.facts)
        import ipywidgets as widgets

        area = widgets.Output()
        self._areas.append((area, block, before))
        self._fill(area, block, before)
        return area

    def _fill(self, area, block: Callable, before: tuple) -> None:
        from IPython.display import display

        with area:
            area.clear_output(wait=True)
            shown = block(*before, self.facts)
            if shown is not None:
                display(shown)

    def choose(self, agency: str) -> None:
        """Show `agency`'s page in every live area."""
        self.facts = agency_facts(self.run_facts, agency)
        for area, block, before in self._areas:
            self._fill(area, block, before)

    def picker(self):
        """The drop-down of the agencies (interactive); otherwise the sentence that says how to
        get it."""
        from IPython.display import Markdown

        if not self.interactive:
            return Markdown(text("as.picker_static", self.facts.lang))
        import ipywidgets as widgets

        dropdown = widgets.Dropdown(options=agency_choices(self.run_facts),
                                    value=self.facts.code,
                                    description=text("as.picker", self.facts.lang),
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="36em"))
        dropdown.observe(lambda change: self.choose(change["new"]), names="value")
        return dropdown

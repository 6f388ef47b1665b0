"""The meeting's controls (Panel): one slider per criterion in the reader's words, as whole
percent shares that always add up to 100 (equal tracks), the budget, the limit per agency and
the minimum per smart-city dimension; every change recomputes the shortlist (`shortlist_trial`)
and shows it. The same object is served by `smartcity meeting` and shown in 03 in JupyterLab
(docs/meeting.md says why Panel)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import panel as pn
from bokeh.models import PrintfTickFormatter

from smartcity_utils import formatting as fmt
from smartcity_utils.meeting.results import candidates_html, notes_html, summary_html
from smartcity_utils.meeting.save import SavedWeights
from smartcity_utils.quick_win.shares import as_shares, moved, whole_percents
from smartcity_utils.quick_win.trial import RunCandidates, Terms, Trial, shortlist_trial
from smartcity_utils.strings import criterion_label, text

TRACK = 380  # pixels: every weight's track has this length
STYLE = """
.sc-meeting-candidates {border-collapse: collapse; font-size: 13px; width: 100%;
  table-layout: fixed; overflow-wrap: break-word}
.sc-meeting-candidates th, .sc-meeting-candidates td {border-bottom: 1px solid #ddd;
  padding: 3px 6px; text-align: left; vertical-align: top}
.sc-meeting-candidates th:nth-child(1) {width: 9%}
.sc-meeting-candidates th:nth-child(2) {width: 14%}
.sc-meeting-candidates th:nth-child(3) {width: 10%}
.sc-meeting-candidates th:nth-child(4) {width: 11%}
.sc-meeting-candidates th:nth-child(5) {width: 7%}
.sc-meeting-candidates th:nth-child(6) {width: 8%}
.sc-meeting-candidates th:nth-child(7) {width: 13%}
.sc-meeting-candidates th:nth-child(8) {width: 7%}
.sc-meeting-candidates th:nth-child(9) {width: 21%}
.sc-meeting-candidates th {font-size: 12px; overflow-wrap: normal}
.sc-meeting-candidates td:nth-child(7) {white-space: nowrap}
.sc-meeting-candidates tr.sc-chosen td {background: #e6f2e6}
.sc-meeting-summary {font-size: 16px; font-weight: 600}
"""

Save = Callable[[dict[str, int], Terms], SavedWeights]


class MeetingControls:
    """The controls and the results they drive, for one reader (one browser tab or cell)."""

    def __init__(self, run: RunCandidates, terms: Terms, names: dict[str, str], seed: int,
                 save: Save | None = None):
        self.run, self.names, self.seed, self._save = run, names, seed, save
        self.percents = whole_percents(run.shares)  # shown, computed with and saved
        self.shares = {n: float(p) for n, p in self.percents.items()}  # exact, moved
        self.seconds = 0.0  # how long the last recompute took
        self._moving = False
        ticks = PrintfTickFormatter(format="%d%%")
        self.sliders = {
            name: pn.widgets.IntSlider(label=criterion_label(name), start=1, end=100,
                                       value=self.percents[name], step=1, format=ticks,
                                       width=TRACK, sizing_mode="fixed")
            for name in run.criteria.names}
        self.budget = pn.widgets.IntInput(value=round(terms.budget), start=0,
                                          step=50_000_000, width=TRACK)
        self.per_agency = pn.widgets.IntInput(label=text("mt.max_per_agency"),
                                              value=terms.max_per_agency or 0, start=0,
                                              width=TRACK)
        self.per_dimension = pn.widgets.IntInput(label=text("mt.min_per_dimension"),
                                                 value=terms.min_per_dimension or 0, start=0,
                                                 width=TRACK)
        self.summary = pn.pane.HTML("", sizing_mode="stretch_width", stylesheets=[STYLE])
        self.notes = pn.pane.HTML("", sizing_mode="stretch_width")
        self.candidates = pn.pane.HTML("", sizing_mode="stretch_width", stylesheets=[STYLE])
        self.saved = pn.pane.HTML("", width=TRACK)
        for name, slider in self.sliders.items():
            # on release (a drag or a key): one recompute per move, not one per pixel
            slider.param.watch(lambda event, name=name: self._weight_moved(name, event.new),
                               "value_throttled")
        for box in (self.budget, self.per_agency, self.per_dimension):
            box.param.watch(lambda _: self.refresh(), "value")
        self.save_button = pn.widgets.Button(label=text("mt.save"), color="primary",
                                             width=TRACK, disabled=save is None)
        self.save_button.on_click(lambda _: self.save())
        self.trial: Trial | None = None
        self.refresh()

    @property
    def terms(self) -> Terms:
        return Terms(float(self.budget.value), self.per_agency.value or None,
                     self.per_dimension.value or None)

    def _weight_moved(self, name: str, value: int) -> None:
        if self._moving:
            return
        self.shares = moved(self.shares, name, value)
        self.percents = whole_percents(self.shares)
        self._moving = True
        try:
            for other, slider in self.sliders.items():
                slider.value = self.percents[other]
        finally:
            self._moving = False
        self.refresh()

    def refresh(self) -> None:
        """Recompute the shortlist under the controls' values and show it."""
        start = time.perf_counter()
        # the box holds plain digits; its label reads the amount as the pages write money
        self.budget.label = text("mt.budget").format(amount=fmt.money(self.terms.budget))
        self.trial = shortlist_trial(self.run, as_shares(self.percents), self.terms, self.seed)
        self.summary.object = summary_html(self.trial)
        self.notes.object = notes_html(self.trial)
        self.candidates.object = candidates_html(self.trial, self.run, self.names)
        self.seconds = time.perf_counter() - start

    def save(self) -> SavedWeights | None:
        """Write the weights and limits as a new criteria file version; say where."""
        if self._save is None:
            return None
        written = self._save(dict(self.percents), self.terms)
        self.saved.object = "<p class='sc-meeting-saved'>" + text("mt.saved").format(
            version=written.version, path=written.path.as_posix(),
            budget=fmt.money(self.terms.budget)) + "</p>"
        return written

    def layout(self, title: str = "", beside: bool = True) -> pn.viewable.Viewable:
        """The controls beside the results (a page), or above them (a notebook's column)."""
        controls = pn.Column(
            pn.pane.HTML(f"<h3>{text('mt.weights')}</h3><p>{text('mt.weights_help')}</p>",
                         width=TRACK),
            *self.sliders.values(),
            pn.pane.HTML(f"<h3>{text('mt.terms')}</h3><p>{text('mt.terms_help')}</p>",
                         width=TRACK),
            self.budget, self.per_agency, self.per_dimension,
            *([self.save_button, self.saved] if self._save is not None else []),
            width=TRACK + 30)
        results = pn.Column(self.summary, self.notes, self.candidates,
                            sizing_mode="stretch_width")
        head = [pn.pane.HTML(f"<h1>{title}</h1><p>{text('mt.intro')}</p>",
                             sizing_mode="stretch_width")] if title else []
        body = (pn.Row(controls, results, sizing_mode="stretch_width") if beside
                else pn.Column(controls, results, sizing_mode="stretch_width"))
        return pn.Column(*head, body, sizing_mode="stretch_width")


def today() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def save_to(source: Path, based_on: str, folder: Path) -> Save:
    """The save action of a run: a new version of `source` in `folder`."""
    from smartcity_utils.meeting.save import save_meeting_weights

    return lambda percents, terms: save_meeting_weights(source, based_on, percents, terms,
                                                        folder, today())

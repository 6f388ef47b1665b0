"""`smartcity meeting`: the meeting view of a finished run, served on this machine only.

Reads what the run's 03 wrote (every candidate with its criterion values) and the run's
parameters (criteria file, budget, seed); each browser tab gets its own controls."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from smartcity_utils.context import RunContext, criteria_file, finished_run
from smartcity_utils.errors import SmartCityError
from smartcity_utils.names import display_names
from smartcity_utils.quick_win.trial import RunCandidates, Terms, run_candidates
from smartcity_utils.strings import text, use_language


@dataclass(frozen=True)
class MeetingRun:
    """A finished run as the meeting needs it."""

    candidates: RunCandidates
    terms: Terms
    names: dict[str, str]
    seed: int
    criteria_file: Path
    version: str
    title: str


def meeting_run(context: RunContext) -> MeetingRun:
    """The finished run of `context`: 03's candidates and values, the run's terms."""
    if context.criteria is None:
        raise SmartCityError("the run parameters name no Quick Win criteria file, so workbook "
                             "03 made no shortlist to discuss")
    run = context.run
    return MeetingRun(
        candidates=run_candidates(run.read_table("quick_win_ranking"), context.criteria),
        terms=Terms.of(context.criteria, context.budget),
        names=display_names(run.clean_data().agencies), seed=int(context.params["seed"]),
        criteria_file=criteria_file(context.params), version=context.criteria.version,
        title=text("mt.title").format(city=context.city, year=context.year))


def meeting_view(meeting: MeetingRun, save_folder: Path | None = None, page: bool = True):
    """The page of one browser tab (title, controls beside the results), or with `page`
    False the controls above the results, for a notebook's narrower column."""
    from smartcity_utils.meeting.controls import MeetingControls, save_to

    folder = save_folder or meeting.criteria_file.parent
    controls = MeetingControls(meeting.candidates, meeting.terms, meeting.names, meeting.seed,
                               save_to(meeting.criteria_file, meeting.version, folder))
    return controls.layout(meeting.title if page else "", beside=page)


def serve_meeting(out_dir: str | Path, port: int, lang: str | None = None,
                  save_folder: str | Path | None = None, show: bool = False) -> int:
    """Serve the meeting view of the run in `out_dir` on localhost:`port` until stopped."""
    import panel as pn

    context = finished_run(out_dir)
    use_language(lang or context.lang)
    meeting = meeting_run(context)
    pn.extension(inline=True)
    print(text("mt.serving").format(url=f"http://localhost:{port}/"), flush=True)
    folder = Path(save_folder) if save_folder else None
    pn.serve(lambda: meeting_view(meeting, folder), port=port, address="127.0.0.1",
             show=show, title=meeting.title, websocket_origin=[f"localhost:{port}",
                                                               f"127.0.0.1:{port}"])
    return 0


def workbook_controls(context: RunContext):
    """The meeting's controls inside workbook 03 in JupyterLab, over what 03 has just written
    (the same controls `smartcity meeting` serves)."""
    import panel as pn

    pn.extension(inline=True)  # BokehJS from the package, not a CDN: works offline
    return meeting_view(meeting_run(context), page=False)

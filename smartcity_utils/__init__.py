"""Smart-city workbook suite: load, validate and analyse a city's smart-city evaluation data.

The public API for notebooks and scripts is small; everything else lives in the subpackage of
its room (data, collection, suggest, quality, stage1, clusters, quick_win, reports, batch,
sample):

    from smartcity_utils import start_workbook, open_run
    wb = start_workbook(globals())          # the run context: parameters and configuration
    data = wb.run.clean_data()              # the clean tables workbook 00 wrote
    ranking = wb.run["quick_win_ranking"]   # any artifact, typed and stamp-checked

    run = open_run("outputs")               # a finished run, from anywhere in the project

Names are imported on first use, so `import smartcity_utils` stays cheap.
"""

from importlib import import_module

__version__ = "0.1.0"

_API = {
    "start_workbook": "smartcity_utils.workbook",
    "open_run": "smartcity_utils.context",
    "run_context": "smartcity_utils.context",
    "ARTIFACTS": "smartcity_utils.artifacts",
    "load_dataset": "smartcity_utils.data.load",
    "load_params": "smartcity_utils.params",
    "run_suite": "smartcity_utils.batch.run",
    "SmartCityError": "smartcity_utils.errors",
}
__all__ = [*_API, "__version__"]


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'smartcity_utils' has no attribute {name!r}")

"""Runs inside a warm kernel (stdlib only): what a fresh kernel has, restored between reports.

`snapshot()` runs once, right after the kernel started and before any notebook code; `reset()`
runs after each report and leaves the kernel as the next report would find a fresh one: an empty
namespace with the execution counter at 1, the warning filters and their once-only registries,
the working folder, `sys.path` and the environment of the start. Imported modules stay loaded
(that is the point: the next report's imports cost nothing); the workbook's own set-up cell
(`start_workbook`) sets the language, seeds and display options again as its first act.
"""

from __future__ import annotations

import gc
import os
import sys
import warnings

_START: dict = {}


def snapshot() -> None:
    _START.update(filters=list(warnings.filters), cwd=os.getcwd(), path=list(sys.path),
                  environ=dict(os.environ))


def reset() -> None:
    shell = get_ipython()  # noqa: F821 - defined in every IPython kernel
    shell.reset(new_session=True)  # namespace, Out/_ caches, execution_count = 1
    warnings.filters[:] = _START["filters"]
    warnings._filters_mutated()  # forget which warnings were already shown once
    os.chdir(_START["cwd"])
    sys.path[:] = _START["path"]
    os.environ.clear()
    os.environ.update(_START["environ"])
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    gc.collect()

"""A data folder as one registry: its table files (`load`) and the workbooks agencies returned
in its `returned/` subfolder (`returned`), read and checked together.

This is the one place where the two meet; `smartcity validate`, `smartcity run` (through the
data-quality workbook) and `smartcity template` read a folder through it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from smartcity_utils.collection.layout import RETURNED_FOLDER
from smartcity_utils.collection.returned import read_returned, returned_files
from smartcity_utils.data.load import Dataset, Problem, load_dataset, validate_dataset
from smartcity_utils.data.suggested import suggested_marks
from smartcity_utils.data.validate import problems_frame


def _missing_table(problem: Problem, supplied: set[str]) -> bool:
    """A directory-level 'no <table> table found' problem for a table the workbooks supply."""
    return (problem.row is None and problem.table in supplied
            and problem.reason.startswith(f"no {problem.table} table found"))


def load_registry(data_dir: str | Path, year: int | None = None) -> Dataset:
    """`load_dataset` (`year`: the run's evaluation year, for a registry that states none),
    plus the rows and problems of the folder's returned workbooks; in a folder `smartcity
    suggest` wrote, each row's suggested fields in a `suggested` column."""
    dataset = _with_suggestion_marks(load_dataset(data_dir, year), data_dir)
    if not returned_files(data_dir):
        return dataset
    returned = read_returned(data_dir, dataset.agencies)
    frames = {table: pd.concat([dataset.table(table), *parts], ignore_index=True)
              for table, parts in returned.frames.items() if table != "agencies"}
    problems = [p for p in dataset.problems if not _missing_table(p, returned.tables)]
    problems += returned.problems
    rejects = problems_frame(problems)[list(dataset.rejects.columns)]
    return replace(dataset, **frames, problems=problems, rejects=rejects)


def _with_suggestion_marks(dataset: Dataset, data_dir: str | Path) -> Dataset:
    """The clean rows with the fields suggested in them ('' for none), read only when the
    folder's metadata says `suggest` wrote it."""
    if "suggested" not in dataset.metadata:
        return dataset
    marks = suggested_marks(data_dir)
    frames = {}
    for table in ("agencies", "innovations", "assessment"):
        frame = dataset.table(table)
        frames[table] = frame.assign(suggested=[
            marks.get((file, row), "") for file, row
            in zip(frame["source_file"], frame["source_row"], strict=True)])
    return replace(dataset, **frames)


def validate_registry(paths: list[str]) -> Dataset:
    """`validate_dataset` (the paths read as a run reads them), plus the problems of the
    returned workbooks of every folder given. Their files are named as the table files are:
    inside the data folder when it is the one path given, else under the folder as given."""
    dataset = validate_dataset(paths)
    for raw in paths:
        folder = Path(raw)
        if folder.is_dir() and returned_files(folder):
            label = RETURNED_FOLDER if len(paths) == 1 else (folder / RETURNED_FOLDER).as_posix()
            returned = read_returned(folder, load_dataset(folder).agencies, label)
            dataset.problems = [p for p in dataset.problems
                                if not _missing_table(p, returned.tables)] + returned.problems
    return dataset

"""The clean typed data a run hands from 00_data_quality to the workbooks after it.

00 writes `<out>/data/<table>.parquet` and `<out>/tables/rejects.csv`; every later workbook reads
them back with `read_clean_data`, never another notebook's memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from smartcity_utils.errors import DataError

TABLE_NAMES = ("agencies", "innovations", "assessment")


@dataclass(frozen=True)
class CleanData:
    agencies: pd.DataFrame
    innovations: pd.DataFrame
    assessment: pd.DataFrame


def write_clean_data(frames: dict[str, pd.DataFrame], rejects: pd.DataFrame,
                     out_dir: Path) -> list[Path]:
    """Write each clean table as parquet and the rejects as CSV; return the paths written."""
    data_dir = out_dir / "data"
    tables_dir = out_dir / "tables"
    data_dir.mkdir(parents=True, exist_ok=True)
    tables_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TABLE_NAMES:
        path = data_dir / f"{name}.parquet"
        frames[name].to_parquet(path, index=False)
        written.append(path)
    path = tables_dir / "rejects.csv"
    rejects.to_csv(path, index=False)
    written.append(path)
    return written


def read_clean_data(out_dir: Path) -> CleanData:
    """The clean tables written by 00_data_quality; DataError says to run 00 first if missing."""
    frames = {}
    for name in TABLE_NAMES:
        path = out_dir / "data" / f"{name}.parquet"
        if not path.exists():
            raise DataError(
                f"{path.name} not found in the run's data folder: run 00_data_quality first"
            )
        frames[name] = pd.read_parquet(path)
    return CleanData(**frames)

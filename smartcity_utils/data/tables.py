"""One table read from one or more sheets: its clean rows, rejected rows and problems, and
putting the parts of a table together (a key repeated in another file is rejected there)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from smartcity_utils.data.cross_checks import code_key, lookalike_reason
from smartcity_utils.data.validate import Problem, empty_frame
from smartcity_utils.schema import TABLES
from smartcity_utils.vocabulary import fold


@dataclass
class TableResult:
    """A table as read: the clean rows, the rejected rows and the problems."""

    table: str | None
    file: str
    frame: pd.DataFrame
    rejects: pd.DataFrame
    problems: list[Problem]
    ignored_columns: list[str] = field(default_factory=list)
    # agencies table only: the code, short name and name of each rejected row (folded) -> where
    # that row is ("agencies.csv:5"), so that a reference to it is not called unknown
    rejected_agencies: dict[str, str] = field(default_factory=dict)
    sheets: list[str] = field(default_factory=list)
    rows_read: int = 0
    files: list[str] = field(default_factory=list)
    innovation_ids: set[str] = field(default_factory=set)  # innovations: every id read

    @property
    def rejected(self) -> int:
        return int(self.rejects["row"].notna().sum()) if len(self.rejects) else 0


def failed_result(file: str, table: str | None, problems: list[Problem]) -> TableResult:
    """The result for a file that could not be used at all."""
    frame = empty_frame(table) if table else pd.DataFrame()
    return TableResult(table, file, frame, pd.DataFrame(columns=["file", "row", "reason"]),
                       problems, files=[file])


def combine(table: str, results: list[TableResult],
            problems: list[Problem] | None = None) -> TableResult:
    """The parts of one table as one result; a row repeating the key of a row in an earlier
    part is moved to the rejects."""
    first = results[0]
    frames = [r.frame for r in results]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else first.frame
    rejects = pd.concat([r.rejects for r in results], ignore_index=True) \
        if len(results) > 1 else first.rejects
    result = TableResult(
        table, first.file, frame, rejects,
        list(problems or []) + [p for r in results for p in r.problems],
        ignored_columns=list(dict.fromkeys(c for r in results for c in r.ignored_columns)),
        rejected_agencies={k: v for r in results for k, v in r.rejected_agencies.items()},
        sheets=[s for r in results for s in r.sheets],
        rows_read=sum(r.rows_read for r in results),
        files=list(dict.fromkeys(f for r in results for f in (r.files or [r.file]))),
        innovation_ids=set().union(*(r.innovation_ids for r in results)),
    )
    if len(results) > 1:
        _reject_repeated_keys(result)
        if table == "agencies":
            _reject_lookalike_codes(result)
    return result


def _reject_lookalike_codes(result: TableResult) -> None:
    """Agency codes of different parts that differ only in case, spaces or punctuation: each
    row is rejected, naming the other (within one part, validation rejects them), and the
    rows that refer to them wait for the codes to be fixed."""
    frame = result.frame
    alike = frame["agency_code"].map(code_key).duplicated(keep=False)
    if not alike.any():
        return
    where = {i: f"{frame.at[i, 'source_file']}:{frame.at[i, 'source_row']}"
             for i in frame.index[alike]}
    keys = frame.loc[alike, "agency_code"].map(code_key)
    moved = []
    for i, key in keys.items():
        code = frame.at[i, "agency_code"]
        others = ", ".join(f"{frame.at[j, 'agency_code']!r} ({where[j]})"
                           for j in keys.index[keys == key] if j != i)
        reason = lookalike_reason(code, others)
        result.problems.append(Problem(file=frame.at[i, "source_file"],
                                       row=int(frame.at[i, "source_row"]), column="agency_code",
                                       value=code, reason=reason, table=result.table))
        moved.append({"file": frame.at[i, "source_file"], "row": int(frame.at[i, "source_row"]),
                      "reason": reason, "agency_code": code})
        for column in ("agency_code", "short_name", "agency_name"):
            if not pd.isna(frame.at[i, column]):
                result.rejected_agencies.setdefault(fold(frame.at[i, column]), where[i])
    result.frame = frame[~alike].reset_index(drop=True)
    result.rejects = pd.concat([result.rejects, pd.DataFrame(moved)], ignore_index=True)
    result.rejects["row"] = result.rejects["row"].astype("Int64")


def _reject_repeated_keys(result: TableResult) -> None:
    """Keys repeated across parts: the later row is rejected, naming the earlier one."""
    key = list(TABLES[result.table].key)
    frame = result.frame
    repeated = frame.duplicated(subset=key, keep="first")
    if not repeated.any():
        return
    def key_of(row) -> tuple:
        return tuple(None if pd.isna(row[k]) else row[k] for k in key)

    firsts = {key_of(row): f"{row['source_file']}:{row['source_row']}"
              for _, row in frame[~repeated].iterrows()}
    moved = []
    for i in frame.index[repeated]:
        row = frame.loc[i]
        where = firsts[key_of(row)]
        values = ", ".join(str(row[k]) for k in key if not pd.isna(row[k]))
        reason = f"duplicate id: ({values}) already in {where}"
        result.problems.append(Problem(file=row["source_file"], row=int(row["source_row"]),
                                       column=key[0], value=str(row[key[0]]), reason=reason,
                                       table=result.table))
        moved.append({"file": row["source_file"], "row": int(row["source_row"]),
                      "reason": reason, **{c: row[c] for c in key}})
    result.frame = frame[~repeated].reset_index(drop=True)
    result.rejects = pd.concat([result.rejects, pd.DataFrame(moved)], ignore_index=True)
    result.rejects["row"] = result.rejects["row"].astype("Int64")

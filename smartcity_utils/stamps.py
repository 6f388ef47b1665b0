"""Run stamps: what produced a file one workbook writes for another.

Every artifact is recorded, with its sha256, in its workbook's stamp file
(`<out>/stamps/<workbook>.json`) together with the run stamp it was made under: the evaluation
year, the city, a fingerprint of the input data and the versions of the configuration files
that workbook depends on. A reader compares the recorded stamp with its own run's and refuses a
file of another year, data set or configuration with one sentence naming the workbook to rerun,
so that results of two runs never mix without a word.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from smartcity_utils.atomic import write_atomically
from smartcity_utils.errors import ArtifactError

STAMPS_FOLDER = "stamps"

# What each workbook's outputs depend on: its own inputs and those of the workbooks it reads.
# A key left out is not compared (01's index does not change with the cluster settings).
WRITER_KEYS = {
    "00_data_quality": ("data", "survey"),
    "01_stage1_evaluation": ("year", "city", "data", "survey", "weights", "readiness"),
    "02_innovation_clusters": ("year", "city", "data", "clusters"),
    "03_quick_win_priority": ("year", "city", "data", "survey", "weights", "clusters",
                              "criteria", "budget"),
}

# How a difference is said: the key's name in a sentence and the parameter to change.
_KEY_WORDS = {"year": "evaluation year", "city": "city", "data": "input data",
              "weights": "Smart City rulebook", "clusters": "cluster settings",
              "criteria": "Quick Win criteria file", "budget": "Quick Win budget",
              "survey": "impact survey questionnaire", "readiness": "Stage II readiness file"}


@dataclass(frozen=True)
class RunStamp:
    """What a run's outputs depend on. `data`, `weights`, `criteria`, `clusters`, `survey`
    (the impact survey's questionnaire) and `readiness` (the Stage II readiness thresholds) are
    fingerprints (a file name or folder with the first 12 hex digits of a sha256)."""

    year: int
    city: str
    data: str
    weights: str
    clusters: str
    criteria: str
    budget: float
    survey: str = ""
    readiness: str = ""

    def for_writer(self, writer: str) -> dict:
        keys = WRITER_KEYS.get(writer, tuple(asdict(self)))
        return {k: v for k, v in asdict(self).items() if k in keys}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def file_version(path: Path, version: str = "") -> str:
    """A configuration file as `name version #sha`: a changed file is a new version even
    when its `version` key was not changed."""
    label = f"{path.name} {version}".strip()
    return f"{label} #{sha256_file(path)[:12]}"


# ------------------------------------------------------------------ the stamp files


def stamp_file(out_dir: Path, writer: str) -> Path:
    return Path(out_dir) / STAMPS_FOLDER / f"{writer}.json"


def read_stamps(out_dir: Path, writer: str) -> dict | None:
    """A workbook's stamp record ({"stamp", "written", "files"}), or None when it has none."""
    path = stamp_file(out_dir, writer)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        raise ArtifactError(f"{path.relative_to(out_dir).as_posix()} cannot be read: "
                            f"rerun {writer}") from None


def record_file(out_dir: Path, writer: str, stamp: RunStamp, path: Path) -> None:
    """Record `path` (just written by `writer`) with its sha256 under the run's stamp. A record
    made under another stamp is started afresh: its files belong to another run."""
    wanted = stamp.for_writer(writer)
    record = read_stamps(out_dir, writer)
    if record is None or record.get("stamp") != wanted:
        record = {"stamp": wanted, "written": None, "files": {}}
    record["written"] = datetime.now(UTC).isoformat(timespec="seconds")
    record["files"][Path(path).relative_to(out_dir).as_posix()] = sha256_file(path)
    write_atomically(stamp_file(out_dir, writer), json.dumps(record, indent=1, sort_keys=True))


def _difference(recorded: dict, expected: dict) -> tuple[str, object, object] | None:
    for key, value in recorded.items():
        if key in expected and expected[key] != value:
            return key, value, expected[key]
    return None


def check_file(out_dir: Path, writer: str, path: Path, expected: dict | None) -> dict:
    """The stamp `path` was written under; ArtifactError with one sentence when it has none,
    was changed since, or belongs to another run than `expected` (a RunStamp's fields)."""
    relative = Path(path).relative_to(out_dir).as_posix()
    record = read_stamps(out_dir, writer)
    if record is None or relative not in record.get("files", {}):
        raise ArtifactError(f"{relative} has no run stamp (it was not written by this run of "
                            f"{writer}, or by an older version): rerun {writer}")
    if sha256_file(path) != record["files"][relative]:
        raise ArtifactError(f"{relative} was changed after {writer} wrote it: rerun {writer}")
    different = _difference(record["stamp"], expected or {})
    if different:
        key, made, wanted = different
        raise ArtifactError(
            f"{relative} was made for {_KEY_WORDS[key]} {_shown(made)}, but this run is for "
            f"{_shown(wanted)}: rerun {writer} with {_KEY_WORDS[key]} {_shown(wanted)}")
    return record["stamp"]


def _shown(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return str(value)

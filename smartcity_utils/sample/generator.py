"""Synthetic sample data: a Pontianak-size city, or a national-size set, with planted structure.

`write_sample` writes the three canonical tables (agencies, innovations, assessment) as CSV and
a `metadata.json` that says the data is synthetic and records the planted truth the analyses
are tested against:

- ``groups``: every innovation belongs to a topic group (near-duplicate or complementary
  innovations run by several agencies), the ground truth for clustering;
- ``quick_win_rule``: the rule behind the past Quick Win decisions (2022 and 2023), the ground
  truth for the quick-win model;
- ``assessment``: how Stage I levels were drawn and which agencies were left unassessed;
- ``stage2_readiness``: the year and the planted gaps of the technical team's Stage II
  readiness file (`kesiapan_tahap2.yaml`, written beside the tables);
- ``impact_survey``: the returned impact survey forms in `survei-dampak/` (`sample/survey.py`):
  the planted mean of every surveyed programme and the planted defects.

The same arguments always give byte-identical files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from smartcity_utils.params import load_params
from smartcity_utils.sample import text as txt
from smartcity_utils.sample.assessment import ASSESSMENT_MODEL, assessment_rows
from smartcity_utils.sample.decisions import QUICK_WIN_RULE, decide_quick_wins
from smartcity_utils.sample.innovations import (
    GROUP_NAMES,
    HOME_REGION,
    innovation_attributes,
    innovation_plan,
    innovation_text,
    registry_rows,
)
from smartcity_utils.sample.readiness import PLANTED_GAPS, READINESS_ANSWERS, READINESS_YEAR
from smartcity_utils.sample.survey import write_survey
from smartcity_utils.schema import AGENCIES, ASSESSMENT, INNOVATIONS, Table
from smartcity_utils.stage1.readiness_file import READINESS_FILE, readiness_text

DEFAULT_SEED = 20240605
DEFAULT_INNOVATIONS = 200  # for one city of len(AGENCY_TEMPLATE) agencies


@dataclass
class Sample:
    """The generated tables and the metadata describing them."""

    agencies: pd.DataFrame
    innovations: pd.DataFrame
    assessment: pd.DataFrame
    metadata: dict


# ---------------------------------------------------------------- public API


def write_sample(out_dir, agencies=None, innovations=None, seed=DEFAULT_SEED) -> dict:
    """Write the synthetic sample (three canonical CSVs, the Stage II readiness file and
    metadata.json) into `out_dir`."""
    sample = generate_sample(agencies, innovations, seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for table, frame in ((AGENCIES, sample.agencies), (INNOVATIONS, sample.innovations),
                         (ASSESSMENT, sample.assessment)):
        files[table.name] = str(out / f"{table.name}.csv")
        _write_csv(frame, table, Path(files[table.name]))
    files["stage2_readiness"] = str(out / READINESS_FILE)
    Path(files["stage2_readiness"]).write_text(
        readiness_text(READINESS_YEAR, READINESS_ANSWERS), encoding="utf-8")
    sample.metadata["planted"]["impact_survey"] = write_survey(
        out, sample.agencies, sample.innovations, load_params()["city"],
        np.random.default_rng([seed, 6]))
    files["impact_survey"] = str(out / sample.metadata["planted"]["impact_survey"]["folder"])
    files["metadata"] = str(out / "metadata.json")
    Path(files["metadata"]).write_text(
        json.dumps(sample.metadata, sort_keys=True, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return {
        "counts": {"agencies": len(sample.agencies), "innovations": len(sample.innovations),
                   "assessment": len(sample.assessment)},
        "distinct_innovations": int(sample.innovations["innovation_id"].nunique()),
        "regions": int(sample.agencies["region"].nunique()),
        "files": files,
    }


def generate_sample(agencies=None, innovations=None, seed=DEFAULT_SEED) -> Sample:
    """Generate the synthetic tables in memory (see `write_sample`)."""
    n_template = len(txt.AGENCY_TEMPLATE)
    n_agencies = int(agencies) if agencies is not None else n_template
    if innovations is None:
        innovations = round(DEFAULT_INNOVATIONS * n_agencies / n_template)
    rngs = [np.random.default_rng([seed, part]) for part in range(6)]
    regions = _regions(n_agencies, rngs[0])
    agency_frame = _agency_table(regions)
    plan = innovation_plan(regions, agency_frame, int(innovations), rngs[1])
    plan = innovation_text(plan, regions, agency_frame, rngs[2])
    plan = innovation_attributes(plan, agency_frame, rngs[3])
    rows = registry_rows(plan, rngs[4])
    rows = decide_quick_wins(rows, rngs[4])
    assessment, unassessed = assessment_rows(regions, agency_frame, rows, rngs[5])
    metadata = _metadata(seed, n_agencies, int(innovations), rows, unassessed)
    return Sample(
        agencies=agency_frame[AGENCIES.column_names],
        innovations=rows[INNOVATIONS.column_names],
        assessment=assessment[ASSESSMENT.column_names],
        metadata=metadata,
    )


def planted_groups(data_dir) -> pd.Series:
    """The planted topic group of every innovation (index innovation_id) from metadata.json."""
    groups = _read_metadata(data_dir)["planted"]["groups"]
    series = pd.Series(groups, name="group", dtype=str).sort_index()
    series.index.name = "innovation_id"
    return series


def quick_win_rule(data_dir) -> dict:
    """The planted rule behind the past Quick Win decisions, from metadata.json."""
    return _read_metadata(data_dir)["planted"]["quick_win_rule"]


def _read_metadata(data_dir) -> dict:
    """The parsed metadata.json of a sample folder."""
    return json.loads((Path(data_dir) / "metadata.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- regions and agencies


def _regions(n_agencies: int, rng: np.random.Generator) -> pd.DataFrame:
    """One row per region: code, name, base name, head title, agency count and kelurahan names."""
    n_template = len(txt.AGENCY_TEMPLATE)
    n = max(1, -(-n_agencies // n_template))
    sizes = np.full(n, n_template)
    sizes[-1] = n_agencies - n_template * (n - 1)
    combos = [f"{p} {b}" for p in txt.REGION_PREFIXES for b in txt.REGION_BASES]
    while len(combos) < n - 1:
        combos += [f"{c} {d}" for c in combos[: len(txt.REGION_BASES) * 4]
                   for d in ("Utara", "Selatan", "Timur", "Barat")]
    picked = [combos[i] for i in rng.permutation(len(combos))[: n - 1]]
    kota = rng.random(n - 1) < 0.19
    kel_words = [f"{p} {b}" for p in txt.KELURAHAN_PREFIXES for b in txt.KELURAHAN_BASES]
    kel_pick = rng.integers(0, len(kel_words), size=(n - 1, 4))
    home_kel = [name.removeprefix("Kelurahan ") for *_, name, _s, t in txt.AGENCY_TEMPLATE
                if t == "kelurahan"]
    return pd.DataFrame({
        "region_code": [HOME_REGION[0]] + [f"R{i + 2:03d}" for i in range(n - 1)],
        "region": [HOME_REGION[1]] + [("Kota " if k else "Kabupaten ") + b
                                      for b, k in zip(picked, kota, strict=True)],
        "base": [HOME_REGION[2]] + picked,
        "head": ["Wali Kota"] + ["Wali Kota" if k else "Bupati" for k in kota],
        "size": sizes,
        "kelurahan": [home_kel] + [[kel_words[j] for j in row] for row in kel_pick],
    })


def _agency_table(regions: pd.DataFrame) -> pd.DataFrame:
    """Every region's agencies: canonical columns plus role, region index and place name."""
    records = []
    for r, reg in enumerate(regions.itertuples(index=False)):
        for role, code, name, short, kind in txt.AGENCY_TEMPLATE[: reg.size]:
            place = reg.base
            if r > 0:
                code = f"{reg.region_code}-{role}"
                name, short, place = _regional_names(role, name, short, reg)
            elif kind in ("kecamatan", "kelurahan"):
                place = name.split(" ", 1)[1]
            records.append((code, name, short, kind, reg.region, role, r, place))
    return pd.DataFrame(records, columns=[*AGENCIES.column_names, "role", "region_idx", "place"])


def _regional_names(role: str, name: str, short: str, reg) -> tuple[str, str, str]:
    """Name, short name and place of a template agency in a synthetic region."""
    if role in txt.KECAMATAN_SUFFIXES:
        place = f"{reg.base} {txt.KECAMATAN_SUFFIXES[role]}"
        return f"Kecamatan {place}", f"Kec. {place}", place
    if role in txt.KEL:
        place = reg.kelurahan[txt.KEL.index(role)]
        return f"Kelurahan {place}", f"Kel. {place}", place
    if role == "RSUD":
        return f"RSUD {reg.base}", f"RSUD {reg.base}", reg.base
    if role == "PDAM":
        return f"Perumda Air Minum {reg.base}", f"PDAM {reg.base}", reg.base
    return name, short, reg.base


# ---------------------------------------------------------------- output


def _metadata(seed, n_agencies, n_innovations, rows, unassessed) -> dict:
    """metadata.json: synthetic flag, generator arguments and the planted truth."""
    latest = rows.drop_duplicates("innovation_id", keep="last")
    groups = np.array(GROUP_NAMES, dtype=object)[latest["group_idx"]]
    return {
        "synthetic": True,
        "description": (
            "Synthetic data generated by smartcity_utils.sample for tests and demonstrations; "
            "not real agency data. Agency and programme names of Kota Pontianak are "
            "illustrative; every number is invented."
        ),
        "generator": {"seed": int(seed), "agencies": n_agencies, "innovations": n_innovations},
        "planted": {
            "groups": dict(zip(latest["innovation_id"], groups, strict=True)),
            "group_info": {
                name: {"label": g["label"], "sub_dimension": g["sub"],
                       "alt_sub_dimension": g["alt"], "agency_roles": list(g["agencies"])}
                for name, g in txt.GROUPS.items()
            },
            "quick_win_rule": QUICK_WIN_RULE,
            "assessment": {**ASSESSMENT_MODEL, "unassessed_agencies": unassessed},
            "stage2_readiness": {"year": READINESS_YEAR, "gaps": PLANTED_GAPS},
        },
    }


def _write_csv(frame: pd.DataFrame, table: Table, path: Path) -> None:
    """Write one canonical CSV: schema column order, true/false booleans, empty for missing."""
    out = frame[table.column_names].copy()
    for column in table.columns:
        if column.kind == "bool":
            out[column.name] = np.where(out[column.name].to_numpy(dtype=bool), "true", "false")
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8", na_rep="")

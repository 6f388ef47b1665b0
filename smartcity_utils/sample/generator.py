"""Synthetic sample data: a Pontianak-size city, or a national-size set, with planted structure.

`write_sample` writes the three canonical tables (agencies, innovations, assessment) as CSV and
a `metadata.json` that says the data is synthetic and records the planted truth the analyses
are tested against:

- ``groups``: every innovation belongs to a topic group (near-duplicate or complementary
  innovations run by several agencies), the ground truth for clustering;
- ``quick_win_rule``: the rule behind the past Quick Win decisions (2022 and 2023), the ground
  truth for the quick-win model;
- ``assessment``: how Stage I levels were drawn and which agencies were left unassessed.

The same arguments always give byte-identical files.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from smartcity_utils.data.schema import AGENCIES, ASSESSMENT, INNOVATIONS, Table
from smartcity_utils.sample import text as txt
from smartcity_utils.vocabulary import DIMENSION_OF, EVALUATION_DIMENSIONS

DEFAULT_SEED = 20240605
DEFAULT_INNOVATIONS = 200  # for one city of len(AGENCY_TEMPLATE) agencies
YEARS = (2022, 2023, 2024)
DECISION_YEARS = (2022, 2023)
ASSESSMENT_YEARS = (2023, 2024)
HOME_REGION = ("PTK", "Kota Pontianak", "Pontianak")  # code, name, base of the first region

QUICK_WIN_RULE: dict = {
    "attributes": [
        "z_log1p_beneficiaries", "tahapan_penerapan", "non_government_partners",
        "z_log1p_budget_idr", "jenis_digital",
    ],
    "definitions": {
        "z_log1p_beneficiaries": "z-score of log1p(beneficiaries) within the decision unit",
        "tahapan_penerapan": "1 if tahapan == 'penerapan' else 0",
        "non_government_partners": "number of true pentahelix_academia/business/community/media",
        "z_log1p_budget_idr": "z-score of log1p(budget_idr) within the decision unit",
        "jenis_digital": "1 if jenis == 'digital' else 0",
    },
    "weights": {
        "z_log1p_beneficiaries": 1.0,
        "tahapan_penerapan": 0.8,
        "non_government_partners": 0.6,
        "z_log1p_budget_idr": -0.7,
        "jenis_digital": 0.4,
    },
    "noise_sd": 1.2,
    "share_selected": 0.18,
    "decision_years": list(DECISION_YEARS),
    "decision_unit": "the registry rows of one region (city) in one decision year",
    "selection": (
        "score = sum(weights[a] * a) + Normal(0, noise_sd) per row; in each decision unit the "
        "floor(share_selected * rows + 0.5) highest-scoring rows of innovations not selected "
        "before are selected (quick_win_year = that year); later rows of a selected innovation "
        "keep quick_win = true and the original quick_win_year; no decisions for 2024"
    ),
}

ASSESSMENT_MODEL: dict = {
    "level": "clip(round(base + agency_effect + dimension_effect + year_effect + noise), 0, 4)",
    "base": 2.3,
    "agency_effect_sd": 0.55,
    "dimension_effect": {"Baseline": 0.25, "Output": 0.1, "Outcome": -0.05, "Impact": -0.3,
                         "Quick Win": 0.15},
    "year_effect": {"2023": 0.0, "2024": 0.3},
    "noise_sd": 0.7,
    "scale_max": 4,
    "evidence_missing_share": 0.15,
    "indicators_per_dimension": [2, 4],
    "innovation_rows": "Quick Win QW-01 for each quick-win innovation of an assessed agency",
}
_EVIDENCE_MISSING = ASSESSMENT_MODEL["evidence_missing_share"]

_GROUP_NAMES = list(txt.GROUPS)
_TAHAPAN = np.array(["inisiatif", "uji coba", "penerapan"], dtype=object)
_BENTUK = np.array(["tata kelola pemerintahan daerah", "pelayanan publik", "lainnya"],
                   dtype=object)
_INISIATOR = np.array(["kepala daerah", "anggota DPRD", "perangkat daerah", "ASN", "masyarakat"],
                      dtype=object)
_GOVERNANCE_GROUPS = {"e_office_asn", "satu_data_dasbor", "klinik_inovasi"}
_PARTNER_SHARE = {"government": 0.93, "academia": 0.22, "business": 0.25, "community": 0.38,
                  "media": 0.15}


@dataclass
class Sample:
    """The generated tables and the metadata describing them."""

    agencies: pd.DataFrame
    innovations: pd.DataFrame
    assessment: pd.DataFrame
    metadata: dict


# ---------------------------------------------------------------- public API


def write_sample(out_dir, agencies=None, innovations=None, seed=DEFAULT_SEED) -> dict:
    """Write the synthetic sample (three canonical CSVs and metadata.json) into `out_dir`."""
    sample = generate_sample(agencies, innovations, seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for table, frame in ((AGENCIES, sample.agencies), (INNOVATIONS, sample.innovations),
                         (ASSESSMENT, sample.assessment)):
        files[table.name] = str(out / f"{table.name}.csv")
        _write_csv(frame, table, Path(files[table.name]))
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
    plan = _innovation_plan(regions, agency_frame, int(innovations), rngs[1])
    plan = _innovation_text(plan, regions, agency_frame, rngs[2])
    plan = _innovation_attributes(plan, agency_frame, rngs[3])
    rows = _registry_rows(plan, rngs[4])
    rows = _decide_quick_wins(rows, rngs[4])
    assessment, unassessed = _assessment(regions, agency_frame, rows, rngs[5])
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


# ---------------------------------------------------------------- innovations


def _innovation_plan(regions, agencies, n_innovations, rng) -> pd.DataFrame:
    """Region, planted group, agency and (in Kota Pontianak) real programme of every innovation."""
    n_regions = len(regions)
    per_region = np.full(n_regions, n_innovations // n_regions)
    per_region[: n_innovations % n_regions] += 1
    weights = np.array([g["weight"] for g in txt.GROUPS.values()])
    real_by_group = {g: [i for i, p in enumerate(txt.REAL_PROGRAMMES) if p[0] == g]
                     for g in _GROUP_NAMES}
    starts = np.concatenate([[0], np.cumsum(regions["size"].to_numpy())])
    roles = agencies["role"].to_numpy()
    codes = agencies["agency_code"].to_numpy()
    out_region, out_group, out_agency, out_real = [], [], [], []
    for r in range(n_regions):
        lo, hi = starts[r], starts[r + 1]
        role_index = {roles[i]: i for i in range(lo, hi)}
        code_index = {codes[i]: i for i in range(lo, hi)}
        n_real = np.array([len(real_by_group[g]) if r == 0 else 0 for g in _GROUP_NAMES])
        counts = _group_counts(int(per_region[r]), n_real, weights, rng)
        for g, name in enumerate(_GROUP_NAMES):
            if counts[g] == 0:
                continue
            real = [i for i in real_by_group[name] if txt.REAL_PROGRAMMES[i][1] in code_index]
            real = real[: counts[g]] if r == 0 else []
            eligible = [role_index[x] for x in txt.GROUPS[name]["agencies"] if x in role_index]
            eligible = eligible or list(range(lo, hi))
            generic = np.resize(rng.permutation(eligible), counts[g] - len(real))
            out_agency += [code_index[txt.REAL_PROGRAMMES[i][1]] for i in real] + list(generic)
            out_real += real + [-1] * len(generic)
            out_region += [r] * counts[g]
            out_group += [g] * counts[g]
    return pd.DataFrame({"region_idx": out_region, "group_idx": out_group,
                         "agency_idx": out_agency, "real_idx": out_real})


def _group_counts(n: int, n_real: np.ndarray, weights: np.ndarray, rng) -> np.ndarray:
    """Innovations per group in one region: real programmes and up to four generic ones first."""
    for minimum in (n_real + 4, n_real + 2, n_real + (n >= 2 * len(weights)), n_real, 0 * n_real):
        if minimum.sum() <= n:
            break
    return minimum + rng.multinomial(n - minimum.sum(), weights / weights.sum())


def _innovation_text(plan, regions, agencies, rng) -> pd.DataFrame:
    """Jenis, sub-dimension, name and description of every innovation."""
    n = len(plan)
    u = rng.random((n, 13))
    n_max = max(len(g["sentences"]) for g in txt.GROUPS.values())
    sentence_order = rng.random((n, n_max)).argsort(axis=1)
    groups = [txt.GROUPS[_GROUP_NAMES[g]] for g in plan["group_idx"]]
    p_digital = np.array([g["p_digital"] for g in groups])
    digital = u[:, 0] < p_digital
    real = plan["real_idx"].to_numpy()
    is_real = real >= 0
    digital[is_real] = [txt.REAL_PROGRAMMES[i][3] == "digital" for i in real[is_real]]
    alt = np.array([g["alt"] is not None for g in groups]) & (u[:, 1] < 0.1) & ~is_real
    subs = [g["alt"] if a else g["sub"] for g, a in zip(groups, alt, strict=True)]
    places = agencies["place"].to_numpy()[plan["agency_idx"]]
    bases = regions["base"].to_numpy()[plan["region_idx"]]
    region_names = regions["region"].to_numpy()[plan["region_idx"]]
    n_topic = 2 + (u[:, 4] < _THIRD_SENTENCE_SHARE)
    n_borrowed = np.where(u[:, 12] < _HYBRID_SHARE, 2, u[:, 8] < _CROSS_TOPIC_SHARE)
    n_topic = np.where(n_borrowed == 2, 1, n_topic)
    neighbours = _neighbour_groups()
    names, descriptions = [], []
    for i in range(n):
        g, p = groups[i], places[i]
        pool = g["names_digital"] if digital[i] else g["names_manual"]
        name_place = p if (p != bases[i] or u[i, 2] < 0.7) else ""
        name = pool[int(u[i, 3] * len(pool))].format(place=name_place).strip()
        picks = [k for k in sentence_order[i] if k < len(g["sentences"])][: n_topic[i]]
        text = [g["sentences"][k].format(place=p) for k in picks]
        if is_real[i]:
            name, opening = txt.REAL_PROGRAMMES[real[i]][2], txt.REAL_PROGRAMMES[real[i]][4]
            text.insert(0, opening)
        text.append(_scope_sentence(g["words"], u[i, 5:8]))
        if n_borrowed[i]:
            near = neighbours[plan["group_idx"].iat[i]]
            other = txt.GROUPS[near[int(u[i, 9] * len(near))]]["sentences"]
            start = int(u[i, 10] * len(other))
            text += [other[(start + k) % len(other)].format(place=p) for k in range(n_borrowed[i])]
        generic = txt.GENERIC_SENTENCES[int(u[i, 11] * len(txt.GENERIC_SENTENCES))]
        text.append(generic.format(region=region_names[i]))
        names.append(name)
        descriptions.append(" ".join(text))
    plan = plan.assign(
        jenis=np.where(digital, "digital", "non-digital"), sub_dimension=subs,
        innovation_name=names, description=descriptions,
    )
    plan["dimension"] = plan["sub_dimension"].map(DIMENSION_OF)
    return _unique_names(plan)


_THIRD_SENTENCE_SHARE = 0.3  # share of descriptions with a third topic sentence
_CROSS_TOPIC_SHARE = 0.2  # share of descriptions that borrow a sentence from a related topic
_HYBRID_SHARE = 0.04  # share written mostly like a related topic (one own sentence, two borrowed)


def _neighbour_groups() -> list[list[str]]:
    """For each group, the other groups of the same smart-city dimension (related topics)."""
    dimension = {name: DIMENSION_OF[g["sub"]] for name, g in txt.GROUPS.items()}
    return [[o for o in _GROUP_NAMES if o != name and dimension[o] == dimension[name]]
            for name in _GROUP_NAMES]


def _scope_sentence(words: list[str], u: np.ndarray) -> str:
    """A neutral sentence naming two different topic words of the group."""
    a = int(u[0] * len(words))
    b = (a + 1 + int(u[1] * (len(words) - 1))) % len(words)
    frame = txt.SCOPE_FRAMES[int(u[2] * len(txt.SCOPE_FRAMES))]
    return frame.format(a=words[a], b=words[b])


def _unique_names(plan: pd.DataFrame) -> pd.DataFrame:
    """Append a suffix to innovation names repeated within a region."""
    repeat = plan.groupby(["region_idx", "innovation_name"]).cumcount().to_numpy()
    suffix = np.array(txt.NAME_SUFFIXES, dtype=object)[(repeat - 1) % len(txt.NAME_SUFFIXES)]
    names = plan["innovation_name"].to_numpy(dtype=object)
    names[repeat > 0] = names[repeat > 0] + " " + suffix[repeat > 0]
    return plan.assign(innovation_name=names)


def _innovation_attributes(plan, agencies, rng) -> pd.DataFrame:
    """Years, stage, form, initiator, start date, budget, reach and partners per innovation."""
    n = len(plan)
    is_real = plan["real_idx"].to_numpy() >= 0
    first = rng.choice(np.array(YEARS), size=n, p=[0.42, 0.3, 0.28])
    first[is_real] = YEARS[0]
    ends = (rng.random(n) < 0.12) & (first < YEARS[-1]) & ~is_real
    last = np.where(ends, first + (rng.random(n) * (YEARS[-1] - first)).astype(int), YEARS[-1])
    governance = plan["group_idx"].map(lambda g: _GROUP_NAMES[g] in _GOVERNANCE_GROUPS)
    bentuk_p = np.where(governance.to_numpy()[:, None], [0.7, 0.2, 0.1], [0.2, 0.6, 0.2])
    budget = np.exp(rng.normal(np.log(75e6), 1.2, n)) * (rng.random(n) >= 0.12)
    plan = plan.assign(
        first_year=first, last_year=last, ended=ends,
        stage0=np.where(is_real, 2, rng.choice(3, size=n, p=[0.3, 0.3, 0.4])),
        bentuk=_BENTUK[(rng.random(n)[:, None] > bentuk_p.cumsum(axis=1)).sum(axis=1)],
        inisiator=rng.choice(_INISIATOR, size=n, p=[0.12, 0.04, 0.58, 0.16, 0.10]),
        start_date=(pd.to_datetime(first.astype(str), format="%Y")
                    + pd.to_timedelta(rng.integers(0, 365, n), unit="D")).strftime("%Y-%m-%d"),
        budget_base=budget,
        beneficiaries_base=np.exp(rng.normal(np.log(1500), 1.4, n)),
        partner_agencies=_partner_agencies(plan, agencies, rng),
    )
    for sector, share in _PARTNER_SHARE.items():
        plan[f"pentahelix_{sector}"] = rng.random(n) < share
    plan["agency_code"] = agencies["agency_code"].to_numpy()[plan["agency_idx"]]
    return plan


def _partner_agencies(plan, agencies, rng) -> np.ndarray:
    """';'-separated codes of one or two partner agencies from the same region, often empty."""
    n = len(plan)
    sizes = agencies.groupby("region_idx").size().to_numpy()
    starts = np.concatenate([[0], np.cumsum(sizes)])[plan["region_idx"]]
    size = sizes[plan["region_idx"]]
    own = plan["agency_idx"].to_numpy() - starts
    first = (own + 1 + (rng.random(n) * np.maximum(size - 1, 1)).astype(int)) % size
    second = (first + 1 + (rng.random(n) * np.maximum(size - 2, 1)).astype(int)) % size
    count = np.where(rng.random(n) < 0.3, 1 + (rng.random(n) < 0.3), 0) * (size > 2)
    codes = agencies["agency_code"].to_numpy(dtype=object)
    one = codes[starts + first]
    two = np.where(second == own, "", ";" + codes[starts + second].astype(str))
    return np.where(count == 0, "", np.where(count == 1, one, one + two)).astype(object)


def _registry_rows(plan: pd.DataFrame, rng) -> pd.DataFrame:
    """One registry row per innovation per year, with stage, reach, budget and status."""
    plan = plan.sort_values(["region_idx", "first_year", "start_date", "group_idx"], kind="stable")
    plan = plan.reset_index(drop=True)
    plan["innovation_id"] = _innovation_ids(plan)
    n_years = (plan["last_year"] - plan["first_year"] + 1).to_numpy()
    idx = np.repeat(np.arange(len(plan)), n_years)
    row_start = np.repeat(np.cumsum(n_years) - n_years, n_years)
    offset = np.arange(len(idx)) - row_start
    rows = plan.iloc[idx].reset_index(drop=True)
    rows["year"] = rows["first_year"] + offset
    advance = (rng.random(len(idx)) < 0.55) & (offset > 0)
    cum = np.cumsum(advance)
    stage = np.minimum(2, rows["stage0"].to_numpy() + cum - cum[row_start])
    rows["tahapan"] = _TAHAPAN[stage]
    reach = [0.25, 0.6, 1.0]
    rows["beneficiaries"] = np.rint(
        rows["beneficiaries_base"] * np.take(reach, stage) * 1.12 ** offset
        * np.exp(rng.normal(0, 0.15, len(idx)))
    ).astype("int64")
    rows["budget_idr"] = (np.rint(rows["budget_base"] * np.exp(rng.normal(0, 0.25, len(idx)))
                                  / 1000) * 1000).astype("int64")
    last_row = rows["year"].to_numpy() == rows["last_year"].to_numpy()
    finished = np.where((stage == 2) & (rng.random(len(idx)) < 0.25), "selesai", "dihentikan")
    rows["status"] = np.where(last_row & rows["ended"].to_numpy(), finished, "aktif")
    return rows


def _innovation_ids(plan: pd.DataFrame) -> np.ndarray:
    """Ids like PTK-0001 (Kota Pontianak) or R002-0001, numbered in order within each region."""
    number = plan.groupby("region_idx").cumcount().to_numpy() + 1
    prefix = np.where(plan["region_idx"].to_numpy() == 0, HOME_REGION[0],
                      "R" + pd.Series(plan["region_idx"].to_numpy() + 1).map("{:03d}".format))
    return (pd.Series(prefix, dtype=object) + "-"
            + pd.Series(number).map("{:04d}".format)).to_numpy(dtype=object)


# ---------------------------------------------------------------- quick wins


def _rule_features(rows: pd.DataFrame, in_year: np.ndarray) -> pd.DataFrame:
    """The quick-win rule's attributes for the rows of one decision year."""
    sub = rows.loc[in_year]
    by_region = sub["region_idx"]
    features = pd.DataFrame(index=sub.index)
    for name, column in (("z_log1p_beneficiaries", "beneficiaries"),
                         ("z_log1p_budget_idr", "budget_idr")):
        x = np.log1p(sub[column].astype(float))
        mean = x.groupby(by_region).transform("mean")
        sd = x.groupby(by_region).transform("std", ddof=0).replace(0.0, 1.0)
        features[name] = (x - mean) / sd
    features["tahapan_penerapan"] = (sub["tahapan"] == "penerapan").astype(float)
    features["non_government_partners"] = sub[
        [f"pentahelix_{s}" for s in ("academia", "business", "community", "media")]
    ].sum(axis=1).astype(float)
    features["jenis_digital"] = (sub["jenis"] == "digital").astype(float)
    return features


def _decide_quick_wins(rows: pd.DataFrame, rng) -> pd.DataFrame:
    """Apply the planted quick-win rule to the 2022 and 2023 registry rows."""
    rule = QUICK_WIN_RULE
    noise = rng.normal(0, rule["noise_sd"], len(rows))
    selected_in = pd.Series(np.nan, index=pd.Index(rows["innovation_id"].unique()))
    for year in rule["decision_years"]:
        in_year = (rows["year"] == year).to_numpy()
        features = _rule_features(rows, in_year)
        score = sum(rule["weights"][a] * features[a] for a in rule["attributes"])
        unit = pd.DataFrame({
            "region": rows.loc[in_year, "region_idx"],
            "score": score + noise[in_year],
            "open": selected_in.reindex(rows.loc[in_year, "innovation_id"]).isna().to_numpy(),
        })
        quota = np.floor(rule["share_selected"] * unit.groupby("region").size() + 0.5)
        ranked = unit[unit["open"]].sort_values(["region", "score"], ascending=[True, False],
                                                kind="stable")
        rank = ranked.groupby("region").cumcount()
        chosen = ranked.index[rank.to_numpy() < quota.reindex(ranked["region"]).to_numpy()]
        selected_in[rows.loc[chosen, "innovation_id"].to_numpy()] = year
    when = selected_in.reindex(rows["innovation_id"]).to_numpy()
    quick_win = when <= rows["year"].to_numpy()
    rows["quick_win"] = quick_win
    rows["quick_win_year"] = pd.array(np.where(quick_win, when, np.nan), dtype="Int64")
    return rows


# ---------------------------------------------------------------- Stage I assessment


def _assessment(regions, agencies, rows, rng) -> tuple[pd.DataFrame, list[str]]:
    """Stage I assessment rows for 2023 and 2024, and the agencies left unassessed."""
    assessed = _assessed_agencies(regions, agencies, rng)
    agency_level = _agency_level_rows(agencies, assessed, rows, rng)
    innovation_level = _innovation_level_rows(agencies, assessed, rows)
    frame = pd.concat([agency_level, innovation_level], ignore_index=True)
    frame = frame.sort_values(["_agency_idx", "year", "_dim_pos", "_innov_pos", "_ind_pos"],
                              kind="stable", ignore_index=True)
    unassessed = agencies.loc[~assessed, "agency_code"].tolist()
    return _score_and_evidence(frame, regions, agencies, rng), unassessed


def _assessed_agencies(regions, agencies, rng) -> np.ndarray:
    """Mask of assessed agencies: all but two or three per region (never Diskominfo)."""
    key = rng.random(len(agencies))
    key[agencies["role"].to_numpy() == "DISKOMINFO"] = 2.0
    region = agencies["region_idx"].to_numpy()
    order = np.lexsort((key, region))
    rank = np.empty(len(agencies), dtype=int)
    rank[order] = pd.Series(region[order]).groupby(region[order]).cumcount().to_numpy()
    left_out = rng.integers(2, 4, len(regions))
    left_out[regions["size"].to_numpy() < 8] = 0
    return rank >= left_out[region]


def _agency_level_rows(agencies, assessed, rows, rng) -> pd.DataFrame:
    """Two to four indicators per evaluation dimension for every assessed agency and year."""
    who = np.flatnonzero(assessed)
    n_dims, n_ind = len(EVALUATION_DIMENSIONS), 4
    keys = rng.random((len(who), n_dims, n_ind))
    rank = keys.argsort(axis=2).argsort(axis=2)
    keep = rank < rng.integers(2, n_ind + 1, (len(who), n_dims))[:, :, None]
    a, d, j = np.nonzero(keep)
    n_years = len(ASSESSMENT_YEARS)
    frame = pd.DataFrame({
        "_agency_idx": np.tile(who[a], n_years),
        "_dim_pos": np.tile(d, n_years),
        "_ind_pos": np.tile(j, n_years),
        "year": np.repeat(ASSESSMENT_YEARS, len(a)),
        "_innov_pos": -1,
        "innovation_id": "",
    })
    sub = _sub_dimension_of_agency(agencies, rows, frame["_agency_idx"].to_numpy(), rng)
    return frame.assign(sub_dimension=sub)


def _sub_dimension_of_agency(agencies, rows, agency_idx, rng) -> np.ndarray:
    """A sub-dimension drawn from each row's agency's innovations (default: bureaucracy)."""
    latest = rows.drop_duplicates("innovation_id", keep="last")
    by_agency = latest.sort_values("agency_idx", kind="stable")
    counts = np.bincount(by_agency["agency_idx"], minlength=len(agencies))
    starts = np.concatenate([[0], np.cumsum(counts)])[:-1]
    pick = starts[agency_idx] + (rng.random(len(agency_idx)) * counts[agency_idx]).astype(int)
    subs = by_agency["sub_dimension"].to_numpy(dtype=object)
    default = "Tata Kelola Birokrasi"
    return np.where(counts[agency_idx] > 0, subs[np.minimum(pick, len(subs) - 1)], default)


def _innovation_level_rows(agencies, assessed, rows) -> pd.DataFrame:
    """Quick Win rows (QW-01) for the quick-win innovations of assessed agencies."""
    mask = (rows["year"].isin(ASSESSMENT_YEARS) & rows["quick_win"]
            & assessed[rows["agency_idx"].to_numpy()])
    picked = rows.loc[mask]
    return pd.DataFrame({
        "_agency_idx": picked["agency_idx"].to_numpy(),
        "_dim_pos": EVALUATION_DIMENSIONS.index("Quick Win"),
        "_ind_pos": 0,
        "year": picked["year"].to_numpy(),
        "_innov_pos": picked.index.to_numpy(),  # registry order is innovation_id order
        "innovation_id": picked["innovation_id"].to_numpy(dtype=object),
        "sub_dimension": picked["sub_dimension"].to_numpy(dtype=object),
    })


def _score_and_evidence(frame, regions, agencies, rng) -> pd.DataFrame:
    """Levels, indicator texts, evidence and canonical columns of the assessment rows."""
    model = ASSESSMENT_MODEL
    n = len(frame)
    dim_pos, ind_pos = frame["_dim_pos"].to_numpy(), frame["_ind_pos"].to_numpy()
    dims = np.array(EVALUATION_DIMENSIONS, dtype=object)[dim_pos]
    ability = rng.normal(0, model["agency_effect_sd"], len(agencies))[frame["_agency_idx"]]
    dim_effect = np.array([model["dimension_effect"][d] for d in EVALUATION_DIMENSIONS])
    year_effect = np.where(frame["year"].to_numpy() == 2024, model["year_effect"]["2024"],
                           model["year_effect"]["2023"])
    latent = (model["base"] + ability + dim_effect[dim_pos] + year_effect
              + rng.normal(0, model["noise_sd"], n))
    level = np.clip(np.rint(latent), 0, model["scale_max"]).astype("int64")
    codes = np.array([[c for c, _ in txt.INDICATORS[d]] for d in EVALUATION_DIMENSIONS])
    texts = np.array([[t for _, t in txt.INDICATORS[d]] for d in EVALUATION_DIMENSIONS])
    who = frame["_agency_idx"].to_numpy()
    present = rng.random(n) >= _EVIDENCE_MISSING
    fields = {
        "y": frame["year"].astype(str).to_numpy(dtype=object),
        "py": (frame["year"] - 1).astype(str).to_numpy(dtype=object),
        "short": agencies["short_name"].to_numpy(dtype=object)[who],
        "head": regions["head"].to_numpy(dtype=object)[agencies["region_idx"].to_numpy()[who]],
        "n": rng.integers(1, 60, n).astype(str).astype(object),
    }
    evidence = _evidence_refs(dim_pos, fields, rng)
    sub_dimension = frame["sub_dimension"].to_numpy(dtype=object)
    return pd.DataFrame({
        "agency_code": agencies["agency_code"].to_numpy(dtype=object)[who],
        "innovation_id": frame["innovation_id"].to_numpy(dtype=object),
        "year": frame["year"].to_numpy(),
        "evaluation_dimension": dims,
        "dimension": pd.Series(sub_dimension).map(DIMENSION_OF).to_numpy(dtype=object),
        "sub_dimension": sub_dimension,
        "indicator_code": codes[dim_pos, ind_pos],
        "indicator": texts[dim_pos, ind_pos],
        "level": level,
        "scale_max": model["scale_max"],
        "evidence_ref": np.where(present, evidence, ""),
        "evidence_present": present,
    })


def _evidence_refs(dim_pos: np.ndarray, fields: dict, rng) -> np.ndarray:
    """A plausible evidence document name for every assessment row (vectorised formatting)."""
    u = rng.random(len(dim_pos))
    out = np.full(len(dim_pos), "", dtype=object)
    for d, dim in enumerate(EVALUATION_DIMENSIONS):
        templates = txt.EVIDENCE[dim]
        choice = (u * len(templates)).astype(int)
        for t, template in enumerate(templates):
            rows = (dim_pos == d) & (choice == t)
            text = np.full(rows.sum(), "", dtype=object)
            for literal, field, _, _ in string.Formatter().parse(template):
                text = text + literal
                if field:
                    text = text + fields[field][rows]
            out[rows] = text
    return out


# ---------------------------------------------------------------- output


def _metadata(seed, n_agencies, n_innovations, rows, unassessed) -> dict:
    """metadata.json: synthetic flag, generator arguments and the planted truth."""
    latest = rows.drop_duplicates("innovation_id", keep="last")
    groups = np.array(_GROUP_NAMES, dtype=object)[latest["group_idx"]]
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
        },
    }


def _write_csv(frame: pd.DataFrame, table: Table, path: Path) -> None:
    """Write one canonical CSV: schema column order, true/false booleans, empty for missing."""
    out = frame[table.column_names].copy()
    for column in table.columns:
        if column.kind == "bool":
            out[column.name] = np.where(out[column.name].to_numpy(dtype=bool), "true", "false")
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8", na_rep="")

"""The sample's innovation registry: how many innovations each region and agency runs, in which
planted topic group, with which names, descriptions and attributes, one row per year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smartcity_utils.sample import text as txt
from smartcity_utils.vocabulary import DIMENSION_OF

YEARS = (2022, 2023, 2024)
HOME_REGION = ("PTK", "Kota Pontianak", "Pontianak")  # code, name, base of the first region

GROUP_NAMES = list(txt.GROUPS)
_TAHAPAN = np.array(["inisiatif", "uji coba", "penerapan"], dtype=object)
_BENTUK = np.array(["tata kelola pemerintahan daerah", "pelayanan publik", "lainnya"],
                   dtype=object)
_INISIATOR = np.array(["kepala daerah", "anggota DPRD", "perangkat daerah", "ASN", "masyarakat"],
                      dtype=object)
_GOVERNANCE_GROUPS = {"e_office_asn", "satu_data_dasbor", "klinik_inovasi"}
_PARTNER_SHARE = {"government": 0.93, "academia": 0.22, "business": 0.25, "community": 0.38,
                  "media": 0.15}


def innovation_plan(regions, agencies, n_innovations, rng) -> pd.DataFrame:
    """Region, planted group, agency and (in Kota Pontianak) real programme of every innovation."""
    n_regions = len(regions)
    per_region = np.full(n_regions, n_innovations // n_regions)
    per_region[: n_innovations % n_regions] += 1
    weights = np.array([g["weight"] for g in txt.GROUPS.values()])
    real_by_group = {g: [i for i, p in enumerate(txt.REAL_PROGRAMMES) if p[0] == g]
                     for g in GROUP_NAMES}
    starts = np.concatenate([[0], np.cumsum(regions["size"].to_numpy())])
    roles = agencies["role"].to_numpy()
    codes = agencies["agency_code"].to_numpy()
    out_region, out_group, out_agency, out_real = [], [], [], []
    for r in range(n_regions):
        lo, hi = starts[r], starts[r + 1]
        role_index = {roles[i]: i for i in range(lo, hi)}
        code_index = {codes[i]: i for i in range(lo, hi)}
        n_real = np.array([len(real_by_group[g]) if r == 0 else 0 for g in GROUP_NAMES])
        counts = _group_counts(int(per_region[r]), n_real, weights, rng)
        for g, name in enumerate(GROUP_NAMES):
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


def innovation_text(plan, regions, agencies, rng) -> pd.DataFrame:
    """Jenis, sub-dimension, name and description of every innovation."""
    n = len(plan)
    u = rng.random((n, 13))
    n_max = max(len(g["sentences"]) for g in txt.GROUPS.values())
    sentence_order = rng.random((n, n_max)).argsort(axis=1)
    groups = [txt.GROUPS[GROUP_NAMES[g]] for g in plan["group_idx"]]
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
    return [[o for o in GROUP_NAMES if o != name and dimension[o] == dimension[name]]
            for name in GROUP_NAMES]


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


def innovation_attributes(plan, agencies, rng) -> pd.DataFrame:
    """Years, stage, form, initiator, start date, budget, reach and partners per innovation."""
    n = len(plan)
    is_real = plan["real_idx"].to_numpy() >= 0
    first = rng.choice(np.array(YEARS), size=n, p=[0.42, 0.3, 0.28])
    first[is_real] = YEARS[0]
    ends = (rng.random(n) < 0.12) & (first < YEARS[-1]) & ~is_real
    last = np.where(ends, first + (rng.random(n) * (YEARS[-1] - first)).astype(int), YEARS[-1])
    governance = plan["group_idx"].map(lambda g: GROUP_NAMES[g] in _GOVERNANCE_GROUPS)
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


def registry_rows(plan: pd.DataFrame, rng) -> pd.DataFrame:
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

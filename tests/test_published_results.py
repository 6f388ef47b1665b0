"""Published Smart City evaluation results, reproduced with the weights files (issue #25).

Truth from outside the code: two cities' results as their governments and regional news
published them, quoting the ministry's results letters, with all five evaluation-dimension
scores (two decimals) and the index ("Indeks Pencapaian", the weighted mean, "performance"):

- Kota Kediri, 2022 evaluation (letter B-1003/DJAI/AI.01.04/12/2022 of 5 Dec 2022, quoted by
  bangsaonline.com 28 Dec 2022, nusadaily.com and mataraman.tribunnews.com 29 Dec 2022):
  Baseline 3,60, Output 3,21, Outcome 3,23, Impact 3,07, Quick Win 3,65; index 3,31, "meningkat
  sebesar 0,25 dari capaian tahun sebelumnya yakni 3,06".
- Kota Jambi, 2024 evaluation, Tahap II (letter B-1478/DJAI/AI.01.02/11/2024 of 25 Nov 2024,
  quoted on jambikota.go.id, 3 Jan 2025): Baseline 3,84, Output 3,18, Outcome 3,53, Impact 3,63,
  Quick Wins 3,35; "total nilai Final 3,48".

Worked by hand: with 10/20/30/20/20 the weighted means are 3.315 and 3.475, within half a cent of
both published indexes; with 10/20/30/30/10 they are 3.257 and 3.503, off by 0.05 and 0.02. Both
recomputed means fall exactly on a half-cent, in opposite directions (3.315 -> 3.31, 3.475 ->
3.48), so these examples cannot tell rounding from truncation of the published value: the test
asks for half a cent, not for a rule.
"""

from __future__ import annotations

import pandas as pd

from smartcity_utils.config import read_weights
from smartcity_utils.stage1.scoring import weighted_index

PUBLISHED = pd.DataFrame([
    {"city": "Kota Kediri 2022", "Baseline": 3.60, "Output": 3.21, "Outcome": 3.23,
     "Impact": 3.07, "Quick Win": 3.65, "index": 3.31},
    {"city": "Kota Jambi 2024", "Baseline": 3.84, "Output": 3.18, "Outcome": 3.53,
     "Impact": 3.63, "Quick Win": 3.35, "index": 3.48},
]).set_index("city")
HALF_A_CENT = 0.005 + 1e-9  # the published value has two decimals


def _index(weights_file: str) -> pd.Series:
    weights = read_weights(f"params/weights/{weights_file}")
    return weighted_index(PUBLISHED, weights.weights)


def test_the_10_20_30_20_20_weights_reproduce_the_published_indexes():
    index = _index("stage1_10-20-30-20-20.yaml")
    assert index.round(4).tolist() == [3.315, 3.475]  # by hand, in the module docstring
    assert ((index - PUBLISHED["index"]).abs() <= HALF_A_CENT).all()


def test_the_10_20_30_30_10_weights_do_not():
    """The other published set (its year not found) was not the one of 2022 or 2024."""
    index = _index("stage1_10-20-30-30-10.yaml")
    assert index.round(4).tolist() == [3.257, 3.503]
    assert ((index - PUBLISHED["index"]).abs() > HALF_A_CENT).all()

"""The sample's Stage II readiness file: the technical team's answers for the latest assessment
year, with two planted gaps that the checklist must report (an inactive council, a budget share
below the threshold of params/stage2_readiness.yaml). Every number is invented."""

from __future__ import annotations

import datetime as dt

from smartcity_utils.sample.assessment import ASSESSMENT_YEARS

READINESS_YEAR = ASSESSMENT_YEARS[-1]
READINESS_ANSWERS = {
    "masterplan.peraturan": "Peraturan Wali Kota Nomor 25 Tahun 2019 tentang Masterplan Smart City",
    "masterplan.tanggal": dt.date(2019, 5, 20),
    # planted gap: the council last met before the evaluation year (inactive under 12 months)
    "dewan_smart_city.rapat_terakhir": dt.date(2023, 9, 14),
    "tim_pelaksana.sk": "Keputusan Wali Kota Nomor 188/45/2024",
    "tim_pelaksana.rapat_terakhir": dt.date(2024, 4, 18),
    "forum_smart_city.forum_terakhir": dt.date(2024, 8, 22),
    # planted gap: 40 billion of a 2.3 trillion regional budget is 1.74%, below 3%
    "anggaran.smart_city_rp": 40_000_000_000.0,
    "anggaran.apbd_rp": 2_300_000_000_000.0,
    "indeks_spbe.nilai": 3.05,
    "indeks_spbe.tahun": 2023,
}
PLANTED_GAPS = ["council", "budget"]

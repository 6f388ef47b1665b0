"""Data-quality flags for valid but suspicious values, each rule on a small registry that has
the condition, counted by hand."""

import pandas as pd

from smartcity_utils.quality.flags import FLAG_COLUMNS, flags_table, suspicious_values


def row(innovation_id, name="Bank Sampah Warga", agency="DLH", year=2024, budget=12_345_000.0,
        beneficiaries=100, description="Tabungan sampah warga di setiap kelurahan."):
    return {"innovation_id": innovation_id, "innovation_name": name, "agency_code": agency,
            "year": year, "budget_idr": budget, "beneficiaries": beneficiaries,
            "description": description}


def registry(*rows):
    frame = pd.DataFrame(rows)
    frame["beneficiaries"] = frame["beneficiaries"].astype("Int64")
    return frame


def flags_of(frame):
    found = suspicious_values(frame)
    return sorted(zip(found["innovation_id"], found["column"], found["flag"], strict=True))


def test_a_plain_registry_has_no_flag(english):
    frame = registry(row("A", name="Bank Sampah"), row("B", name="Posyandu Digital",
                                                       agency="DINKES"))
    assert suspicious_values(frame).empty
    assert flags_table(suspicious_values(frame)).iloc[0, 0] == "No suspicious values."


def test_zero_and_round_budgets_are_flagged(english):
    frame = registry(row("A", name="Satu", budget=0.0), row("B", name="Dua", budget=500_000_000.0),
                     row("C", name="Tiga", budget=1_000_000_000.0),
                     row("D", name="Empat", budget=5_000_000.0),    # under 10 million: not round
                     row("E", name="Lima", budget=None))            # empty: not flagged here
    found = flags_of(frame)
    assert [(i, c) for i, c, _ in found] == [("A", "budget_idr"), ("B", "budget_idr"),
                                             ("C", "budget_idr")]
    assert found[0][2] == "budget of 0: the cost is unknown, not free"
    assert found[1][2] == "round budget (IDR\u00a0500,000,000): possibly a placeholder"


def test_beneficiaries_far_outside_the_registry_range(english):
    # ten rows of 100-190 beneficiaries: log10(x + 1) quartiles 2.09 and 2.23 by hand
    # (IQR 0.14), far-out fences 1.67 and 2.66, i.e. about 46 and 455 people; 100000 is
    # far above, 3 far below, 400 inside.
    rows = [row(f"N{i}", name=f"Nama {i}", beneficiaries=100 + 10 * i) for i in range(10)]
    rows += [row("BIG", name="Besar", beneficiaries=100_000), row("LOW", name="Kecil",
                                                                    beneficiaries=3),
             row("MID", name="Sedang", beneficiaries=400)]
    found = flags_of(registry(*rows))
    assert [i for i, _, _ in found] == ["BIG", "LOW"]
    assert found[0][2].startswith("beneficiaries 100000 far outside the registry's range (")


def test_same_name_in_several_agencies_loosely_compared(english):
    frame = registry(row("A", name="SMS Gateway", agency="BAPENDA"),
                     row("B", name="sms-gateway", agency="RSUD"),
                     row("C", name="SMS Gateway", agency="BAPENDA", year=2023),
                     row("D", name="Gateway SMS Pelanggan", agency="PDAM"),  # other words
                     row("E", name="Posyandu", agency="DINKES"),
                     row("F", name="Posyandu", agency="DINKES"))  # two, but one agency
    found = flags_of(frame)
    assert [(i, c) for i, c, _ in found] == [("A", "innovation_name"), ("B", "innovation_name"),
                                             ("C", "innovation_name")]
    assert found[0][2] == "the same innovation name in 2 agencies: BAPENDA, RSUD"


def test_empty_descriptions_and_descriptions_copying_the_name(english):
    frame = registry(row("A", name="Rujukan Online", description=""),
                     row("B", name="Rujukan Pasien", description="rujukan pasien."),
                     row("C", name="Bed Management", description="www.wangayahospital.com"),
                     row("D", name="Bank Data", description="Bank data kota untuk warga"))
    found = flags_of(frame)
    assert found == [("A", "description", "empty description"),
                     ("B", "description", "the description only repeats the name"),
                     ("C", "description", "empty description")]


def test_flags_come_one_per_row_with_the_documented_columns(english):
    frame = registry(row("A", budget=0.0, year=2023), row("A", budget=0.0, year=2024))
    found = suspicious_values(frame)
    assert found.columns.tolist() == FLAG_COLUMNS
    assert found["year"].tolist() == [2023, 2024]


def test_the_table_names_the_column_and_the_agency_as_a_reader_knows_them(english):
    frame = registry(row("A", name="Satu", budget=0.0))
    agencies = pd.DataFrame({"agency_code": ["DLH"], "short_name": ["Dinas LH"]})
    shown = flags_table(suspicious_values(frame), agencies).iloc[0]
    assert (shown["Agency"], shown["Column"]) == ("Dinas LH", "Budget (IDR)")

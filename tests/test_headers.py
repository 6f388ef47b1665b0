"""Header recognition as registries write their headers (issue #23, item 3): word order, `_`,
glued id prefixes, alternatives, the agency column's spellings, and hints that point to a
related column or to none."""

import pytest

from smartcity_utils.data.headers import closest_header, find_header, match_header
from smartcity_utils.schema import AGENCIES, INNOVATIONS


def named(headers: list[str], table=INNOVATIONS) -> dict[str, str]:
    return {headers[p]: name for p, name in match_header(headers, table).items()}


@pytest.mark.parametrize("header", ["OPD / Lembaga", "Unit Kerja", "Nama OPD",
                                    "Perangkat Daerah Pengampu", "unit_instansi", "opd_id",
                                    "Kode Instansi"])
def test_the_agency_column_as_registries_write_it(header):
    assert named([header, "Nama Inovasi"]) == {header: "agency_code", "Nama Inovasi":
                                               "innovation_name"}


def test_headers_match_in_any_word_order_and_only_a_registry_is_a_registry():
    """A progress table referring to the registry (`inovasi_id`, `status`) names nothing the
    registry's rows are about; a misspelt name still counts as one."""
    assert named(["inovasi_id", "Inovasi Nama"]) == {"inovasi_id": "innovation_id",
                                                     "Inovasi Nama": "innovation_name"}
    assert find_header([["perkembangan_id", "inovasi_id", "status", "persentase"]],
                       "innovations") is None
    match = find_header([["Kode PD", "Nama Perangkt Daerah", "Singkatan"]], "agencies")
    assert match is not None and set(match.columns.values()) == {"agency_code", "short_name"}


def test_an_id_prefix_glued_to_its_word_is_set_apart():
    assert named(["idinstansi", "nama_instansi"], AGENCIES) == {
        "idinstansi": "agency_code", "nama_instansi": "agency_name"}


def test_the_organisation_above_the_agency_is_not_taken_for_it():
    """A national register names the region or ministry (`nama_instansi`) before the agency
    inside it (`unit_instansi`)."""
    got = named(["nama_inovasi", "nama_instansi", "unit_instansi"])
    assert got == {"nama_inovasi": "innovation_name", "unit_instansi": "agency_code"}


def test_a_hint_points_to_the_header_misspelt_or_to_none():
    for unrelated in ["kontak", "kemitraan", "strategi", "Posisi Server", "URL", "no"]:
        assert closest_header(unrelated, "innovations") is None, unrelated
    assert closest_header("tanggal_inovasi", "innovations") == "Tanggal Mulai"  # a date
    for typo, hint in [("Nama Inovsi", "Nama Inovasi"), ("Dimensii", "Dimensi"),
                       ("Tahn", "Tahun")]:
        assert closest_header(typo, "innovations") == hint


def test_a_table_is_recognised_only_on_the_evidence_of_its_required_headers():
    """An account table ('opd_id', 'user_name', 'level') names an agency and a level, 2 of the
    8 columns an assessment needs: it is not taken for one, and the reason says so; an
    assessment naming 6 of them ('Kode Indikator', 'Skala Maks', ...) is."""
    from smartcity_utils.data.headers import too_little_evidence

    accounts = [["opd_id", "user_name", "level"], [11, "bahu", 0]]
    assert find_header(accounts) is None
    reason = too_little_evidence(accounts)
    assert reason.startswith("not recognised as the assessment table")
    assert "name only 2 of the 8 columns" in reason and "Kode Indikator" in reason
    scored = [["Perangkat Daerah", "Tahun", "Kode Indikator", "Indikator", "Level",
               "Skala Maks"]]
    assert find_header(scored).table == "assessment"
    assert too_little_evidence([["Nama", "Alamat", "Telepon"]]) is None

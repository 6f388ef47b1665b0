"""An agency's display name, on hand-made agencies tables."""

import pandas as pd

from smartcity_utils.names import display_names


def test_a_short_name_that_is_only_an_id_is_no_short_name():
    # issue 23: the Jawa Timur export has no short names; its 'Singkatan' repeats the account
    # id, and every page named the agencies by ids such as 'jatimprov.biroumum'. An acronym
    # that is also the code (DLH, DPMTK-PTSP) is a real short name.
    agencies = pd.DataFrame({
        "agency_code": ["jatimprov.biroumum", "030201", "DLH", "DPMTK-PTSP", "X.1"],
        "agency_name": ["Biro Umum Sekretariat Daerah", "Dinas Kesehatan",
                        "Dinas Lingkungan Hidup", "Dinas Penanaman Modal", None],
        "short_name": ["jatimprov.biroumum", "030201", "DLH", "DPMTK-PTSP", "X.1"]})
    assert display_names(agencies) == {
        "jatimprov.biroumum": "Biro Umum Sekretariat Daerah", "030201": "Dinas Kesehatan",
        "DLH": "DLH", "DPMTK-PTSP": "DPMTK-PTSP", "X.1": "X.1"}


def test_the_agency_page_shows_no_id_as_its_short_name():
    from smartcity_utils.names import short_name

    assert short_name("jatimprov.biroumum", "jatimprov.biroumum") is None
    assert short_name("Dishub", "DISHUB") == "Dishub"
    assert short_name(None, "X") is None

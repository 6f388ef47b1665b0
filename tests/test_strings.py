"""Every report string exists in both languages, and controlled values have English labels."""

from smartcity_utils.formatting import MISSING, money
from smartcity_utils.strings import STRINGS, VALUE_EN, value_label
from smartcity_utils.vocabulary import JENIS, STATUS, TAHAPAN


def test_every_string_in_indonesian_and_english():
    incomplete = [k for k, v in STRINGS.items() if set(v) != {"id", "en"} or not all(v.values())]
    assert incomplete == []


def test_placeholders_match_between_languages():
    import string

    def fields(s):
        return {f for _, f, _, _ in string.Formatter().parse(s) if f}

    differ = [k for k, v in STRINGS.items() if fields(v["id"]) != fields(v["en"])]
    assert differ == []


def test_controlled_values_have_english_labels():
    assert set(TAHAPAN + JENIS + STATUS) <= set(VALUE_EN)
    assert value_label("uji coba", "en") == "trial"
    assert value_label("uji coba", "id") == "uji coba"


def test_rupiah_as_readers_write_it():
    # one formatter for every amount; a non-breaking space keeps an amount on one line
    assert money(1250000) == "Rp\u00a01.250.000"
    assert money(1250000.4, "en") == "IDR\u00a01,250,000"
    assert money(None) == MISSING and money(float("nan")) == MISSING


def test_english_pages_name_every_sample_indicator_in_english_with_the_form_name_where_needed():
    import yaml

    from smartcity_utils.strings import indicator_label

    written = yaml.safe_load(open("smartcity_utils/sample/text.yaml", encoding="utf-8"))
    names = [name for items in written["INDICATORS"].values() for _code, name in items]
    assert len(names) == 20
    for name in names:
        assert indicator_label(name, "id") == name
        english = indicator_label(name, "en")
        assert english != name and english.isascii()
        assert indicator_label(name, "en", official=True) == f"{english} ({name})"
    assert indicator_label("Keterlibatan mitra pentahelix", "en") == \
        "Involvement of pentahelix partners"
    assert indicator_label("Indikator kota sendiri", "en") == "Indikator kota sendiri"

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

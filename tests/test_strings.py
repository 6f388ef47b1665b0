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


# ------------------------------------------------------------------ every string is said


def _sources() -> str:
    """The package's code and templates and the notebooks' cells: where a string is named."""
    import json
    from pathlib import Path

    import smartcity_utils

    root = Path(smartcity_utils.__file__).parent
    texts = [p.read_text(encoding="utf-8") for p in [*root.rglob("*.py"), *root.rglob("*.j2")]]
    for path in sorted((root.parent / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts += ["".join(c["source"]) for c in cells]
    return "\n".join(texts)


def unused_strings(keys, source: str) -> list[str]:
    """The keys no source names: by the key itself, by a prefix it is built from
    (`f"ev.rulebook.{reason}"`, `"ev.bool."`), as a column header (`agency`), or as the
    singular (`key.one`) of a key that is named. `dq.why.*` is read as one table."""
    import re

    quoted = set(re.findall(r"""["']([A-Za-z0-9_.\-]+)["']""", source))
    prefixes = {"dq.why."} | set(re.findall(r"""f["']([a-z0-9_]+\.[A-Za-z0-9_.\-]*)\{""",
                                            source))
    prefixes |= {q for q in quoted if q.endswith(".")}

    def named(key: str) -> bool:
        key = key.removesuffix(".one")
        return key in quoted or any(key.startswith(p) for p in prefixes)

    return [k for k in keys if not named(k)]


def test_every_string_is_named_somewhere():
    assert unused_strings(STRINGS, _sources()) == []


def test_an_unused_string_would_be_found():
    source = 'text("ix.title")\nf"ev.rulebook.{reason}"\nKEYS = {"x": "ev.bool."}\n'
    keys = ["ix.title", "ev.rulebook.own", "ev.bool.true", "ev.bool.true.one", "ag.unused",
            "ix.title.one", "ix.titles", "agency"]
    assert unused_strings(keys, source) == ["ag.unused", "ix.titles", "agency"]

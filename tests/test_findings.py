"""What the tutorial notebook's answers mean, in words (smartcity_utils/findings.py): the size
words at Cohen's cut-offs, the direction, the chance clause at p >= 0.05, both languages.
Every expected sentence is written out by hand."""

import pytest

from smartcity_utils import findings


@pytest.mark.parametrize("rho, word", [(0.0, None), (0.099, None), (-0.099, None),
                                       (0.1, "weak"), (-0.29, "weak"), (0.3, "moderate"),
                                       (-0.49, "moderate"), (0.5, "strong"), (-1.0, "strong")])
def test_the_size_of_a_correlation_in_words(rho, word):
    assert findings.strength(rho) == word


def test_no_relation():
    assert findings.rank_correlation(0.0856, 0.641, 32, "innovations", "en") == (
        "Spearman's ρ = 0.09 over 32 agencies assessed (p = 0.64): no relation; an agency's "
        "Stage I index does not go with its number of innovations.")


def test_a_weak_inverse_relation_that_may_be_chance_in_indonesian():
    assert findings.rank_correlation(-0.1476, 0.4203, 32, "quick_wins", "id") == (
        "ρ Spearman = -0,15 pada 32 perangkat daerah yang dinilai (p = 0,42): hubungan terbalik "
        "yang lemah; makin besar jumlah Quick Win terpilih perangkat daerah, makin rendah "
        "indeks Tahap I-nya, meski dengan sebanyak ini perangkat daerah hubungan itu bisa saja "
        "kebetulan (p ≥ 0,05).")


def test_a_strong_relation_below_five_percent_is_not_called_chance():
    assert findings.rank_correlation(0.62, 0.001, 1, "innovations", "en") == (
        "Spearman's ρ = 0.62 over 1 agency assessed (p = 0.00): a strong relation; the higher "
        "an agency's number of innovations, the higher its Stage I index tends to be.")


def test_the_agency_that_overlaps_most():
    assert findings.overlap("Dinkes", 5, 6, 1, "en") == (
        "Dinkes has the most innovations like another agency's: 5 of its 6 innovations have a "
        "counterpart in 1 agency besides it. It is the first agency to talk to about joining "
        "programmes.")


def test_the_indicator_most_often_without_evidence_in_english():
    # IM-04's English name comes from indicator_names.yaml; 5 of 15 is 33%
    sentence = findings.missing_evidence("IM-04", "Keberlanjutan manfaat program", 5, 15, "en")
    assert sentence.startswith("Indicator IM-04 “")
    assert "Keberlanjutan" not in sentence
    assert "lacks evidence most often: 5 of 15 answers (33%)." in sentence

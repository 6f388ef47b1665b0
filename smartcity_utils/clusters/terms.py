"""The topic terms of one registry: the words and phrases that name what an innovation is about,
for the cluster labels and the evidence of integration pairs.

What is generic is learned from the registry itself: a term used in the rows of many agencies
("resmi" of "Situs Resmi ...") is boilerplate, and so is a spelling of a stop word or of such a
term that differs only in a vowel ("sistim" for "sistem"); the words of the agencies' names and
of the region, with the region's short form ("jatim" of "Jawa Timur"), repeat who runs an
innovation, not what it does ("sumber daya" of two unrelated agencies); all weigh nothing.
Phrases are whole bigrams ("rumah sakit", "perguruan tinggi"), so a reader never sees a
fragment such as "sakit". Cluster labels are the terms of highest class-based TF-IDF
(c-TF-IDF, as in BERTopic): what sets a cluster apart from the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfTransformer

from smartcity_utils.words import without_web_addresses, words

# A term used in the rows of at least this share of the agencies (and of at least
# MIN_GENERIC_AGENCIES of them) is the registry's boilerplate, not a topic. Half: on the sample
# the boilerplate of descriptions ("warga", "mencakup", "manfaat") is in the rows of 56-91% of
# the agencies, a topic that many agencies share ("sampah", "kampung") of at most 35%; on a
# provincial website list "resmi" (of "Situs Resmi ...") of 57%.
GENERIC_AGENCY_SHARE = 0.5
MIN_GENERIC_AGENCIES = 3
# A phrase does not run across these marks: they end a name, a sentence or a clause.
_CLAUSE_END = re.compile(r"[.,;:!?()\[\]\n|/]|\s-\s")


# An Indonesian active verb: the prefix meN- in its nasal forms before the stem (mem-bantu,
# men-cegah, meng-irim, meny-ediakan). It starts a clause's predicate, so a pair of words that
# ends in one runs from the subject into the predicate ("gawat darurat | mengirim ambulans").
_ACTIVE_VERB = re.compile(r"^(mem[bp]|men[cdjt]|meng[aeiouhgk]|meny[aeiou])[a-z]{2,}$")


def starts_predicate(word: str) -> bool:
    """True for a word of the form of an active verb (meN-): the start of a predicate."""
    return len(word) >= 7 and bool(_ACTIVE_VERB.match(word))


@dataclass(frozen=True)
class Phrases:
    """The topic words of a text and its bigrams of neighbouring topic words within one
    clause, web addresses out; a bigram never runs from a subject into its verb."""

    stop_words: frozenset[str]   # every word that names no topic, names included

    def __call__(self, text: object) -> list[str]:
        found = []
        for clause in _CLAUSE_END.split(without_web_addresses(text)):
            topic = [w if w not in self.stop_words else None for w in words(clause)]
            found += [w for w in topic if w]
            found += [f"{a} {b}" for a, b in zip(topic, topic[1:], strict=False)
                      if a and b and not starts_predicate(b)]
        return found


@dataclass
class TopicTerms:
    """Which innovation uses which topic term (0/1), and the terms (words and bigrams)."""

    present: sparse.csr_matrix   # innovations x terms
    terms: np.ndarray

    def tfidf(self) -> sparse.csr_matrix:
        """Unit-length TF-IDF rows of the topic terms: the pair similarity is their cosine."""
        if not self.present.shape[1]:  # no topic term: no row is similar to another
            return self.present
        return TfidfTransformer().fit_transform(self.present).tocsr()


# The kind of region a name starts with: not part of the region's short form.
_REGION_KINDS = frozenset({"provinsi", "kota", "kabupaten", "kab", "kecamatan", "kelurahan",
                           "desa", "daerah", "administrasi"})


def region_short_forms(name: str) -> set[str]:
    """The short forms Indonesian writes for a region of two or three words: the first two to
    four letters of each word run together, the last word's piece of three letters at least
    ("Jawa Timur" -> "jatim", "Kalimantan Barat" -> "kalbar", "Sulawesi Selatan" -> "sulsel")."""
    parts = [w for w in words(name) if w not in _REGION_KINDS]
    if not 2 <= len(parts) <= 3:
        return set()
    forms = {""}
    for i, word in enumerate(parts):
        shortest = 3 if i == len(parts) - 1 else 2
        forms = {f + word[:n] for f in forms for n in range(shortest, min(4, len(word)) + 1)}
    return forms


def name_words(agencies: pd.DataFrame | None, city: str = "") -> frozenset[str]:
    """The words of the city's, the regions' and the agencies' names, codes and short names,
    and the short forms of the city's and regions' names."""
    names, regions = [city], [city]
    if agencies is not None:
        for column in ("region", "agency_code", "agency_name", "short_name"):
            if column in agencies:
                names += agencies[column].dropna().astype(str).tolist()
        if "region" in agencies:
            regions += agencies["region"].dropna().astype(str).unique().tolist()
    short_forms = {form for region in regions for form in region_short_forms(region)}
    return frozenset(w for name in names for w in words(name)) | frozenset(short_forms)


def vowel_variants(terms: np.ndarray, generic: set[str]) -> np.ndarray:
    """Per term, True when it is a one-word spelling of a generic word that differs from it in
    one vowel only ("sistim" of "sistem"): registries misspell their filler too. Five letters at
    least, so that short words that differ by a vowel stay apart."""
    def shapes(word: str) -> set[str]:
        return {word[:i] + "*" + word[i + 1:] for i in range(len(word)) if word[i] in "aeiou"}
    generic_shapes = set().union(*(shapes(w) for w in generic if len(w) >= 5))
    return np.array([" " not in t and len(t) >= 5 and t not in generic
                     and bool(shapes(t) & generic_shapes) for t in terms], dtype=bool)


def agency_spread(present: sparse.csr_matrix, agency_codes: pd.Series) -> np.ndarray:
    """Per term, the number of agencies whose innovations use it."""
    agency = pd.factorize(agency_codes.fillna("").to_numpy())[0]
    owner = sparse.csr_matrix((np.ones(len(agency)), (agency, np.arange(len(agency)))))
    return np.asarray(((owner @ present) > 0).sum(axis=0)).ravel()


def topic_terms(latest: pd.DataFrame, stop_words: frozenset[str],
                names: frozenset[str] = frozenset()) -> TopicTerms:
    """The topic terms of each innovation's name and description: used by two innovations at
    least, not a stop word (English function words included: registries mix languages) nor a
    name word, and not spread over many agencies (GENERIC_AGENCY_SHARE)."""
    text = latest["innovation_name"].fillna("") + ". " + latest["description"].fillna("")
    vectorizer = CountVectorizer(analyzer=Phrases(stop_words | names | ENGLISH_STOP_WORDS),
                                 binary=True,
                                 min_df=2, dtype=np.float64)
    try:
        present = vectorizer.fit_transform(text.astype(str)).tocsr()
    except ValueError:  # no term used twice: nothing to name clusters or pairs by
        return TopicTerms(sparse.csr_matrix((len(latest), 0)), np.array([], dtype=object))
    terms = vectorizer.get_feature_names_out()
    spread = agency_spread(present, latest["agency_code"])
    agencies = latest["agency_code"].nunique()
    generic = (spread >= MIN_GENERIC_AGENCIES) & (spread >= GENERIC_AGENCY_SHARE * agencies)
    generic |= vowel_variants(terms, set(terms[generic]) | set(stop_words))
    keep = np.flatnonzero(~generic)
    return TopicTerms(present[:, keep].tocsr(), terms[keep])


def class_tfidf(topic: TopicTerms, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """c-TF-IDF (BERTopic) of each cluster and term: the term's share of the cluster's terms
    times log(1 + mean terms per cluster / the term's count over all clusters); and how many of
    the cluster's members use the term. Rows in the order of `np.unique(labels)`."""
    clusters, index = np.unique(labels, return_inverse=True)
    member_of = sparse.csr_matrix((np.ones(len(index)), (index, np.arange(len(index)))),
                                  shape=(len(clusters), len(index)))
    members_using = (member_of @ topic.present).toarray()
    frequency = np.maximum(members_using.sum(axis=0), 1)
    mean_terms = members_using.sum() / len(clusters)
    shares = members_using / np.maximum(members_using.sum(axis=1, keepdims=True), 1)
    weights = shares * np.log1p(mean_terms / frequency)
    return weights, members_using

"""The words of an Indonesian text: a light normalisation and the general stop words, shared by
the clustering features (02), the suggestion classifier and the data-quality flags (00).

Light means: lower case, accents and punctuation folded away, web addresses and markup removed, the
possessive clitic -nya and full reduplication (``warga-warga``) reduced, digits dropped. No
stemming: measured against PySastrawi on the sample's planted topics and on a real inventory
(docs/clustering.md), it did not help.

Two kinds of stop words here: the function words of written Indonesian (`STOP_WORDS_ID`) and
what registries are full of (params/cluster_stop_words.yaml: filler such as aplikasi, sistem,
online, and URL pieces). The names one registry repeats (its city, regions and agencies) are
added by `clusters.text.registry_stop_words`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from smartcity_utils.params import read_params_file
from smartcity_utils.paths import project_root

STOP_WORDS_FILE = "params/cluster_stop_words.yaml"

# Function words of written Indonesian (conjunctions, prepositions, pronouns, auxiliaries,
# quantifiers) plus the boilerplate of innovation registries that names no topic.
STOP_WORDS_ID: frozenset[str] = frozenset(
    """
    ada adalah agar akan akhir aku antara apa apabila atas atau bagai bagaimana bagi bahkan
    bahwa baik banyak baru beberapa begitu belum benar berbagai berikut bersama besar biasa
    bila bisa boleh bukan cara cukup dalam dan dapat dari daripada demi dengan di dia diri
    hal hanya harus hingga ia ialah ini itu jadi jika juga justru kami kamu karena kata
    ke kecil kembali kemudian kepada ketika kita lagi lain lainnya lalu lama lebih maka
    mampu masih melalui melakukan memiliki menjadi mereka merupakan mulai namun oleh pada
    para per perlu pula saat saja salah sama sambil sampai sangat satu saya seakan sebagai
    sebelum sebuah secara sedang sehingga sejak sekali selain selalu selama seluruh semua
    sendiri seperti serta setelah setiap sudah supaya tak tanpa tapi telah tentang tersebut
    terhadap tetapi tidak tiap untuk wajib yaitu yakni yang
    dilakukan dijalankan dibuat digunakan menggunakan mendapat memberikan diberikan
    maupun terdapat diantaranya termasuk lewat ikut datang tiba setempat lanjut berikutnya
    mana terkini bertujuan dikembangkan diimplementasikan via
    inovasi program kegiatan
    """.split()
)

# Only -nya: -lah/-kah would also cut real words (sekolah, langkah, masalah).
_CLITIC = re.compile(r"(?<=\w{3})nya$")
_REDUPLICATION = re.compile(r"\b(\w+)-\1\b")
_NOT_LETTER = re.compile(r"[^a-z]+")
# Markup that registries exported from web forms carry (`<br>`, `<p class="x">`, `&nbsp;`):
# a tag or an entity is not a word.
_MARKUP = re.compile(r"</?[A-Za-z][^<>]{0,200}>|&#?\w{1,10};")
# A web address: with a scheme or www., or a dotted name ending in a common top-level domain.
_WEB_ADDRESS = re.compile(
    r"(?:https?://|www\.)\S*|\b[\w-]+(?:\.[\w-]+)*\.(?:go\.id|co\.id|or\.id|ac\.id|id|com|net|org)"
    r"\b\S*", re.IGNORECASE)


def fold_text(text: object) -> str:
    """Lower case, accents removed, full reduplication reduced (``warga-warga`` -> ``warga``)."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return _REDUPLICATION.sub(r"\1", s)


def without_web_addresses(text: object) -> str:
    """The text with every web address (``http://x.kota.go.id/app``, ``www.x.com``) and every
    markup tag or entity (``<br>``, ``&nbsp;``) removed."""
    return _WEB_ADDRESS.sub(" ", _MARKUP.sub(" ", str(text)))


def normalise_token(token: str) -> str:
    """One word without its possessive clitic: ``layanannya`` -> ``layanan``."""
    return _CLITIC.sub("", token)


def words(text: object) -> list[str]:
    """The normalised words of a text, web addresses and 1-letter words out, nothing else."""
    pieces = _NOT_LETTER.split(fold_text(without_web_addresses(text)))
    tokens = (normalise_token(w) for w in pieces if w)
    return [t for t in tokens if len(t) > 1]


@lru_cache(maxsize=1)
def _file_stop_words() -> frozenset[str]:
    raw = read_params_file(project_root() / STOP_WORDS_FILE)
    listed = [*raw.get("registry_filler", []), *raw.get("url_pieces", [])]
    return frozenset(w for item in listed for w in words(item))


def general_stop_words() -> frozenset[str]:
    """The stop words of every registry: Indonesian function words, the file's filler and URL
    pieces."""
    return STOP_WORDS_ID | _file_stop_words()


@dataclass(frozen=True)
class Tokeniser:
    """The content words of a text: `words` without the given stop words."""

    stop_words: frozenset[str]

    def __call__(self, text: object) -> list[str]:
        return [t for t in words(text) if t not in self.stop_words]


def tokenise(text: object) -> list[str]:
    """The content words of an Indonesian text with the registry-independent stop words."""
    return Tokeniser(general_stop_words())(text)

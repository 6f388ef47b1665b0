"""Indonesian text for the innovation features: stop words and a light normalisation.

Light means: lower case, accents and punctuation folded away, the possessive clitic -nya and full
reduplication (``warga-warga``) reduced, digits dropped. No stemming: a stemmer was
not needed to recover the planted topic groups (docs/clustering.md).
"""

from __future__ import annotations

import re
import unicodedata

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
    inovasi program kegiatan
    """.split()
)

# Only -nya: -lah/-kah would also cut real words (sekolah, langkah, masalah).
_CLITIC = re.compile(r"(?<=\w{3})nya$")
_REDUPLICATION = re.compile(r"\b(\w+)-\1\b")
_NOT_LETTER = re.compile(r"[^a-z]+")


def fold_text(text: object) -> str:
    """Lower case, accents removed, full reduplication reduced (``warga-warga`` -> ``warga``)."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return _REDUPLICATION.sub(r"\1", s)


def normalise_token(token: str) -> str:
    """One word without its possessive clitic: ``layanannya`` -> ``layanan``."""
    return _CLITIC.sub("", token)


def tokenise(text: object) -> list[str]:
    """The content words of an Indonesian text, normalised, stop words and 1-letter words out."""
    words = _NOT_LETTER.split(fold_text(text))
    tokens = (normalise_token(w) for w in words if w)
    return [t for t in tokens if len(t) > 1 and t not in STOP_WORDS_ID]

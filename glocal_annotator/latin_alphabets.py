"""Which Latin-script languages a text's accented letters can belong to, for encoding detection.

Two readings of one legacy file in Latin code pages (Windows-1252 and Windows-1250, say) both
look like Latin text: Czech ``řekla``, ``změnila`` in Windows-1250 read as ``øekla``, ``zmìnila``
in Windows-1252, letters of Danish and Italian in one text. :func:`fits_one_language` tells
the readings apart: the right one uses the accented letters of one language.

Source: the lowercase letters beyond a-z of each language's alphabet, from the Unicode CLDR
exemplar characters (main and auxiliary sets, e.g. ``common/main/cs.xml``), for the languages
written in the Windows and ISO Latin code pages (1252, 1250, 1254, 1257; ISO-8859-1/2/15).
"""

from __future__ import annotations

_ALPHABETS = {
    "English": "éèêëïöôçñæœàáâäüû",  # loan words: café, naïve, façade, señor, rôle
    "French": "àâæçéèêëîïôœùûüÿ",
    "German": "äöüßéàèêç",
    "Dutch": "áéíóúàèëïöüêôûç",
    "Spanish": "áéíñóúüàèïòç",
    "Catalan": "àçéèíïóòúü",
    "Portuguese": "áàâãçéêíóôõúü",
    "Italian": "àéèìíîòóùú",
    "Danish": "æøåéáóüä",
    "Norwegian": "æøåéàóôü",
    "Swedish": "åäöéàü",
    "Finnish": "åäöšž",
    "Icelandic": "áðéíóúýþæö",
    "Faroese": "áðíóúýæø",
    "Estonian": "äõöüšž",
    "Polish": "ąćęłńóśźż",
    "Czech": "áčďéěíňóřšťúůýž",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Slovene": "čšžćđ",
    "Croatian": "čćđšž",
    "Hungarian": "áéíóöőúüű",
    "Romanian": "ăâîșțşţ",
    "Albanian": "çë",
    "Turkish": "çğıöşüâîû",
    "Latvian": "āčēģīķļņšūž",
    "Lithuanian": "ąčęėįšųūž",
    "Welsh": "âêîôûŵŷáéíóúàèìòùẃẁäëïöüÿ",
    "Maltese": "ċġħżàèìòù",
}
_SETS = tuple(frozenset(letters) for letters in _ALPHABETS.values())


def fits_one_language(text: str) -> bool:
    """True when every non-ASCII Latin letter of ``text`` (lowercased) belongs to the alphabet of
    one language in :data:`_ALPHABETS`, or the text has none. Letters of other scripts are not
    considered. Linear in ``len(text)``."""
    letters = {ch for ch in set(text.lower()) if ch >= "\x80" and ch.isalpha()
               and ch <= "\u024f"}
    if not letters:
        return True
    return any(letters <= alphabet for alphabet in _SETS)

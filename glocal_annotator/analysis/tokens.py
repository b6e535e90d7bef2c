"""Words of a text, as the word views count them.

A *word* is a run of letters, combining marks and digits (Unicode categories L, M, N, and
private-use characters): punctuation, spaces, apostrophes and hyphens separate words
(``women's`` is ``women`` and ``s``; ``well-being`` is ``well`` and ``being``). Words are
compared in NFC and Unicode case folding (``Straße`` and ``STRASSE`` are one word, shown as
``strasse``). A word with no letter (``2024``, ``3``, ``½``) is a number and is not counted.

Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar)
are cut into words by ICU's dictionary-based word break iterator (the Unicode text segmentation
of UAX #29 with ICU's dictionaries for those scripts), through the ``icu4py`` package: MIT
licensed, one wheel (about 16 MB) for Linux, Windows and macOS that carries ICU itself, and the
one package that covers all of these scripts at once (jieba covers Chinese only and comes as a
source archive, pythainlp Thai only, and Japanese needs a third, MeCab or Sudachi with a 50-70 MB
dictionary). When ``icu4py`` cannot be imported, such text is counted by character (each
user-perceived character a word) and :func:`segmenter_note` says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import regex

WORD = regex.compile(r"[\p{L}\p{M}\p{N}\p{Co}]+")
LETTER = regex.compile(r"[\p{L}\p{Co}]")
# Thai, Lao, Myanmar, Khmer, kana, CJK ideographs: the scripts written without spaces
UNSPACED = regex.compile(r"[\p{Thai}\p{Lao}\p{Myanmar}\p{Khmer}\p{Hiragana}\p{Katakana}"
                         r"\p{Han}]")
GRAPHEME = regex.compile(r"\X")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
INSTALL_HINT = "pip install icu4py"


def _icu_words() -> tuple[Callable[[str], list[str]] | None, str]:
    try:
        from icu4py import icu_version
        from icu4py.breakers import WordBreaker
    except ImportError:
        return None, ""

    def words(text: str) -> list[str]:
        return list(WordBreaker(text, "und"))

    return words, f"ICU {icu_version} word break (icu4py)"


_SEGMENT, _SEGMENTER_NAME = _icu_words()


def segmenter() -> str | None:
    """What cuts the words of scripts written without spaces (ICU's word break iterator and its
    version), or None when ``icu4py`` is missing and each character counts as a word."""
    return _SEGMENTER_NAME if _SEGMENT is not None else None


def words(chunk: str) -> tuple[str, ...]:
    """The words of ``chunk`` (module notes), folded, numbers left out, in order."""
    if chunk.isascii():  # the same rule, quicker: ASCII folds by lower()
        if chunk.isalpha():
            return (chunk.lower(),)
        return tuple(run for run in _ASCII_WORD.findall(chunk.lower()) if not run.isdigit())
    chunk = unicodedata.normalize("NFC", chunk)
    found: list[str] = []
    for run in WORD.findall(chunk.casefold()):
        if UNSPACED.search(run):
            found.extend(_unspaced_words(run))
        elif LETTER.search(run):
            found.append(run)
    return tuple(found)


def _unspaced_words(run: str) -> list[str]:
    pieces: list[str] | None = None
    if _SEGMENT is not None:
        try:
            pieces = _SEGMENT(run)
        except UnicodeError:  # a lone surrogate: ICU takes valid text only
            pieces = None
    if pieces is None:
        pieces = GRAPHEME.findall(run)
    return [piece for piece in pieces if LETTER.search(piece) and WORD.fullmatch(piece)]


def segmenter_note() -> str:
    """One line for a words view: how text without spaces was cut into words."""
    name = segmenter()
    if name is not None:
        return f"Chinese, Japanese, Thai and similar scripts cut into words by {name}."
    return ("Chinese, Japanese, Thai and similar scripts were counted BY CHARACTER: install "
            f"the word segmenter ({INSTALL_HINT}) to count their words.")

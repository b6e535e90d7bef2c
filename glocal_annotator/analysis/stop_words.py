"""Stop words: the shipped lists for the main languages and a user's own list.

The shipped lists (``resources/stop_words/``) are the Snowball project's (BSD-3-Clause; the
folder's README.txt names the source and the additions), for English, French, German, Spanish,
Portuguese, Italian and Dutch. A user's list is a UTF-8 text file: words separated by spaces,
commas or line breaks; ``#`` starts a comment. Every word is folded as :mod:`.tokens` folds the
words it counts, so a list matches whatever the case or accent encoding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from glocal_annotator.errors import GlocalError
from glocal_annotator.resources import resource

LANGUAGES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish",
             "pt": "Portuguese", "it": "Italian", "nl": "Dutch"}
MAX_LIST_BYTES = 10_000_000
_SEPARATORS = re.compile(r"[\s,;]+")


def fold_word(word: str) -> str:
    """A word as the word views compare it: NFC, then Unicode case folding."""
    return unicodedata.normalize("NFC", word).casefold()


def parse_list(text: str) -> frozenset[str]:
    """The words of a stop-word list's text (module notes), folded."""
    found: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        found.update(fold_word(word) for word in _SEPARATORS.split(line) if word)
    return frozenset(found)


@cache
def language_stop_words(language: str) -> frozenset[str]:
    """The shipped list for a language code of :data:`LANGUAGES` (or its English name, any
    case). Raises GlocalError for another language."""
    wanted = language.strip().casefold()
    code = next((code for code, name in LANGUAGES.items()
                 if wanted in (code, name.casefold())), None)
    if code is None:
        choices = ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
        raise GlocalError(f"there is no stop-word list for {language!r}; the lists are: "
                          f"{choices}; or give your own file")
    return parse_list(resource("stop_words", f"{code}.txt").read_text(encoding="utf-8"))


def read_list(path: str | Path) -> frozenset[str]:
    """A user's stop-word file (module notes). Raises GlocalError, one line, for a file that
    cannot be read, is not UTF-8 text or is larger than 10 MB."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_LIST_BYTES:
            raise GlocalError(f"{path.name} is too large for a stop-word list (over 10 MB)")
        data = path.read_bytes()
    except OSError as error:
        raise GlocalError(f"cannot read the stop-word list {path}: "
                          f"{error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GlocalError(f"{path.name} is not UTF-8 text; save the stop-word list as UTF-8") \
            from None
    if "\x00" in text:
        raise GlocalError(f"{path.name} is not a text file")
    return parse_list(text)


def stop_words(languages: Iterable[str] = (), files: Iterable[str | Path] = (),
               words: Iterable[str] = ()) -> frozenset[str]:
    """The union of the shipped lists for ``languages``, the users' ``files`` and ``words``,
    folded. Raises as :func:`language_stop_words` and :func:`read_list`."""
    found: set[str] = {fold_word(word) for word in words}
    for language in languages:
        found |= language_stop_words(language)
    for path in files:
        found |= read_list(path)
    return frozenset(found)

"""Bytes to text, once for every reader of text files: document importers and the CSV codebook.

Order (:func:`decode`): a byte-order mark (UTF-8, UTF-16, UTF-32); else a declared charset (an
HTML ``<meta charset>``) unless the user chose an encoding; else strict UTF-8; else the user's
choice (``chosen``); else a legacy 8-bit (or East Asian multi-byte) code page, detected.

Detection is judged, not just taken: each common code page that decodes the bytes is scored by how
much its reading looks like text (:func:`mess`: symbols where letters belong, letters of two
scripts in one word, a capital inside a lowercase word), with charset-normalizer's language
coherence as a second opinion. The result is **certain** when one reading stands out; it is
**uncertain** when readings in different scripts score alike (a short Hebrew file in Windows-1255
reads just as well as Cyrillic in Windows-1251 or Greek in Windows-1253), or when East Asian
code pages tie (each reads the others' bytes as Han characters), unless charset-normalizer's
coherence clearly prefers one: then the caller must let the user choose
(:attr:`Decoded.alternatives` lists the readings, best first). Readings of single-byte code pages
in the same script that differ only in a few accented letters (Windows-1252 or -1250 for French)
are decided by how common the code page is (:data:`PREFERRED`), after the reading without
Icelandic-only letters (ð, þ, ý: what Turkish turns into when read as Windows-1252), and stay
certain. (So an Icelandic Windows-1252 file reads as Turkish: choose its encoding.)

Never used for UTF-8 input, so plain files pay nothing for it.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field

from glocal_annotator.latin_alphabets import fits_one_language

# Code pages tried for legacy text, most common on researchers' machines first; the order breaks
# ties between readings in the same script.
PREFERRED = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "koi8_r", "koi8_u", "gb18030", "big5", "cp932", "euc_jp", "cp949", "iso8859_2",
    "iso8859_15", "mac_roman", "cp850", "cp866", "cp874",
)
# East Asian code pages: their readings of each other's bytes are all Han, so script cannot
# tell them apart.
_MULTIBYTE = frozenset({"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "cp932",
                        "shift_jis", "euc_jp", "cp949", "euc_kr", "johab"})
# Names a user may give, as shown in messages: codec name -> label.
LABELS = {
    "utf_8": "UTF-8", "cp1252": "Windows-1252 (Western)", "cp1250": "Windows-1250 (Central "
    "European)", "cp1251": "Windows-1251 (Cyrillic)", "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)", "cp1255": "Windows-1255 (Hebrew)",
    "cp1256": "Windows-1256 (Arabic)", "cp1257": "Windows-1257 (Baltic)",
    "cp1258": "Windows-1258 (Vietnamese)", "koi8_r": "KOI8-R (Russian)",
    "koi8_u": "KOI8-U (Ukrainian)", "iso8859_2": "ISO-8859-2 (Central European)",
    "iso8859_15": "ISO-8859-15 (Western)", "latin_1": "ISO-8859-1 (Western)",
    "mac_roman": "Mac Roman", "cp850": "DOS 850 (Western)", "cp866": "DOS 866 (Cyrillic)",
    "cp874": "Windows-874 (Thai)", "gb18030": "GB18030 (Chinese)", "big5": "Big5 (Chinese)",
    "cp932": "Shift JIS (Japanese)", "euc_jp": "EUC-JP (Japanese)", "cp949": "EUC-KR (Korean)",
}
# Control characters other than tab, LF, FF, CR: more than this share means binary, not text.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_MAX_CONTROL_SHARE = 0.05
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16-LE, whose BOM it begins with
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Non-letters that legacy text really holds (quotes, dashes, currency, degrees ...).
_TEXT_SYMBOLS = frozenset("\u00a0“”‘’„‚«»‹›–—…•·°§©®™€£¥¢±×÷¿¡ªº¹²³¼½¾µ¶†‡‰′″\u00ad")
# Punctuation that stands between letters in real words (apostrophes, hyphens, middle dots).
_INSIDE_WORDS = frozenset("’‘'‐‑–·\u00ad")
_SCRIPT_SAMPLE = 64 * 1024  # characters scored per reading: enough to judge, bounded work
_MAX_MESS = 0.5  # the best reading garbles more than this share of its non-ASCII characters
_TIE = 0.02  # readings whose mess scores differ less than this are alike
_COHERENCE_MARGIN = 0.2  # charset-normalizer's coherence lead that settles a tie


class DecodingError(ValueError):
    """Bytes that are not text in any encoding tried; ``reason`` says why, as a clause
    ('it contains binary data, not text ...') to follow a file name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    """Decoded text and how it was read.

    ``encoding`` is a Python codec name; ``certain`` is False only when detection found several
    readings in different scripts equally plausible; then ``alternatives`` holds each reading's
    encoding, best first (``encoding`` is the first), for the user to choose from.
    """

    text: str
    encoding: str
    certain: bool = True
    alternatives: tuple[str, ...] = field(default=())


def label(encoding: str) -> str:
    """A readable name for a codec, e.g. 'Windows-1255 (Hebrew)'."""
    return LABELS.get(canonical(encoding) or encoding, encoding)


def canonical(name: str) -> str | None:
    """The Python codec name for ``name`` ('windows-1255', 'CP1255', 'cp1255' -> 'cp1255'), or
    None when it is not a text encoding Python knows."""
    try:
        info = codecs.lookup(name.strip())
        "".encode(info.name)  # refuses codecs that are not text encodings (base64, rot13 ...)
    except (LookupError, TypeError, ValueError, AttributeError):
        return None
    return {"iso8859-1": "latin_1", "utf-8": "utf_8"}.get(info.name, info.name.replace("-", "_"))


def decode(data: bytes, *, chosen: str | None = None, declared: str | None = None) -> Decoded:
    """Decode file bytes (see the module notes for the order).

    ``chosen``: the user's encoding (a codec name, see :func:`canonical`) for files that are not
    Unicode: it applies unless the bytes start with a byte-order mark or are valid UTF-8 (so a
    batch of files can be given one legacy encoding without spoiling its UTF-8 files); bytes it
    cannot decode are an error, not replaced. ``declared``: a charset the file names itself;
    undecodable bytes become U+FFFD, as in a browser.

    Raises :class:`DecodingError` for binary data, a broken byte-order-marked file, bytes the
    chosen encoding cannot read, or bytes no encoding reads.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodingError(f"it starts with a {encoding} byte-order mark but is not "
                                    f"{encoding} text; save it as UTF-8 and import again") from exc
            if _controls(text) > _MAX_CONTROL_SHARE * len(text) or "\x00" in text:
                raise _binary()
            return Decoded(text, encoding)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data or len(data) - len(data.translate(None, _CONTROL_BYTES)) > \
            _MAX_CONTROL_SHARE * len(data):
        raise _binary()
    if declared and not chosen:
        # A declared charset wins, as in a browser; undecodable bytes become U+FFFD, as there.
        return Decoded(data.decode(declared, errors="replace"), declared)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if chosen:
        return _decode_chosen(data, chosen)
    return _detect(data)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text saved without a byte-order mark (Windows 'Unicode' exports of some tools),
    recognised as the Unicode FAQ describes (https://unicode.org/faq/utf_bom.html#bom10): text
    whose zero bytes all fall on one side of each two-byte unit, as the high byte of the spaces,
    digits and Latin letters it holds. At least a tenth of the units must have that zero byte,
    none the other, and the whole must decode to text without control characters; else None."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    units = len(data) // 2
    for zeros, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if others == 0 and zeros * 10 >= units:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            if _controls(text) or "\x00" in text:
                return None
            return Decoded(text, encoding)
    return None


def _decode_chosen(data: bytes, chosen: str) -> Decoded:
    name = canonical(chosen)
    if name is None:
        raise DecodingError(f"{chosen!r} is not a text encoding Python knows; use a name such "
                            "as cp1255, windows-1251 or latin-1")
    try:
        return Decoded(data.decode(name), name)
    except UnicodeDecodeError as exc:
        raise DecodingError(f"it is not {label(name)} text (byte 0x{data[exc.start]:02X} at "
                            f"{exc.start:,} has no meaning there); choose another encoding"
                            ) from exc


def _detect(data: bytes) -> Decoded:
    import charset_normalizer  # imported here: it takes ~50 ms and UTF-8 files never need it

    coherence: dict[str, float] = {}
    names = list(PREFERRED)
    for match in charset_normalizer.from_bytes(data):
        coherence.setdefault(match.encoding, match.coherence)
        if match.encoding not in names and not match.encoding.startswith("utf"):
            names.append(match.encoding)
    readings: dict[str, tuple[float, str]] = {}  # text -> (mess, first encoding)
    for name in names:
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if text not in readings:
            sample = text[:_SCRIPT_SAMPLE]
            readings[text] = (mess(sample) + _outside_core(sample, name), name)
    if not readings:
        raise DecodingError("its text encoding could not be recognised; save it as UTF-8 and "
                            "import again")
    best = min(score for score, _ in readings.values())
    if best > _MAX_MESS:
        raise DecodingError("its text encoding could not be recognised (every encoding tried "
                            "reads it as garbled text); save it as UTF-8 and import again")
    plausible = [(text, name) for text, (score, name) in readings.items() if score <= best + _TIE]
    rank = {name: index for index, name in enumerate(names)}

    def strength(item: tuple[str, str]) -> tuple[float, int]:
        return (-coherence.get(item[1], 0.0), rank[item[1]])

    scripts = {_script(candidate) for candidate, _ in plausible}
    single_byte = not any(name in _MULTIBYTE for _, name in plausible)
    if len(scripts) == 1 and single_byte:
        # One script, a few letters apart: charset-normalizer's coherence cannot weigh a
        # handful of accented letters, so the reading whose accented letters are one
        # language's (Czech řě, not Danish ø with Italian ì), then the less messy one (KOI8-R
        # read as Windows-1251 has a capital inside a word), then the one without
        # Icelandic-only letters (what
        # Turkish and Central European text turns into in Windows-1252) and then the more
        # common code page wins.
        plausible.sort(key=lambda item: (not fits_one_language(item[0][:_SCRIPT_SAMPLE]),
                                         readings[item[0]][0], _rare_letters(item[0]),
                                         rank[item[1]]))
    else:
        plausible.sort(key=strength)
    text, encoding = plausible[0]
    leader = coherence.get(encoding, 0.0)
    runner_up = max((coherence.get(name, 0.0) for _, name in plausible[1:]), default=0.0)
    certain = (len(plausible) == 1 or (len(scripts) == 1 and single_byte)
               or leader - runner_up >= _COHERENCE_MARGIN)
    if certain:
        return Decoded(text, encoding)
    return Decoded(text, encoding, certain=False,
                   alternatives=tuple(name for _, name in plausible))


def mess(text: str) -> float:
    """How little ``text`` looks like writing, per non-ASCII character (0 = fully plausible).

    Counts non-ASCII characters that are neither letters, marks, punctuation nor the symbols
    text really uses; words mixing letters of two scripts ('cafй'); a capital after a lowercase
    letter inside a word ('fiŤres'); and Latin words of three letters or more that are mostly
    accented letters ('Ïðèâåò', Cyrillic read as Windows-1252). ASCII alone is never messy.
    """
    non_ascii = 0
    events = 0
    word = _Word()
    for index, ch in enumerate(text):
        if ch < "\x80":
            if ch.isalpha():
                events += word.add(ch, "LATIN", accented=False)
            else:
                events += word.end()
            continue
        non_ascii += 1
        category = unicodedata.category(ch)
        if category[0] == "L":
            events += word.add(ch, _script_of(ch), accented=True)
        elif category[0] == "M":
            # A script's own vowel sign or accent on a letter of another script (a Thai tone
            # mark after a Latin 'f'): a misreading. Generic combining accents fit any script.
            script = _script_of(ch)
            if script != "COMBINING" and word.scripts and script not in word.scripts:
                events += 1
        else:
            next_is_letter = index + 1 < len(text) and text[index + 1].isalpha()
            if category[0] != "P" and ch not in _TEXT_SYMBOLS:
                events += 1
            elif category == "No" and next_is_letter:
                events += 1  # a superscript or fraction starting a word: '³ber' (über in DOS)
            elif word.letters and next_is_letter and ch not in _INSIDE_WORDS \
                    and _script_of(ch) != "CJK":  # Chinese and Japanese need no spaces
                events += 1  # a symbol between two letters: 'za³o¿y³y' (Polish as Western)
            events += word.end()
    events += word.end()
    return events / non_ascii if non_ascii else 0.0


class _Word:
    """The letters of the word being read, for :func:`mess`."""

    def __init__(self) -> None:
        self.scripts: set[str] = set()
        self.letters = 0
        self.accented = 0
        self.case_events = 0
        self.previous_lower = False
        self.leading_capitals = 0  # capitals at the start of the word, while nothing else came

    def add(self, ch: str, script: str, accented: bool) -> int:
        upper = ch.isupper()
        if self.previous_lower and upper:
            self.case_events += 1  # 'fiŤres'
        if self.leading_capitals == self.letters and not upper and self.leading_capitals >= 2:
            self.case_events += 1  # 'ĄOlé': two capitals, then lowercase
        if upper and self.leading_capitals == self.letters:
            self.leading_capitals += 1
        self.previous_lower = ch.islower()
        self.scripts.add(script)
        self.letters += 1
        self.accented += accented
        return 0

    def end(self) -> int:
        events = int(len(self.scripts) > 1)
        if "HALFWIDTH" in self.scripts:
            events += 1  # halfwidth katakana: 1980s terminals; what other bytes become in cp932
        if self.accented:  # case oddities only count where a reading put non-ASCII letters
            events += self.case_events
        if self.scripts == {"LATIN"} and self.letters >= 3 and self.accented * 2 > self.letters:
            events += 1
        self.scripts.clear()
        self.letters = self.accented = self.case_events = self.leading_capitals = 0
        self.previous_lower = False
        return events


# Scripts written together in one word: Han with kana (Japanese) or Hangul (Korean).
# Halfwidth forms are not among them: see _Word.end.
_CJK_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL",
                          "IDEOGRAPHIC", "FULLWIDTH"})


def _script_of(ch: str) -> str:
    name = unicodedata.name(ch, "")
    script = name.split(" ", 1)[0] if name else "?"
    return "CJK" if script in _CJK_SCRIPTS else script


def _script(text: str) -> str:
    """The script most non-ASCII letters of ``text`` are written in."""
    counts: dict[str, int] = {}
    for ch in text[:_SCRIPT_SAMPLE]:
        if ch >= "\x80" and ch.isalpha():
            script = _script_of(ch)
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else ""


# East Asian code pages whose extensions of a national standard hold rare characters: GBK and
# GB18030 extend GB 2312 (the 6,763 hanzi of everyday Chinese), Unified Hangul Code (cp949)
# extends KS X 1001 (EUC-KR). Another language's bytes read in such a code page land mostly in
# the extension (Shift JIS kana bytes become rare GBK hanzi), real text rarely does.
_CORE_SETS = {"gb18030": "gb2312", "gbk": "gb2312", "cp936": "gb2312", "cp949": "euc_kr"}


def _outside_core(text: str, encoding: str) -> float:
    """The share of ``text``'s non-ASCII characters outside the core standard of ``encoding``
    (see :data:`_CORE_SETS`; 0.0 for other code pages), added to its :func:`mess`."""
    core = _CORE_SETS.get(encoding)
    if core is None:
        return 0.0
    non_ascii = rare = 0
    for ch in text:
        if ch >= "\x80":
            non_ascii += 1
            try:
                ch.encode(core)
            except UnicodeEncodeError:
                rare += 1
    return rare / non_ascii if non_ascii else 0.0


def _rare_letters(text: str) -> int:
    """Letters only Icelandic and Faroese use (ð þ ý), in the text's first part."""
    sample = text[:_SCRIPT_SAMPLE]
    return sum(sample.count(ch) for ch in "ðþýÐÞÝ")


def _controls(text: str) -> int:
    return sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f" or ch == "\x7f")


def _binary() -> DecodingError:
    return DecodingError("it contains binary data, not text (or UTF-16 text without a "
                         "byte-order mark); check that it is the right file, or save it as UTF-8 "
                         "and import again")


def preview(text: str, limit: int = 120) -> str:
    """The start of ``text`` on one line, for messages and the encoding choice."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

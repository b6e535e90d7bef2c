"""Property tests (hypothesis) for the importers: any bytes named .txt, .md, .html or .csv give
either a result or the app's own one-line error, never another exception; text written as UTF-8
comes back as stored text; the HTML pre-pass is linear and changes no page's text."""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glocal_annotator.errors import GlocalError
from glocal_annotator.importers import ExtractedText, extract
from glocal_annotator.importers.html import _TextParser, plain_unterminated
from glocal_annotator.importers.normalize import normalize
from glocal_annotator.refi.codebook_files import read_codebook_file

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
_FOLDER = Path(tempfile.mkdtemp(prefix="glocal-properties-"))

# Bytes that look like what arrives: text in several encodings, markup, binary junk.
_PIECES = st.one_of(
    st.binary(max_size=64),
    st.text(max_size=40).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.text(max_size=40).map(lambda s: s.encode("utf-16", "surrogatepass")),
    st.sampled_from([b"<p>", b"</p>", b"<!--", b"-->", b"<![CDATA[", b"<script>", b"\xef\xbb\xbf",
                     b"\r\n", b"\x00", b"&amp;", b"&#x1F469;", b"<meta charset=cp1255>",
                     b"name,parent\n", b'"', b",", b";", b"sep=;\n", b" > "]),
)
ANY_BYTES = st.lists(_PIECES, max_size=12).map(b"".join)


def _write(name: str, data: bytes) -> Path:
    path = _FOLDER / name
    path.write_bytes(data)
    return path


@SETTINGS
@given(data=ANY_BYTES, suffix=st.sampled_from([".txt", ".md", ".html", ".htm"]))
def test_any_bytes_as_a_document_give_text_or_one_line(data, suffix):
    path = _write(f"any{suffix}", data)
    try:
        result = extract(path)
    except GlocalError as error:
        message = str(error)
        assert message and "\n" not in message and path.name in message
    else:
        assert isinstance(result, ExtractedText) and result.text.strip()
        assert "\x00" not in result.text and "\r" not in result.text


@SETTINGS
@given(data=ANY_BYTES)
def test_any_bytes_as_a_csv_codebook_give_codes_or_one_line(data):
    path = _write("any.csv", data)
    try:
        codebook = read_codebook_file(path)
    except GlocalError as error:
        assert "\n" not in str(error)
    else:
        assert codebook.codes


# Text a person writes: any printable character, spaces, tabs and line breaks.
WRITTEN = st.lists(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\ufeff")
    | st.sampled_from(["\n", "\t", " ", "\r\n"]),
    min_size=1, max_size=200,
).map("".join).filter(lambda s: s.strip())


@SETTINGS
@given(text=WRITTEN)
def test_utf8_text_round_trips(text):
    path = _write("written.txt", text.encode("utf-8"))
    try:
        stored = extract(path).text
    except GlocalError as error:  # only a text whose characters read as a binary file
        pytest.fail(f"{text!r}: {error}")
    assert stored == normalize(text)


@SETTINGS
@given(lines=st.lists(WRITTEN, min_size=1, max_size=8))
def test_html_paragraphs_round_trip(lines):
    page = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines)
    path = _write("page.html", ("<!DOCTYPE html><meta charset=utf-8>" + page).encode())
    collapsed = [" ".join(re.split("[ \t\n\r\f]+", line)).strip(" ") for line in lines]
    expected = "\n".join(line for line in collapsed if line)
    try:
        assert extract(path).text == normalize(expected)
    except GlocalError:
        assert not normalize(expected)


# -- the HTML pre-pass --------------------------------------------------------------------------

MARKUP = st.lists(st.sampled_from([
    "<a", "<a>", "</a>", "<!--", "-->", "--", "<!", "<![CDATA[", "]]>", "]>", "<![if",
    "<![endif]>", ">", "x", " ", '"', "'", "=", "<?", "<div ", "b=", "&amp;", "<p>", "</", "<1",
    "<!doctype", "<script>", "</script>", "<b hidden>", "&", "<", "<style>", "</style >",
]), max_size=16).map("".join)


def _parsed(page: str) -> str:
    parser = _TextParser()
    parser.feed(page)
    parser.close()
    return parser.text()


def _old_end_of_file_rules() -> bool:
    """html.parser before the 2025 fix (gh-135462) shows an unterminated comment as text."""
    return _parsed("<p>a<!--b") == "a<!--b"


@pytest.mark.skipif(not _old_end_of_file_rules(), reason="this Python's html.parser has the "
                    "new end-of-file rules, which the pre-pass is not meant to reproduce")
@settings(max_examples=400, deadline=None)
@given(page=MARKUP)
def test_the_pre_pass_changes_no_page_s_text(page):
    """What the pre-pass writes as plain text is what html.parser shows anyway."""
    try:
        expected = _parsed(page)
    except AssertionError:  # html.parser refuses the page (an unknown marked section)
        return
    assert _parsed(plain_unterminated(page)) == expected


class _Counted(str):
    """A page that counts the characters its ``find`` calls look at."""

    scanned = 0

    def find(self, sub, start=0, end=None):  # noqa: ANN001, ANN201 - str's own signature
        found = str.find(self, sub, start, end)
        _Counted.scanned += (len(self) if found == -1 else found) - start
        return found


@pytest.mark.parametrize("unit", ["<a", "<!", "<!--", "<![CDATA[", "<!--x>", "<script>", "</"])
def test_the_pre_pass_looks_at_each_character_a_bounded_number_of_times(unit):
    page = _Counted(unit * 20_000)
    _Counted.scanned = 0
    plain_unterminated(page)
    assert _Counted.scanned <= 4 * len(page)

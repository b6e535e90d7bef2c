"""Plain text and Markdown: encodings, line endings, content kept exactly."""

from __future__ import annotations

import codecs

import pytest

from glocal_annotator.importers import SUPPORTED_SUFFIXES, ExtractedText, extract

EMOJI = "\U0001f469\U0001f3fd\u200d\U0001f52c"
CJK = "全球本土化"
COMBINING = "e\u0301"
RTL = "العولمة"
SAMPLE = (f"Interview 3 {EMOJI} said: {CJK} is caf{COMBINING} culture.\n"
          f"\t{RTL} (glocalization)\u00a0— non-breaking space kept\n"
          "\n"
          "  indented line after a blank one")


def test_utf8_keeps_every_script_exactly(tmp_path):
    path = tmp_path / "interview.txt"
    path.write_bytes(SAMPLE.encode("utf-8"))
    result = extract(path)
    assert result == ExtractedText(text=SAMPLE, format="txt", metadata={"encoding": "utf-8"})
    # Offsets are code points: the emoji sequence is 4 of them, the combining mark its own.
    assert result.text.index(CJK) == len("Interview 3 ") + 4 + len(" said: ")
    assert result.text[result.text.index("caf") + 3] == "e"
    assert result.text[result.text.index("caf") + 4] == "\u0301"


@pytest.mark.parametrize(
    ("bom", "codec", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_byte_order_marks_decode_and_disappear(tmp_path, bom, codec, encoding):
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + SAMPLE.encode(codec))
    result = extract(path)
    assert result.text == SAMPLE
    assert not result.text.startswith("\ufeff")
    assert result.metadata == {"encoding": encoding}


def test_cp1252_with_accents_and_smart_quotes(tmp_path):
    text = ("Caf\u00e9 \u00fcber alles: \u201csmart quotes\u201d and \u2018single\u2019 "
            "\u2014 na\u00efve")
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    result = extract(path)
    assert result.text == text
    assert result.metadata["encoding"] == "cp1252"


def test_cp1251_russian(tmp_path):
    text = ("Глокализация: местные сообщества перерабатывают глобальные идеи. "
            "Это интервью записано в Москве.")
    path = tmp_path / "russian.txt"
    path.write_bytes(text.encode("cp1251"))
    result = extract(path)
    assert result.text == text
    assert result.metadata["encoding"] == "cp1251"


def test_line_endings_become_newlines(tmp_path):
    path = tmp_path / "endings.txt"
    path.write_bytes("crlf\r\nlone cr\rlf\nls\u2028ps\u2029ff\fend\r\n\r\n".encode())
    assert extract(path).text == "crlf\nlone cr\nlf\nls\nps\nff\nend"


def test_crlf_file_in_utf16(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + f"one {CJK}\r\ntwo {EMOJI}\r\n".encode("utf-16-le"))
    assert extract(path).text == f"one {CJK}\ntwo {EMOJI}"


def test_trailing_whitespace_trimmed_leading_kept(tmp_path):
    path = tmp_path / "spaces.txt"
    path.write_text("\n  first\t\n\nlast  \n\n \t\n", encoding="utf-8")
    assert extract(path).text == "\n  first\t\n\nlast"


@pytest.mark.parametrize("name", ["notes.md", "notes.markdown", "NOTES.MD"])
def test_markdown_is_kept_as_source(tmp_path, name):
    source = f"# Field notes\n\n*Hybrid* [{CJK}](https://example.org) `code`\n\n- {RTL}\n"
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    result = extract(path)
    assert result.format == "md"
    assert result.text == source.rstrip()


def test_suffix_is_case_insensitive(tmp_path):
    path = tmp_path / "UPPER.TXT"
    path.write_text("shouting suffix", encoding="utf-8")
    assert extract(path).format == "txt"
    assert {".txt", ".md", ".markdown", ".docx", ".odt", ".pdf", ".html", ".htm"} == set(
        SUPPORTED_SUFFIXES)


def test_str_path_accepted(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("by string", encoding="utf-8")
    assert extract(str(path)).text == "by string"


def test_a_few_control_characters_are_still_text(tmp_path):
    path = tmp_path / "old.txt"
    body = "An old DOS file with an escape \x1b[1m and an end marker." * 3 + "\x1a"
    path.write_bytes(body.encode("ascii"))
    assert extract(path).text == body


def test_empty_file_refused(tmp_path, expect_failure):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    expect_failure(path, "empty")


@pytest.mark.parametrize("content", [b"   \n\r\n\t  ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n\n"])
def test_blank_file_refused(tmp_path, expect_failure, content):
    path = tmp_path / "blank.md"
    path.write_bytes(content)
    expect_failure(path, "no text")


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 4,  # every byte value, NULs included
        b"\x89PNG\r\n\x1a\n" + bytes([0, 0, 0, 13]) + b"IHDR" + bytes(50),  # a PNG header
        bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 21]) * 20 + b"text" * 10,
    ],
)
def test_binary_content_named_txt_refused(tmp_path, expect_failure, content):
    path = tmp_path / "picture.txt"
    path.write_bytes(content)
    expect_failure(path, "binary")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [
    "plain words",
    "Interview: globalization and café in the village\n",
    "Интервью с участницей: глобализация.\n",  # only spaces and punctuation have a zero byte
])
def test_utf16_without_bom_is_read(tmp_path, codec, text):
    path = tmp_path / "nobom.txt"
    path.write_bytes(text.encode(codec))
    result = extract(path)
    assert result.text == text.rstrip("\n")  # a final line break is not kept
    assert result.metadata == {"encoding": codec}


def test_zero_bytes_on_both_sides_are_binary_not_utf16(tmp_path, expect_failure):
    path = tmp_path / "nobom.txt"
    path.write_bytes("plain words".encode("utf-16-le") + b"\x00\x00\x00")
    expect_failure(path, "binary", "UTF-16", "UTF-8")


def test_broken_utf16_after_bom_refused(tmp_path, expect_failure):
    path = tmp_path / "broken16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8")  # a lone high surrogate
    error = expect_failure(path, "utf-16")
    assert isinstance(error.__cause__, UnicodeDecodeError)

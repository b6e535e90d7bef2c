"""HTML: visible text only, block layout, white space, entities, encodings."""

from __future__ import annotations

import codecs

import pytest

from glocal_annotator.importers import extract

EMOJI = "\U0001f469\U0001f3fd\u200d\U0001f52c"
CJK = "全球本土化"
COMBINING = "e\u0301"
RTL = "العولمة"

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<meta name="author" content="Ana  P&eacute;rez">
<title>  Glocal   &amp; local
 </title>
<style>p {{ color: red }} .x::before {{ content: "styled" }}</style>
<script>var x = "<p>not text</p>"; if (a < b) {{ alert("no"); }}</script>
</head>
<body>
<!-- a comment that must not appear -->
<h1>Heading   <em>one</em></h1>
<p>Some <b>bold</b>   and <i>ital</i>ic
text.&nbsp;Caf&eacute; &lt;tag&gt; &#x1F469;&#127997;&zwj;&#128300; &amp;&amp;</p>
<div><div>nested <span>inline</span></div>tail of outer div</div>
<ul><li>{CJK}</li><li>caf{COMBINING}</li></ul>
<table><tr><th>Code</th><td>{RTL}</td></tr></table>
<blockquote>quoted</blockquote>
<pre>
  keep   this
    indent</pre>
line<br>after br<br><br>after two brs
<template><p>template text</p></template><noscript>noscript text</noscript>
<p>{EMOJI}</p>
</body></html>"""

EXPECTED = (
    "Heading one\n"
    "Some bold and italic text.\u00a0Café <tag> "
    f"{EMOJI} &&\n"
    "nested inline\n"
    "tail of outer div\n"
    f"{CJK}\n"
    f"caf{COMBINING}\n"
    "Code\n"
    f"{RTL}\n"
    "quoted\n"
    "  keep   this\n"
    "    indent\n"
    "line\n"
    "after br\n"
    "\n"
    "after two brs\n"
    f"{EMOJI}"
)


def test_visible_text_in_lines(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    result = extract(path)
    assert result.format == "html"
    assert result.text == EXPECTED
    assert result.metadata == {"encoding": "utf-8", "title": "Glocal & local",
                               "author": "Ana Pérez"}


def test_htm_suffix_and_missing_head_end(tmp_path):
    path = tmp_path / "old.HTM"
    path.write_text("<html><head><title>T</title><body><p>One</p>Two", encoding="utf-8")
    result = extract(path)
    assert result.text == "One\nTwo"
    assert result.metadata["title"] == "T"


def test_meta_charset_windows_1252(tmp_path):
    path = tmp_path / "legacy.html"
    body = "<p>Caf\u00e9 \u201cglocal\u201d \u2013 na\u00efve</p>"
    path.write_bytes(f'<html><head><meta http-equiv="Content-Type" content="text/html; '
                     f'charset=windows-1252"></head><body>{body}</body></html>'.encode("cp1252"))
    result = extract(path)
    assert result.text == "Caf\u00e9 \u201cglocal\u201d \u2013 na\u00efve"
    assert result.metadata["encoding"] == "cp1252"


def test_iso_8859_1_label_means_windows_1252(tmp_path):
    path = tmp_path / "latin1.html"
    path.write_bytes(b'<meta charset="ISO-8859-1"><p>\x93quoted\x94 caf\xe9</p>')
    assert extract(path).text == "\u201cquoted\u201d caf\u00e9"


def test_undeclared_legacy_encoding_is_detected(tmp_path):
    path = tmp_path / "nocharset.html"
    text = "Caf\u00e9 \u00fcber \u201csmart quotes\u201d and na\u00efve r\u00e9sum\u00e9"
    path.write_bytes(f"<p>{text}</p>".encode("cp1252"))
    assert extract(path).text == text


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "wide.html"
    path.write_bytes(codecs.BOM_UTF16_LE + f"<p>{CJK}</p><p>{RTL}</p>".encode("utf-16-le"))
    result = extract(path)
    assert result.text == f"{CJK}\n{RTL}"
    assert result.metadata["encoding"] == "utf-16-le"


def test_crlf_inside_pre_normalised(tmp_path):
    path = tmp_path / "pre.html"
    path.write_bytes(b"<pre>\r\na\r\n  b\rc</pre>")
    assert extract(path).text == "a\n  b\nc"


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<script>document.write('hi')</script><style>p{}</style><!-- comment -->",
        "<p> &#32; </p><div>\n\t</div>",
    ],
)
def test_page_without_visible_text_refused(tmp_path, expect_failure, page):
    path = tmp_path / "invisible.html"
    path.write_text(page, encoding="utf-8")
    expect_failure(path, "no visible text")


def test_binary_named_html_refused(tmp_path, expect_failure):
    path = tmp_path / "image.html"
    path.write_bytes(bytes(range(256)) * 4)
    expect_failure(path, "binary")


@pytest.mark.parametrize("label", ["base64", "rot13", "no-such-charset"])
def test_bogus_meta_charset_falls_back_to_utf8(tmp_path, label):
    path = tmp_path / "bogus.html"
    path.write_bytes(f'<meta charset="{label}"><p>{CJK} ok</p>'.encode())
    result = extract(path)
    assert result.text == f"{CJK} ok"
    assert result.metadata["encoding"] == "utf-8"


def test_layout_inside_hidden_elements_does_not_split_lines(tmp_path):
    path = tmp_path / "hidden.html"
    path.write_text("<p>before <template><div>x</div></template>after <svg><title>tip</title>"
                    "</svg>end</p>", encoding="utf-8")
    result = extract(path)
    assert result.text == "before after end"
    assert "title" not in result.metadata


def test_title_after_a_script_in_head_still_counts(tmp_path):
    path = tmp_path / "script_first.html"
    path.write_text("<head><script>var a = 1;</script><title>Real title</title></head>"
                    "<body><p>Body</p></body>", encoding="utf-8")
    result = extract(path)
    assert result.metadata["title"] == "Real title"
    assert result.text == "Body"

"""HTML: visible text only, block layout, white space, entities, encodings."""

from __future__ import annotations

import codecs
from pathlib import Path

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
    f"Code\t{RTL}\n"  # a table row per line, cells split by tabs
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


# -- hidden elements (issue 8) ------------------------------------------------------------------

TRIAL = Path(__file__).resolve().parent / "samples" / "trial"


def test_trial_pages_leave_hidden_elements_out():
    page = extract(TRIAL / "page.html").text
    for hidden in ("hidden attribute", "hidden by CSS", "Decorative", "template text",
                   "Enable JavaScript", "not text"):
        assert hidden not in page
    assert "Women\u2019s groups said" in page and "Cell A\tCell B" in page
    assert extract(TRIAL / "wiki.html").text == "Born 21 August 1977.\nVisible paragraph."


@pytest.mark.parametrize("attributes", [
    "hidden", "hidden=''", "HIDDEN", "hidden='until-found'", "aria-hidden='true'",
    "aria-hidden=' TRUE '", "style='display:none'", "style='color: red; DISPLAY : none !important'",
    "style='visibility: hidden'", "style='visibility:collapse;'",
])
def test_hidden_element_and_its_descendants_left_out(tmp_path, attributes):
    path = tmp_path / "hidden.html"
    path.write_text(f"<p>Shown <span {attributes}>secret <b>deep <i>deeper</i></b> "
                    "<div>block</div></span>end.</p><p>Next.</p>", encoding="utf-8")
    assert extract(path).text == "Shown end.\nNext."


@pytest.mark.parametrize("attributes", [
    "aria-hidden='false'", "style='display: block'", "style='visibility: visible'",
    "data-hidden='true'", "class='hidden'",
])
def test_visible_elements_stay(tmp_path, attributes):
    path = tmp_path / "shown.html"
    path.write_text(f"<p>Shown <span {attributes}>kept</span> end.</p>", encoding="utf-8")
    assert extract(path).text == "Shown kept end."


def test_unclosed_hidden_elements_hide_only_their_own_content(tmp_path):
    path = tmp_path / "unclosed.html"
    path.write_text(
        "<p hidden>hidden paragraph<p>visible paragraph"  # the next <p> closes it
        "<ul><li hidden>hidden item<li>visible item<ul><li>nested</ul></ul>"
        "<table><tr><td hidden>hidden cell<td>visible cell<tr hidden><td>hidden row</table>"
        "<div><span style='display:none'>unclosed span</div>after the div"
        "<dl><dt hidden>term<dd>definition</dl>", encoding="utf-8")
    assert extract(path).text.split("\n") == [
        "visible paragraph", "visible item", "nested", "visible cell", "after the div",
        "definition"]


def test_many_unclosed_hidden_elements_are_linear(tmp_path):
    path = tmp_path / "many.html"
    path.write_text("<div>" + "<p hidden>x<span>" * 20_000 + "</div>" + "</span>" * 20_000
                    + "<p>end", encoding="utf-8")
    assert extract(path).text == "end"


def test_hidden_variants_inline_attributes_and_the_pages_own_style_rules(tmp_path):
    """Trial variants: odd spacing, case and !important in inline styles, hiding ancestors,
    template/noscript/script/style content, and classes and ids a <style> rule hides (at-rules,
    comments, complex selectors and classes some rule shows again are not applied)."""
    path = tmp_path / "variants.html"
    path.write_text(
        "<html><head><style>/* .commented { display:none } */\n"
        "@media print { .noprint { display: none } }\n"
        ".secret, #draft { display : none !important; }\n"
        "div.old.note{visibility:hidden} ul li a:hover { display:none }\n"
        ".tab { display:none } .tab.active { display:block }</style>"
        "<script>var SCRIPT_TEXT = 1;</script></head><body>"
        "<p>Visible one.</p>"
        "<p style='visibility:hidden'>VIS-HIDDEN</p>"
        "<p style='DISPLAY : NONE !important'>DISP-UPPER</p>"
        "<p style='color:red;display:none;'>DISP-SEMI</p>"
        "<div hidden><p>ANCESTOR-HIDDEN</p></div>"
        "<div aria-hidden='true'><p>ARIA-HIDDEN</p></div>"
        "<template><p>TEMPLATE-TEXT</p></template><noscript>NOSCRIPT-TEXT</noscript>"
        "<p class='x secret'>CLASS-HIDDEN</p><p id='draft'>ID-HIDDEN</p>"
        "<div class='note old'>OLD-NOTE</div><div class='note'>Shown note.</div>"
        "<p class='noprint'>Shown on screen.</p><p class='commented'>Commented shown.</p>"
        "<div class='tab active'>Active tab.</div>"
        "<p>Inline <span style='display:none'>SPAN-HIDDEN</span>word end.</p>"
        "<p aria-hidden='false'>Visible last.</p></body></html>", encoding="utf-8")
    assert extract(path).text == (
        "Visible one.\nShown note.\nShown on screen.\nCommented shown.\nActive tab.\n"
        "Inline word end.\nVisible last.")

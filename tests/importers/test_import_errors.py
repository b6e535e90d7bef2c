"""Bad input for every importer: always ImportFailure, one line, naming the file."""

from __future__ import annotations

import random
import subprocess
import sys

import docx
import pytest

from glocal_annotator.errors import ImportFailure
from glocal_annotator.importers import SUPPORTED_SUFFIXES, ExtractedText, extract

ALL_SUFFIXES = sorted(SUPPORTED_SUFFIXES)


@pytest.mark.parametrize("suffix", ALL_SUFFIXES)
def test_missing_file(tmp_path, expect_failure, suffix):
    expect_failure(tmp_path / f"nowhere{suffix}", "does not exist")


@pytest.mark.parametrize("suffix", ALL_SUFFIXES)
def test_empty_file(tmp_path, expect_failure, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    expect_failure(path, "empty")


@pytest.mark.parametrize("suffix", [".txt", ".md", ".markdown", ".html", ".htm"])
def test_binary_bytes_in_a_text_format(tmp_path, expect_failure, suffix):
    path = tmp_path / f"photo{suffix}"
    path.write_bytes(random.Random(1).randbytes(4096))
    expect_failure(path, "binary")


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".pdf"])
def test_random_bytes_in_a_container_format(tmp_path, expect_failure, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(random.Random(2).randbytes(4096))
    expect_failure(path, "not a")


def test_unsupported_suffix(tmp_path, expect_failure):
    path = tmp_path / "slides.xyz"
    path.write_text("text", encoding="utf-8")
    expect_failure(path, "is a .xyz file; supported: .docx, .htm, .html, .markdown, .md, .odt, "
                   ".pdf, .txt")


def test_unsupported_suffix_even_when_missing(tmp_path, expect_failure):
    expect_failure(tmp_path / "ghost.pptx", ".pptx file; supported:")


def test_no_suffix(tmp_path, expect_failure):
    path = tmp_path / "README"
    path.write_text("text", encoding="utf-8")
    expect_failure(path, "without an extension")


def test_folder_named_like_a_document(tmp_path, expect_failure):
    path = tmp_path / "folder.txt"
    path.mkdir()
    expect_failure(path, "not a file")


def test_control_characters_in_the_name_keep_the_message_on_one_line(tmp_path):
    with pytest.raises(ImportFailure) as info:
        extract(tmp_path / "two\nlines.txt")
    assert str(info.value) == ("Cannot import two?lines.txt: the file does not exist; check the "
                               "name and folder and try again.")


def _valid_files(tmp_path, make_odt, pdf_bytes):
    document = docx.Document()
    for i in range(20):
        document.add_paragraph(f"Paragraph {i}: glocal \u5168\u7403 \u00e9")
    document.save(tmp_path / "valid.docx")
    (tmp_path / "valid.pdf").write_bytes(pdf_bytes([["page one", "more"], ["page two"]]))
    make_odt("<text:p>one</text:p><text:p>two <text:s text:c='2'/></text:p>", name="valid.odt")
    return [tmp_path / "valid.docx", tmp_path / "valid.odt", tmp_path / "valid.pdf"]


def test_damaged_files_never_raise_anything_but_import_failure(tmp_path, make_odt, pdf_bytes):
    """Flip bytes in valid files: each import either succeeds or fails with one clear line."""
    rng = random.Random(20240601)
    outcomes = {"ok": 0, "refused": 0}
    for valid in _valid_files(tmp_path, make_odt, pdf_bytes):
        original = valid.read_bytes()
        for attempt in range(40):
            data = bytearray(original)
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            if attempt % 5 == 0:
                data = data[: rng.randrange(1, len(data))]
            damaged = tmp_path / f"damaged{attempt}{valid.suffix}"
            damaged.write_bytes(bytes(data))
            try:
                result = extract(damaged)
            except ImportFailure as error:
                message = str(error)
                assert "\n" not in message and damaged.name in message
                outcomes["refused"] += 1
            else:
                assert isinstance(result, ExtractedText) and result.text
                assert "\x00" not in result.text and "\r" not in result.text
                outcomes["ok"] += 1
    assert outcomes["refused"] > 0


def test_importers_do_not_import_qt():
    code = (
        "import sys\n"
        "import glocal_annotator.importers as i\n"
        "from glocal_annotator.importers import docx, html, normalize, odt, pdf, safety, text\n"
        "assert not any(m == 'PySide6' or m.startswith('PySide6.') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

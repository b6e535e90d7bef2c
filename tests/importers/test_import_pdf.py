"""PDF: text per page, page starts, encryption, scanned and damaged files."""

from __future__ import annotations

import io

import pypdf
import pytest

from glocal_annotator.importers import extract

EMOJI = "\U0001f469\U0001f3fd\u200d\U0001f52c"
CJK = "全球本土化"
COMBINING = "e\u0301"
RTL = "العولمة"

PAGE_ONE = ["Glocalization in practice", "Caf\u00e9 \u201cglocal\u201d (1)"]
# Right-to-left text is stored in visual order in a PDF, so the builder gets it reversed.
PAGE_TWO = [f"{CJK} {EMOJI} caf{COMBINING}", RTL[::-1]]


@pytest.fixture
def two_pages(tmp_path, pdf_bytes):
    path = tmp_path / "study.pdf"
    path.write_bytes(pdf_bytes([PAGE_ONE, PAGE_TWO], title="Glocal study \u00e9"))
    return path


def test_text_and_page_starts(two_pages):
    result = extract(two_pages)
    page_one = "Glocalization in practice\nCaf\u00e9 \u201cglocal\u201d (1)"
    page_two = f"{CJK} {EMOJI} caf{COMBINING}\n{RTL}"
    assert result.format == "pdf"
    assert result.text == f"{page_one}\n{page_two}"
    assert result.page_starts == (0, len(page_one) + 1)
    assert result.text[result.page_starts[1]:].startswith(CJK)


def test_title_from_document_info(two_pages):
    assert extract(two_pages).metadata == {"title": "Glocal study \u00e9"}


def test_page_without_text_keeps_its_start(tmp_path, pdf_bytes):
    path = tmp_path / "gap.pdf"
    path.write_bytes(pdf_bytes([["first"], [], ["third"], []]))
    result = extract(path)
    assert result.text == "first\n\nthird\n"
    assert result.page_starts == (0, 6, 7, 13)
    assert all(start <= len(result.text) for start in result.page_starts)


def _encrypt(source: bytes, user: str, algorithm: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(source)))
    writer.encrypt(user_password=user, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_password_protected_pdf_refused(tmp_path, pdf_bytes, expect_failure, algorithm):
    path = tmp_path / "locked.pdf"
    try:
        path.write_bytes(_encrypt(pdf_bytes([PAGE_ONE]), "secret", algorithm))
    except pypdf.errors.DependencyError:
        pytest.skip(f"pypdf cannot write {algorithm} here")
    expect_failure(path, "is encrypted; remove the password and import again")


def test_owner_password_only_pdf_is_imported(tmp_path, pdf_bytes):
    path = tmp_path / "permissions.pdf"
    path.write_bytes(_encrypt(pdf_bytes([PAGE_ONE]), "", "RC4-128"))
    assert pypdf.PdfReader(path).is_encrypted
    assert extract(path).text == "Glocalization in practice\nCaf\u00e9 \u201cglocal\u201d (1)"


def test_scanned_pdf_refused(tmp_path, pdf_bytes, expect_failure):
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes([[], []]))
    expect_failure(path, "no text layer", "OCR")


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 4,
        b"%PDF-1.4\n" + bytes(range(256)) * 4,
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< >>\n%%EOF\n",
    ],
)
def test_damaged_pdf_refused(tmp_path, expect_failure, content):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(content)
    error = expect_failure(path, "damaged or not a PDF")
    assert error.__cause__ is not None


def test_truncated_pdf_never_leaks_a_raw_error(tmp_path, pdf_bytes, expect_failure):
    whole = pdf_bytes([PAGE_ONE, PAGE_TWO])
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 3])
    error = expect_failure(path, "damaged or not a PDF")
    assert isinstance(error.__cause__, pypdf.errors.PdfReadError)

"""The shared hardening primitives in glocal_annotator.safe_io, tested directly."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from glocal_annotator import safe_io
from tests.hostile_xml import billion_laughs_doctype

SECRET = "TOP-SECRET-0815-do-not-leak"
BILLION_LAUGHS = (billion_laughs_doctype("r") + "<r>&lol9;</r>").encode()


def external_entity(url: str) -> bytes:
    return f'<!DOCTYPE r [<!ENTITY secret SYSTEM "{url}">]><r>&secret;</r>'.encode()


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def parse(data: bytes) -> etree._Element | None:
    """Parse with the shared parser; None where libxml2 refuses on its own (amplification)."""
    try:
        return etree.fromstring(data, safe_io.xml_parser())
    except etree.XMLSyntaxError:
        return None


# --------------------------------------------------------------------------------------------- XML


def test_billion_laughs_is_found_and_never_expanded() -> None:
    assert safe_io.declares_dtd(BILLION_LAUGHS)
    assert safe_io.declares_dtd(BILLION_LAUGHS, entities_only=True)
    root = parse(BILLION_LAUGHS)
    if root is not None:
        assert len(etree.tostring(root)) < 10_000
        assert safe_io.dtd_in_tree(root.getroottree(), entities_only=True)


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_external_entity_is_found_and_never_read(scheme: str, secret_file: Path) -> None:
    url = secret_file.as_uri() if scheme == "file" else "http://127.0.0.1:9/evil"
    data = external_entity(url)
    assert safe_io.declares_dtd(data, entities_only=True)
    root = parse(data)
    assert root is not None
    assert SECRET not in etree.tostring(root, encoding="unicode")
    assert safe_io.dtd_in_tree(root.getroottree(), entities_only=True)


def test_external_dtd_is_not_loaded_and_its_entities_stay_references(
    tmp_path: Path, secret_file: Path
) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY secret SYSTEM "{secret_file.as_uri()}">', encoding="utf-8")
    data = f'<!DOCTYPE r SYSTEM "{dtd.as_uri()}"><r>&secret;</r>'.encode()
    assert safe_io.declares_dtd(data)
    assert not safe_io.declares_dtd(data, entities_only=True)  # the byte scan cannot see it ...
    root = parse(data)
    assert root is not None
    assert SECRET not in etree.tostring(root, encoding="unicode")
    assert safe_io.has_entity_references(root)  # ... the tree check can


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_dtd_is_found_in_wide_encodings(encoding: str) -> None:
    data = '<!DOCTYPE r [<!ENTITY a "b">]><r/>'.encode(encoding)
    assert safe_io.declares_dtd(data, entities_only=True)


def test_harmless_doctype_and_plain_xml() -> None:
    data = b"<!DOCTYPE r><r>x</r>"
    assert safe_io.declares_dtd(data) and not safe_io.declares_dtd(data, entities_only=True)
    tree = etree.fromstring(data, safe_io.xml_parser()).getroottree()
    assert safe_io.dtd_in_tree(tree) and not safe_io.dtd_in_tree(tree, entities_only=True)
    plain = b'<?xml version="1.0"?><r>&amp;<a/></r>'
    assert not safe_io.declares_dtd(plain)
    root = etree.fromstring(plain, safe_io.xml_parser())
    assert not safe_io.dtd_in_tree(root.getroottree()) and not safe_io.has_entity_references(root)


def test_dtd_hidden_behind_a_long_prolog_is_found_in_the_tree() -> None:
    data = b"<!--" + b"x" * 100_000 + b'--><!DOCTYPE r [<!ENTITY a "b">]><r/>'
    root = etree.fromstring(data, safe_io.xml_parser())
    assert safe_io.dtd_in_tree(root.getroottree(), entities_only=True)


def test_parser_options() -> None:
    assert safe_io.XML_OPTIONS == {
        "resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
    }
    with pytest.raises(TypeError):
        safe_io.XML_OPTIONS["huge_tree"] = True  # type: ignore[index]
    deep = b"<a>" * 300 + b"</a>" * 300  # beyond libxml2's depth limit without huge_tree
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(deep, safe_io.xml_parser())
    root = etree.fromstring(b"<?pi x?><a><!-- c --><b/></a>",
                            safe_io.xml_parser(remove_comments=True, remove_pis=True))
    assert [child.tag for child in root] == ["b"]


# ------------------------------------------------------------------------------------ zip names


@pytest.mark.parametrize(
    "name",
    ["../evil.txt", "sources/../../evil.txt", "a/../../evil.txt", "..\\evil.txt", "x/..", ".."],
)
def test_zip_slip_names_are_unsafe(name: str) -> None:
    assert safe_io.unsafe_entry_name(name) == "that points outside it"


@pytest.mark.parametrize("name", ["/etc/passwd", "\\\\server\\share\\x", "C:\\x.txt", "c:/x.txt"])
def test_absolute_names_are_unsafe(name: str) -> None:
    assert safe_io.unsafe_entry_name(name) == "with an absolute path"


@pytest.mark.parametrize("name", ["word/document.xml", "./project.qde", "a..b.txt", ".root", "x/"])
def test_ordinary_names_are_safe(name: str) -> None:
    assert safe_io.unsafe_entry_name(name) is None


# ------------------------------------------------------------------------------------ capped reads


def make_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_entry_within_and_over_its_cap() -> None:
    with zipfile.ZipFile(io.BytesIO(make_zip({"a": b"12345"}))) as zf:
        info = zf.getinfo("a")
        assert safe_io.read_entry(zf, info, 5) == b"12345"
        with pytest.raises(safe_io.TooLarge) as caught:
            safe_io.read_entry(zf, info, 4)
    assert caught.value.limit == 4


def test_declared_size_over_the_cap_is_refused_before_unpacking() -> None:
    class NeverOpened(zipfile.ZipFile):
        def open(self, *args, **kwargs):  # type: ignore[override]
            raise AssertionError("opened")

    with (
        NeverOpened(io.BytesIO(make_zip({"big": bytes(10_000)}))) as zf,
        pytest.raises(safe_io.TooLarge),
    ):
        safe_io.stream_entry(zf, zf.getinfo("big"), 1000)  # at once, not when iterated


def test_real_size_beyond_the_declared_size_is_cut_off_at_the_cap() -> None:
    """The headers claim 1,000 bytes; the entry really holds 5 MB. No more than the cap comes out,
    whether zipfile notices the lie itself or the stream has to."""
    data = bytearray(make_zip({"liar.txt": bytes(5 * 1024 * 1024)}))
    struct.pack_into("<I", data, data.find(b"PK\x03\x04") + 22, 1000)  # local header
    struct.pack_into("<I", data, data.find(b"PK\x01\x02") + 24, 1000)  # central directory
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("liar.txt")
        assert info.file_size == 1000
        got = 0
        with pytest.raises((safe_io.TooLarge, *safe_io.ZIP_ERRORS)):
            for chunk in safe_io.stream_entry(zf, info, 4096):
                got += len(chunk)
        assert got <= 4096

    class Lying(zipfile.ZipFile):
        """An archive whose reader hands out more than the entry declares."""

        read_sizes: list[int] = []

        def open(self, *args, **kwargs):  # type: ignore[override]
            stream = io.BytesIO(bytes(5 * 1024 * 1024))
            read = stream.read

            def counted(n: int = -1) -> bytes:
                self.read_sizes.append(n)
                return read(n)

            stream.read = counted  # type: ignore[method-assign]
            return stream

    with Lying(io.BytesIO(bytes(data))) as zf:
        chunks = safe_io.stream_entry(zf, zf.getinfo("liar.txt"), 4096)
        got = 0
        with pytest.raises(safe_io.TooLarge):
            for chunk in chunks:
                got += len(chunk)
        assert got <= 4096
        assert 0 < sum(zf.read_sizes) <= 4097  # never asked for more than the cap and one byte


def test_too_large_is_not_a_zip_error() -> None:
    assert not issubclass(safe_io.TooLarge, safe_io.ZIP_ERRORS)


def test_damaged_entry_raises_a_zip_error() -> None:
    data = bytearray(make_zip({"a": b"hello world " * 1000}))
    start = data.find(b"PK\x03\x04") + 30 + 1
    data[start + 10:start + 40] = bytes(30)  # garble the deflate stream
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf, pytest.raises(safe_io.ZIP_ERRORS):
        safe_io.read_entry(zf, zf.getinfo("a"))


def test_read_file_cap(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * 2048)
    assert safe_io.read_file(path, 2048) == b"x" * 2048
    with pytest.raises(safe_io.TooLarge, match="more than 2 KB"):
        safe_io.read_file(path, 2047)
    with pytest.raises(FileNotFoundError):
        safe_io.read_file(tmp_path / "missing.txt")


def test_describe_size() -> None:
    assert safe_io.describe_size(200 * 1024 * 1024) == "200 MB"
    assert safe_io.describe_size(1024 * 1024) == "1 MB"
    assert safe_io.describe_size(1024) == "1 KB"
    assert safe_io.describe_size(300) == "300 bytes"


def test_importing_it_loads_neither_lxml_nor_qt() -> None:
    code = (
        "import sys\n"
        "import glocal_annotator.safe_io\n"
        "assert 'lxml' not in sys.modules and 'lxml.etree' not in sys.modules\n"
        "assert not any(m == 'PySide6' or m.startswith('PySide6.') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

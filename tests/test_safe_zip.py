"""safe_io.SafeZip, the one zip reader: path checks, size caps while streaming, lookups."""

from __future__ import annotations

import io
import struct
import time
import zipfile
from pathlib import Path

import pytest

from glocal_annotator.errors import GlocalError
from glocal_annotator.safe_io import MAX_ZIP_ENTRY_BYTES, BadInput, safe_zip

MB = 1024 * 1024


def make_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def zero_entry_zip(path: Path, name: str, size: int) -> None:
    """Write a zip with one highly compressible entry of ``size`` zero bytes, streaming."""
    chunk = bytes(MB)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open(name, "w", force_zip64=True) as handle,
    ):
        for _ in range(size // MB):
            handle.write(chunk)


@pytest.mark.parametrize(
    "name",
    ["../evil.txt", "sources/../../evil.txt", "a/../../evil.txt", "..\\evil.txt", "x/..", ".."],
)
def test_zip_slip_names_are_refused(name: str) -> None:
    data = make_zip({"project.qde": b"<Project/>", name: b"evil"})
    with pytest.raises(BadInput, match="points outside"):
        safe_zip(data)


@pytest.mark.parametrize("name", ["/etc/passwd", "\\\\server\\share\\x", "C:\\x.txt", "c:/x.txt"])
def test_absolute_names_are_refused(name: str) -> None:
    data = make_zip({name: b"evil"})
    with pytest.raises(BadInput, match="absolute path"):
        safe_zip(data)


def test_harmless_dots_are_fine() -> None:
    data = make_zip({"./project.qde": b"q", "sources/a..b.txt": b"t", "sources/.root": b""})
    with safe_zip(data) as archive:
        assert archive.read("project.qde") == b"q"
        assert archive.read("sources/a..b.txt") == b"t"


def test_case_insensitive_lookup() -> None:
    data = make_zip({"Sources/ABC.txt": b"text", "Project.QDE": b"<Project/>"})
    with safe_zip(data) as archive:
        assert archive.find("sources/abc.txt") == "Sources/ABC.txt"
        assert archive.find("SOURCES\\abc.TXT") == "Sources/ABC.txt"
        assert archive.find("project.qde") == "Project.QDE"
        assert archive.find("sources/missing.txt") is None
        assert "sources/ABC.TXT" in archive
        assert archive.read("sources/abc.txt") == b"text"
        with pytest.raises(BadInput, match="no entry"):
            archive.read("sources/missing.txt")


def test_exact_case_wins_when_both_exist() -> None:
    data = make_zip({"Sources/a.txt": b"upper", "sources/a.txt": b"lower"})
    with safe_zip(data) as archive:
        assert archive.read("sources/a.txt") == b"lower"
        assert archive.read("Sources/a.txt") == b"upper"
        assert archive.read("SOURCES/A.TXT") == b"upper"  # first one stored


def test_zip_bomb_of_300_mb_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "bomb.qdpx"
    zero_entry_zip(path, "project.qde", 300 * MB)
    assert path.stat().st_size < 2 * MB  # highly compressed
    started = time.perf_counter()
    with safe_zip(path) as archive:
        assert archive.size("project.qde") == 300 * MB > MAX_ZIP_ENTRY_BYTES
        with pytest.raises(BadInput, match="unpacks to more than 200 MB"):
            archive.read("project.qde")
        with pytest.raises(BadInput, match="unpacks to more than 50 MB"):
            archive.read("project.qde", max_bytes=50 * MB)
    assert time.perf_counter() - started < 1.0  # refused before unpacking


def test_lowered_caps_per_entry_and_in_total(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    zero_entry_zip(path, "big.bin", 5 * MB)
    with safe_zip(path, max_entry_bytes=MB) as archive, pytest.raises(BadInput, match="1 MB"):
        archive.read("big.bin")
    data = make_zip({"a": bytes(600 * 1024), "b": bytes(600 * 1024)})
    with safe_zip(data, max_total_bytes=MB) as archive:
        assert len(archive.read("a")) == 600 * 1024
        with pytest.raises(BadInput, match="archive unpacks to more than 1 MB"):
            archive.read("b")


def test_declared_size_that_lies_does_not_get_past_the_cap() -> None:
    """An entry whose headers claim 1,000 bytes but which inflates to 5 MB."""
    data = bytearray(make_zip({"liar.txt": bytes(5 * MB)}))
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, 1000)  # uncompressed size, local header
    struct.pack_into("<I", data, central + 24, 1000)  # uncompressed size, central directory
    with safe_zip(bytes(data), max_entry_bytes=4096) as archive:
        assert archive.size("liar.txt") == 1000
        with pytest.raises(BadInput) as caught:
            archive.read("liar.txt")
    assert "\n" not in str(caught.value)


def test_too_many_entries_are_refused() -> None:
    data = make_zip({f"f{index}": b"" for index in range(20)})
    with pytest.raises(BadInput, match="more than 10 entries"):
        safe_zip(data, max_entries=10)


def test_not_a_zip_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="not a zip"):
        safe_zip(b"<CodeBook/>")
    with pytest.raises(BadInput, match="does not exist"):
        safe_zip(tmp_path / "missing.qdpx")
    assert issubclass(BadInput, GlocalError)


def test_copy_to_streams_into_a_file(tmp_path: Path) -> None:
    data = make_zip({"sources/A.txt": "héllo 😀".encode()})
    target = tmp_path / "out.txt"
    with safe_zip(data) as archive, target.open("wb") as handle:
        written = archive.copy_to("Sources/a.TXT", handle)
    assert target.read_text(encoding="utf-8") == "héllo 😀"
    assert written == target.stat().st_size


def test_real_samples_open(samples: Path) -> None:
    with safe_zip(samples / "04_nvivo-mac-15.0.0_nvivo_project.qdpx") as archive:
        assert archive.find("Sources/D097E6FD-7671-4D95-A8B6-7795FA4A72E1.txt") == (
            "sources/d097e6fd-7671-4d95-a8b6-7795fa4a72e1.txt"
        )
        assert archive.read("PROJECT.QDE").startswith(b"<?xml")

"""Real read-only and full disks for tests: a read-only bind mount and a small tmpfs.

Both need root (or CAP_SYS_ADMIN) on Linux, as the tests have here and in CI. Where mounting is
impossible the tests that need it are skipped with the reason: permission bits cannot stand in
for them, since root ignores them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


def _unmount(path: Path) -> None:
    result = subprocess.run(["umount", str(path)], capture_output=True, text=True)
    if result.returncode != 0:  # busy: detach now, the kernel frees it when unused
        subprocess.run(["umount", "-l", str(path)], capture_output=True, text=True)


def _skip_unless_mounting() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("needs Linux mounts (a read-only bind mount, a small tmpfs)")
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a read-only folder or a small disk; root ignores "
                    "permission bits, so they cannot stand in")


@contextmanager
def read_only_bind(source: Path, target: Path) -> Iterator[Path]:
    """Show ``source`` (a folder or a file) read-only at ``target`` (made if missing)."""
    _skip_unless_mounting()
    if source.is_dir():
        target.mkdir(parents=True, exist_ok=True)
    else:
        target.touch()
    bound = _mount("--bind", str(source), str(target))
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {bound.stderr.strip()}")
    try:
        remounted = _mount("-o", "remount,bind,ro", str(target))
        if remounted.returncode != 0:
            pytest.skip(f"cannot remount read-only here: {remounted.stderr.strip()}")
        yield target
    finally:
        _unmount(target)


@contextmanager
def small_disk(target: Path, size: str = "2m") -> Iterator[Path]:
    """A tmpfs of ``size`` at ``target``: writes past it fail with ENOSPC (a full disk)."""
    _skip_unless_mounting()
    target.mkdir(parents=True, exist_ok=True)
    mounted = _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield target
    finally:
        _unmount(target)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the disk of ``folder`` up to ``leave`` free bytes; returns the filler file."""
    filler = folder / "filler.bin"
    with open(filler, "wb") as handle:
        try:
            while True:
                stats = os.statvfs(folder)
                free = stats.f_bavail * stats.f_frsize
                if free <= leave:
                    break
                handle.write(b"\0" * min(65536, free - leave))
                handle.flush()
        except OSError:
            pass
    return filler

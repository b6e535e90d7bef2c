"""Before Qt starts: a missing system library or display is one line that says what to install,
not Qt's abort. Qt-free: the environment, loader and /etc/os-release are stand-ins."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from glocal_annotator.ui.shell import preflight
from glocal_annotator.ui.shell.preflight import (
    QT_LIBRARIES,
    WAYLAND_LIBRARIES,
    XCB_LIBRARIES,
    gui_problem,
    platform_candidates,
)

REPO = Path(__file__).resolve().parents[3]
DEBIAN = {"ID": "debian"}
X11 = {"DISPLAY": ":0"}


def _loader(*missing: str):
    return lambda soname: soname not in missing


def test_everything_present_is_no_problem():
    assert gui_problem(X11, "linux", _loader(), DEBIAN) is None


def test_missing_xcb_libraries_name_the_packages_for_this_system():
    loader = _loader("libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    line = gui_problem(X11, "linux", loader, DEBIAN)
    assert line is not None and "\n" not in line
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in line
    assert line.endswith("sudo apt install libxcb-icccm4 libxcb-keysyms1")
    assert gui_problem(X11, "linux", loader, {"ID": "fedora"}).endswith(
        "sudo dnf install xcb-util-wm xcb-util-keysyms")
    assert gui_problem(X11, "linux", loader, {"ID": "manjaro", "ID_LIKE": "arch"}).endswith(
        "sudo pacman -S xcb-util-wm xcb-util-keysyms")
    assert gui_problem(X11, "linux", loader, {"ID": "linuxmint", "ID_LIKE": "ubuntu debian"}
                       ).endswith("sudo apt install libxcb-icccm4 libxcb-keysyms1")
    unknown = gui_problem(X11, "linux", loader, {"ID": "gentoo"})
    assert "libxcb-icccm4" in unknown and "(Debian/Ubuntu names)" in unknown


def test_every_missing_library_of_every_kind_is_named():
    missing = [lib.soname for lib in (*QT_LIBRARIES[:1], *XCB_LIBRARIES)]
    line = gui_problem(X11, "linux", _loader(*missing), DEBIAN)
    for soname in missing:
        assert soname in line
    assert "libgl1" in line and "libxkbcommon-x11-0" in line and "libxcb-cursor0" in line


def test_no_display_is_said_before_libraries():
    line = gui_problem({}, "linux", _loader("libxcb-cursor.so.0"), DEBIAN)
    assert "no display" in line and "DISPLAY" in line


def test_headless_platforms_need_no_display_or_xcb():
    env = {"QT_QPA_PLATFORM": "offscreen"}
    assert gui_problem(env, "linux", _loader("libxcb-cursor.so.0"), DEBIAN) is None
    line = gui_problem(env, "linux", _loader("libEGL.so.1"), DEBIAN)
    assert line is not None and "libegl1" in line


def test_wayland_session_uses_wayland_when_it_can():
    env = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert platform_candidates(env) == ["wayland", "xcb"]
    # Wayland works: missing X11 libraries do not matter
    assert gui_problem(env, "linux", _loader("libxcb-cursor.so.0"), DEBIAN) is None
    # Wayland libraries missing: Qt falls back to xcb, which works
    wayland = [lib.soname for lib in WAYLAND_LIBRARIES]
    assert gui_problem(env, "linux", _loader(*wayland), DEBIAN) is None
    # neither works: both sets are named
    line = gui_problem(env, "linux", _loader(wayland[0], "libxcb-cursor.so.0"), DEBIAN)
    assert "libwayland-client0" in line and "libxcb-cursor0" in line


def test_platform_list_and_arguments_are_read_as_qt_does():
    assert platform_candidates({"QT_QPA_PLATFORM": "xcb:nomitshm;offscreen"}) == [
        "xcb", "offscreen"]
    assert platform_candidates({}) == ["xcb"]


def test_other_systems_are_not_checked():
    assert gui_problem({}, "darwin", _loader("libGL.so.1"), DEBIAN) is None
    assert gui_problem({}, "win32", _loader("libGL.so.1"), DEBIAN) is None


def test_a_failed_qt_import_names_the_library():
    error = ImportError("libGL.so.1: cannot open shared object file: No such file or directory")
    assert "libGL.so.1" in preflight.explain_import_error(error)
    assert "install" in preflight.explain_import_error(error)


def _system_dependencies(library: Path) -> set[str]:
    out = subprocess.run(["ldd", str(library)], capture_output=True, text=True).stdout
    found = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] == "=>" and "PySide6" not in parts[2]:
            found.add(parts[0])
    return found


@pytest.mark.skipif(sys.platform != "linux" or not shutil.which("ldd"), reason="Linux, ldd")
def test_the_lists_cover_what_the_installed_xcb_plugin_loads():
    """When Qt is upgraded and its xcb plugin needs one more X library, this fails until the
    list (and the README) name it."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    qt = Path(spec.origin).parent / "Qt"
    needed = _system_dependencies(qt / "plugins" / "platforms" / "libqxcb.so")
    needed |= _system_dependencies(qt / "lib" / "libQt6XcbQpa.so.6")
    ours = {lib.soname for lib in (*QT_LIBRARIES, *XCB_LIBRARIES)}
    x_libraries = {name for name in needed
                   if name.startswith(("libxcb", "libX11", "libxkbcommon", "libGL.", "libEGL"))}
    assert x_libraries <= ours, sorted(x_libraries - ours)


def test_readme_names_every_package_for_every_system():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    for family, command in preflight.INSTALL.items():
        line = next(line for line in setup.splitlines() if command in line)
        listed = set(line.split(command, 1)[1].strip("` ").split())
        wanted = {lib.package(family) for lib in (*QT_LIBRARIES, *XCB_LIBRARIES)}
        assert wanted <= listed, (family, sorted(wanted - listed))


@pytest.mark.skipif(sys.platform != "linux", reason="Qt's xcb platform is Linux only")
def test_the_cli_says_it_in_one_line_instead_of_aborting(tmp_path):
    """The real command, with Qt's platform set to X11 and no display: one line, exit 1,
    no Qt abort (which would be exit code -6 and Qt's own lines)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="xcb", PYTHONPATH=str(REPO),
               GLOCAL_ANNOTATOR_DATA=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-m", "glocal_annotator", "gui"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the window cannot open")


def test_the_check_runs_without_loading_qt():
    """It must work when Qt itself cannot load: importing it loads no PySide6."""
    code = ("import sys, glocal_annotator.ui.shell.preflight as p; p.gui_problem(); "
            "print('PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, check=True).stdout
    assert out.strip() == "False"

"""Before Qt starts: can a window open here? If not, one line that says what to install.

Qt's wheels bundle Qt itself but not the system libraries its Linux platform plugins load. When
one is missing, Qt does not raise: it prints a few lines and calls ``qFatal``, which aborts the
process, so nothing in Python can catch it. So the app checks first, before Qt is imported.

How it checks: each library the chosen platform plugin needs is loaded by its exact file name
(``dlopen`` through :mod:`ctypes`), the same lookup the dynamic loader makes for the plugin
(``LD_LIBRARY_PATH`` and the system folders). That takes about a millisecond in all; asking
``ctypes.util.find_library`` spawns ``ldconfig`` once per name (about 15 ms each), and probing
in a child process would start Qt twice on every launch. The lists below are the plugins'
``DT_NEEDED`` entries outside the wheel (``ldd libqxcb.so``), checked against the installed Qt
by ``tests/test_preflight.py``.

Only Linux needs this: the macOS and Windows wheels carry everything. This module does not
import Qt (it runs before Qt may be loaded) and is usable from the CLI.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

#: Package managers we name packages for, by the ``ID``/``ID_LIKE`` of ``/etc/os-release``.
FAMILIES = {
    "debian": "debian", "ubuntu": "debian", "linuxmint": "debian", "pop": "debian",
    "fedora": "fedora", "rhel": "fedora", "centos": "fedora", "rocky": "fedora",
    "almalinux": "fedora", "arch": "arch", "manjaro": "arch", "endeavouros": "arch",
}
INSTALL = {
    "debian": "sudo apt install",
    "fedora": "sudo dnf install",
    "arch": "sudo pacman -S",
}


@dataclass(frozen=True)
class Library:
    """A shared library by the file name the loader looks for, and the package holding it on
    Debian/Ubuntu, Fedora/RHEL and Arch."""

    soname: str
    debian: str
    fedora: str
    arch: str

    def package(self, family: str) -> str:
        return getattr(self, family)


#: What QtCore/QtGui/QtWidgets load, whatever the platform (also offscreen).
QT_LIBRARIES = (
    Library("libGL.so.1", "libgl1", "libglvnd-glx", "libglvnd"),
    Library("libEGL.so.1", "libegl1", "libglvnd-egl", "libglvnd"),
    Library("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    Library("libfontconfig.so.1", "libfontconfig1", "fontconfig", "fontconfig"),
    Library("libfreetype.so.6", "libfreetype6", "freetype", "freetype2"),
    Library("libdbus-1.so.3", "libdbus-1-3", "dbus-libs", "dbus"),
    Library("libglib-2.0.so.0", "libglib2.0-0", "glib2", "glib2"),
    Library("libgthread-2.0.so.0", "libglib2.0-0", "glib2", "glib2"),
)

#: What the X11 platform plugin (``xcb``, Qt's default on Linux) loads besides those.
XCB_LIBRARIES = (
    Library("libX11.so.6", "libx11-6", "libX11", "libx11"),
    Library("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb", "libx11"),
    Library("libxcb.so.1", "libxcb1", "libxcb", "libxcb"),
    Library("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    Library("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    Library("libxcb-image.so.0", "libxcb-image0", "xcb-util-image", "xcb-util-image"),
    Library("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    Library("libxcb-randr.so.0", "libxcb-randr0", "libxcb", "libxcb"),
    Library("libxcb-render.so.0", "libxcb-render0", "libxcb", "libxcb"),
    Library("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil",
            "xcb-util-renderutil"),
    Library("libxcb-shape.so.0", "libxcb-shape0", "libxcb", "libxcb"),
    Library("libxcb-shm.so.0", "libxcb-shm0", "libxcb", "libxcb"),
    Library("libxcb-sync.so.1", "libxcb-sync1", "libxcb", "libxcb"),
    Library("libxcb-util.so.1", "libxcb-util1", "xcb-util", "xcb-util"),
    Library("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb", "libxcb"),
    Library("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb", "libxcb"),
    Library("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11",
            "libxkbcommon-x11"),
)

#: What the Wayland platform plugin loads besides the Qt libraries.
WAYLAND_LIBRARIES = (
    Library("libwayland-client.so.0", "libwayland-client0", "libwayland-client", "wayland"),
    Library("libwayland-cursor.so.0", "libwayland-cursor0", "libwayland-cursor", "wayland"),
)

_HEADLESS = {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def platform_candidates(environ: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order (``QT_QPA_PLATFORM``, else ``xcb``, with
    ``wayland`` first in a Wayland session, as ``QGuiApplication`` decides)."""
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return [name.split(":", 1)[0].strip() for name in chosen.split(";") if name.strip()]
    if environ.get("XDG_SESSION_TYPE", "").strip().lower() == "wayland":
        return ["wayland", "xcb"]
    return ["xcb"]


def os_family(os_release: Mapping[str, str] | None = None) -> str | None:
    """``debian``, ``fedora`` or ``arch`` from /etc/os-release; None when unknown."""
    if os_release is None:
        try:
            os_release = platform.freedesktop_os_release()
        except OSError:
            return None
    names = [os_release.get("ID", ""), *os_release.get("ID_LIKE", "").split()]
    for name in names:
        if name.strip().lower() in FAMILIES:
            return FAMILIES[name.strip().lower()]
    return None


def install_advice(libraries: Sequence[Library], family: str | None) -> str:
    """``sudo apt install a b`` for the packages holding ``libraries`` (Debian names, said so,
    when the system is not one we know)."""
    packages = list(dict.fromkeys(lib.package(family or "debian") for lib in libraries))
    command = f"{INSTALL[family or 'debian']} {' '.join(packages)}"
    return command if family else f"{command} (Debian/Ubuntu names)"


def gui_problem(
    environ: Mapping[str, str] | None = None,
    system: str | None = None,
    loadable: Callable[[str], bool] = _loadable,
    os_release: Mapping[str, str] | None = None,
) -> str | None:
    """Why the window cannot open here, as one line with what to do; None when it can (as
    far as can be told before starting Qt). The arguments stand in for the real environment,
    platform, library loader and /etc/os-release in tests."""
    environ = os.environ if environ is None else environ
    if (sys.platform if system is None else system) != "linux":
        return None
    family = os_family(os_release)
    missing = [lib for lib in QT_LIBRARIES if not loadable(lib.soname)]
    candidates = platform_candidates(environ)
    needs_display = not any(name in _HEADLESS for name in candidates)
    if needs_display:
        usable, display_missing, wanted = False, True, []
        for name in candidates:
            if name == "wayland":
                if not environ.get("WAYLAND_DISPLAY"):
                    continue
                display_missing = False
                lacking = [lib for lib in WAYLAND_LIBRARIES if not loadable(lib.soname)]
            elif name == "xcb":
                if not environ.get("DISPLAY"):
                    continue
                display_missing = False
                lacking = [lib for lib in XCB_LIBRARIES if not loadable(lib.soname)]
            else:  # a plugin we know nothing about: let Qt try it
                usable, display_missing = True, False
                break
            if not lacking:
                usable = True
                break
            wanted.extend(lacking)
        if display_missing:
            return ("the window cannot open: there is no display (DISPLAY is not set); start "
                    "the app in a desktop session, or use the commands listed by "
                    "`glocal-annotator --help`, which need no display")
        if not usable:
            missing.extend(lib for lib in wanted if lib not in missing)
    if not missing:
        return None
    names = ", ".join(lib.soname for lib in missing)
    return (f"the window cannot open: Qt needs system libraries that are missing ({names}); "
            f"install them with: {install_advice(missing, family)}")


def explain_import_error(error: ImportError) -> str:
    """One line for a failed ``import PySide6...`` (a library missing, or Qt not installed)."""
    text = str(error)
    for lib in (*QT_LIBRARIES, *XCB_LIBRARIES):
        if lib.soname in text:
            return (f"the window cannot open: Qt needs {lib.soname}, which is missing; install "
                    f"it with: {install_advice([lib], os_family())}")
    return (f"the window cannot open: Qt could not be loaded ({text}); reinstall the app "
            "(pip install glocal-annotator) in a fresh virtual environment")


def debian_packages() -> list[str]:
    """Every Debian package the app's window needs on X11 (for CI and the README)."""
    return list(dict.fromkeys(lib.debian for lib in (*QT_LIBRARIES, *XCB_LIBRARIES)))


if __name__ == "__main__":  # ``python -m glocal_annotator.ui.shell.preflight``: for CI scripts
    if sys.argv[1:] == ["--debian-packages"]:
        print(" ".join(debian_packages()))
    else:
        print(gui_problem() or "ok")

"""The first window fits the screen it opens on (also a size restored from a larger monitor),
and a project opens on a coded document. The offscreen test screen is 800x800; a laptop's
1366x768 is checked in a child process with Qt's offscreen screen configuration."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QMargins, QPoint, QRect, QSize

from glocal_annotator.demo import build_demo
from glocal_annotator.model import Document
from glocal_annotator.ui.common.settings import Settings
from glocal_annotator.ui.shell.main_window import MainWindow, first_document
from glocal_annotator.ui.shell.window_fit import default_geometry, dock_sizes, fitted

REPO = Path(__file__).resolve().parents[3]
LAPTOP = QRect(0, 0, 1366, 768)


def _global_rect(widget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _assert_on_screen(window) -> None:
    available = window.screen().availableGeometry()
    assert available.contains(window.frameGeometry()), (window.frameGeometry(), available)
    text = window.view.text_edit().viewport()
    assert available.contains(_global_rect(text))  # the text's right edge is on screen
    assert text.width() >= 300
    segments = window.docks["segments"]
    assert segments.isVisible() and available.contains(_global_rect(segments))
    assert window.segments.results.viewport().height() >= 100


def test_first_window_fits_the_screen(window, qtbot):
    qtbot.wait(10)  # the check after the first show
    _assert_on_screen(window)


def test_restored_geometry_from_a_larger_monitor_is_fitted(qtbot, project_path, data_dir):
    big = MainWindow()
    qtbot.addWidget(big)
    big.setGeometry(900, 500, 1800, 1100)  # as saved on a 2560x1440 monitor
    Settings().save_window(big.saveGeometry(), QByteArray())
    big.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.open_project(project_path)
    qtbot.wait(10)
    _assert_on_screen(again)
    again.close()


def test_geometry_rules_for_a_laptop_screen():
    first = default_geometry(LAPTOP, QMargins(0, 30, 0, 0))
    assert LAPTOP.contains(first.marginsAdded(QMargins(0, 30, 0, 0)))
    assert first.width() == 1366 and first.height() == 738
    roomy = default_geometry(QRect(0, 0, 2560, 1440))
    assert roomy.size() == QSize(1400, 900) and roomy.center().x() in (1279, 1280)
    restored = fitted(QRect(700, 400, 1400, 900), LAPTOP, QMargins(4, 30, 4, 4))
    assert LAPTOP.contains(restored.marginsAdded(QMargins(4, 30, 4, 4)))
    assert fitted(QRect(-3000, 10, 800, 600), LAPTOP, QMargins()).topLeft() == QPoint(0, 10)
    small = fitted(QRect(0, 0, 900, 700), QRect(0, 0, 640, 480), QMargins(),
                   minimum=QSize(710, 519))
    assert small.topLeft() == QPoint(0, 0)  # bigger than the screen: its corner stays on it
    left, bottom = dock_sizes(QSize(1358, 736))
    assert 1358 - left - 170 > 800  # the text keeps most of the width


def test_a_project_opens_on_a_coded_document():
    def doc(i: int, codings: int) -> Document:
        return Document(id=i, guid="", name=f"d{i}", format="txt", characters=10,
                        content_hash=str(i), imported_at="", codings=codings)

    documents = [doc(1, 0), doc(2, 3), doc(3, 1)]
    assert first_document(documents, None) == 2
    assert first_document(documents, 3) == 3  # where the user was last time
    assert first_document(documents, 99) == 2
    assert first_document([doc(1, 0)], None) == 1
    assert first_document([], None) is None


def test_the_demo_on_a_laptop_screen_fits_and_shows_codings(tmp_path):
    """The real app, as started from the command line, on a 1366x768 screen."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96}]}))
    demo = tmp_path / "demo.glocal"
    build_demo(demo).close()
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM":
           f"offscreen:configfile={config}", "GLOCAL_ANNOTATOR_QUIT_WHEN_SHOWN": "1",
           "GLOCAL_ANNOTATOR_DATA": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "-m", "glocal_annotator", str(demo)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    shown = re.search(r"screen=(\d+)x(\d+) window=(-?\d+),(-?\d+) (\d+)x(\d+) document=(.+)",
                      result.stdout)
    assert shown, result.stdout
    width, height, x, y, w, h = (int(v) for v in shown.groups()[:6])
    assert (width, height) == (1366, 768)
    assert QRect(0, 0, 1366, 768).contains(QRect(x, y, w, h)) and w > 1200
    from glocal_annotator.project import Project

    with Project.open(demo, read_only=True) as project:
        opened = next(d for d in project.documents() if d.name == shown.group(7).strip())
        assert opened.codings > 0
    assert not demo.with_name("demo.glocal.lock").exists()

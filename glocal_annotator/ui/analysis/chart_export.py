"""A chart as a PNG (QImage at a chosen resolution) or an SVG (QtSvg's QSvgGenerator): the same
drawing as on screen (:meth:`~.charts.BarChart.paint`), so the three agree.

Files are written through :func:`glocal_annotator.atomic.atomic_write`: a failed or refused write
leaves nothing behind and never replaces a project or a database.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from glocal_annotator.atomic import atomic_write
from glocal_annotator.errors import ExportFailure
from glocal_annotator.ui.analysis.charts import Chart

SCREEN_DPI = 96.0  # a logical pixel is 1/96 inch (CSS, Qt, SVG user units)
DEFAULT_DPI = 200
MAX_PIXELS = 120_000_000  # an image past this (about 460 MB of memory) is refused, not tried
CHART_SUFFIXES = (".png", ".svg")


def render_image(chart: Chart, dpi: float = DEFAULT_DPI) -> QImage:
    """The chart as an image at ``dpi`` dots per inch (its logical size times ``dpi / 96``),
    with that resolution recorded in the image. Raises :class:`ExportFailure` when the image
    would be too big to hold in memory (:data:`MAX_PIXELS`) or ``dpi`` is not positive."""
    if not dpi > 0:
        raise ExportFailure(f"a resolution of {dpi} dpi cannot be drawn; use a positive number")
    scale = dpi / SCREEN_DPI
    logical = chart.size()
    width = max(1, round(logical.width() * scale))
    height = max(1, round(logical.height() * scale))
    if width * height > MAX_PIXELS:
        raise ExportFailure(
            f"the chart would be {width:,} x {height:,} pixels at {dpi:g} dpi; choose a lower "
            "resolution or fewer rows and columns")
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        chart.paint(painter)
    finally:
        painter.end()
    return image


def png_bytes(chart: Chart, dpi: float = DEFAULT_DPI) -> bytes:
    """The chart as the bytes of a PNG file at ``dpi`` (:func:`render_image`)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not render_image(chart, dpi).save(buffer, "PNG"):
        raise ExportFailure("the chart could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())


def svg_bytes(chart: Chart) -> bytes:
    """The chart as the bytes of an SVG file (vector shapes and text; sizes in pixels at 96
    dpi, so it opens at its size on screen)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    _paint_svg(chart, generator)
    buffer.close()
    return bytes(data.data())


def _paint_svg(chart: Chart, generator: QSvgGenerator) -> None:
    size: QSize = chart.size()
    generator.setSize(size)
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setResolution(round(SCREEN_DPI))
    generator.setTitle(chart.table.title)
    generator.setDescription("Made with Glocal Annotator")
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportFailure("the chart could not be drawn as SVG")
    try:
        chart.paint(painter)
    finally:
        painter.end()


def save_chart(chart: Chart, path: str | os.PathLike, *, dpi: float = DEFAULT_DPI,
               protect: tuple[str | os.PathLike, ...] = ()) -> Path:
    """Write the chart to ``path``, a ``.png`` (at ``dpi``) or an ``.svg`` by its suffix;
    returns the path. Never over a file in ``protect`` (the open project) or any database.
    Raises :class:`ExportFailure` (nothing written) for another suffix or a failed write."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in CHART_SUFFIXES:
        kind = f"a {suffix} file" if suffix else "a file without an extension"
        raise ExportFailure(f"cannot save a chart as {kind}; use .png or .svg")
    data = png_bytes(chart, dpi) if suffix == ".png" else svg_bytes(chart)
    with atomic_write(target, protect=protect) as temp:
        temp.write_bytes(data)
    return target

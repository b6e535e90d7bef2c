"""Fixtures for the export tests (helpers: :mod:`tests.exporters.helpers`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exporters.helpers import build


@pytest.fixture
def built(tmp_path: Path):
    result = build(tmp_path / "study.glocal")
    yield result
    result.project.close()

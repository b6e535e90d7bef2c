"""Shared fixtures for the REFI-QDA tests: copied samples and schemas (no ../shared at run time)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import xmlschema

HERE = Path(__file__).parent
# Make the package importable when pytest runs from a checkout without an installed package.
_ROOT = str(HERE.parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
SAMPLES = HERE / "samples"
SCHEMAS = HERE / "schemas"


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def codebook_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "Codebook.xsd"))

"""Shared fixtures for the REFI-QDA tests: copied samples and schemas (no ../shared at run time)."""

from __future__ import annotations

from pathlib import Path

import pytest
import xmlschema

HERE = Path(__file__).parent
SAMPLES = HERE / "samples"
SCHEMAS = HERE / "schemas"


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def codebook_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "Codebook.xsd"))

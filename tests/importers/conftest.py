"""The importer tests' fixtures, defined with the builders in :mod:`tests.importers.builders`."""

from tests.importers.builders import (  # noqa: F401 - fixtures are found by name
    billion_laughs,
    drawn_right_to_left,
    expect_failure,
    make_docx_xml,
    make_odt,
    mixed,
    odt_xml,
    pdf_bytes,
    zip_file,
)

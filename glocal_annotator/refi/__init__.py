"""REFI-QDA exchange: codebooks (.qdc) now, projects (.qdpx) later. Pure: no database, no Qt.

- :mod:`.safe_xml`: hostile-input-safe XML parsing and zip reading, shared by every reader here.
- :mod:`.guids`, :mod:`.colors`: tolerant normalisation of GUIDs and colours.
- :mod:`.description`: the labelled layout that carries a code's entry fields in ``Description``.
- :mod:`.codebook`: :func:`read_qdc`, :func:`write_qdc` and the :class:`Codebook` data shape.
"""

from glocal_annotator.refi.codebook import (
    Codebook,
    CodebookNode,
    CodeSet,
    codebook_to_xml,
    parse_code_elements,
    read_qdc,
    write_qdc,
)

__all__ = [
    "CodeSet",
    "Codebook",
    "CodebookNode",
    "codebook_to_xml",
    "parse_code_elements",
    "read_qdc",
    "write_qdc",
]

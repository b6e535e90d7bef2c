"""REFI-QDA exchange formats: codebooks (.qdc, and CSV), projects (.qdpx) to come. Pure: no
project, no database, no Qt. Importing the package loads nothing; import the module you need.

- :mod:`.safe_xml`: hostile-input-safe XML parsing for every reader here (zips:
  :mod:`glocal_annotator.safe_io`).
- :mod:`.guids`, :mod:`.colors`: tolerant normalisation of GUIDs and colours.
- :mod:`.description`: the labelled layout that carries a code's entry fields in ``Description``.
- :mod:`.codebook`: :func:`~.codebook.read_qdc`, :func:`~.codebook.write_qdc`.
- :mod:`.codebook_csv`: codebooks as CSV (Taguette, QualCoder, spreadsheets).
- :mod:`.codebook_files`: read or write a codebook file, the format chosen by its suffix.

The data they read and write, :class:`~glocal_annotator.model.Codebook` and its
:class:`~glocal_annotator.model.CodebookNode` tree, is plain data in :mod:`glocal_annotator.model`.
"""

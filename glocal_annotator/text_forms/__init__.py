"""Reader-equal forms of a document's text, with offset maps back to the stored characters.

Pure text code (no project file, no Qt): what search treats as equal (:mod:`.equivalence`), the
normalised and case-folded forms of a text with their offset maps (:mod:`.forms`) and their
stored row layout (:mod:`.stored`). The search engine (:mod:`glocal_annotator.search`), the
document operations and the schema migration that backfills the forms all use it.
"""

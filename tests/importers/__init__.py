"""Tests of the document importers (glocal_annotator.importers)."""

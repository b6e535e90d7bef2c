"""Tests of the exports (glocal_annotator.exporters), read back with their own readers."""

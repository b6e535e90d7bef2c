"""Tests of the REFI-QDA formats (glocal_annotator.refi)."""

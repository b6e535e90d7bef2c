"""Tests of glocal_annotator.store, one file per module."""

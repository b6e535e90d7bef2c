"""Tests of glocal_annotator.operations (through Project, which runs them)."""

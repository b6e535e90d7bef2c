"""Tests of glocal_annotator.ui: the real widgets, offscreen, and their item models."""

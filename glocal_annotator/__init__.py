"""Glocal Annotator: qualitative coding of documents against a codebook, offline, in one file."""

__version__ = "0.1.0"

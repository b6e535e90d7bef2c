"""Retrieval: the coded segments for chosen codes, documents and coders."""

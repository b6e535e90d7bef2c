"""Plain text and Markdown (.txt, .md, .markdown). Markdown is kept as its source, not rendered."""

from __future__ import annotations

from pathlib import Path

from glocal_annotator.importers import ExtractedText
from glocal_annotator.importers.normalize import decode, normalize
from glocal_annotator.importers.safety import check_characters, failure, read_file


def extract(path: Path, fmt: str, encoding: str | None = None) -> ExtractedText:
    data = read_file(path)
    text, encoding = decode(data, path, chosen=encoding)
    del data  # the bytes are not needed once decoded: keep the peak to the text
    text = normalize(check_characters(path, text))
    if not text:  # normalize() strips trailing white space, so blank means empty
        raise failure(path, "it contains no text (only blank space); choose a file with text in it")
    return ExtractedText(text=text, format=fmt, metadata={"encoding": encoding})

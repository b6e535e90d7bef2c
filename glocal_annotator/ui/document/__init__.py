"""The open document: the text view, its coding highlights and margin of brackets, the span index
and lanes, code point <-> UTF-16 offsets, and the documents list."""

"""Coding the text: quick-code keys, the last used code, in-vivo coding, the document's context
menu, removing codings and their memos."""

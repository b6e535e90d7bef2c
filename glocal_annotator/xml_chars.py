"""The one rule for characters XML cannot hold, for every writer of XML (Word, Excel, REFI-QDA).

XML 1.0 allows only ``#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]``
(the ``Char`` production, XML 1.0 fifth edition, section 2.2). Everything else (NUL and the other
C0 controls, lone surrogates, U+FFFE and U+FFFF, which PDF extraction and old word processors
leave in text) makes lxml refuse the document, or makes Word and Excel refuse the file. Writers
drop such characters from what they write; the stored text is never changed.
"""

from __future__ import annotations

import re

NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_chars(value: object) -> str:
    """``value`` as a str without the characters XML 1.0 cannot carry; None gives ``""``."""
    text = "" if value is None else str(value)
    return NOT_XML_CHAR.sub("", text)

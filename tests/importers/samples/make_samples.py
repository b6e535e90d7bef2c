"""Write the LibreOffice-made sample documents in this folder (run by hand, not by the tests).

Run: python tests/importers/samples/make_samples.py   (needs `soffice`: Debian's
libreoffice-writer-nogui, with hyphen-en-us and fonts-linuxlibertine for hyphenation and
ligatures). It writes ``report.fodt`` (flat OpenDocument, the source, written here by hand) and
LibreOffice's conversions of it: ``report.pdf``, ``report.docx``, ``report.odt``. The tests read
the committed files and the paragraph list below (``BODY``), so they need no LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent

HEADER = "Glocal Field Report \u2014 draft"
FOOTNOTE = "The interviews were anonymised before transcription."
HIDDEN = "HIDDEN-REMARK for the editor only"
TABLE = [["Village", "Cooperative"], ["Nyeri", "Women\u2019s dairy"]]
BULLETS = ["First listed finding about water.", "Second listed finding about seeds."]
HEBREW = "הנשים בנו את השוק בעצמן."
TAB_LINE = "Before the tab\tafter the tab"

_SENTENCES = [
    "The internationalization of municipal responsibilities reflected a well-known pattern of "
    "homogenization, which officials described as efficient and financially sound.",
    "Representatives of the cooperative emphasised accountability, while the affluent "
    "neighbourhoods benefited from the flow of infrastructure investment.",
    "Ethnographic observation showed that hybridization was negotiated in everyday conversations "
    "between shopkeepers, farmers and municipal administrators.",
    "Interviewees reflected on the difficulties of sustaining traditional agricultural "
    "knowledge under conditions of globalization and environmental uncertainty.",
]


def _paragraph(seed: int, sentences: int) -> str:
    return " ".join(_SENTENCES[(seed + i) % len(_SENTENCES)] for i in range(sentences))


# Body paragraphs in order; the PDF test expects each as one line of the imported text.
BODY = [
    _paragraph(0, 9),
    _paragraph(1, 12),
    _paragraph(2, 10),
    _paragraph(3, 8),
]
COLUMNS = _paragraph(1, 6)  # one paragraph flowing from the left column into the right one
TITLE = "Glocal field report"


def fodt() -> str:
    def p(text: str, style: str = "Body") -> str:
        return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'

    body = [f'<text:h text:style-name="Heading" text:outline-level="1">{TITLE}</text:h>']
    body.append(
        f'<text:p text:style-name="Body">{escape(BODY[0])}<text:note text:id="n1" '
        'text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>'
        f'<text:p text:style-name="Footnote">{escape(FOOTNOTE)}</text:p></text:note-body>'
        "</text:note></text:p>")
    body.append(f'<text:p text:style-name="Body">{escape(BODY[1])} <text:span '
                f'text:style-name="Hidden">{escape(HIDDEN)}</text:span></text:p>')
    body.append(p(BODY[2]))
    body.append('<table:table table:name="T1"><table:table-column table:number-columns-repeated'
                '="2"/>' + "".join(
                    "<table:table-row>" + "".join(
                        f"<table:table-cell>{p(cell, 'Cell')}</table:table-cell>"
                        for cell in row) + "</table:table-row>" for row in TABLE)
                + "</table:table>")
    body.append('<text:list text:style-name="Bullets">' + "".join(
        f"<text:list-item>{p(item, 'Cell')}</text:list-item>" for item in BULLETS)
        + "</text:list>")
    body.append(p(HEBREW, "Hebrew"))
    body.append('<text:p text:style-name="Body">Before the tab<text:tab/>after the tab</text:p>')
    body.append(p(BODY[3]))
    body.append('<text:section text:style-name="TwoColumns" text:name="Columns">'
                + p(COLUMNS) + "</text:section>")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Linux Libertine O" svg:font-family="'Linux Libertine O'"/>
 <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:text-properties style:font-name="Linux Libertine O" fo:font-size="12pt"
   fo:language="en" fo:country="US" fo:hyphenate="true" fo:hyphenation-remain-char-count="2"
   fo:hyphenation-push-char-count="2"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.25cm"/>
 </style:style>
 <style:style style:name="Cell" style:family="paragraph"/>
 <style:style style:name="Footnote" style:family="paragraph">
  <style:text-properties fo:font-size="10pt"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.4cm"/>
  <style:text-properties fo:font-size="18pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Hebrew" style:family="paragraph">
  <style:paragraph-properties style:writing-mode="rl-tb" fo:margin-bottom="0.25cm"/>
  <style:text-properties style:font-name-complex="DejaVu Sans" style:language-complex="he"
   style:country-complex="IL"/>
 </style:style>
 <style:style style:name="Hidden" style:family="text">
  <style:text-properties text:display="none"/>
 </style:style>
 <text:list-style style:name="Bullets">
  <text:list-level-style-bullet text:level="1" text:bullet-char="\u2022">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab"
     fo:text-indent="-0.5cm" fo:margin-left="1cm"/>
   </style:list-level-properties>
  </text:list-level-style-bullet>
 </text:list-style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="Layout">
  <style:page-layout-properties fo:page-width="14.8cm" fo:page-height="21cm"
   fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.6cm"
   fo:margin-bottom="0.4cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.6cm"
   fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="TwoColumns" style:family="section">
  <style:section-properties><style:columns fo:column-count="2" fo:column-gap="0.8cm"/>
  </style:section-properties>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="Layout">
  <style:header><text:p text:style-name="Cell">{escape(HEADER)}</text:p></style:header>
  <style:footer><text:p text:style-name="Cell">Page <text:page-number text:select-page="current"
   >1</text:page-number></text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
{"".join(body)}
</office:text></office:body></office:document>
"""


def main() -> int:
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice not found", file=sys.stderr)
        return 1
    source = HERE / "report.fodt"
    source.write_text(fodt(), encoding="utf-8")
    for target in ("pdf", "docx:MS Word 2007 XML", "odt"):
        subprocess.run([soffice, "--headless", "--convert-to", target, "--outdir", str(HERE),
                        str(source)], check=True, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

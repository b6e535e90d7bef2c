"""Write ``layout.fodt`` and LibreOffice's ``layout.pdf`` of it (run by hand, not by the tests).

Run: python tests/importers/samples/make_layout.py   (needs `soffice`, as make_samples.py does).
A second LibreOffice sample for PDF import, of layouts the report does not have: two rows of
two-column sections with a heading across the page between them, paragraphs told apart only by
a first-line indent, a left-to-right paragraph quoting Arabic words next to punctuation and
quotes, and Arabic paragraphs, one of them with guillemets, digits and brackets. The tests read the
committed PDF and the paragraphs below, so they need no LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent

TITLE = "Layout sample"
_WORDS = ("local markets answered global brands with their own recipes, and the women who ran "
          "the stalls kept accounts that no ministry had asked for; ")
UPPER = ["Upper left " + _WORDS * 3 + "end of the first.",
         "Second upper " + _WORDS * 2 + "end of the second."]
BETWEEN = "A heading across the page"
LOWER = ["Lower " + _WORDS * 4 + "end of the third."]
MIXED = ("The word \u0627\u0644\u0639\u0648\u0644\u0645\u0629? It was \u201cquoted\u201d by "
         "\u0627\u0644\u0639\u0648\u0644\u0645\u0629 \u201chere\u201d (twice) in 2020.")
# Three lines of a right-to-left paragraph, with lam-alef ligatures (``لا``, ``لأ``) that PDFium
# turns round.
ARABIC_PLAIN = ("الأسواق المحلية ردت على العلامات العالمية بوصفاتها الخاصة، "
                "والنساء اللواتي أدرن الأكشاك احتفظن بدفاتر لم تطلبها أي وزارة، "
                "ولا أحد يعرف كم سنة استمر ذلك في القرى والمدن الصغيرة.")
ARABIC = ("\u0642\u0627\u0644\u062a \u0627\u0644\u0646\u0633\u0627\u0621: \u00ab\u0627\u0644"
          "\u0639\u0648\u0644\u0645\u0629\u00bb \u0644\u064a\u0633\u062a \u062c\u062f\u064a"
          "\u062f\u0629\u061f \u0646\u0639\u0645\u060c \u0645\u0646\u0630 2020 (\u062a\u0642"
          "\u0631\u064a\u0628\u0627).")
INDENTED = ["An indented paragraph " + _WORDS * 2 + "first ends here.",
            "Another indented one " + _WORDS + "second ends here.",
            "A third " + _WORDS * 2 + "and the last."]
PARAGRAPHS = [TITLE, *UPPER, BETWEEN, *LOWER, MIXED, ARABIC_PLAIN, ARABIC, *INDENTED]


def fodt() -> str:
    def p(text: str, style: str = "Body") -> str:
        return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'

    def columns(name: str, paragraphs: list[str]) -> str:
        return (f'<text:section text:style-name="TwoColumns" text:name="{name}">'
                + "".join(p(text) for text in paragraphs) + "</text:section>")

    body = [f'<text:h text:style-name="Heading" text:outline-level="1">{TITLE}</text:h>',
            columns("Upper", UPPER),
            f'<text:h text:style-name="Heading2" text:outline-level="2">{BETWEEN}</text:h>',
            columns("Lower", LOWER), p(MIXED), p(ARABIC_PLAIN, "Arabic"), p(ARABIC, "Arabic"),
            *(p(text, "Indented") for text in INDENTED)]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Linux Libertine O" svg:font-family="'Linux Libertine O'"/>
 <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:text-properties style:font-name="Linux Libertine O" fo:font-size="11pt"
   fo:language="en" fo:country="US" fo:hyphenate="true" fo:hyphenation-remain-char-count="2"
   fo:hyphenation-push-char-count="2" style:font-name-complex="DejaVu Sans"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.25cm"/>
 </style:style>
 <style:style style:name="Indented" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:text-indent="0.6cm"
   fo:margin-bottom="0cm"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.4cm"/>
  <style:text-properties fo:font-size="18pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Heading2" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.3cm"/>
  <style:text-properties fo:font-size="14pt" fo:font-weight="bold"/>
 </style:style>
 <!-- "end" puts right-to-left lines against the right margin in this LibreOffice ("start"
      and the default put them on the left); justified, it maps some kashida stretches to
      spaces inside words. -->
 <style:style style:name="Arabic" style:family="paragraph">
  <style:paragraph-properties style:writing-mode="rl-tb" fo:text-align="end"
   fo:margin-bottom="0.25cm"/>
  <style:text-properties style:language-complex="ar" style:country-complex="EG"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="Layout">
  <style:page-layout-properties fo:page-width="14.8cm" fo:page-height="21cm"
   fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
 </style:page-layout>
 <style:style style:name="TwoColumns" style:family="section">
  <style:section-properties><style:columns fo:column-count="2" fo:column-gap="0.8cm"/>
  </style:section-properties>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="Layout"/>
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
    source = HERE / "layout.fodt"
    source.write_text(fodt(), encoding="utf-8")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(HERE),
                    str(source)], check=True, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

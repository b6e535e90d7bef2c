"""One decoder for every text file: certain readings, uncertain ones, the user's choice."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from glocal_annotator.errors import UncertainEncoding
from glocal_annotator.importers import extract
from glocal_annotator.text_decoding import DecodingError, canonical, decode, label, mess

TRIAL = Path(__file__).resolve().parent / "importers" / "samples" / "trial"
HEBREW = "הנשים בנו את השוק בעצמן."

# Long enough for a language to show: each must be read right, and be certain.
CERTAIN = [
    ("Le café était géré par les femmes du village, qui ont créé une coopérative. Élise a dit : "
     "« nous sommes fières ». Ça a changé leur vie.", "cp1252"),
    ("Caf\u00e9 \u00fcber alles: \u201csmart quotes\u201d and \u2018single\u2019 \u2014 "
     "na\u00efve", "cp1252"),
    ("Глокализация: местные сообщества перерабатывают глобальные идеи. Это интервью записано "
     "в Москве.", "cp1251"),
    ("Глокализация: местные сообщества перерабатывают глобальные идеи.", "koi8_r"),
    ("Οι γυναίκες του χωριού δημιούργησαν έναν συνεταιρισμό για να πουλάνε τη σοδειά.", "cp1253"),
    ("הנשים בנו את השוק בעצמן. הן מכרו ירקות ופירות בכל יום שלישי, והכסף הלך לקואופרטיב של "
     "הכפר. זה שינה את חייהן.", "cp1255"),
    ("Kobiety ze wsi założyły spółdzielnię, żeby sprzedawać plony na targu w mieście.", "cp1250"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy.", "cp1250"),
    ("Köydeki kadınlar hasadı şehir pazarında satmak için.", "cp1254"),  # not Western ý þ ð
    ("Köydeki kadınlar hasadı şehir pazarında satmak için bir kooperatif kurdular.", "cp1254"),
    ("أنشأت نساء القرية تعاونية لبيع المحصول في سوق المدينة. وقد غير ذلك حياتهن.", "cp1256"),
    ("El niño comió en la montaña; ¿qué pasó? ¡Olé!", "cp1252"),
    ("全球本土化是一個重要的概念，我們在村裡做了訪談。", "big5"),
    # Japanese in Shift JIS: its GBK reading is rare hanzi outside GB 2312 (was stored so)
    ("グローバル化と地域社会の関係について話しました。", "cp932"),
    ("インタビュー：地域の伝統とグローバル化について話しました。", "cp932"),
    # Czech in Windows-1250 without ť or ů: its Windows-1252 reading 'øekla, zmìnila' mixes
    # Danish and Italian letters (was stored so)
    ("Respondentka řekla, že globalizace změnila život žen na venkově.", "cp1250"),
    ("Čeština: řeka, město, žena.", "cp1250"),
    # One German ü in DOS 850 reads '³ber': a superscript starting a word (was uncertain)
    ("Die Teilnehmerin sprach über Globalisierung.", "cp1252"),
    # KOI8-R read as Shift JIS is halfwidth katakana (was uncertain)
    ("Интервью с участницей. Мы говорили о местных традициях и глобализации.", "koi8_r"),
    ("Η συμμετέχουσα μίλησε για την παγκοσμιοποίηση και την τοπική κουλτούρα.", "cp1253"),
    ("قالت المشاركة إن العولمة غيرت حياة النساء في القرية.", "cp1256"),
    ("Учасниця сказала, що глобалізація змінила життя жінок у селі.", "cp1251"),
    ("Nous avons parlé de la globalisation et des traditions locales.", "latin_1"),
]


@pytest.mark.parametrize(("text", "encoding"), CERTAIN)
def test_clear_legacy_text_is_read_right_and_certain(text, encoding):
    decoded = decode(text.encode(encoding))
    assert decoded.text == text
    assert decoded.certain and decoded.alternatives == ()


# Short or East Asian text: several readings in different scripts look alike.
UNCERTAIN = [
    (HEBREW, "cp1255"),
    ("Привет мир", "cp1251"),
    ("مرحبا بالعالم", "cp1256"),
    ("세계화와 지역 사회에 대해 이야기했습니다.", "cp949"),
    ("访谈：我们谈到了地方传统和全球化。", "gb18030"),  # reads as Korean too
    ("המשתתפת אמרה שהגלובליזציה שינתה את חיי הנשים בכפר.", "iso8859_8"),
]


@pytest.mark.parametrize(("text", "encoding"), UNCERTAIN)
def test_unsure_detection_says_so_and_offers_the_right_reading(text, encoding):
    data = text.encode(encoding)
    decoded = decode(data)
    assert not decoded.certain
    assert decoded.alternatives[0] == decoded.encoding
    assert len(decoded.alternatives) >= 2
    assert any(data.decode(name) == text for name in decoded.alternatives)


def test_trial_hebrew_file_is_uncertain_and_never_stored_as_mojibake(tmp_path):
    with pytest.raises(UncertainEncoding) as caught:
        extract(TRIAL / "hebrew_cp1255.txt")
    readings = dict(caught.value.readings)
    assert readings["cp1255"] == HEBREW
    assert "Windows-1255 (Hebrew) reads \u201c" + HEBREW in str(caught.value)
    assert "\n" not in str(caught.value)
    result = extract(TRIAL / "hebrew_cp1255.txt", encoding="windows-1255")
    assert result.text == HEBREW and result.metadata == {"encoding": "cp1255"}


def test_chosen_encoding_applies_only_to_files_that_are_not_unicode():
    assert decode("café".encode(), chosen="cp1255").text == "café"
    assert decode(codecs.BOM_UTF16_LE + "שלום".encode("utf-16-le"), chosen="cp1252").text == "שלום"
    assert decode(HEBREW.encode("cp1255"), chosen="cp1251").text == "дрщйн бре аъ дщеч бтцоп."


def test_chosen_encoding_that_cannot_read_the_bytes_is_an_error():
    with pytest.raises(DecodingError) as caught:
        decode(b"caf\x81 ok", chosen="cp1252")
    assert "not Windows-1252 (Western) text (byte 0x81 at 3" in caught.value.reason


def test_chosen_encoding_applies_to_html_over_its_declaration(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(b'<meta charset="windows-1251"><p>' + HEBREW.encode("cp1255") + b"</p>")
    assert extract(path).text == "дрщйн бре аъ дщеч бтцоп."  # as declared
    assert extract(path, encoding="cp1255").text == HEBREW  # the user knows better


@pytest.mark.parametrize(("name", "expected"), [
    ("windows-1255", "cp1255"), ("CP1251", "cp1251"), ("latin-1", "latin_1"),
    ("utf8", "utf_8"), ("Shift_JIS", "shift_jis"), ("klingon", None), ("base64", None),
    ("rot13", None), ("", None),
])
def test_canonical_encoding_names(name, expected):
    assert canonical(name) == expected


def test_labels():
    assert label("windows-1255") == "Windows-1255 (Hebrew)"
    assert label("cp437") == "cp437"


@pytest.mark.parametrize(("text", "messy"), [
    ("café über naïve", False),
    ("Ïðèâåò ìèð", True),      # Cyrillic read as Windows-1252
    ("cafй", True),            # Latin and Cyrillic in one word
    ("fiŤres", True),          # a capital inside a lowercase word
    ("plain ascii", False),
    ("שלום עולם", False),
    ("Die Teilnehmerin sprach ³ber Globalisierung", True),  # German in DOS 850 as Western
    ("50 m² Wohnfläche, ½ Stunde", False),
    ("访谈：我们谈到了地方传统。", False),  # CJK punctuation between characters
    ("鯰ﾔﾅﾒﾗﾘﾀ ﾓ ﾕﾞﾁﾓﾔﾎﾉﾃﾅﾊ", True),  # KOI8-R read as Shift JIS: halfwidth katakana
])
def test_mess(text, messy):
    assert (mess(text) > 0) is messy

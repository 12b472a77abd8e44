"""decode.decode: bytes to text, refusals, encodings and HTML."""

from __future__ import annotations

import codecs
import time

import pytest

from articles.extraction import decode as decode_module
from articles.extraction.decode import decode
from articles.extraction.document import Config, Document
from articles.extraction.errors import InputError
from articles.extraction.resources import load_resources

RU_TEXT = "Беларусь и Новосибирская область расширят сотрудничество в сфере высоких технологий."
EN_TEXT = "Belarus and Omsk Oblast agreed to expand trade in agricultural machinery."

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Belarus, Omsk to expand ties | BelTA</title>
<style>.menu { color: red; } STYLE_SECRET</style>
<script>var tracker = "SCRIPT_SECRET";</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1>Belarus, Omsk to expand ties in agriculture</h1>
<p>MINSK, 17 June (BelTA) - Belarus and Omsk Oblast will expand cooperation in agriculture and machine
building, Governor of Omsk Oblast Viktor Nazarov said at a meeting with the Belarusian delegation.</p>
<p>The sides discussed joint projects in dairy processing and the supply of Belarusian tractors and
harvesters to the farms of the region, as well as cooperation in education and tourism.</p>
<script>document.write("SCRIPT_SECRET_2")</script>
<footer>All rights reserved</footer></body></html>"""


def raw_doc(raw: bytes, source: str = "article.txt", **config) -> Document:
    return Document(source=source, raw=raw, config=Config(resources=load_resources(), **config))


@pytest.mark.parametrize(
    ("raw", "encoding", "expected"),
    [
        pytest.param(EN_TEXT.encode("utf-8"), "utf-8", EN_TEXT, id="utf8"),
        pytest.param(RU_TEXT.encode("utf-8"), "utf-8", RU_TEXT, id="utf8-russian"),
        pytest.param(codecs.BOM_UTF8 + RU_TEXT.encode("utf-8"), "utf-8-sig", RU_TEXT, id="utf8-bom"),
        pytest.param(RU_TEXT.encode("cp1251"), "cp1251", RU_TEXT, id="windows-1251"),
        pytest.param(
            ("Новости\n" + RU_TEXT + " Товарооборот - $1,5 млрд.").encode("cp1251"),
            "cp1251",
            "Новости\n" + RU_TEXT + " Товарооборот - $1,5 млрд.",
            id="windows-1251-with-ascii",
        ),
        pytest.param(RU_TEXT.encode("utf-16"), "utf-16", RU_TEXT, id="utf16-bom-native"),
        pytest.param(codecs.BOM_UTF16_BE + EN_TEXT.encode("utf-16-be"), "utf-16", EN_TEXT, id="utf16-be-bom"),
        pytest.param(codecs.BOM_UTF16_LE + RU_TEXT.encode("utf-16-le"), "utf-16", RU_TEXT, id="utf16-le-bom"),
    ],
)
def test_decodes_supported_encodings(raw, encoding, expected):
    doc = decode(raw_doc(raw))
    assert doc.text == expected
    assert doc.encoding == encoding
    assert not doc.is_html


@pytest.mark.parametrize(
    ("raw", "code", "config"),
    [
        pytest.param(b"", "empty", {}, id="empty"),
        pytest.param(b"  \n\t\r\n  ", "empty", {}, id="whitespace-only"),
        pytest.param(codecs.BOM_UTF8 + b"  \n", "empty", {}, id="bom-and-spaces"),
        pytest.param(" \n ".encode("utf-16"), "empty", {}, id="utf16-spaces"),
        pytest.param(b"<html><script>var a = 1;</script></html>", "empty", {}, id="html-without-text"),
        pytest.param(b"x" * 101, "too_large", {"max_bytes": 100}, id="too-large"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", {}, id="png-header"),
        pytest.param(b"text with a NUL\x00 byte", "binary", {}, id="nul-byte"),
        pytest.param(b"\x01\x02\x03\x04 some \x05\x06\x07\x08 text" * 10, "binary", {}, id="control-characters"),
        pytest.param("café au lait, déjà vu".encode("latin-1"), "encoding", {}, id="latin1-not-cyrillic"),
        pytest.param(b"\xff\xfe\x00\xd8", "encoding", {}, id="broken-utf16"),
        pytest.param(b"\x98\x98\x98 abc", "encoding", {}, id="undefined-in-cp1251"),
    ],
)
def test_refuses_what_is_not_an_article(raw, code, config):
    with pytest.raises(InputError) as caught:
        decode(raw_doc(raw, **config))
    assert caught.value.code == code


def test_size_limit_is_inclusive():
    doc = decode(raw_doc(b"x" * 100, max_bytes=100))
    assert len(doc.text) == 100


@pytest.mark.parametrize(
    ("source", "raw"),
    [
        pytest.param("page.html", HTML_PAGE.encode("utf-8"), id="html-suffix"),
        pytest.param("page.HTM", HTML_PAGE.encode("utf-8"), id="htm-suffix-upper"),
        pytest.param("page.txt", HTML_PAGE.encode("utf-8"), id="sniffed"),
        pytest.param("page", codecs.BOM_UTF8 + HTML_PAGE.encode("utf-8"), id="sniffed-with-bom"),
    ],
)
def test_html_becomes_headline_then_body(source, raw):
    doc = decode(raw_doc(raw, source=source))
    assert doc.is_html
    lines = [line for line in doc.text.split("\n") if line.strip()]
    assert lines[0] == "Belarus, Omsk to expand ties in agriculture"
    assert "MINSK, 17 June (BelTA)" in doc.text
    assert "SECRET" not in doc.text
    assert "color: red" not in doc.text


def test_html_date_metadata_becomes_a_date_line():
    page = HTML_PAGE.replace("<title>", '<meta property="article:published_time" content="2013-06-17"><title>')
    doc = decode(raw_doc(page.encode("utf-8"), source="a.html"))
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "Belarus, Omsk to expand ties in agriculture"
    assert paragraphs[1] == "2013-06-17"


def test_html_in_windows_1251():
    page = '<html><head><meta charset="windows-1251"></head><body><h1>Беларусь и Омская область</h1>' + (
        f"<p>{RU_TEXT} {RU_TEXT}</p><p>{RU_TEXT}</p></body></html>"
    )
    doc = decode(raw_doc(page.encode("cp1251"), source="a.html"))
    assert doc.encoding == "cp1251"
    assert doc.text.split("\n")[0] == "Беларусь и Омская область"
    assert RU_TEXT in doc.text


def _raise(_html: str) -> str:
    raise RuntimeError("converter broke")


def _slow(_html: str) -> str:
    time.sleep(1.0)
    return "SLOW RESULT"


@pytest.mark.parametrize(
    ("converter", "timeout"),
    [pytest.param(_raise, 5.0, id="converter-fails"), pytest.param(_slow, 0.05, id="converter-too-slow")],
)
def test_html_falls_back_to_plain_reading(monkeypatch, converter, timeout):
    monkeypatch.setattr(decode_module, "trafilatura_text", converter)
    started = time.perf_counter()
    doc = decode(raw_doc(HTML_PAGE.encode("utf-8"), source="a.html", html_timeout=timeout))
    assert time.perf_counter() - started < 0.9
    assert doc.text.split("\n")[0] == "Belarus, Omsk to expand ties in agriculture"
    assert "Viktor Nazarov" in doc.text
    assert "SECRET" not in doc.text and "SLOW RESULT" not in doc.text
    assert "Home" not in doc.text  # navigation is dropped by the fallback too


def test_plain_fallback_uses_page_title_without_h1():
    page = "<html><head><title>Belarus and Tomsk sign accord</title></head><body><div>First.</div><div>Second.</div>"
    text = decode_module.plain_html_text(page, decode_module._build_settings(load_resources()))
    assert text.split("\n\n")[0] == "Belarus and Tomsk sign accord"
    assert "First." in text and "Second." in text
    assert "First.Second." not in text

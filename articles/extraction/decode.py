"""Input step: an article's bytes become `doc.text`.

Refuses what is not an article (empty, too large, binary, undecodable) with an
`InputError`, reads UTF-8, UTF-16/32 with a BOM and Windows-1251, and turns
HTML into plain text laid out like the .txt articles (headline, date, body), so
every later step treats both alike. Settings live in data/text_input.json.
"""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Callable
from typing import Any

from articles.extraction.document import Document, step
from articles.extraction.errors import InputError
from articles.extraction.resources import Resources

# Longest BOM first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Checking a prefix is enough to tell binary or Cyrillic input, and keeps huge inputs cheap.
_SAMPLE_CHARS = 200_000


@step(requires=("raw",), assigns=("text", "encoding", "is_html"))
def decode(doc: Document) -> Document:
    settings = doc.resources.compile("decode.settings", _build_settings)
    refuse_unreadable_size(doc.raw, doc.config.max_bytes)
    text, doc.encoding = decode_bytes(doc.raw, settings["cp1251_min_cyrillic_share"])
    refuse_binary(text, settings["max_control_share"])
    if looks_like_html(doc.source, text, settings):
        doc.is_html = True
        text = html_to_text(text, doc.config.html_timeout, settings)
    text = text.replace("\ufeff", "")
    if not text.strip():
        raise InputError("empty", "the article has no text")
    doc.text = text
    return doc


def _build_settings(resources: Resources) -> dict[str, Any]:
    table = dict(resources.table("text_input"))
    table["html_sniff"] = re.compile(table["html_sniff"])
    table["fallback_drop_tags"] = frozenset(table["fallback_drop_tags"])
    table["block_tags"] = frozenset(table["block_tags"])
    return table


def refuse_unreadable_size(raw: bytes, max_bytes: int) -> None:
    if len(raw) > max_bytes:
        raise InputError("too_large", f"the file has {len(raw)} bytes, more than the {max_bytes} allowed")
    if not raw.strip():
        raise InputError("empty", "the file is empty")


def decode_bytes(raw: bytes, min_cyrillic_share: float) -> tuple[str, str]:
    """Return the text and the codec that read it."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _decode_strict(raw, codec), codec
    if b"\x00" in raw:
        raise InputError("binary", "the file holds NUL bytes: not a text article")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return decode_cp1251(raw, min_cyrillic_share), "cp1251"


def _decode_strict(raw: bytes, codec: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError("encoding", f"the file starts with a {codec} mark but is not {codec}") from exc


def decode_cp1251(raw: bytes, min_cyrillic_share: float) -> str:
    """Read bytes that are not UTF-8 as Windows-1251 if that yields Russian words."""
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise InputError("encoding", "the file is neither UTF-8 nor Windows-1251") from exc
    if cyrillic_word_share(text[:_SAMPLE_CHARS]) < min_cyrillic_share:
        raise InputError("encoding", "the file is not UTF-8 and does not read as Windows-1251 Cyrillic")
    return text


def cyrillic_word_share(text: str) -> float:
    """Share of words with a Cyrillic letter that are wholly Cyrillic (0 when none has one)."""
    touched = pure = 0
    for word in _WORD.findall(text):
        cyrillic = len(_CYRILLIC.findall(word))
        if cyrillic:
            touched += 1
            pure += cyrillic == len(word)
    return pure / touched if touched else 0.0


def refuse_binary(text: str, max_control_share: float) -> None:
    sample = text[:_SAMPLE_CHARS]
    controls = len(_CONTROL.findall(sample))
    if "\x00" in text or controls > max_control_share * max(len(sample), 1):
        raise InputError("binary", "the file holds control characters: not a text article")


def looks_like_html(source: str, text: str, settings: dict[str, Any]) -> bool:
    if source.lower().endswith(tuple(settings["html_suffixes"])):
        return True
    sample = text[: settings["sniff_chars"]]
    return "<" in sample and settings["html_sniff"].search(sample) is not None


def html_to_text(html: str, timeout: float, settings: dict[str, Any]) -> str:
    """Article text of an HTML page; a plain lxml reading when trafilatura fails or is slow."""
    import trafilatura  # noqa: F401 - loaded on first HTML input (slow, and .txt runs need it not), outside the limit
    text = run_with_timeout(lambda: trafilatura_text(html), timeout)
    return text if text is not None else plain_html_text(html, settings)


def run_with_timeout(work: Callable[[], str | None], timeout: float) -> str | None:
    """`work()` in a daemon thread; None when it raises or outlives `timeout` seconds.

    A daemon thread, not an executor, so a runaway parse cannot keep the process alive.
    """
    box: dict[str, str | None] = {}

    def target() -> None:
        try:
            box["text"] = work()
        except Exception:  # noqa: BLE001 - any failure of the converter means "use the fallback"
            box["text"] = None

    worker = threading.Thread(target=target, name="html-to-text", daemon=True)
    worker.start()
    worker.join(timeout)
    return box.get("text")


def trafilatura_text(html: str) -> str | None:
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if result is None or not (result.text or "").strip():
        return None
    return compose(result.title, result.date, result.text)


def compose(headline: str | None, published: str | None, body: str) -> str:
    """Headline, blank line, date line, blank line, body: the layout of the .txt articles."""
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    if headline and paragraphs and paragraphs[0] == headline.strip():
        paragraphs = paragraphs[1:]
    parts = [part.strip() for part in (headline, published) if part and part.strip()]
    return "\n\n".join(parts + paragraphs)


def plain_html_text(html: str, settings: dict[str, Any]) -> str:
    """A crude reading of the page: its h1 or <title>, then the text of its block elements."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml_html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.LxmlError, ValueError):
        return ""
    headline = take_headline(root, settings["headline_tags"])
    for element in [el for el in root.iter() if el.tag in settings["fallback_drop_tags"]]:
        element.drop_tree()
    return compose(headline, None, block_text(root, settings["block_tags"]))


def take_headline(root: Any, headline_tags: list[str]) -> str | None:
    """The first headline element's text, removed from the tree; else the page <title>."""
    for element in root.iter(*headline_tags):
        text = " ".join(element.text_content().split())
        if text:
            element.drop_tree()
            return text
    titles = root.xpath("//title")
    return " ".join(titles[0].text_content().split()) if titles else None


def block_text(root: Any, block_tags: frozenset[str]) -> str:
    for element in root.iter():
        if element.tag in block_tags:
            element.tail = "\n" + (element.tail or "")
    return "".join(root.itertext())

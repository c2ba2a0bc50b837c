"""Feed fields that carry HTML: the text of their markup, with its paragraphs.

A JSON feed's text is often the article's HTML fragment (an RSS item's
``content:encoded``, a CMS export's ``body``: ``<p>…</p><p>…</p>``) and its title may
keep HTML entities (``AT&amp;T``). Left as they are, tags and entities reach the body,
its paragraphs run together, and ``&eacute;`` hides a country's name. Only fields
that hold markup or an entity are parsed, by lxml, one at a time: a feed of plain text
pays one vectorized search.

Limits: a field is at most a record's ``max_record_chars`` (the reader refuses longer
ones before this); lxml's parser stops at 256 levels of nesting (no "huge tree" mode).
"""

from __future__ import annotations

import html
import re

import lxml.html
import polars as pl
from lxml import etree

MARKUP_PATTERN = (
    r"(?:</(?i:p|div|span|a|b|i|u|em|strong|h[1-6]|li|ul|ol|blockquote|figure|figcaption"
    r"|table|tr|td|th|section|article|header|footer|script|style)\s*>"
    r"|<br\s*/?>|<p>|<(?i:p|div|span|a|img|figure|iframe|script|style)\s[^<>]*=[^<>]*>)"
)
"""What only HTML holds: a closing tag of the elements articles are written with, a
line break or paragraph tag as HTML writes them (``<br>``, ``<br/>``, ``<p>``), or a
tag with attributes (``<a href=…>``, ``<p class=…>``). Not a lone ``<I>`` or
``<ALD>``: wire copy writes company tickers that way."""
ENTITY_PATTERN = r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
"""An HTML character reference (``&amp;``, ``&#233;``, ``&#xE9;``)."""

BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "blockquote",
        "figure",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "ul",
        "ol",
    }
)
"""Elements that are paragraphs of their own: a blank line after each."""
DROPPED_TAGS = ("script", "style", "iframe", "noscript", "template")
"""Elements whose content is no text of the article."""


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment: block elements become paragraphs (a blank line
    between them), ``<br>`` a line break, scripts and styles are dropped and character
    references are decoded."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return html.unescape(fragment)
    etree.strip_elements(root, *DROPPED_TAGS, with_tail=False)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment or a processing instruction
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
    return str(root.text_content()).strip()


COMMON_REFERENCES = {
    "&amp;": "&",
    "&lt;": "<",
    "&gt;": ">",
    "&quot;": '"',
    "&apos;": "'",
    "&#39;": "'",
    "&#039;": "'",
    "&#x27;": "'",
    "&#34;": '"',
    "&nbsp;": "\u00a0",
    "&ndash;": "\u2013",
    "&mdash;": "\u2014",
    "&lsquo;": "\u2018",
    "&rsquo;": "\u2019",
    "&ldquo;": "\u201c",
    "&rdquo;": "\u201d",
    "&hellip;": "\u2026",
}
"""The references feeds write most, decoded in one vectorized pass (Aho-Corasick): a
corpus escaped by its tokenizer (Europarl's ``&apos;``) has one in most texts, and
``html.unescape`` on each of them was a third of reading a shard."""


def decode_references(texts: pl.Series) -> pl.Series:
    """Every character reference in ``texts`` decoded, as ``html.unescape`` decodes
    the ones written with their semicolon (``&amp;lt;`` is ``&lt;``: one pass).

    ``COMMON_REFERENCES`` are replaced for the whole column at once; a text that
    then still holds a reference had another one too, and is decoded from its
    original by Python, reference by reference."""
    common = texts.str.replace_many(list(COMMON_REFERENCES), list(COMMON_REFERENCES.values()))
    rest = common.str.contains(ENTITY_PATTERN).fill_null(False).arg_true()
    if rest.len():
        original = texts.gather(rest).to_list()
        common = common.scatter(rest, pl.Series(map(_decode_each, original), dtype=pl.String))
    return common


_REFERENCE = re.compile(ENTITY_PATTERN)


def _decode_each(text: str) -> str:
    """``text`` with each reference written with its semicolon decoded (HTML5's
    names and numbers, as ``html.unescape`` reads them), the rest left as written."""
    return _REFERENCE.sub(lambda found: html.unescape(found.group(0)), text)


def texts_of_markup(texts: pl.Series) -> pl.Series:
    """``texts`` with every value holding a tag (``MARKUP_PATTERN``) read as HTML
    (``fragment_text``) and every other value holding a character reference decoded
    (``decode_references``); the rest are left as they are, nulls included."""
    # Two searches: each alone keeps the regex engine's literal prefilter ("<", "&");
    # their alternation took ten times as long on wire text full of both.
    has_markup = texts.str.contains(MARKUP_PATTERN).fill_null(False)
    either = (has_markup | texts.str.contains(ENTITY_PATTERN).fill_null(False)).arg_true()
    if not either.len():
        return texts
    is_markup = has_markup.gather(either)
    converted = texts.clone()  # scatter changes the series it is called on
    markup_rows = either.filter(is_markup)
    if markup_rows.len():
        fragments = texts.gather(markup_rows).to_list()
        converted.scatter(markup_rows, pl.Series(map(fragment_text, fragments), dtype=pl.String))
    referenced = either.filter(~is_markup)
    if referenced.len():
        converted.scatter(referenced, decode_references(texts.gather(referenced)))
    return converted


__all__ = [
    "COMMON_REFERENCES",
    "ENTITY_PATTERN",
    "MARKUP_PATTERN",
    "decode_references",
    "fragment_text",
    "texts_of_markup",
]

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

import lxml.html
import polars as pl
from lxml import etree

MARKUP_PATTERN = (
    r"(?i:</?(?:p|br|div|span|a|b|i|u|em|strong|h[1-6]|li|ul|ol|blockquote|figure"
    r"|figcaption|img|table|tr|td|th|section|article|header|footer|iframe|script|style)"
    r"(?:\s[^>]*)?/?>)"
)
"""A tag of the elements articles are written with, opening or closing."""
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


def texts_of_markup(texts: pl.Series) -> pl.Series:
    """``texts`` with every value holding a tag (``MARKUP_PATTERN``) read as HTML
    (``fragment_text``) and every other value holding a character reference decoded;
    the rest (nearly all) are left as they are, nulls included."""
    # One search over every value, then which of the two only where either is.
    either = texts.str.contains(f"{MARKUP_PATTERN}|{ENTITY_PATTERN}").fill_null(False).arg_true()
    if not either.len():
        return texts
    has_markup = texts.gather(either).str.contains(MARKUP_PATTERN)
    for rows, convert in (
        (either.filter(has_markup), fragment_text),
        (either.filter(~has_markup), html.unescape),
    ):
        if rows.len():
            converted = pl.Series(list(map(convert, texts.gather(rows).to_list())), dtype=pl.String)
            texts = texts.scatter(rows, converted)
    return texts


__all__ = ["ENTITY_PATTERN", "MARKUP_PATTERN", "fragment_text", "texts_of_markup"]

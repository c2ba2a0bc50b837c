import html

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.ingest.markup import decode_references, fragment_text, texts_of_markup


def _converted(values: list[str | None]) -> list[str | None]:
    return texts_of_markup(pl.Series("text", values, dtype=pl.String)).to_list()


def test_html_paragraphs_become_paragraphs_of_text():
    fragment = "<p>France and Germany signed.</p><p>Officials in <b>Berlin</b> said so.</p>"
    assert fragment_text(fragment) == "France and Germany signed.\n\nOfficials in Berlin said so."


def test_a_line_break_tag_is_a_line_break():
    assert fragment_text("PARIS<br/>Monday") == "PARIS\nMonday"


def test_scripts_and_styles_are_not_text():
    fragment = "<p>Kept.</p><script>var x = 1;</script><style>p {}</style><p>Also kept.</p>"
    assert fragment_text(fragment) == "Kept.\n\nAlso kept."


def test_character_references_in_markup_are_decoded():
    assert fragment_text("<p>Caf&eacute; in S&#227;o Paulo &amp; Lima</p>") == (
        "Café in São Paulo & Lima"
    )


def test_a_title_with_only_entities_is_decoded():
    assert _converted(["AT&amp;T&#39;s deal with M&eacute;xico"]) == ["AT&T's deal with México"]


def test_plain_text_with_angle_brackets_and_ampersands_is_left_as_it_is():
    values = ["Profits < 5% & rising; a <-> b", "R&D spending", None]
    assert _converted(values) == values


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.none() | st.text(st.characters(exclude_characters="<&", exclude_categories=("Cs",))),
        max_size=8,
    )
)
def test_text_without_tags_or_references_is_never_changed(values: list[str | None]):
    assert _converted(values) == values


_REFERENCES = ["&amp;", "&apos;", "&quot;", "&eacute;", "&#233;", "&#xE9;", "&amp;lt;", "&unknown;"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(_REFERENCES)
            | st.text(st.characters(exclude_characters="&;", exclude_categories=("Cs",))),
            max_size=6,
        ).map("".join),
        max_size=8,
    )
)
def test_references_are_decoded_as_html_unescape_decodes_them(values: list[str]):
    assert decode_references(pl.Series(values, dtype=pl.String)).to_list() == [
        html.unescape(value) for value in values
    ]


def test_a_corpus_escaped_by_its_tokenizer_reads_as_written():
    assert _converted(["l&apos;Union et le &quot;Brexit&quot;"]) == ['l\'Union et le "Brexit"']


def test_the_column_given_is_left_as_it_was():
    texts = pl.Series("text", ["<p>A</p>", "B &amp; C"])
    texts_of_markup(texts)
    assert texts.to_list() == ["<p>A</p>", "B &amp; C"]


def test_wire_tickers_in_angle_brackets_are_not_markup():
    values = ["Allied-Signal Inc <ALD> sold Ampex to First Interstate <I> and <B.A.T>."]
    assert _converted(values) == values


def test_a_fragment_with_links_and_attributes_is_read_as_html():
    fragment = '<p class="lede">Talks in <a href="https://e.example/x">Kyiv</a> resumed.</p>'
    assert _converted([fragment]) == ["Talks in Kyiv resumed."]


def test_a_ticker_with_spaces_is_not_a_tag_with_attributes():
    values = ["<A and P Co> and <Div Holdings> agreed."]
    assert _converted(values) == values

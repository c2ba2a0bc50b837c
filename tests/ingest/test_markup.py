import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.ingest.markup import fragment_text, texts_of_markup


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
@given(st.lists(st.none() | st.text(st.characters(exclude_characters="<&")), max_size=8))
def test_text_without_tags_or_references_is_never_changed(values: list[str | None]):
    assert _converted(values) == values

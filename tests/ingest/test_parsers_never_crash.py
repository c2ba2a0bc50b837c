"""Property tests: no input makes a parser raise, and every line is accounted for."""

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.ingest.decode import decode_bytes
from tasks.ingest.jsonl import parse_jsonl
from tasks.ingest.plain_text import parse_plain_text
from tasks.ingest.reuters_sgml import parse_reuters_sgml

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=2000))
def test_decoding_never_fails(data: bytes):
    text, _ = decode_bytes(data)
    assert isinstance(text, str)


@FAST
@given(st.binary(max_size=2000))
def test_plain_text_parser_yields_a_record_or_a_reason(data: bytes):
    parsed = parse_plain_text("f.txt", data)
    assert parsed.records.height + parsed.quarantined.height == 1


json_lines = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.builds(lambda t: f'{{"id": "k", "text": {t}}}', st.text(max_size=40).map(repr)),
        st.just('{"title": "T", "text": "Body"}'),
    ),
    max_size=20,
)


@FAST
@given(json_lines)
def test_every_jsonl_line_is_loaded_or_quarantined(lines: list[str]):
    data = "\n".join(lines).encode("utf-8", errors="replace")
    parsed = parse_jsonl("f.jsonl", data, compressed=False, max_bytes=10**6, max_record_chars=10**5)
    nonblank = sum(1 for line in data.decode("utf-8").split("\n") if line.strip())
    refused = parsed.quarantined.filter(pl.col("scope") == "record").height
    assert parsed.records.height + refused == nonblank


@FAST
@given(st.binary(max_size=500))
def test_gzip_parser_survives_garbage(data: bytes):
    parse_jsonl("f.jsonl.gz", data, compressed=True, max_bytes=10**6, max_record_chars=10**5)


sgml_like = st.lists(
    st.sampled_from(
        [
            '<REUTERS NEWID="1">',
            "</REUTERS>",
            "<BODY>",
            "</BODY>",
            "<TITLE>",
            "</TITLE>",
            "<DATE>",
            "</DATE>",
            "x",
            "&lt;",
            "&#3;",
            "\n",
            "9-MAR-1987",
        ]
    ),
    max_size=40,
).map("".join)


@FAST
@given(sgml_like)
def test_reuters_parser_survives_malformed_markup(text: str):
    parsed = parse_reuters_sgml("r.sgm", text.encode())
    assert parsed.records.height + parsed.quarantined.height >= 1

import gzip
import json
import os

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

import tasks.ingest.jsonl as jsonl_module
from tasks.ingest.jsonl import gunzip_limited, parse_jsonl
from tests.conftest import data_file

LIMITS = {"max_bytes": 10_000_000, "max_record_chars": 100_000}


def _parse(data: bytes, compressed: bool = False):
    return parse_jsonl("f.jsonl", data, compressed=compressed, **LIMITS)


def test_fields_are_read_from_each_line():
    line = {
        "id": "x1",
        "title": "T",
        "text": "Body",
        "published": "2023-01-31",
        "language": "fr",
        "source": "fr-01",
        "url": "https://e.example/x1",
    }
    record = _parse(json.dumps(line).encode()).records.row(0, named=True)
    assert record == {
        "source_file": "f.jsonl",
        "record_key": "x1",
        "format": "jsonl",
        "title": "T",
        "text": "Body",
        "published_raw": "2023-01-31",
        "language_hint": "fr",
        "source_hint": "fr-01",
        "url": "https://e.example/x1",
        "dateline": None,
        "captured_raw": None,
    }


def test_a_news_please_record_loads_with_its_text_date_and_site():
    line = {
        "title": "Japan and China resume talks",
        "maintext": "Japan and China resumed talks in Beijing on Tuesday.",
        "date_publish": "2024-03-05 10:00:00",
        "language": "en",
        "source_domain": "news.example.com",
        "url": "https://news.example.com/b",
    }
    record = _parse(json.dumps(line).encode()).records.row(0, named=True)
    assert (record["text"], record["published_raw"], record["source_hint"]) == (
        "Japan and China resumed talks in Beijing on Tuesday.",
        "2024-03-05 10:00:00",
        "news.example.com",
    )


def test_a_trafilatura_record_is_dated_from_its_date_key():
    line = {"title": "T", "text": "Body", "date": "2024-03-04", "sitename": "Example News"}
    record = _parse(json.dumps(line).encode()).records.row(0, named=True)
    assert (record["published_raw"], record["source_hint"]) == ("2024-03-04", "Example News")


def test_the_projects_own_key_wins_over_an_alias():
    line = {"text": "own", "maintext": "alias", "date": "2024-01-01", "published": "2024-02-02"}
    record = _parse(json.dumps(line).encode()).records.row(0, named=True)
    assert (record["text"], record["published_raw"]) == ("own", "2024-02-02")


def test_a_null_field_is_read_from_its_next_key():
    line = {"title": None, "headline": "Headline", "text": None, "articleBody": "Body"}
    record = _parse(json.dumps(line).encode()).records.row(0, named=True)
    assert (record["title"], record["text"]) == ("Headline", "Body")


def test_a_record_with_only_alias_keys_is_read_by_the_compiled_pass():
    data = json.dumps({"headline": "H", "maintext": "Body"}).encode()
    scan, _, _ = jsonl_module._lines(data, 10_000)
    assert scan is not None
    assert scan.fallback_lines == []
    assert _parse(data).records.select("title", "text").rows() == [("H", "Body")]


def test_every_field_has_its_own_keys_first_and_no_key_twice():
    keys = jsonl_module._FIELD_KEYS
    flat = [key for field_keys in keys.values() for key in field_keys]
    assert len(flat) == len(set(flat))
    assert {field: field_keys[0] for field, field_keys in keys.items()} == {
        "id": "id",
        "title": "title",
        "text": "text",
        "published": "published",
        "language": "language",
        "source": "source",
        "url": "url",
    }


def test_a_feed_whose_text_is_html_loads_its_paragraphs():
    line = {"title": "AT&amp;T in Mexico", "content": "<p>AT&amp;T expands.</p><p>In Mexico.</p>"}
    record = _parse(json.dumps(line).encode()).records.row(0, named=True)
    assert (record["title"], record["text"]) == ("AT&T in Mexico", "AT&T expands.\n\nIn Mexico.")


def test_bad_lines_are_quarantined_and_good_lines_still_load():
    parsed = _parse(data_file("mixed_good_and_bad.jsonl").read_bytes())
    assert parsed.records["record_key"].to_list() == ["a1", "a5"]
    reasons = dict(zip(parsed.quarantined["record_key"], parsed.quarantined["reason"], strict=True))
    assert reasons["line 2"].startswith("not valid JSON")
    assert reasons["line 3"] == "JSON value is a list, not an object"
    assert reasons["a4"] == "record has neither title nor text"


def test_every_nonblank_line_is_a_record_or_a_quarantined_record():
    parsed = _parse(data_file("mixed_good_and_bad.jsonl").read_bytes())
    record_refusals = parsed.quarantined.filter(pl.col("scope") == "record").height
    assert parsed.records.height + record_refusals == 5


def test_numeric_id_is_kept_as_text():
    parsed = _parse(b'{"id": 42, "text": "Body"}')
    assert parsed.records["record_key"].to_list() == ["42"]


def test_numbers_in_text_fields_are_kept_as_their_text():
    parsed = _parse(b'{"id": "n1", "title": 2024, "text": "Body", "published": 1.5}')
    assert parsed.records.select("record_key", "title", "text", "published_raw").rows() == [
        ("n1", "2024", "Body", "1.5")
    ]


def test_gzip_file_is_decompressed():
    data = gzip.compress(b'{"id": "g1", "text": "Compressed body"}\n')
    assert _parse(data, compressed=True).records["text"].to_list() == ["Compressed body"]


def test_truncated_gzip_keeps_the_lines_before_the_damage():
    lines = b"".join(b'{"id": "%d", "text": "body %d"}\n' % (i, i) for i in range(2000))
    data = gzip.compress(lines)[:-2000]
    parsed = _parse(data, compressed=True)
    assert 0 < parsed.records.height < 2000
    assert parsed.quarantined["reason"][0] == "compressed stream is truncated"


def test_decompression_stops_at_the_limit():
    bomb = gzip.compress(b"\n" * 5_000_000)
    data, problem = gunzip_limited(bomb, max_bytes=1_000_000)
    assert len(data) == 1_000_000
    assert problem == "decompressed size exceeds the limit of 1000000 bytes"


def test_overlong_line_is_quarantined():
    parsed = parse_jsonl(
        "f.jsonl",
        b'{"text": "' + b"x" * 200 + b'"}',
        compressed=False,
        max_bytes=10_000,
        max_record_chars=100,
    )
    assert parsed.quarantined["reason"].to_list() == ["record longer than 100 characters"]


def test_corrupt_gzip_is_reported_as_damaged():
    data = gzip.compress(b'{"id": "1", "text": "body"}\n' * 100)
    corrupt = data[:20] + bytes(b ^ 0xFF for b in data[20:40]) + data[40:]
    _, problem = gunzip_limited(corrupt, max_bytes=10**6)
    assert problem is not None


def test_concatenated_gzip_members_are_all_read():
    data = gzip.compress(b'{"id": "1", "text": "a"}\n') + gzip.compress(
        b'{"id": "2", "text": "b"}\n'
    )
    assert _parse(data, compressed=True).records["record_key"].to_list() == ["1", "2"]


def test_damaged_gzip_keeps_what_came_before_the_damage():
    lines = b"".join(
        b'{"id": "%d", "text": "%s"}\n' % (i, os.urandom(40).hex().encode()) for i in range(40_000)
    )
    data = bytearray(gzip.compress(lines))
    data[-20_000:-19_000] = bytes(1_000)  # a zeroed-out block near the end
    kept, problem = gunzip_limited(bytes(data), max_bytes=10**8)
    assert problem is not None
    assert problem.startswith("compressed stream is damaged")
    assert 1_000_000 < len(kept) < len(lines)
    assert lines.startswith(kept)


_PLAIN = st.text(st.characters(exclude_characters="<&", exclude_categories=("Cs",)))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            # Text without "<" or "&": tags and character references are read as HTML
            # (tasks/ingest/markup.py).
            {"id": st.one_of(st.integers(), st.text(max_size=8)), "text": _PLAIN.filter(bool)},
            optional={"title": _PLAIN, "url": st.text(), "published": st.none()},
        ).filter(lambda item: item["text"].strip()),
        max_size=6,
    ),
    st.booleans(),
)
def test_every_field_reads_back_as_it_was_written(items: list[dict], ascii_only: bool):
    data = "\n".join(json.dumps(item, ensure_ascii=ascii_only) for item in items).encode()
    records = _parse(data).records
    assert records["text"].to_list() == [item["text"] for item in items]
    assert records["title"].to_list() == [item.get("title") for item in items]
    assert records["record_key"].to_list() == [str(item["id"]) for item in items]
    assert records["url"].to_list() == [item.get("url") for item in items]


def test_an_id_too_big_for_64_bits_is_kept_exactly():
    parsed = _parse(b'{"id": 123456789012345678901234567890, "text": "Body"}')
    assert parsed.records["record_key"].to_list() == ["123456789012345678901234567890"]


def test_a_truncated_stream_gives_back_nearly_everything_before_the_cut():
    lines = b"".join(b'{"id": "%d", "text": "body %d"}\n' % (i, i) for i in range(50_000))
    kept, problem = gunzip_limited(gzip.compress(lines)[:-100], max_bytes=10**8)
    assert problem == "compressed stream is truncated"
    assert len(kept) > 0.9 * len(lines)


# Lines as they come: objects, blank and white-space lines (ASCII and Unicode), broken
# JSON, overlong and non-object lines.
_LINE = st.one_of(
    st.builds(
        json.dumps,
        st.fixed_dictionaries(
            {"id": st.text(max_size=6), "text": st.text(max_size=30)},
            optional={"title": st.text(max_size=10)},
        ),
        ensure_ascii=st.booleans(),
    ),
    st.sampled_from(["", "   ", "\t\r", "\u00a0", "\u2003 \u3000", "[1, 2]", '"text"', "{", " {}"]),
    st.text(max_size=40),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_a_utf8_file_reads_as_the_same_file_decoded_first(lines: list[str], end: str):
    # A byte-order mark sends the file through text decoding; without one, clean UTF-8
    # is read as bytes. Both must give the same records and the same problems.
    data = end.join(lines).encode("utf-8", errors="surrogatepass")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:  # lone surrogates: not a UTF-8 file
        return
    limits = {"max_bytes": 10_000_000, "max_record_chars": 25}
    as_bytes = parse_jsonl("f.jsonl", data, compressed=False, **limits)
    decoded = parse_jsonl("f.jsonl", b"\xef\xbb\xbf" + data, compressed=False, **limits)
    assert as_bytes.records.equals(decoded.records)
    assert as_bytes.quarantined.equals(decoded.quarantined)
    assert as_bytes.decode_note is None


def test_a_lone_surrogate_escape_loads_as_a_replacement_character():
    parsed = _parse(b'{"id": "s1", "text": "before \\ud800 after"}\n')
    assert parsed.records["text"].to_list() == ["before \ufffd after"]
    assert parsed.quarantined.is_empty()

"""The compiled JSON Lines pass reads every file exactly as the line-by-line reader does.

The line-by-line reader (orjson, then ``json`` for what orjson refuses) is the oracle:
the same file parsed with the compiled pass turned off must give the same records, in
the same order, and the same quarantine.
"""

import json

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import tasks.ingest.jsonl as jsonl
from newsdyads.text.json_lines import JsonLinesScan, scan_json_lines

KEYS = ("id", "title", "text", "published", "language", "source", "url")
LIMITS = {"max_bytes": 10_000_000, "max_record_chars": 2_000}


def _line_by_line(data: bytes, keys, visible_keys, max_line_bytes) -> JsonLinesScan:
    """A compiled pass that accepts nothing: every line is read the general way."""
    nothing = scan_json_lines(b"", keys, visible_keys, max_line_bytes)
    return JsonLinesScan(
        nothing.columns, nothing.line_numbers, list(enumerate(data.split(b"\n"), start=1))
    )


def _both_ways(data: bytes):
    compiled = jsonl.parse_jsonl("f.jsonl", data, compressed=False, **LIMITS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonl, "scan_json_lines", _line_by_line)
        general = jsonl.parse_jsonl("f.jsonl", data, compressed=False, **LIMITS)
    return compiled, general


def _assert_same(data: bytes) -> None:
    compiled, general = _both_ways(data)
    assert_frame_equal(compiled.records, general.records)
    assert_frame_equal(compiled.quarantined, general.quarantined)
    assert compiled.decode_note == general.decode_note


texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30
) | st.sampled_from(["", " ", "\t\n", "\u00a0", "\x1f", 'a "quote"', "back\\slash", "😀 é"])
scalars = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | texts
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(texts, children, max_size=3),
    max_leaves=6,
)
# Every key a field may be read from (aliases included), so that records mixing a
# field's keys, null or not, are read the same both ways.
records = st.dictionaries(st.sampled_from([*jsonl._KEYS, "extra", "tags"]), values, max_size=8)


def _dumped(record: dict, style: int) -> str:
    if style == 0:
        return json.dumps(record, ensure_ascii=False, allow_nan=True)
    if style == 1:
        return json.dumps(record, ensure_ascii=True, allow_nan=True, separators=(",", ":"))
    return " " + json.dumps(record, indent=None) + " \r"


raw_lines = st.sampled_from(
    [
        "",
        "   ",
        '{"id": "cut", "text": "cut off by the crawler',
        "[1, 2]",
        '"just a string"',
        '{"text": "x"} trailing',
        '{"text": "lone \\ud800 surrogate"}',
        '{"text": "pair \\ud83d\\ude00 ok", "text": "last wins"}',
        '{"title": "T", "title": null, "text": "body"}',
        '{"t\\u0069tle": "escaped key", "text": "b"}',
        '{"text": "bad \\x escape"}',
        '{"text": "x", "n": 01}',
        '{"text": "x", "n": 1e999}',
        '{"text": "x", "n": NaN}',
        '{"text": "x", "deep": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['
        "[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
        '{"text": "' + "long " * 500 + '"}',
        '{"title": "日本", "text": ""}',
        '{"title": "\\u00a0", "text": " "}',
    ]
)
lines = st.lists(
    st.one_of(st.tuples(records, st.integers(0, 2)).map(lambda r: _dumped(*r)), raw_lines),
    max_size=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines, st.booleans())
def test_compiled_pass_reads_any_file_as_the_line_by_line_reader(
    file_lines: list[str], final_newline: bool
):
    data = ("\n".join(file_lines) + ("\n" if final_newline else "")).encode("utf-8")
    _assert_same(data)


def test_escapes_are_decoded_as_json_decodes_them():
    text = 'line\none "quoted" back\\slash tab\t é 😀 \u2028 / \x7f'
    data = json.dumps({"text": text}, ensure_ascii=True).encode()
    scan = scan_json_lines(data, KEYS, ("title", "text"), 10_000)
    assert scan.columns["text"].to_list() == [text]
    assert scan.fallback_lines == []


def test_a_repeated_key_keeps_its_last_value():
    scan = scan_json_lines(b'{"text": "first", "text": "last"}', KEYS, ("text",), 10_000)
    assert scan.columns["text"].to_list() == ["last"]


def test_absent_and_null_fields_are_null():
    scan = scan_json_lines(b'{"text": "body", "url": null}', KEYS, ("text",), 10_000)
    assert scan.columns["url"].to_list() == [None]
    assert scan.columns["title"].to_list() == [None]


def test_a_field_that_is_not_text_is_left_to_the_general_reader():
    line = b'{"id": 123, "text": "body"}'
    scan = scan_json_lines(line, KEYS, ("text",), 10_000)
    assert scan.line_numbers.tolist() == []
    assert scan.fallback_lines == [(1, line)]


def test_other_fields_of_any_kind_are_skipped():
    line = orjson.dumps({"text": "body", "tags": [1, {"a": [True, None]}], "score": -1.5e3})
    scan = scan_json_lines(line, KEYS, ("text",), 10_000)
    assert scan.columns["text"].to_list() == ["body"]


def test_a_line_over_the_limit_is_left_to_the_general_reader():
    line = json.dumps({"text": "x" * 100}).encode()
    scan = scan_json_lines(line + b"\n" + line[:0], KEYS, ("text",), 50)
    assert scan.fallback_lines == [(1, line)]


def test_lines_are_numbered_from_one_and_empty_lines_skipped():
    data = b'\n{"text": "a"}\n\n{"text": "b"}\n'
    scan = scan_json_lines(data, KEYS, ("text",), 10_000)
    assert scan.line_numbers.tolist() == [2, 4]
    assert scan.fallback_lines == []


def test_records_read_both_ways_keep_the_file_order():
    data = b'{"id": "1", "text": "a"}\n{"id": 2, "text": "b"}\n{"id": "3", "text": "c"}\n'
    compiled, general = _both_ways(data)
    assert compiled.records["record_key"].to_list() == ["1", "2", "3"]
    assert_frame_equal(compiled.records, general.records)

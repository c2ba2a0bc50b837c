from tasks.ingest.reuters_sgml import parse_reuters_sgml
from tests.conftest import data_file


def _parsed():
    return parse_reuters_sgml("r.sgm", data_file("reuters_two_records.sgm").read_bytes())


def test_records_are_keyed_by_newid():
    assert _parsed().records["record_key"].to_list() == ["17", "18"]


def test_reuters_date_becomes_iso_8601():
    assert _parsed().records["published_raw"][0] == "1987-03-09T04:58:41"


def test_entities_are_unescaped_in_the_title():
    assert _parsed().records["title"][0] == "SOVIET UNION BUYS U.S. CORN <AGRI>"


def test_body_loses_the_reuter_signature():
    text = _parsed().records["text"][0]
    assert text.startswith("The Soviet Union has bought")
    assert not text.rstrip().endswith("Reuter")


def test_dateline_is_kept():
    assert _parsed().records["dateline"][0] == "MOSCOW, March 9 -"


def test_brief_without_body_loads_with_its_title():
    brief = _parsed().records.row(1, named=True)
    assert brief["title"] == "BANK OF ENGLAND SETS MONEY MARKET HELP"
    assert brief["text"] == ""


def test_record_with_neither_title_nor_text_is_quarantined():
    quarantined = _parsed().quarantined.row(0, named=True)
    assert quarantined == {
        "source_file": "r.sgm",
        "record_key": "19",
        "scope": "record",
        "reason": "record has neither title nor text",
    }


def test_file_without_records_is_quarantined():
    parsed = parse_reuters_sgml("x.sgm", b"<html>not reuters</html>")
    assert parsed.quarantined["reason"].to_list() == ["no <REUTERS> record found"]

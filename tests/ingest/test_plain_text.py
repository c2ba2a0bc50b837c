from tasks.ingest.plain_text import parse_plain_text
from tests.conftest import data_file


def _parse(text: str):
    return parse_plain_text("a.txt", text.encode())


def test_first_nonblank_line_is_the_title():
    parsed = _parse("\n\nTitle here\n\nBody paragraph.\n")
    assert parsed.records["title"].to_list() == ["Title here"]


def test_last_line_that_looks_like_a_source_id_becomes_the_source():
    parsed = _parse("Title\n\nBody.\n\nfr-01\n")
    assert parsed.records["source_hint"].to_list() == ["fr-01"]
    assert "fr-01" not in parsed.records["text"][0]


def test_last_paragraph_that_is_not_a_source_id_stays_in_the_body():
    parsed = _parse("Title\n\nBody.\n\nThe end of the story.\n")
    assert parsed.records["source_hint"].to_list() == [None]
    assert parsed.records["text"][0].endswith("The end of the story.")


def test_lines_become_paragraphs():
    parsed = _parse("Title\nFirst line.\nSecond line.\n")
    assert parsed.records["text"][0] == "First line.\n\nSecond line."


def test_empty_file_is_quarantined_with_a_reason():
    parsed = _parse("  \n\n \n")
    assert parsed.records.height == 0
    assert parsed.quarantined["reason"].to_list() == ["empty file: no text"]
    assert parsed.quarantined["scope"].to_list() == ["file"]


def test_seed_file_parses_to_one_record_from_fr_01():
    parsed = parse_plain_text("seed.txt", data_file("seed_fr-01.txt").read_bytes())
    record = parsed.records.row(0, named=True)
    assert record["title"].startswith("Poutine approuve")
    assert record["source_hint"] == "fr-01"
    assert record["record_key"] == ""

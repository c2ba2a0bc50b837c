from hypothesis import given
from hypothesis import strategies as st

from tasks.ingest.decode import decode_bytes, is_clean_utf8


def test_utf8_is_decoded_without_a_note():
    assert decode_bytes("Biélorussie".encode()) == ("Biélorussie", None)


def test_byte_order_mark_is_dropped():
    assert decode_bytes(b"\xef\xbb\xbfTitle") == ("Title", None)


def test_invalid_byte_in_utf8_text_is_replaced_and_noted():
    text, note = decode_bytes("Biélorussie \xfc".encode() + b"\xff")
    assert text == "Biélorussie ü\ufffd"
    assert note == "1 byte(s) not valid UTF-8 replaced by U+FFFD"


def test_legacy_single_byte_text_is_read_as_windows_1252():
    text, note = decode_bytes("Café crème".encode("cp1252"))
    assert text == "Café crème"
    assert note == "not UTF-8: decoded as Windows-1252"


@given(
    st.one_of(
        st.binary(max_size=40),
        st.text(max_size=20).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.text(max_size=20).map(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8", "replace")),
    )
)
def test_clean_utf8_is_what_decodes_as_it_is_without_a_note(data: bytes):
    try:
        as_it_is = (data.decode("utf-8"), None)
    except UnicodeDecodeError:
        as_it_is = None
    clean = as_it_is is not None and not data.startswith(b"\xef\xbb\xbf")
    assert is_clean_utf8(data) == clean
    if clean:
        assert decode_bytes(data) == as_it_is

"""Chunked JSON: plain JSON to any reader, decoded a group of items at a time by ours."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.sources.program import chunked_json

leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False,
    allow_infinity=False) | st.text(alphabet=st.characters(), max_size=8)  # fmt: skip
documents = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=12) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=60,
)


@given(documents)
def test_what_dumps_writes_reads_back_the_same_by_json_and_by_chunks(obj):
    text = chunked_json.dumps(obj, chunk=3)
    assert json.loads(text) == obj
    assert chunked_json.loads(text) == obj


def test_long_lists_are_written_a_group_a_line_and_short_ones_whole():
    obj = {"long": list(range(7)), "short": [1, 2], "rows": [[1, "a\nb"]] * 4}
    text = chunked_json.dumps(obj, chunk=3)
    assert text.count("\n") == 4 + 3
    assert '"short":[1,2]' in text and '"a\\nb"' in text
    assert chunked_json.loads(text) == obj


def test_a_cut_chunked_text_fails_with_jsons_own_error():
    text = chunked_json.dumps({"long": list(range(10))}, chunk=3)
    with pytest.raises(json.JSONDecodeError):
        chunked_json.loads(text[: text.index("\n", 10)])


@pytest.mark.parametrize("ending", ["", "\n", "\r\n", "\n\n"])
def test_a_file_read_a_line_at_a_time_decodes_as_its_whole_text(tmp_path, ending):
    obj = {"long": list(range(10)), "rows": [{"a": [1, 2]}] * 5}
    text = chunked_json.dumps(obj, chunk=3) + ending
    path = tmp_path / "doc.json"
    path.write_bytes(text.encode())
    with open(path, encoding="utf-8") as file:
        pieces = chunked_json.read_lines(file)
    assert pieces == path.read_text(encoding="utf-8").split("\n")
    assert chunked_json.decode(pieces) == obj


def test_a_discarded_document_is_emptied_all_the_way_down():
    inner, long = {"k": [1, 2]}, list(range(5000))
    doc = {"passes": [{"trace": {"kind": long, "nodes": [inner] * 3}}], "n": 1}
    chunked_json.discard(doc)
    assert doc == {} and long == [] and inner == {}

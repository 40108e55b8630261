"""The one-pass check of an imported file refuses exactly what the careful walk refuses, and names where."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskcomms.core.errors import ValidationError
from deskcomms.core.sanity import check_tree

texts = st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x206F), max_size=12)
trees = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**60), max_value=2**60) | st.floats() | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=20,
)


def careful(value, where="file"):
    """The walk that names the path of each value (what check_tree falls back to), on its own."""
    from deskcomms.core.sanity import check_tree_by_path

    check_tree_by_path(value, where)


@given(trees)
def test_the_fast_check_refuses_exactly_what_the_careful_walk_refuses(tree):
    try:
        careful(tree)
        expected = None
    except ValidationError as exc:
        expected = exc
    if expected is None:
        check_tree(tree, "file")
    else:
        with pytest.raises(ValidationError):
            check_tree(tree, "file")


def test_a_control_character_deep_in_a_file_is_named_by_its_place():
    doc = {"cases": [{"number": "1"}, {"number": "2", "title": "ok\x1b[31m"}]}
    with pytest.raises(ValidationError) as caught:
        check_tree(doc, "file")
    assert "U+001B" in str(caught.value) and "cases[1].title" in str(caught.value)

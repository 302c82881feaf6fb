"""Links between generated files: ``urls.relpath`` works a relative link out from the two
paths' parts (``posixpath.relpath`` asks the OS for the working directory on every call);
it must give exactly what ``posixpath.relpath`` gives, or links on pages and in feeds
would point elsewhere."""

from __future__ import annotations

import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.urls import relpath

_PART = st.sampled_from(["a", "b", "articles", "regions", "x.md", "index.md", ".", "..", ""])
_PATH = st.lists(_PART, max_size=5).map("/".join).map(lambda p: p or ".")


@settings(max_examples=3000, deadline=None)
@given(target=_PATH, here=_PATH)
def test_a_link_is_the_one_posixpath_makes(target: str, here: str) -> None:
    assert relpath.__wrapped__(target, here) == posixpath.relpath(target, here)


def test_links_between_site_folders() -> None:
    assert relpath("regions/pk.md", "articles") == "../regions/pk.md"
    assert relpath("articles/x.md", "articles") == "x.md"
    assert relpath("index.md", "archive/2026") == "../../index.md"
    assert relpath("archive", "archive") == "."

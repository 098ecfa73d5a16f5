"""inline_code finds what a strict Content-Security-Policy would block."""

from __future__ import annotations

import pytest

from aether_kit.testing.html import inline_code


def test_a_clean_page_has_no_findings() -> None:
    html = (
        '<html><head><link rel="stylesheet" href="/s.css"><script src="/a.js"></script>'
        '<script type="application/json" id="data">{"a": 1}</script></head>'
        "<body><p>hi</p></body></html>"
    )

    assert inline_code(html) == []


@pytest.mark.parametrize(
    ("html", "finding"),
    [
        ("<script>alert(1)</script>", "inline <script> code"),
        ('<script type="module">go()</script>', "inline <script> code"),
        ('<button onclick="go()">x</button>', "onclick"),
        ('<p style="color: red">x</p>', "inline style"),
        ("<style>p { color: red }</style>", "<style> element"),
        ('<a href="javascript:go()">x</a>', "javascript:"),
    ],
)
def test_each_kind_of_inline_code_is_found(html: str, finding: str) -> None:
    found = inline_code(html)

    assert len(found) == 1
    assert finding in found[0]
    assert found[0].startswith("line 1:")

"""json_prettified: indented, highlighted, cut, safe."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from aether_kit.pages.prettify import json_prettified


def test_output_is_indented_and_highlighted_with_css_classes() -> None:
    html = json_prettified({"name": "ana", "age": 3})

    assert '<span class="nt">"name"</span>' in html
    assert '<span class="s2">"ana"</span>' in html
    assert '<span class="mi">3</span>' in html
    assert '\n<span class="w">  </span>' in html


def test_output_has_no_inline_style() -> None:
    html = json_prettified({"a": 1})

    assert "<style" not in html
    assert "style=" not in html


def test_markup_in_values_is_escaped() -> None:
    html = json_prettified({"x": "<script>alert(1)</script>"})

    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_long_documents_are_cut_at_prettified_cutoff(settings: Any) -> None:
    settings.PRETTIFIED_CUTOFF = 10

    html = json_prettified({"name": "a long value"})

    assert "long" not in html
    assert '<p class="ak-json__cut">Shown up to 10 of 28 characters.</p></div>' in html


def test_short_documents_carry_no_cut_note() -> None:
    assert "ak-json__cut" not in json_prettified({"a": 1})


def test_cutoff_argument_wins_over_the_setting(settings: Any) -> None:
    settings.PRETTIFIED_CUTOFF = 10000

    assert "Shown up to 5 of" in json_prettified({"name": "x"}, cutoff=5)


def test_values_json_cannot_encode_are_shown_as_text() -> None:
    key = uuid.UUID(int=1)

    html = json_prettified({"id": key, "on": datetime.date(2024, 1, 2)})

    assert str(key) in html
    assert "2024-01-02" in html

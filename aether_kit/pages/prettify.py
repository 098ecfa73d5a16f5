"""JSON shown to people: indented, highlighted, and cut to a readable size."""

from __future__ import annotations

import json
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import JsonLexer

from aether_kit.conf.kit_settings import kit_settings

__all__ = ["json_prettified"]

CSS_CLASS = "ak-json"


def json_prettified(value: Any, indent: int = 2, cutoff: int | None = None) -> SafeString:
    """``value`` as indented JSON in highlighted HTML (``<div class="ak-json">``).

    The text is cut at ``cutoff`` characters (``PRETTIFIED_CUTOFF`` by default)
    so one huge document cannot stall an admin page. The colours come from
    the kit's stylesheet, not from an inline ``<style>`` as in aether.sdk, so
    the markup passes a strict Content-Security-Policy. Values JSON cannot
    encode (dates, UUIDs, decimals) are shown as their ``str()``.
    """
    limit = kit_settings.PRETTIFIED_CUTOFF if cutoff is None else cutoff
    text = json.dumps(value, indent=indent, ensure_ascii=False, default=str)
    cut = len(text) > limit
    formatter = HtmlFormatter(cssclass=CSS_CLASS)
    # Pygments escapes the source text, so the markup is safe to mark as such
    html = highlight(text[:limit], JsonLexer(), formatter).rstrip()
    if cut:
        note = format_html(
            '<p class="{}__cut">Shown up to {} of {} characters.</p>',
            CSS_CLASS,
            limit,
            len(text),
        )
        html = f"{html.removesuffix('</div>')}{note}</div>"
    return mark_safe(html)  # noqa: S308

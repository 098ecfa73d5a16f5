"""A JSON parser that answers 400, not 500, to a body nested deeper than anyone means.

Python's JSON decoder recurses once per level: a few kilobytes of ``[[[[…`` raise
``RecursionError``, which DRF's parser does not catch, and a document just under the
interpreter's limit parses but breaks later, when it is rendered or stored. Both are
a client's mistake (or an attack), so both are a ``ParseError`` with a reason.
"""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

__all__ = ["TOO_DEEP", "JSONParser", "json_depth"]

TOO_DEEP = "JSON parse error - the document is nested more than {depth} levels deep."


def json_depth(value: Any, limit: int) -> int:
    """How deep ``value`` nests (a scalar is 0), counting no further than ``limit + 1``.

    Walks with its own stack, so a deep document cannot exhaust the interpreter's.
    """
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((child, depth) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a nesting limit: ``max_depth`` levels of arrays and objects."""

    max_depth: int = 256

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP.format(depth=self.max_depth)) from None
        if json_depth(data, self.max_depth) > self.max_depth:
            raise ParseError(TOO_DEEP.format(depth=self.max_depth))
        return data

"""Moved: gateway paths are parsed by :mod:`aether_kit.realms.paths`."""

from __future__ import annotations

from aether_kit.realms.paths import parse_path

__all__ = ["split_gateway_path"]


def split_gateway_path(path: str) -> tuple[str, str] | None:
    """``(realm segment, endpoint)`` of a gateway path, or None."""
    parsed = parse_path(path)
    return None if parsed is None else (parsed.segment, parsed.endpoint)

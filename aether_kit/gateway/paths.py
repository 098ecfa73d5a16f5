"""Moved: gateway paths are parsed by :mod:`aether_kit.realms.paths`."""

from aether_kit.realms.names import REALM_REGEX
from aether_kit.realms.paths import GatewayPath, parse_gateway_path, request_gateway_path

__all__ = ["REALM_REGEX", "GatewayPath", "parse_gateway_path", "request_gateway_path"]

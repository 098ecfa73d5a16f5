"""Moved: this code lives in :mod:`aether_kit.tokens.jwks`."""

from aether_kit.tokens.jwks import *  # noqa: F403

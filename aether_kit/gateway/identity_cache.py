"""Moved: this code lives in :mod:`aether_kit.tokens.identity_cache`."""

from aether_kit.tokens.identity_cache import *  # noqa: F403

"""Moved: this code lives in :mod:`aether_kit.tokens.users`."""

from aether_kit.tokens.users import *  # noqa: F403

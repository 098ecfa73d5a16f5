"""Moved: this code lives in :mod:`aether_kit.tokens.verifier`."""

from aether_kit.tokens.verifier import *  # noqa: F403

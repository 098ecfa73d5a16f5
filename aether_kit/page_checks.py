"""Moved: this code lives in :mod:`aether_kit.pages.checks`."""

from aether_kit.pages.checks import *  # noqa: F403

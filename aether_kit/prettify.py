"""Moved: this code lives in :mod:`aether_kit.pages.prettify`."""

from aether_kit.pages.prettify import *  # noqa: F403

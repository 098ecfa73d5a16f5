"""Moved: the code lives in :mod:`aether_kit.pages.context_processors`; settings keep this path."""

from aether_kit.pages.context_processors import *  # noqa: F403

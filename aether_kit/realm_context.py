"""Moved: the current realm lives in :mod:`aether_kit.realms.context`."""

from aether_kit.realms.context import *  # noqa: F403
from aether_kit.realms.context import _AllRealms, _current  # noqa: F401

"""Lazy package exports: a package names its public API without importing it.

Several of the kit's packages export names whose modules need Django's app
registry (models) or DRF's settings (views, renderers). Importing them eagerly
from ``__init__`` breaks in two ways: settings and logging filters that import
the package before apps are ready fail, and DRF's ``api_settings`` importing
a renderer from a package whose ``__init__`` imports DRF views is a circular
import. A module ``__getattr__`` (PEP 562) loads each name on first access.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``; ``exports`` maps a name to its module.

    Module names are relative to the package (``"views"`` or ``".views"``).
    """

    def __getattr__(name: str) -> Any:
        try:
            module = exports[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(import_module(f".{module.lstrip('.')}", package), name)
        return value

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__

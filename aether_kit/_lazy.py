"""The one way a package of the kit exposes its public API: a name → module mapping, loaded lazily.

Each package's ``__init__`` writes its public names once, in a mapping from
the name to the module defining it, and hands it to :func:`lazy_exports`,
which returns the package's ``__all__``, ``__getattr__`` and ``__dir__``
(PEP 562). Nothing is imported until a name is used, because importing a
package must not import optional extras, areas that are switched off, or
modules that need Django's app registry (models) or DRF's settings (a
renderer imported by DRF while ``rest_framework.views`` initialises).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

__all__ = ["lazy_exports"]


def _is_submodule(directory: Path, name: str) -> bool:
    return (directory / f"{name}.py").exists() or (directory / name / "__init__.py").exists()


def _module_name(package: str, module: str) -> str:
    return module if module.startswith("aether_kit.") else f"{package}.{module.lstrip('.')}"


def lazy_exports(
    package: str, exports: Mapping[str, str], *, imported: tuple[str, ...] = ()
) -> tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]:
    """``__all__``, ``__getattr__`` and ``__dir__`` for ``package``; ``exports`` maps name → module.

    A module is relative to the package (``"views"`` or ``".views"``) or
    absolute (``"aether_kit.realms.context"``). A name that is also the name of
    a submodule (``conf.kit_settings``) cannot be lazy: importing the submodule
    would replace it with the module. The package imports such a name with a
    plain import line and lists it in ``imported``.
    """
    namespace = sys.modules[package].__dict__
    directories = [Path(entry) for entry in namespace.get("__path__", ())]
    shadowed = [
        name for name in exports if any(_is_submodule(directory, name) for directory in directories)
    ]
    if shadowed:
        raise ImportError(f"{package} must import {shadowed} eagerly: submodules share the names")

    def __getattr__(name: str) -> Any:
        try:
            module = exports[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(import_module(_module_name(package, module)), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(exports))

    return sorted({*exports, *imported}), __getattr__, __dir__

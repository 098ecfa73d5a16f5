"""Imports of optional extras, failing with the ``pip install`` line that fixes them."""

from __future__ import annotations

import importlib
from types import ModuleType

from django.core.exceptions import ImproperlyConfigured

__all__ = ["import_extra"]


def import_extra(module: str, extra: str, *, feature: str) -> ModuleType:
    """Import ``module`` of the pip extra ``extra``, which ``feature`` needs.

    A missing extra is a deployment mistake, so it is reported as one, naming
    the switch that asked for it and the command that installs it.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"{feature} needs the '{module}' module, which is not installed: "
            f"pip install 'aether-kit[{extra}]'"
        ) from exc

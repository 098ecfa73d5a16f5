"""Optional extras: checked one way, reported with the ``pip install`` line that fixes them.

An optional component's ``configure_*`` function writes only its own settings;
its app and middleware join ``INSTALLED_APPS`` and ``MIDDLEWARE`` through
``kit_apps(env)`` and ``kit_middleware(env)`` (:mod:`aether_kit.conf.stack`).
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from django.core.exceptions import ImproperlyConfigured

from .env import Env

__all__ = ["REQUEST_ID_MIDDLEWARE", "extra_installed", "import_extra", "module_installed"]

REQUEST_ID_MIDDLEWARE = "aether_kit.ops.request_id.RequestIdMiddleware"


def _install_line(extra: str) -> str:
    return f"pip install 'aether-kit[{extra}]'"


def module_installed(module: str) -> bool:
    """Whether ``module`` can be imported, without importing it."""
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:  # a parent package is missing
        return False


def extra_installed(env: Env, switch: str, module: str, extra: str) -> bool:
    """Whether ``module`` can be imported; if not, ``switch`` is reported as needing ``extra``.

    For ``configure_*`` functions: the problem joins the others of the same
    call, so one start-up lists a missing extra together with missing variables.
    """
    found = module_installed(module)
    if not found:
        env.error(switch, f"needs the '{module}' module: {_install_line(extra)}", None)
    return found


def import_extra(module: str, extra: str, *, feature: str) -> ModuleType:
    """Import ``module`` of the pip extra ``extra`` at run time, for ``feature``.

    A missing extra is a deployment mistake, so it is reported as one, naming
    the switch that asked for it and the command that installs it.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"{feature} needs the '{module}' module, which is not installed: {_install_line(extra)}"
        ) from exc

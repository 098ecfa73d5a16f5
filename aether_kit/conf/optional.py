"""Optional extras: checked one way, reported with the ``pip install`` line that fixes them.

``configure_*`` functions of an optional component share one convention: they
take the project's ``installed_apps=`` and ``middleware=`` keyword-only and
return them (as ``INSTALLED_APPS`` / ``MIDDLEWARE``) extended with the
component's app and middleware while it is on, unchanged while it is off.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .env import Env

__all__ = [
    "OUTERMOST_MIDDLEWARE",
    "REQUEST_ID_MIDDLEWARE",
    "add_app",
    "add_middleware",
    "extra_installed",
    "import_extra",
    "module_installed",
    "passed_lists",
]

REQUEST_ID_MIDDLEWARE = "aether_kit.ops.request_id.RequestIdMiddleware"
# kept above whatever a configure_* function puts "first": the request id must be set
# before any other middleware runs, or that middleware's log lines carry none (W051)
OUTERMOST_MIDDLEWARE = frozenset({REQUEST_ID_MIDDLEWARE})


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


def passed_lists(installed_apps: Sequence[str], middleware: Sequence[str] = ()) -> dict[str, Any]:
    """The lists a project passed, copied under their setting names (omitted when not passed)."""
    result: dict[str, Any] = {}
    if installed_apps:
        result["INSTALLED_APPS"] = list(installed_apps)
    if middleware:
        result["MIDDLEWARE"] = list(middleware)
    return result


def add_app(result: dict[str, Any], app: str) -> None:
    """Append ``app`` to the passed ``INSTALLED_APPS`` unless it is there already."""
    apps = result.get("INSTALLED_APPS")
    if apps is not None and app not in apps:
        apps.append(app)


def add_middleware(
    result: dict[str, Any], *, first: Sequence[str] = (), last: Sequence[str] = ()
) -> None:
    """Put ``first`` at the top of the passed ``MIDDLEWARE`` and ``last`` at its end.

    A ``first`` entry the project already listed moves to the top, so that it
    wraps everything; a ``last`` entry already listed stays where the project put it.
    The :data:`OUTERMOST_MIDDLEWARE` the project listed at the very top stay above
    ``first``: otherwise two components that each go first (metrics, profiling)
    would push the request-id middleware down to third place, whatever order
    they were configured in.
    """
    current = result.get("MIDDLEWARE")
    if current is None:
        return
    rest = [name for name in current if name not in first]
    outermost = 0
    while outermost < len(rest) and rest[outermost] in OUTERMOST_MIDDLEWARE:
        outermost += 1
    result["MIDDLEWARE"] = [
        *rest[:outermost],
        *first,
        *rest[outermost:],
        *(name for name in last if name not in current),
    ]

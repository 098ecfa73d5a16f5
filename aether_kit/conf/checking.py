"""What every system check of the kit shares: the shape of a finding and how checks register.

Each area keeps its checks in its own ``checks`` module, listed in its
``CHECKS`` (function, tag) pairs; ``AetherKitConfig.ready()`` registers them
with :func:`register_checks`, so importing a checks module has no side effect.
A check body reads as the rule it enforces: ``return finding(bad, message,
hint=…, id=…)`` instead of the same if/return/else/return in every check.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.utils.module_loading import import_string

__all__ = [
    "CheckFunction",
    "class_findings",
    "finding",
    "is_number",
    "register_checks",
]

CheckFunction = Callable[..., Sequence[CheckMessage]]


def register_checks(checks: Iterable[tuple[CheckFunction, str | None]]) -> None:
    """Register each ``(check, tag)`` with Django (a None tag: no tag, always run)."""
    for check, tag in checks:
        if tag is None:
            register(check)
        else:
            register(check, tag)


def finding(
    condition: object,
    message: str,
    *,
    hint: str,
    id: str,
    level: Callable[..., CheckMessage] = Error,
    obj: Any = None,
) -> list[CheckMessage]:
    """``[level(message, …)]`` when ``condition`` holds, else no finding."""
    if not condition:
        return []
    return [level(message, hint=hint, obj=obj, id=id)]


def is_number(value: Any, *, minimum: float = 0, above: bool = False, whole: bool = False) -> bool:
    """A real number (never a bool or a string) at least ``minimum`` (``above``: more than it)."""
    if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
        return False
    return bool(value > minimum if above else value >= minimum)


def class_findings(
    setting: str,
    path: Any,
    *,
    import_id: str,
    hint: str,
    base: type | None = None,
    type_id: str = "",
    type_hint: str = "",
) -> list[CheckMessage]:
    """Errors for a dotted path in ``setting`` that does not import, or is no ``base`` subclass.

    ``base`` with ``type_id``: also an error when the object is not a concrete
    subclass of ``base``.
    """
    try:
        found = import_string(path)
    except ImportError as error:
        return finding(
            True,
            f"{setting} names {path!r}, which cannot be imported: {error}",
            hint=hint,
            id=import_id,
        )
    if base is None:
        return []
    concrete = isinstance(found, type) and issubclass(found, base) and not inspect.isabstract(found)
    return finding(
        not concrete,
        f"{setting} names {path!r}, which is not a complete {base.__name__} subclass.",
        hint=type_hint or hint,
        id=type_id,
    )

"""System checks of the health settings: databases to probe, ``HEALTH_CHECKS`` and its timeout.

The readiness probes themselves live in :mod:`aether_kit.health.probes`;
``HEALTH_CHECKS`` entries written as ``aether_kit.health.checks.<Probe>`` keep
working, their names are looked up there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning

from aether_kit.conf.checking import CheckFunction, class_findings, finding, is_number
from aether_kit.conf.kit_settings import kit_settings

__all__ = [
    "CHECKS",
    "check_health_checks",
    "check_health_databases",
    "check_health_databases_not_empty",
]


def check_health_databases(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    aliases = kit_settings.HEALTH_CHECK_DATABASES
    unknown = [alias for alias in aliases if alias not in settings.DATABASES]
    return finding(
        unknown,
        f"HEALTH_CHECK_DATABASES names {unknown}, which are not in DATABASES.",
        hint=f"Use aliases from DATABASES: {sorted(settings.DATABASES)}.",
        id="aether_kit.E007",
    )


def check_health_databases_not_empty(
    app_configs: Sequence[Any] | None, **kwargs: Any
) -> list[CheckMessage]:
    return finding(
        not list(kit_settings.HEALTH_CHECK_DATABASES),
        "HEALTH_CHECK_DATABASES is empty, so /check-db reports success without "
        "touching any database.",
        hint="List the aliases /check-db should query, e.g. ['default'].",
        id="aether_kit.W005",
        level=Warning,
    )


def check_health_checks(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    from .probes import HealthCheck

    errors: list[CheckMessage] = []
    for path in kit_settings.HEALTH_CHECKS:
        errors += class_findings(
            "HEALTH_CHECKS",
            path,
            import_id="aether_kit.E051",
            hint="Use the dotted path of a HealthCheck subclass.",
            base=HealthCheck,
            type_id="aether_kit.E057",
            type_hint="Subclass aether_kit.health.probes.HealthCheck and implement probe().",
        )
    timeout = kit_settings.HEALTH_CHECK_TIMEOUT
    return errors + finding(
        not is_number(timeout, above=True),
        f"HEALTH_CHECK_TIMEOUT is {timeout!r}; readiness probes need a positive timeout.",
        hint="Set HEALTH_CHECK_TIMEOUT to a number of seconds such as 5.",
        id="aether_kit.E052",
    )


def __getattr__(name: str) -> Any:
    """The probes' old home: ``aether_kit.health.checks.DatabaseCheck`` and the like."""
    from . import probes

    if name in probes.__all__:
        return getattr(probes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


CHECKS: tuple[tuple[CheckFunction, str | None], ...] = (
    (check_health_databases, Tags.database),
    (check_health_databases_not_empty, Tags.database),
    (check_health_checks, None),
)

"""System checks: a component switched on by its variable is actually wired into the project.

``kit_apps(env)`` / ``kit_middleware(env)`` add the apps and middleware a component
needs while its variable is on; a settings file that leaves them out (or writes the
lists by hand) is caught here before the first request is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning

from aether_kit.conf.checking import CheckFunction, finding
from aether_kit.conf.kit_settings import kit_settings
from aether_kit.conf.profiling import SILK_MIDDLEWARE

__all__ = [
    "CHECKS",
]

# (switch, app, check id)
REQUIRED_APPS = (
    ("SCHEDULER_REQUIRED", "django_rq", "aether_kit.E060"),
    ("PROFILING_ENABLED", "silk", "aether_kit.E061"),
    ("WEBPACK_REQUIRED", "webpack_loader", "aether_kit.E062"),
)


def check_component_apps(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(
            f"{switch} is on but '{app}' is not in INSTALLED_APPS.",
            hint=f"Add kit_apps(env) to INSTALLED_APPS, or add '{app}' to it.",
            id=check_id,
        )
        for switch, app, check_id in REQUIRED_APPS
        if getattr(kit_settings, switch) and app not in settings.INSTALLED_APPS
    ]


def check_scheduler_queue(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    return finding(
        kit_settings.SCHEDULER_REQUIRED and "default" not in getattr(settings, "RQ_QUEUES", {}),
        "SCHEDULER_REQUIRED is on but RQ_QUEUES has no 'default' queue.",
        hint="Use the RQ_QUEUES of configure_scheduler(), or add a 'default' queue.",
        id="aether_kit.E063",
    )


def check_profiler(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    if not kit_settings.PROFILING_ENABLED:
        return []
    messages: list[CheckMessage] = []
    messages += finding(
        SILK_MIDDLEWARE not in settings.MIDDLEWARE,
        "PROFILING_ENABLED is on but silk's middleware is not installed, so no "
        "request is recorded.",
        hint=f"Use kit_middleware(env), or put '{SILK_MIDDLEWARE}' near the top of MIDDLEWARE.",
        id="aether_kit.E064",
    )
    open_to = [
        name
        for name in ("SILKY_AUTHENTICATION", "SILKY_AUTHORISATION")
        if not getattr(settings, name, False)
    ]
    messages += finding(
        open_to,
        f"The profiler's pages are not restricted ({', '.join(open_to)} off): anyone "
        "could read the recorded requests.",
        hint="Use the settings returned by configure_profiling(), which restrict "
        "/admin/~silk/ to active staff users.",
        id="aether_kit.E065",
    )
    messages += finding(
        not settings.DEBUG,
        "PROFILING_ENABLED is on while DEBUG is off: every request is written to "
        "the database, which slows the service down.",
        hint="Profile for a limited time, or lower SILKY_INTERCEPT_PERCENT.",
        id="aether_kit.W060",
        level=Warning,
    )
    return messages


CHECKS: tuple[tuple[CheckFunction, str | None], ...] = (
    (check_component_apps, Tags.compatibility),
    (check_scheduler_queue, Tags.compatibility),
    (check_profiler, Tags.security),
)

"""The kit's apps and middleware, in the order they need, for ``INSTALLED_APPS`` and ``MIDDLEWARE``.

The ``configure_*`` functions write settings, never these two lists: a list
extended by several functions would depend on the order of the calls. The
project writes both lists itself and takes the kit's part from here, one call
each, so the whole stack is in one place and switches with the same variables
as the components (``METRICS_ENABLED``, ``PROFILING_ENABLED`` …).
"""

from __future__ import annotations

from .checks import CORS_APP, CORS_MIDDLEWARE
from .env import Env
from .keycloak import KEYCLOAK_REFRESH_MIDDLEWARE
from .metrics import METRICS_MIDDLEWARE_FIRST, METRICS_MIDDLEWARE_LAST, metrics_enabled
from .multitenancy import REALM_MIDDLEWARE
from .optional import REQUEST_ID_MIDDLEWARE
from .profiling import SILK_MIDDLEWARE

__all__ = [
    "GATEWAY_MIDDLEWARE",
    "OPTIONAL_APPS",
    "SYNC_STACK_MIDDLEWARE",
    "kit_apps",
    "kit_middleware",
]

GATEWAY_MIDDLEWARE = "aether_kit.gateway.GatewayAuthenticationMiddleware"
# a request that fails because the database is down answers 503 with a reason, not a 500
DATABASE_UNAVAILABLE_MIDDLEWARE = "aether_kit.ops.unavailable.DatabaseUnavailableMiddleware"
# Django's messages, with a storage built only for the requests that use it
MESSAGE_MIDDLEWARE = "aether_kit.ops.messages.LazyMessageMiddleware"
# last: under ASGI everything above it runs in the request's one thread (aether_kit.ops.sync_stack)
SYNC_STACK_MIDDLEWARE = "aether_kit.ops.sync_stack.SyncStackMiddleware"
# (switch, app): the app of each optional component, installed while its variable is on
OPTIONAL_APPS = (
    ("DJANGO_USE_CACHE", "cacheops"),
    ("SCHEDULER_REQUIRED", "django_rq"),
    ("METRICS_ENABLED", "django_prometheus"),
    ("PROFILING_ENABLED", "silk"),
    ("WEBPACK_REQUIRED", "webpack_loader"),
)


def kit_apps(env: Env) -> list[str]:
    """``corsheaders`` and ``aether_kit``, then the app of each component switched on.

    Goes first in ``INSTALLED_APPS``, before ``django.contrib.admin``, whose
    ``admin/base_site.html`` the kit's branded one replaces (W082); Django's, DRF's
    and the project's own apps follow. django-cors-headers is a dependency of the
    kit and closed until ``configure_cors`` lists origins, so it is always there.
    """
    return [
        CORS_APP,
        "aether_kit",
        *(app for switch, app in OPTIONAL_APPS if _switched_on(env, switch)),
    ]


def _switched_on(env: Env, switch: str) -> bool:
    return metrics_enabled(env) if switch == "METRICS_ENABLED" else env.bool(switch)


def kit_middleware(env: Env) -> list[str]:
    """Django's middleware and the kit's, in the one order that works.

    - ``RequestIdMiddleware`` first, so every log line (of other middleware too)
      carries the request id; then Prometheus' timer and silk's recorder, while
      ``METRICS_ENABLED`` / ``PROFILING_ENABLED`` are on, so they time the rest;
    - ``DatabaseUnavailableMiddleware``, so a request that fails on a database
      that is down answers 503 with a reason wherever it failed (and is counted so);
    - ``CorsMiddleware`` above ``CommonMiddleware``, which may answer first;
    - after ``AuthenticationMiddleware``: the gateway's token and the Keycloak
      refresh (each steps aside while its area is off), then ``RealmMiddleware``,
      which reads the realm from the user they set;
    - Django's messages as ``LazyMessageMiddleware`` (a subclass whose storage
      is built when a view first uses it: an API request pays nothing for it);
    - Prometheus' closing timer and the per-realm counters;
    - ``SyncStackMiddleware`` last (unless ``ASGI_SYNC_STACK=false``): under ASGI
      Django then runs all of the above in one thread per request, instead of
      handing each of its own middleware's hooks to a thread and back; under
      WSGI it does nothing.

    A project adds its own middleware to the returned list (usually at the end);
    one that writes the list by hand is held to the same order by system checks.
    """
    metrics = metrics_enabled(env)
    return [
        REQUEST_ID_MIDDLEWARE,
        *([METRICS_MIDDLEWARE_FIRST] if metrics else []),
        *([SILK_MIDDLEWARE] if env.bool("PROFILING_ENABLED") else []),
        DATABASE_UNAVAILABLE_MIDDLEWARE,
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        CORS_MIDDLEWARE,
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        GATEWAY_MIDDLEWARE,
        KEYCLOAK_REFRESH_MIDDLEWARE,
        REALM_MIDDLEWARE,
        MESSAGE_MIDDLEWARE,
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        *(METRICS_MIDDLEWARE_LAST if metrics else []),
        *([SYNC_STACK_MIDDLEWARE] if env.bool("ASGI_SYNC_STACK", True) else []),
    ]

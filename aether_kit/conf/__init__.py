"""Settings: the typed environment reader, one ``configure_*`` per area, the kit's options.

Every ``configure_*`` is a pure function of an :class:`Env` that returns a
dict of Django settings, and no two write the same setting. :func:`compose`
runs the ones a project lists and reports every bad variable of all of them in
one error; :func:`kit_apps` and :func:`kit_middleware` give the kit's part of
``INSTALLED_APPS`` and ``MIDDLEWARE``. Override what you like afterwards.
"""

from __future__ import annotations

from aether_kit._lazy import lazy_exports

from .kit_settings import kit_settings as kit_settings

__all__, __getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "compose": "composition",
        "configure_app": "app",
        "configure_cache": "cache",
        "configure_cors": "cors",
        "configure_database": "database",
        "configure_drf": "drf",
        "REQUIRED": "env",
        "Env": "env",
        "EnvError": "env",
        "Problem": "env",
        "configure_external_apps": "external_apps",
        "configure_gateway": "gateway",
        "configure_keycloak": "keycloak",
        "DEFAULTS": "kit_settings",
        "configure_logging": "logging",
        "configure_metrics": "metrics",
        "configure_multitenancy": "multitenancy",
        "configure_profiling": "profiling",
        "configure_scheduler": "scheduler",
        "configure_sentry": "sentry",
        "configure_storage": "storage",
        "configure_webpack": "webpack",
        "kit_apps": "stack",
        "kit_middleware": "stack",
    },
    imported=("kit_settings",),
)

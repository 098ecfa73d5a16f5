"""Settings: the typed environment reader, one ``configure_*`` per area, the kit's options.

Every ``configure_*`` is a pure function of an :class:`Env` that returns a
dict of Django settings; call any subset in ``settings.py`` and override what
you like afterwards.
"""

from .app import configure_app
from .cache import configure_cache
from .cors import configure_cors
from .database import configure_database
from .drf import configure_drf
from .env import REQUIRED, Env, EnvError, Problem
from .external_apps import configure_external_apps
from .gateway import configure_gateway
from .keycloak import configure_keycloak
from .kit_settings import DEFAULTS, kit_settings
from .logging import configure_logging
from .metrics import configure_metrics
from .multitenancy import configure_multitenancy
from .profiling import configure_profiling
from .scheduler import configure_scheduler
from .sentry import configure_sentry
from .storage import configure_storage
from .webpack import configure_webpack

__all__ = [
    "DEFAULTS",
    "REQUIRED",
    "Env",
    "EnvError",
    "Problem",
    "configure_app",
    "configure_cache",
    "configure_cors",
    "configure_database",
    "configure_drf",
    "configure_external_apps",
    "configure_gateway",
    "configure_keycloak",
    "configure_logging",
    "configure_metrics",
    "configure_multitenancy",
    "configure_profiling",
    "configure_scheduler",
    "configure_sentry",
    "configure_storage",
    "configure_webpack",
    "kit_settings",
]

"""Settings: the typed environment reader, one ``configure_*`` per area, the kit's options.

Every ``configure_*`` is a pure function of an :class:`Env` that returns a
dict of Django settings; call any subset in ``settings.py`` and override what
you like afterwards.
"""

from .app import configure_app
from .cors import configure_cors
from .database import configure_database
from .drf import configure_drf
from .env import REQUIRED, Env, EnvError, Problem
from .gateway import configure_gateway
from .keycloak import configure_keycloak
from .kit_settings import DEFAULTS, kit_settings
from .logging import configure_logging
from .sentry import configure_sentry

__all__ = [
    "DEFAULTS",
    "REQUIRED",
    "Env",
    "EnvError",
    "Problem",
    "configure_app",
    "configure_cors",
    "configure_database",
    "configure_drf",
    "configure_gateway",
    "configure_keycloak",
    "configure_logging",
    "configure_sentry",
    "kit_settings",
]

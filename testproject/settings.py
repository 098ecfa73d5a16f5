"""Settings of the demo service: the reference composition of aether_kit's pieces.

``compose`` runs every ``configure_*`` function listed and merges what they
return; nothing else happens at import. With no environment at all the demo
runs in DEBUG on SQLite with a local-memory cache and local file storage.
Variables switch the rest on: PG* for PostgreSQL, KEYCLOAK_SERVER_URL for
Keycloak sign-in, GATEWAY_SERVICE_ID for the gateway's URLs and tokens,
DJANGO_USE_CACHE / REDIS_* for Redis, METRICS_ENABLED, SCHEDULER_REQUIRED,
PROFILING_ENABLED, WEBPACK_REQUIRED, DJANGO_STORAGE_BACKEND … (see
docs/configuration/). Every bad variable of every area is reported in one
error at start-up. For a production-like start set DEBUG=false,
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
"""

import os
from pathlib import Path

from aether_kit import __version__
from aether_kit.conf import (
    Env,
    compose,
    configure_app,
    configure_cache,
    configure_cors,
    configure_database,
    configure_drf,
    configure_external_apps,
    configure_gateway,
    configure_keycloak,
    configure_logging,
    configure_metrics,
    configure_multitenancy,
    configure_profiling,
    configure_scheduler,
    configure_sentry,
    configure_storage,
    configure_webpack,
    kit_apps,
    kit_middleware,
)

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = BASE_DIR.parent / "var"  # the demo's database, static and media files

# The demo's own defaults, so that it starts with an empty environment; any variable set
# in the environment wins. A real service would use Env() and set its variables instead.
env = Env(
    {
        "DEBUG": "true",
        "APP_NAME": "aether_kit demo",
        "APP_VERSION": __version__,
        "MULTITENANCY": "true",
        "SQLITE_PATH": str(VAR_DIR / "demo.sqlite3"),
        "STATIC_ROOT": str(VAR_DIR / "static"),
        "MEDIA_ROOT": str(VAR_DIR / "media"),
        **os.environ,
    }
)

composed = compose(
    env,
    configure_app,  # DEBUG, SECRET_KEY, hosts, APP_* names and URLs, LOGIN_URL
    configure_logging,  # JSON lines carrying request id and realm
    configure_sentry,  # only with SENTRY_DSN
    configure_cors,  # closed until CORS_ALLOWED_ORIGINS names origins
    configure_database,  # PG* variables, or SQLite
    configure_drf,  # REST_FRAMEWORK: gateway, token, session and basic authentication
    configure_multitenancy,  # MULTITENANCY (also on with Keycloak), DEFAULT_REALM
    configure_gateway,  # GATEWAY_SERVICE_ID switches it on
    configure_keycloak,  # KEYCLOAK_SERVER_URL switches it on
    configure_external_apps,  # EXTERNAL_APPS: apps called with app tokens
    configure_storage,  # local files, S3/MinIO or GCS
    configure_cache,  # DJANGO_USE_CACHE
    configure_scheduler,  # SCHEDULER_REQUIRED
    configure_metrics,  # METRICS_ENABLED
    configure_profiling,  # PROFILING_ENABLED
    configure_webpack,  # WEBPACK_REQUIRED
)
globals().update(composed)
# overridden afterwards: the browsable API in the kit's page (no inline script or style)
REST_FRAMEWORK = {
    **composed["REST_FRAMEWORK"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "aether_kit.drf.renderers.BrowsableAPIRenderer",
    ],
}

INSTALLED_APPS = [
    # first: corsheaders, aether_kit (its admin/base_site.html brands the admin, W082), and
    # cacheops, silk … while switched on
    *kit_apps(env),
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "testproject",
]
MIDDLEWARE = kit_middleware(env)  # Django's and the kit's, in their required order

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # APP_NAME, logo, version … for the kit's pages
                "aether_kit.pages.context_processors.branding",
            ],
        },
    },
]

ROOT_URLCONF = "testproject.urls"
WSGI_APPLICATION = "testproject.wsgi.application"

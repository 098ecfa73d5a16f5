"""Settings of the demo service: the reference composition of aether_kit's pieces.

Every ``configure_*`` function reads the environment through one ``Env`` and
returns a plain dict of Django settings; nothing else happens at import. With
no environment at all the demo runs in DEBUG on SQLite with a local-memory
cache and local file storage. Variables switch the rest on: PG* for
PostgreSQL, KEYCLOAK_SERVER_URL for Keycloak sign-in, GATEWAY_SERVICE_ID for
the gateway's URLs and tokens, DJANGO_USE_CACHE / REDIS_* for Redis,
METRICS_ENABLED, SCHEDULER_REQUIRED, PROFILING_ENABLED, WEBPACK_REQUIRED,
DJANGO_STORAGE_BACKEND … (see docs/configuration/). For a production-like
start set DEBUG=false, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.

Order matters in three places, each noted below: configure_keycloak comes
after configure_multitenancy; REST_FRAMEWORK extends what configure_drf
returns; the functions that add apps and middleware come after INSTALLED_APPS
and MIDDLEWARE, each handed the lists the previous one returned.
"""

import os
from pathlib import Path

from aether_kit import __version__
from aether_kit.conf import (
    Env,
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

# -- the service: Django core, logs, errors, browsers of other origins ------------------------

globals().update(configure_app(env))  # DEBUG, SECRET_KEY, hosts, APP_* names and URLs
globals().update(configure_logging(env))  # JSON lines carrying request id and realm
globals().update(configure_sentry(env))  # only with SENTRY_DSN
globals().update(configure_cors(env))
DATABASES = configure_database(env)["DATABASES"]  # PG* variables, or SQLite

# -- the API ---------------------------------------------------------------------------------

drf = configure_drf(env)
DRF_DYNAMIC_FIELDS = drf["DRF_DYNAMIC_FIELDS"]
# configure_drf's settings, extended: REST_FRAMEWORK is written after it
REST_FRAMEWORK = {
    **drf["REST_FRAMEWORK"],
    # the browsable API in the kit's page (no inline script or style)
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "aether_kit.drf.renderers.BrowsableAPIRenderer",
    ],
    # gateway tokens first; it steps aside while GATEWAY_SERVICE_ID is unset
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "aether_kit.gateway.GatewayAuthentication",
        *drf["REST_FRAMEWORK"]["DEFAULT_AUTHENTICATION_CLASSES"],
    ],
}

# -- tenants, the gateway and sign-in --------------------------------------------------------

globals().update(configure_multitenancy(env))  # MULTITENANCY, DEFAULT_REALM, REALM_COOKIE
globals().update(configure_gateway(env))  # GATEWAY_SERVICE_ID switches it on
# after configure_multitenancy: Keycloak sign-in (KEYCLOAK_SERVER_URL) needs realms, so its
# MULTITENANCY=True must win; it also puts its backend in AUTHENTICATION_BACKENDS
globals().update(configure_keycloak(env))
EXTERNAL_APPS = configure_external_apps(env)["EXTERNAL_APPS"]  # apps called with app tokens

# -- files -----------------------------------------------------------------------------------

globals().update(configure_storage(env))  # local files, S3/MinIO or GCS

# -- apps and middleware ---------------------------------------------------------------------

INSTALLED_APPS = [
    "aether_kit",  # first: its admin/base_site.html brands the admin (W082)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "corsheaders",
    "testproject",
]

MIDDLEWARE = [
    "aether_kit.ops.request_id.RequestIdMiddleware",  # first: every log line has the id
    # a database that is down answers 503 with a reason instead of Django's 500 page
    "aether_kit.ops.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # after AuthenticationMiddleware, before RealmMiddleware: they set request.user, which
    # the realm is read from; both step aside while the gateway / Keycloak are off
    "aether_kit.gateway.GatewayAuthenticationMiddleware",
    "aether_kit.auth.keycloak.KeycloakRefreshMiddleware",
    "aether_kit.multitenancy.RealmMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# After the two lists: each function below takes them and hands them back with its apps and
# middleware added when its variable switches it on (unchanged otherwise), so each call reads
# the lists the previous one returned.
globals().update(configure_cache(env, installed_apps=INSTALLED_APPS))  # DJANGO_USE_CACHE
globals().update(configure_scheduler(env, installed_apps=INSTALLED_APPS))  # SCHEDULER_REQUIRED
# profiling before metrics: each puts its middleware first (below RequestIdMiddleware), so
# Prometheus' timer ends up in front of silk's and times it too
globals().update(  # PROFILING_ENABLED
    configure_profiling(env, installed_apps=INSTALLED_APPS, middleware=MIDDLEWARE)
)
globals().update(  # METRICS_ENABLED
    configure_metrics(env, installed_apps=INSTALLED_APPS, middleware=MIDDLEWARE)
)
globals().update(configure_webpack(env, installed_apps=INSTALLED_APPS))  # WEBPACK_REQUIRED

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

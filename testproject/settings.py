"""Settings of the demo service, composed by hand from aether_kit's public API.

With no environment at all it runs in DEBUG on SQLite; set PG* variables for
PostgreSQL, DEBUG=false and DJANGO_SECRET_KEY / DJANGO_ALLOWED_HOSTS for a
production-like start.
"""

import os
from pathlib import Path

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

# The demo defaults to DEBUG so that it starts with an empty environment.
env = Env(
    {
        "DEBUG": "true",
        "APP_NAME": "aether_kit demo",
        "MULTITENANCY": "true",
        "SQLITE_PATH": str(BASE_DIR.parent / "var" / "demo.sqlite3"),
        "STATIC_ROOT": str(BASE_DIR.parent / "var" / "static"),
        "MEDIA_ROOT": str(BASE_DIR.parent / "var" / "media"),
        **os.environ,
    }
)

globals().update(configure_app(env))
globals().update(configure_logging(env))
globals().update(configure_sentry(env))
globals().update(configure_cors(env))
drf = configure_drf(env)
DRF_DYNAMIC_FIELDS = drf["DRF_DYNAMIC_FIELDS"]
REST_FRAMEWORK = {
    **drf["REST_FRAMEWORK"],
    # the browsable API in the kit's branded page
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "aether_kit.drf.renderers.BrowsableAPIRenderer",
    ],
    # gateway tokens first: a no-op while GATEWAY_SERVICE_ID is unset
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "aether_kit.gateway.GatewayAuthentication",
        *drf["REST_FRAMEWORK"]["DEFAULT_AUTHENTICATION_CLASSES"],
    ],
}
globals().update(configure_gateway(env))
globals().update(configure_multitenancy(env))
DATABASES = configure_database(env)["DATABASES"]
EXTERNAL_APPS = configure_external_apps(env)["EXTERNAL_APPS"]
globals().update(configure_storage(env))
# Keycloak sign-in when KEYCLOAK_SERVER_URL is set (it also switches multitenancy on)
globals().update(configure_keycloak(env))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "corsheaders",
    "aether_kit",
    "testproject",
]

MIDDLEWARE = [
    "aether_kit.ops.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "aether_kit.gateway.GatewayAuthenticationMiddleware",
    "aether_kit.auth.keycloak.KeycloakRefreshMiddleware",  # idle while Keycloak is off
    "aether_kit.multitenancy.RealmMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# DJANGO_USE_CACHE / METRICS_ENABLED switch these on; they add their apps and middleware
globals().update(configure_cache(env, installed_apps=INSTALLED_APPS))
globals().update(configure_metrics(env, installed_apps=INSTALLED_APPS, middleware=MIDDLEWARE))
# SCHEDULER_REQUIRED / PROFILING_ENABLED / WEBPACK_REQUIRED switch these on; they add their
# apps and middleware to the lists passed in
globals().update(configure_scheduler(env, installed_apps=INSTALLED_APPS))
globals().update(configure_profiling(env, installed_apps=INSTALLED_APPS, middleware=MIDDLEWARE))
globals().update(configure_webpack(env, installed_apps=INSTALLED_APPS))

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
                "aether_kit.context_processors.branding",
            ],
        },
    },
]

ROOT_URLCONF = "testproject.urls"
WSGI_APPLICATION = "testproject.wsgi.application"

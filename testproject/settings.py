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
    configure_cors,
    configure_database,
    configure_drf,
    configure_gateway,
    configure_keycloak,
    configure_logging,
    configure_sentry,
)

BASE_DIR = Path(__file__).resolve().parent

# The demo defaults to DEBUG so that it starts with an empty environment.
env = Env(
    {
        "DEBUG": "true",
        "APP_NAME": "aether_kit demo",
        "SQLITE_PATH": str(BASE_DIR.parent / "var" / "demo.sqlite3"),
        "STATIC_ROOT": str(BASE_DIR.parent / "var" / "static"),
        **os.environ,
    }
)

globals().update(configure_app(env))
globals().update(configure_logging(env))
globals().update(configure_sentry(env))
globals().update(configure_cors(env))
globals().update(configure_drf(env))
globals().update(configure_gateway(env))
# gateway tokens first: a no-op while GATEWAY_SERVICE_ID is unset
globals()["REST_FRAMEWORK"]["DEFAULT_AUTHENTICATION_CLASSES"].insert(
    0, "aether_kit.gateway.GatewayAuthentication"
)
DATABASES = configure_database(env)["DATABASES"]
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
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "aether_kit.gateway.GatewayAuthenticationMiddleware",
    "aether_kit.auth.keycloak.KeycloakRefreshMiddleware",  # idle while Keycloak is off
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
            ],
        },
    },
]

ROOT_URLCONF = "testproject.urls"
WSGI_APPLICATION = "testproject.wsgi.application"

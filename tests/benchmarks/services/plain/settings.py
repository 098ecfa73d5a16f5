"""A plain Django + DRF service: what a realm list costs with no kit at all (the baseline)."""

import os

SECRET_KEY = "plain-benchmark-service"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "tests.benchmarks.services.plain",
]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "tests.benchmarks.services.plain.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ.get("PGHOST", "127.0.0.1"),
        "PORT": os.environ.get("PGPORT", "5432"),
        "NAME": os.environ["DB_NAME"],
        "USER": os.environ.get("PGUSER", "postgres"),
        # the same connection policy as the kit's service: DB_CONN_MAX_AGE, health checks on
        "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        "CONN_HEALTH_CHECKS": True,
        # behind a transaction pooler (PgBouncer), as the kit's ENABLE_CONNECTION_POOL does
        **(
            {"DISABLE_SERVER_SIDE_CURSORS": True, "CONN_MAX_AGE": None}
            if os.environ.get("ENABLE_CONNECTION_POOL") == "true"
            else {}
        ),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 10,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
BENCH_MODEL = "plain.Project"

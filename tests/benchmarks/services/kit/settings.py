"""The README's Quick start, as written there: the kit's stack for a realm list."""

from aether_kit import conf

env = conf.Env()

globals().update(
    conf.compose(
        env,
        conf.configure_app,
        conf.configure_logging,
        conf.configure_database,
        conf.configure_drf,
        conf.configure_multitenancy,
        conf.configure_gateway,
        conf.configure_keycloak,
    )
)

INSTALLED_APPS = [
    *conf.kit_apps(env),
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "tests.benchmarks.services.kit",
]
MIDDLEWARE = conf.kit_middleware(env)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aether_kit.pages.context_processors.branding",
            ],
        },
    },
]
ROOT_URLCONF = "tests.benchmarks.services.kit.urls"
BENCH_MODEL = "kit.Project"

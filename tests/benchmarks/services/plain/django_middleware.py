"""The plain service with the middleware ``django-admin startproject`` writes: Django's own share.

Only ``MIDDLEWARE`` (and the two apps it needs) differs from ``settings``: the
same view, the same table, no authentication. Beside the plain service it
shows what Django's standard middleware alone costs a request, which the
README's stack carries too.
"""

from .settings import *  # noqa: F403
from .settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.sessions", "django.contrib.messages"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

"""Core Django settings and the application's identity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.utils import get_random_secret_key

from .env import REQUIRED, Env
from .gateway import gateway_public_prefix
from .kit_settings import DEFAULTS

__all__ = ["configure_app"]

LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
# where aether.sdk's images write the build's version and revision
VERSION_FILE = "/var/tmp/VERSION"  # noqa: S108
REVISION_FILE = "/var/tmp/REVISION"  # noqa: S108


def configure_app(env: Env) -> dict[str, Any]:
    """Security, locale, static files, URL segments and the app's name, version and revision.

    ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` are required unless
    ``DEBUG`` is on; then a throw-away key and the loopback host names are used,
    so a developer's first run needs no environment at all.

    With the gateway on (``GATEWAY_SERVICE_ID``), as in aether.sdk, the sign-in
    pages live under the public realm, so ``LOGIN_URL`` and ``LOGIN_REDIRECT_URL``
    point there unless set, and the forwarded host and port are trusted unless
    ``DJANGO_USE_X_FORWARDED_*`` say otherwise. This function is their only writer.
    """
    with env.collect_errors():
        debug = env.bool("DEBUG")
        testing = env.bool("TESTING")
        secret_key = (
            env.str("DJANGO_SECRET_KEY", None) or get_random_secret_key()
            if debug
            else env.str("DJANGO_SECRET_KEY")
        )
        allowed_hosts = env.hosts("DJANGO_ALLOWED_HOSTS", LOCAL_HOSTS if debug else REQUIRED)
        csrf_cookie_domain = env.host("CSRF_COOKIE_DOMAIN", None, domain=True)
        csrf_trusted_origins = env.list("CSRF_TRUSTED_ORIGINS", [])
        for origin in csrf_trusted_origins:
            if "://" not in origin:
                env.error(
                    "CSRF_TRUSTED_ORIGINS",
                    f"{origin!r} needs a scheme, e.g. 'https://{origin}'",
                    None,
                )

        app_url = _url_path(env, "APP_URL", DEFAULTS["APP_URL"])
        app_name = env.str("APP_NAME", DEFAULTS["APP_NAME"])
        auth_url = _segment(env, "AUTH_URL", DEFAULTS["AUTH_URL"])
        public_prefix = gateway_public_prefix(env)
        behind_gateway = public_prefix is not None
        # the pages a user signs in on and lands on: the public realm's behind the gateway
        sign_in_url = f"{app_url}{public_prefix or ''}"

        result: dict[str, Any] = {
            "DEBUG": debug,
            "TESTING": testing,
            "SECRET_KEY": secret_key,
            "ALLOWED_HOSTS": allowed_hosts,
            "CSRF_COOKIE_DOMAIN": csrf_cookie_domain,
            "SESSION_COOKIE_DOMAIN": csrf_cookie_domain,
            "CSRF_TRUSTED_ORIGINS": csrf_trusted_origins,
            "USE_X_FORWARDED_HOST": env.bool("DJANGO_USE_X_FORWARDED_HOST", behind_gateway),
            "USE_X_FORWARDED_PORT": env.bool("DJANGO_USE_X_FORWARDED_PORT", behind_gateway),
            "SECURE_PROXY_SSL_HEADER": (
                ("HTTP_X_FORWARDED_PROTO", "https")
                if env.bool("DJANGO_HTTP_X_FORWARDED_PROTO")
                else None
            ),
            "LANGUAGE_CODE": env.str("LANGUAGE_CODE", "en-us"),
            "TIME_ZONE": env.str("TIME_ZONE", "UTC"),
            "USE_I18N": True,
            "USE_TZ": True,
            "STATIC_URL": env.str("STATIC_URL", _static_url(env, app_url)),
            "STATIC_ROOT": env.str("STATIC_ROOT", "/var/www/static/"),
            "DEFAULT_AUTO_FIELD": "django.db.models.AutoField",
            # identity
            "APP_URL": app_url,
            "APP_NAME": app_name,
            "APP_NAME_HTML": env.str("APP_NAME_HTML", app_name),
            "APP_LINK": env.str("APP_LINK", DEFAULTS["APP_LINK"]),
            "APP_MODULE": env.str("APP_MODULE", DEFAULTS["APP_MODULE"]),
            "APP_FAVICON": env.str("APP_FAVICON", DEFAULTS["APP_FAVICON"]),
            "APP_LOGO": env.str("APP_LOGO", DEFAULTS["APP_LOGO"]),
            "VERSION": _version(env, "APP_VERSION", "VERSION_FILE", VERSION_FILE, "#.#.#"),
            "REVISION": _version(env, "APP_REVISION", "REVISION_FILE", REVISION_FILE, "---"),
            # endpoints
            "ADMIN_URL": _segment(env, "ADMIN_URL", DEFAULTS["ADMIN_URL"]),
            "AUTH_URL": auth_url,
            "LOGIN_URL": env.str("LOGIN_URL", f"{sign_in_url}{auth_url}/login"),
            "LOGIN_REDIRECT_URL": sign_in_url,
            "TOKEN_URL": _segment(env, "TOKEN_URL", DEFAULTS["TOKEN_URL"]),
            "CHECK_TOKEN_URL": _segment(env, "CHECK_TOKEN_URL", DEFAULTS["CHECK_TOKEN_URL"]),
            # templates
            "LOGIN_TEMPLATE": env.str("LOGIN_TEMPLATE", DEFAULTS["LOGIN_TEMPLATE"]),
            "LOGGED_OUT_TEMPLATE": env.str("LOGGED_OUT_TEMPLATE", DEFAULTS["LOGGED_OUT_TEMPLATE"]),
            "DRF_API_RENDERER_TEMPLATE": env.str(
                "DRF_API_RENDERER_TEMPLATE", DEFAULTS["DRF_API_RENDERER_TEMPLATE"]
            ),
            "DRF_ADMIN_RENDERER_TEMPLATE": env.str(
                "DRF_ADMIN_RENDERER_TEMPLATE", DEFAULTS["DRF_ADMIN_RENDERER_TEMPLATE"]
            ),
            "PRETTIFIED_CUTOFF": env.int(
                "PRETTIFIED_CUTOFF", DEFAULTS["PRETTIFIED_CUTOFF"], min_value=1
            ),
            # outbound HTTP
            # attempts of each outbound call, first one included, as in aether.sdk
            "REQUEST_ERROR_RETRIES": env.int(
                "REQUEST_ERROR_RETRIES",
                DEFAULTS["REQUEST_ERROR_RETRIES"],
                min_value=1,
                max_value=10,
            ),
            "REQUEST_CONNECT_TIMEOUT": env.float(
                "REQUEST_CONNECT_TIMEOUT", DEFAULTS["REQUEST_CONNECT_TIMEOUT"], min_value=0.1
            ),
            "REQUEST_READ_TIMEOUT": env.float(
                "REQUEST_READ_TIMEOUT", DEFAULTS["REQUEST_READ_TIMEOUT"], min_value=0.1
            ),
            "DEPENDENCY_BACKOFF": env.float(
                "DEPENDENCY_BACKOFF", DEFAULTS["DEPENDENCY_BACKOFF"], min_value=0
            ),
        }
    return result


def _static_url(env: Env, app_url: str) -> str:
    """``/static/``, or behind the gateway the public realm's ``<APP_URL>-/<service>/static/``.

    As in aether.sdk: a gateway routes only the service's own paths, so pages
    served through it would lose their styles at ``/static/``.
    """
    service_id = env.str("GATEWAY_SERVICE_ID", None)
    if not service_id:
        return "/static/"
    public_realm = env.str("GATEWAY_PUBLIC_REALM", DEFAULTS["GATEWAY_PUBLIC_REALM"])
    return f"{app_url}{public_realm.strip('/')}/{service_id.strip('/')}/static/"


def _url_path(env: Env, name: str, default: str) -> str:
    """A URL path that starts and ends with '/' (``eha-app`` becomes ``/eha-app/``)."""
    value = env.str(name, default)
    if "://" in value or " " in value:
        return env.error(name, f"{value!r} must be a path such as '/my-app/'", default)
    return "/" + value.strip("/") + "/" if value.strip("/") else "/"


def _segment(env: Env, name: str, default: str) -> str:
    """One or more URL path segments, stored without leading or trailing slashes."""
    value = env.str(name, default).strip("/")
    if not value or "://" in value or " " in value:
        return env.error(name, f"{value!r} must be a relative URL path such as 'admin'", default)
    return value


def _version(env: Env, name: str, file_variable: str, default_file: str, fallback: str) -> str:
    """From the variable, else the first line of a file (aether.sdk's place for it)."""
    value = env.str(name, None)
    if value:
        return str(value)
    path = Path(env.str(file_variable, default_file))
    try:
        return path.read_text(encoding="utf-8").strip() or fallback
    except OSError:
        return fallback

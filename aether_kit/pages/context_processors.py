"""Template context for the kit's pages: the app's identity and where the user is.

Add ``"aether_kit.pages.context_processors.branding"`` to the ``context_processors``
of ``TEMPLATES``; every kit template reads its branding from here, so a
project rebrands the pages with settings (``APP_NAME``, ``APP_LOGO`` …) alone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.templatetags.static import static

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.gateway.authentication import signed_in_by_gateway
from aether_kit.realms.context import get_current_realm

__all__ = [
    "branding",
    "current_realm",
    "gateway_app_url",
    "gateway_sign_out",
    "image_or_default",
    "static_or_url",
]

DEFAULT_LOGO = "aether_kit/img/logo.svg"
DEFAULT_FAVICON = "aether_kit/img/favicon.svg"
# where aether.sdk's own images were (its APP_LOGO / APP_FAVICON default eha/images/eHA-icon.svg)
SDK_IMAGES = "eha/images/"


def branding(request: HttpRequest) -> dict[str, Any]:
    """The variables aether.sdk's ``eha_context`` offered, plus the current realm.

    ``app_url`` is the gateway-prefixed root (``<APP_URL><realm>/<service>/``)
    when the page was reached through the gateway, so links built on it stay
    inside the realm.
    """
    settings = kit_settings
    realm = current_realm(request)
    return {
        "dev_mode": bool(django_settings.DEBUG),
        "app_name": settings.APP_NAME,
        "app_name_html": settings.APP_NAME_HTML,
        "app_link": settings.APP_LINK,
        "app_logo": settings.APP_LOGO,
        "app_logo_url": static_or_url(image_or_default(settings.APP_LOGO, DEFAULT_LOGO)),
        "app_favicon": settings.APP_FAVICON,
        "app_favicon_url": static_or_url(image_or_default(settings.APP_FAVICON, DEFAULT_FAVICON)),
        "app_version": settings.VERSION,
        "app_revision": settings.REVISION,
        # "---" is aether.sdk's placeholder for a build that wrote no REVISION file
        "app_revision_known": settings.REVISION not in ("", "---", None),
        "app_extra_style": settings.APP_EXTRA_STYLE,
        "app_extra_style_url": (
            static_or_url(settings.APP_EXTRA_STYLE) if settings.APP_EXTRA_STYLE else ""
        ),
        "app_extra_meta": settings.APP_EXTRA_META,
        "app_url": gateway_app_url(request, realm) or settings.APP_URL,
        "current_realm": realm,
        **gateway_sign_out(request),
    }


def gateway_sign_out(request: HttpRequest) -> dict[str, Any]:
    """Whether the gateway signed the user in, and where it signs users out.

    The kit's own "Sign out" ends only a session the kit started; a user the
    gateway signed in is offered ``GATEWAY_LOGOUT_URL`` instead, or nothing.
    """
    return {
        "signed_in_by_gateway": signed_in_by_gateway(request),
        "gateway_logout_url": kit_settings.GATEWAY_LOGOUT_URL,
    }


def current_realm(request: HttpRequest | None = None) -> str | None:
    """``request.realm`` (set by ``RealmMiddleware``), else the context variable's realm."""
    realm = getattr(request, "realm", None) if request is not None else None
    if isinstance(realm, str) and realm:
        return realm
    realm = get_current_realm()
    return realm if isinstance(realm, str) and realm else None


def gateway_app_url(request: HttpRequest, realm: str | None) -> str | None:
    """``<APP_URL><realm>/<GATEWAY_SERVICE_ID>/`` when the request came in under it."""
    service_id = kit_settings.GATEWAY_SERVICE_ID
    if not (service_id and realm):
        return None
    prefix = f"{kit_settings.APP_URL}{realm}/{service_id}/"
    return prefix if request.path.startswith(prefix) else None


def image_or_default(value: str | None, default: str) -> str:
    """``value``, or the kit's ``default`` when unset or one of aether.sdk's images.

    A deployment migrated with ``APP_LOGO=eha/images/eHA-icon.svg`` (aether.sdk's
    default, written out) would otherwise show a broken image: those files do
    not ship with the kit. A project that serves its own file under that name
    keeps it.
    """
    if not value or (value.startswith(SDK_IMAGES) and not finders.find(value)):
        return default
    return value


def static_or_url(value: str) -> str:
    """A full URL or an absolute path as it is; anything else is a static file's name.

    aether.sdk took ``APP_LOGO`` / ``APP_FAVICON`` as static names only; a CDN
    address works here as well.
    """
    if "://" in value or value.startswith(("/", "data:")):
        return value
    return static(value)

"""Where a request's realm comes from: a chain of small resolvers.

``RealmMiddleware`` asks each resolver listed in the ``REALM_RESOLVERS`` kit
setting in turn; the first that answers something other than ``None`` wins.
A resolver returns the raw value it found (the middleware validates it, so an
empty or malformed value is a 400, never a lookup), ``None`` when it has
nothing to say, or :data:`~aether_kit.realms.context.ALL_REALMS`.

Subclass :class:`RealmResolver` and list your class in ``REALM_RESOLVERS`` to
add a source or reorder the chain.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.http import HttpRequest

from aether_kit.conf import kit_settings
from aether_kit.realms.context import ALL_REALMS, _AllRealms
from aether_kit.realms.paths import request_path

from .realms import is_valid_realm, realm_of_username
from .scoping import spans_all_realms

__all__ = [
    "AdminSiteResolver",
    "CookieResolver",
    "GatewayPathResolver",
    "HeaderResolver",
    "RealmResolver",
    "SessionResolver",
    "UserRealmResolver",
    "realm_of_user",
]

ResolvedRealm = str | _AllRealms | None


class RealmResolver:
    """Finds the realm of a request, or ``None``. Subclass and list yours in settings."""

    def resolve(self, request: HttpRequest) -> ResolvedRealm:
        return None


class GatewayPathResolver(RealmResolver):
    """The realm segment of a gateway path: ``<APP_URL><realm>/<GATEWAY_SERVICE_ID>/…``.

    The public realm (``GATEWAY_PUBLIC_REALM``, ``-``) serves the login and
    admin pages and means "no realm from the path": the chain goes on.
    """

    def resolve(self, request: HttpRequest) -> ResolvedRealm:
        parsed = request_path(request)
        if parsed is None or parsed.is_public:
            return None
        return parsed.segment


class AdminSiteResolver(RealmResolver):
    """Cross-realm staff on the Django admin site work across every realm.

    The admin's change lists, forms and filters query models through their
    default managers; without this every realm-scoped model would refuse to
    answer there. Only superusers and staff without a realm prefix
    (:func:`~aether_kit.multitenancy.scoping.spans_all_realms`), only under
    ``<APP_URL><ADMIN_URL>/`` (or the gateway's public-realm form of it).
    """

    def resolve(self, request: HttpRequest) -> ResolvedRealm:
        path = request.path_info
        parsed = request_path(request)
        if parsed is not None:
            if not parsed.is_public:
                return None
            path = kit_settings.APP_URL + parsed.endpoint.lstrip("/")
        if not path.startswith(f"{kit_settings.APP_URL}{kit_settings.ADMIN_URL}/"):
            return None
        if spans_all_realms(getattr(request, "user", None)):
            return ALL_REALMS
        return None  # a realm's own staff administer that realm: the chain goes on


def realm_of_user(user: Any) -> str | None:
    """The realm an authenticated user belongs to, or None when it cannot be told.

    The username prefix wins (``eha__ana`` is in ``eha``): it is how users are
    created per realm, and it costs no query. A user without a prefix belongs
    to a realm when it is in exactly one group whose name is a realm name; with
    none or several the answer is None and the chain goes on.
    """
    if user is None or not user.is_authenticated:
        return None
    realm = realm_of_username(user.get_username())
    if realm:
        return realm
    names = [name for name in _group_names(user) if is_valid_realm(name)]
    return names[0] if len(names) == 1 else None


def _group_names(user: Any) -> list[str]:
    groups = getattr(user, "groups", None)
    if groups is None:
        return []
    return list(Group.objects.filter(user=user).values_list("name", flat=True)[:2])


class UserRealmResolver(RealmResolver):
    """The signed-in user's realm (see :func:`realm_of_user`)."""

    def resolve(self, request: HttpRequest) -> ResolvedRealm:
        return realm_of_user(getattr(request, "user", None))


class SessionResolver(RealmResolver):
    """The realm stored in the session under ``REALM_COOKIE`` (set at sign-in)."""

    def resolve(self, request: HttpRequest) -> ResolvedRealm:
        session = getattr(request, "session", None)
        if session is None:
            return None
        value = session.get(kit_settings.REALM_COOKIE)
        return None if value is None else str(value)


class CookieResolver(RealmResolver):
    """The ``REALM_COOKIE`` cookie (``eha-realm``)."""

    def resolve(self, request: HttpRequest) -> ResolvedRealm:
        return request.COOKIES.get(kit_settings.REALM_COOKIE)


class HeaderResolver(RealmResolver):
    """A request header named like the cookie (``eha-realm: …``)."""

    def resolve(self, request: HttpRequest) -> ResolvedRealm:
        return request.headers.get(kit_settings.REALM_COOKIE)

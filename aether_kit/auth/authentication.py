"""DRF's Basic and Token authentication, kept inside the request's realm.

Users are stored as ``<realm>__<username>``, but API clients written for one
realm send the bare name. :class:`RealmBasicAuthentication` tries the name
prefixed with the current realm first, then the name as given (realm-less
accounts such as an administrator), and both classes refuse a user who is not
in the current realm, so credentials of realm ``a`` do not open realm ``b``.

The current realm is the one ``RealmMiddleware`` resolved (``request.realm``;
behind the gateway the path's realm, which comes first in the resolver chain),
else the current-realm context variable. With multitenancy off, or when a
request has no realm, the classes behave exactly like DRF's: realm-scoped
views refuse realm-less requests themselves (403).

Who belongs to a realm is the kit's one rule,
:func:`aether_kit.multitenancy.scoping.user_belongs_to_realm` (the same the
realm-scoped views and ``IsAccessibleByRealm`` apply): users named
``<realm>__…``, members of the realm's group, superusers and staff without a
realm prefix. Override ``user_in_realm`` for another rule.

Keep Token (or the gateway class) first in ``DEFAULT_AUTHENTICATION_CLASSES``:
DRF takes the ``WWW-Authenticate`` challenge of the first class only, and a
challenge is what makes an anonymous call answer 401 instead of 403.
"""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import BasicAuthentication, TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from aether_kit.conf import kit_settings
from aether_kit.multitenancy.realms import realm_username
from aether_kit.multitenancy.scoping import user_belongs_to_realm
from aether_kit.realms.context import get_current_realm

__all__ = ["RealmAuthenticationMixin", "RealmBasicAuthentication", "RealmTokenAuthentication"]

INVALID_USER_IN_REALM = "Invalid user in this realm."


class RealmAuthenticationMixin:
    """The realm steps shared by the realm-aware classes; each one a method to override."""

    def get_realm(self, request: Any) -> str | None:
        """The realm the request works in, or None (multitenancy off, or no realm)."""
        if not kit_settings.MULTITENANCY:
            return None
        realm = getattr(request, "realm", None)
        if realm is None:
            realm = get_current_realm()
        # ALL_REALMS (the admin site's scope) names no realm to check against
        return realm if isinstance(realm, str) else None

    def user_in_realm(self, user: Any, realm: str) -> bool:
        return user_belongs_to_realm(user, realm)

    def check_user_realm(self, request: Any, user: Any) -> None:
        """Raise ``AuthenticationFailed`` (401) when ``user`` is outside the request's realm."""
        realm = self.get_realm(request)
        if realm is not None and not self.user_in_realm(user, realm):
            raise AuthenticationFailed(INVALID_USER_IN_REALM)


class RealmBasicAuthentication(RealmAuthenticationMixin, BasicAuthentication):
    """Basic authentication that accepts a bare username for the current realm."""

    def get_candidate_usernames(self, request: Any, userid: str) -> list[str]:
        """Stored names to try, in order: ``<realm>__<userid>``, then ``userid`` itself.

        The realm's account wins over a realm-less one of the same bare name.
        """
        candidates = [realm_username(self.get_realm(request), userid), userid]
        return list(dict.fromkeys(candidates))

    def authenticate_credentials(
        self, userid: str, password: str, request: Any = None
    ) -> tuple[Any, None]:
        failure: AuthenticationFailed | None = None
        for username in self.get_candidate_usernames(request, userid):
            try:
                user, _ = super().authenticate_credentials(username, password, request)
            except AuthenticationFailed as error:
                failure = error
                continue
            # the first account the password opens decides: no second try in another realm
            self.check_user_realm(request, user)
            return user, None
        raise failure or AuthenticationFailed()

    def authenticate_header(self, request: Any) -> str:
        """``Basic realm="<current realm>"``; DRF's ``api`` without a realm.

        Realm names are validated (letters, digits, ``-``, ``_``), so they
        need no quoting.
        """
        realm = self.get_realm(request) or self.www_authenticate_realm
        return f'Basic realm="{realm}"'


class RealmTokenAuthentication(RealmAuthenticationMixin, TokenAuthentication):
    """Token authentication that refuses a token whose user is outside the current realm."""

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            self.check_user_realm(request, result[0])
        return result

"""``TOKEN_URL`` (``/token``): DRF auth tokens for the caller, or for a user of its realm.

- ``GET``: the caller's token, or ``null``; with ``?force`` one is created.
- ``POST``: the caller's token, created if needed. Staff may send a
  ``username``: the token of that user *in the current realm* (the name is
  stored as ``<realm>__<username>``); a missing user is created with an
  unusable password and put in the realm. A non-staff caller always gets its
  own token, whatever it sends (as aether.sdk did).

A token is the account: staff may only ask for one in a realm they belong
to, and only superusers for the token of another staff or superuser account.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aether_kit.conf import kit_settings
from aether_kit.multitenancy.realms import realm_username
from aether_kit.multitenancy.resolvers import realm_of_user
from aether_kit.multitenancy.scoping import request_realm, user_belongs_to_realm

__all__ = ["TokenView", "get_or_create_realm_user"]

NO_REALM = "No realm: a token for another user is given within a realm."
NOT_IN_REALM = "You do not belong to this realm."
NOT_ABOVE_CALLER = "Only a superuser may ask for the token of a staff account."


def get_or_create_realm_user(username: str, realm: str | None) -> Any:
    """The user ``<realm>__<username>``, created in ``realm`` when it does not exist."""
    from aether_kit.multitenancy.users import add_user_to_realm

    user_model = get_user_model()
    stored = realm_username(realm, username)
    try:
        return user_model._default_manager.get_by_natural_key(stored)
    except user_model.DoesNotExist:
        user = user_model._default_manager.create_user(
            username=stored, first_name=username, last_name=realm or "", password=None
        )
        if realm is not None:
            add_user_to_realm(user, realm)
        return user


class TokenView(APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]

    def get(self, request: Request) -> Response:
        from rest_framework.authtoken.models import Token

        token = Token.objects.filter(user=request.user).first()
        if token is None and "force" in request.query_params:
            token, _ = Token.objects.get_or_create(user=request.user)
        return Response({"token": token.key if token is not None else None})

    def post(self, request: Request) -> Response:
        from rest_framework.authtoken.models import Token

        user = self.get_token_user(request)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    def get_realm(self, request: Request) -> str | None:
        """The request's realm or, failing that, the caller's own.

        A caller authenticated by a DRF token or basic auth sends no realm
        cookie and no gateway path; its username still says where it works,
        as it does for the realm-scoped viewsets.
        """
        return request_realm(request) or realm_of_user(request.user)

    def get_token_user(self, request: Request) -> Any:
        data = request.data if isinstance(request.data, Mapping) else {}
        username = data.get("username") if request.user.is_staff else None
        if not username or username == request.user.get_username():
            return request.user
        if not isinstance(username, str) or len(username) > 150:
            raise ValidationError({"username": "A username is a string of at most 150 characters."})
        realm = self.get_realm(request) if kit_settings.MULTITENANCY else None
        if kit_settings.MULTITENANCY:
            if realm is None:
                raise PermissionDenied(NO_REALM)
            if not user_belongs_to_realm(request.user, realm):
                raise PermissionDenied(NOT_IN_REALM)
        if realm_username(realm, username) == request.user.get_username():
            return request.user  # the caller's own bare name in its realm
        user = get_or_create_realm_user(username, realm)
        if (user.is_staff or user.is_superuser) and not request.user.is_superuser:
            raise PermissionDenied(NOT_ABOVE_CALLER)
        return user

"""Realm-aware DRF views: the viewset mixins and the realms endpoint."""

from __future__ import annotations

from contextvars import Token
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAdminUser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aether_kit.conf import kit_settings
from aether_kit.realms.context import reset_current_realm, set_current_realm

from .resolvers import realm_of_user
from .scoping import (
    filter_by_realm,
    filter_users_by_realm,
    realms_with_data,
    request_realm,
    spans_all_realms,
    user_belongs_to_realm,
)

__all__ = ["MtUserViewSetMixin", "MtViewSetMixin", "RealmViewMixin", "RealmsView"]

NO_REALM = "No realm: this endpoint needs one (gateway path, cookie or header)."
NOT_IN_REALM = "You do not belong to this realm."
NOT_ACCESSIBLE = "Not accessible by this realm."


class RealmViewMixin:
    """Fails closed: with multitenancy on, a request without a realm it belongs to is 403.

    Requests authenticated by DRF itself (token, basic) have no user when
    ``RealmMiddleware`` runs; for them the realm is read from the user here,
    after authentication, and the context variable is set for the view.
    """

    realm: str | None = None
    _realm_token: Token[Any] | None = None

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self._realm_token = None
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        finally:
            if self._realm_token is not None:
                reset_current_realm(self._realm_token)

    def check_permissions(self, request: Request) -> None:
        # an anonymous caller hears 401 from the permission classes first;
        # a signed-in one is placed in its realm before they run
        if kit_settings.MULTITENANCY and request.user.is_authenticated:
            self.realm = self.check_realm(request)
        super().check_permissions(request)  # type: ignore[misc]
        if kit_settings.MULTITENANCY and self.realm is None:
            self.realm = self.check_realm(request)

    def check_realm(self, request: Request) -> str:
        realm = request_realm(request)
        if realm is None and getattr(request, "realm", None) is None:
            realm = realm_of_user(request.user)
            if realm is not None:
                request._request.realm = realm  # type: ignore[attr-defined]
                self._realm_token = set_current_realm(realm)
        if realm is None:
            raise PermissionDenied(NO_REALM)
        if not user_belongs_to_realm(request.user, realm):
            raise PermissionDenied(NOT_IN_REALM)
        return realm

    def get_view_realm(self) -> str:
        """The checked realm; refuses when the view runs without one (fail closed)."""
        if self.realm is None:
            raise PermissionDenied(NO_REALM)
        return self.realm


class MtViewSetMixin(RealmViewMixin):
    """``class ProjectViewSet(MtViewSetMixin, ModelViewSet)``: one realm's objects only.

    Every action reads through :meth:`get_queryset`, so list, retrieve,
    update, destroy and custom actions see the current realm only; another
    realm's object is a 404, as if it did not exist. ``mt_field`` is the path
    to a realm-scoped parent for models that are not realm-scoped themselves.
    """

    mt_field: str | None = None
    # is-accessible answers 403 for another realm's object, as aether.sdk did;
    # True answers 404 instead and does not reveal that the object exists
    hide_other_realms: bool = False

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()  # type: ignore[misc]
        if not kit_settings.MULTITENANCY:
            return queryset
        return filter_by_realm(queryset, self.get_view_realm(), self.mt_field)

    def get_unscoped_queryset(self) -> QuerySet[Any]:
        """Every realm's objects: only to tell "missing" from "elsewhere"."""
        queryset = super().get_queryset()  # type: ignore[misc]
        unscoped = getattr(queryset, "unscoped", None)
        return unscoped() if unscoped is not None else queryset

    def perform_create(self, serializer: Any) -> None:
        model = serializer.Meta.model if hasattr(serializer, "Meta") else None
        realm = self.realm if kit_settings.MULTITENANCY else None
        if realm is not None and model is not None and hasattr(model, "add_to_realm"):
            serializer.save(realm=realm)
        else:
            serializer.save()

    def _lookup(self) -> dict[str, Any]:
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field  # type: ignore[attr-defined]
        return {self.lookup_field: self.kwargs[lookup_url_kwarg]}  # type: ignore[attr-defined]

    def get_object_or_404(self, pk: Any) -> Any:
        """The object of this realm, or 404 (also when it is another realm's)."""
        try:
            return self.get_queryset().get(pk=pk)
        except (ValueError, TypeError, self.get_queryset().model.DoesNotExist) as error:
            raise NotFound() from error

    def get_object_or_403(self, pk: Any) -> Any:
        """None when missing; 403 when it is another realm's; else the object."""
        try:
            obj = self.get_unscoped_queryset().get(pk=pk)
        except (ValueError, TypeError, self.get_queryset().model.DoesNotExist):
            return None
        if kit_settings.MULTITENANCY and not obj.is_accessible(self.get_view_realm()):
            raise PermissionDenied(NOT_ACCESSIBLE)
        return obj

    @action(detail=True, methods=["head"], url_path="is-accessible")
    def is_accessible(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """204 yours, 403 another realm's, 404 no such object."""
        lookup = self._lookup()
        try:
            exists = self.get_unscoped_queryset().filter(**lookup).exists()
            mine = exists and self.get_queryset().filter(**lookup).exists()
        except (ValueError, TypeError) as error:
            raise Http404 from error
        if not exists or (not mine and self.hide_other_realms):
            raise NotFound()
        if not mine:
            raise PermissionDenied(NOT_ACCESSIBLE)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MtUserViewSetMixin(RealmViewMixin):
    """Users of the current realm's group only."""

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()  # type: ignore[misc]
        if not kit_settings.MULTITENANCY:
            return queryset
        return filter_users_by_realm(queryset, self.get_view_realm())


class IsCrossRealmStaff(IsAdminUser):
    """Staff who work in every realm; a realm's own staff must not learn the others' names."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        return not kit_settings.MULTITENANCY or spans_all_realms(request.user)


class RealmsView(APIView):
    """``GET <ADMIN_URL>/~realms``: the realms that own data, DEFAULT_REALM always.

    Superusers and staff without a realm prefix only. Without multitenancy the
    answer is aether.sdk's: the single pseudo-realm ``NO_MULTITENANCY_REALM`` (``~``).
    """

    permission_classes = [IsCrossRealmStaff]
    renderer_classes = [JSONRenderer]

    def get(self, request: Request) -> Response:
        if not kit_settings.MULTITENANCY:
            return Response({"realms": [kit_settings.NO_MULTITENANCY_REALM]})
        return Response({"realms": realms_with_data()})

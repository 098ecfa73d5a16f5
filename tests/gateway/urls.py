"""A service behind the gateway ``svc``: realm data, plain views and hyperlinks."""

from __future__ import annotations

from collections import Counter

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from aether_kit.gateway import (
    GatewayDefaultRouter,
    GatewayHyperlinkedModelSerializer,
    GatewayPrefixResolver,
    request_gateway_path,
)

SERVICE_ID = "svc"
# how often each view ran: a rejected request must not reach its view
view_calls: Counter[str] = Counter()


class RealmMembersView(APIView):
    """The usernames of the path realm's members: the realm's data."""

    def get(self, request: Request) -> Response:
        view_calls["members"] += 1
        realm = request_gateway_path(request).realm
        members = get_user_model().objects.filter(groups__name=realm)
        return Response({"realm": realm, "members": sorted(u.username for u in members)})

    def post(self, request: Request) -> Response:
        return Response({"posted": True}, status=201)


class TokenRolesView(APIView):
    """The token's realm roles after adding one: a view that writes into ``request.auth``."""

    def get(self, request: Request) -> Response:
        roles = request.auth["realm_access"]["roles"]
        roles.append("added-by-the-view")
        return Response({"roles": roles})


class RealmKwargView(APIView):
    gateway_realm_kwarg = True

    def get(self, request: Request, realm: str) -> Response:
        return Response({"realm": realm})


def plain_whoami(request: HttpRequest) -> JsonResponse:
    view_calls["plain"] += 1
    return JsonResponse({"username": request.user.get_username()})


def plain_realm(request: HttpRequest, realm: str = "") -> JsonResponse:
    return JsonResponse({"realm": realm})


class UserSerializer(GatewayHyperlinkedModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["url", "username"]


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = UserSerializer
    queryset = get_user_model().objects.order_by("pk")


router = GatewayDefaultRouter()
router.register("users", UserViewSet)

app = [
    path("members", RealmMembersView.as_view(), name="members"),
    path("token-roles", TokenRolesView.as_view(), name="token-roles"),
    path("realm-kwarg", RealmKwargView.as_view(), name="realm-kwarg"),
    path("plain", plain_whoami, name="plain"),
    path("plain-realm", plain_realm, name="plain-realm"),
    path("api/", include(router.urls)),
]
public = [path("admin/", admin.site.urls)]

urlpatterns = GatewayPrefixResolver(service_id=SERVICE_ID).urlpatterns(app, public=public)

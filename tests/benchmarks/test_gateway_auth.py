"""Requests/s of a realm-scoped list with gateway JWT auth vs. the same list unauthenticated.

Not collected by the default run; start it with
``python -m pytest tests/benchmarks/test_gateway_auth.py -s``. Both endpoints
run in the same process and the same run, through the same middleware, so the
ratio is what gateway authentication costs. The provider's call counter shows
the cost in calls to Keycloak after warm-up (expected: 0).
"""

from __future__ import annotations

import statistics
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import path
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated

from aether_kit.gateway import GatewayAuthentication, GatewayPrefixResolver, request_gateway_path
from aether_kit.multitenancy.users import add_user_to_realm

REALM = "realm-a"
WARM_UP = 50
REQUESTS = 400
ROUNDS = 5


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username", "first_name", "last_name", "email"]


class RealmMembers(ListAPIView):
    """The members of the path's realm: a realm-scoped, paginated list."""

    serializer_class = MemberSerializer

    def get_queryset(self):
        realm = request_gateway_path(self.request).realm
        return get_user_model().objects.filter(groups__name=realm).order_by("pk")


class GatewayMembers(RealmMembers):
    authentication_classes = [GatewayAuthentication]
    permission_classes = [IsAuthenticated]


class OpenMembers(RealmMembers):
    authentication_classes = []
    permission_classes = [AllowAny]


urlpatterns = GatewayPrefixResolver(service_id="svc").urlpatterns(
    [
        path("members", GatewayMembers.as_view()),
        path("open-members", OpenMembers.as_view()),
    ]
)


def requests_per_second(client: Client, url: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    for _ in range(REQUESTS):
        response = client.get(url, headers=headers)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return REQUESTS / elapsed


@pytest.mark.django_db
def test_gateway_auth_throughput(settings, oidc_provider):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.KEYCLOAK_SERVER_URL = oidc_provider.server_url
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    model = get_user_model()
    for n in range(20):
        add_user_to_realm(model.objects.create(username=f"{REALM}__member-{n}"), REALM)
    client = Client()
    token = oidc_provider.issue_token(REALM, "user", lifetime=3600)
    gateway = ("/realm-a/svc/members", {"X-Oauth-Token": token})
    baseline = ("/realm-a/svc/open-members", {})
    for url, headers in (gateway, baseline):
        for _ in range(WARM_UP):
            assert client.get(url, headers=headers).status_code == 200
    oidc_provider.reset_calls()

    with_auth, without_auth = [], []
    for _ in range(ROUNDS):  # interleaved, so drift in machine load hits both alike
        with_auth.append(requests_per_second(client, *gateway))
        without_auth.append(requests_per_second(client, *baseline))

    auth_rps, open_rps = statistics.median(with_auth), statistics.median(without_auth)
    calls = oidc_provider.calls()
    print(
        f"\nrealm-scoped list, {REQUESTS} requests x {ROUNDS} rounds (median):"
        f"\n  no authentication:  {open_rps:8.1f} req/s"
        f"\n  gateway JWT auth:   {auth_rps:8.1f} req/s"
        f"\n  ratio auth/none:    {auth_rps / open_rps:8.3f} "
        f"(gateway auth costs {100 * (1 - auth_rps / open_rps):.1f}%)"
        f"\n  provider calls after warm-up: {calls} "
        f"over {REQUESTS * ROUNDS} authenticated requests"
    )
    assert calls == 0

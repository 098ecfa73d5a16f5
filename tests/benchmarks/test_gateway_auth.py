"""Requests/s of a realm-scoped list with gateway JWT auth vs. the same list unauthenticated.

Not collected by the default run; start it with
``python -m pytest tests/benchmarks/test_gateway_auth.py -s``. Both endpoints
run in the same process and the same run, through the same middleware, so the
ratio is what gateway authentication costs. The provider's call counter shows
the cost in calls to Keycloak after warm-up (expected: 0).
"""

from __future__ import annotations

import itertools
import statistics
import time

import pytest
from django.conf import settings as django_settings
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
USERS = 20  # the members listed, each with a token of its own


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


def timed_get(client: Client, url: str, headers: tuple[tuple[str, str], ...]) -> float:
    started = time.perf_counter()
    response = client.get(url, headers=dict(headers))
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return elapsed


@pytest.mark.django_db
def test_gateway_auth_throughput(settings, oidc_provider):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.KEYCLOAK_SERVER_URL = oidc_provider.server_url
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    settings.GATEWAY_TOKEN_CACHE_TTL = 30
    model = get_user_model()
    for n in range(USERS):
        add_user_to_realm(model.objects.create(username=f"{REALM}__member-{n}"), REALM)
    client = Client()
    token = oidc_provider.issue_token(REALM, "user", lifetime=3600)
    # one token per member: the verified-token cache holds many users at once, as in service
    crowd = itertools.cycle(
        [
            (("X-Oauth-Token", oidc_provider.issue_token(REALM, f"member-{n}", lifetime=3600)),)
            for n in range(USERS)
        ]
    )
    # (label, url, headers, GATEWAY_TOKEN_CACHE_TTL); headers None: the next member's token
    endpoints = [
        ("no authentication", "/realm-a/svc/open-members", (), 30),
        ("gateway JWT auth", "/realm-a/svc/members", (("X-Oauth-Token", token),), 30),
        (f"gateway, {USERS} users", "/realm-a/svc/members", None, 30),
        ("gateway, cache off", "/realm-a/svc/members", (("X-Oauth-Token", token),), 0),
    ]
    for _, url, headers, _ in endpoints:
        for _ in range(WARM_UP):
            timed_get(client, url, next(crowd) if headers is None else headers)
    oidc_provider.reset_calls()

    rates: dict[str, list[float]] = {label: [] for label, *_ in endpoints}
    for _ in range(ROUNDS):
        # requests alternate one by one, so load from elsewhere on the machine hits all alike
        spent = dict.fromkeys(rates, 0.0)
        for _ in range(REQUESTS):
            for label, url, headers, cache_ttl in endpoints:
                # straight on the settings object: a new override per request would nest
                django_settings.GATEWAY_TOKEN_CACHE_TTL = cache_ttl
                spent[label] += timed_get(client, url, next(crowd) if headers is None else headers)
        for label, seconds in spent.items():
            rates[label].append(REQUESTS / seconds)

    median = {label: statistics.median(values) for label, values in rates.items()}
    baseline = median["no authentication"]
    calls = oidc_provider.calls()
    lines = [f"\nrealm-scoped list, {REQUESTS} requests x {ROUNDS} rounds, median req/s:"]
    for label, rate in median.items():
        lines.append(
            f"  {label:<20} {rate:8.1f} req/s  ratio {rate / baseline:5.3f}"
            f"  (costs {100 * (1 - rate / baseline):5.1f}%)"
        )
    lines.append(
        f"  provider calls after warm-up: {calls} over "
        f"{3 * REQUESTS * ROUNDS} authenticated requests"
    )
    print("\n".join(lines))
    assert calls == 0

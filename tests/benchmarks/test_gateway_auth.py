"""Requests/s of a realm-scoped list with gateway JWT auth vs. the same list unauthenticated.

Not collected by the default run; start it with
``python -m pytest tests/benchmarks/test_gateway_auth.py -s``. Both endpoints
run in the same process and the same run, through the same middleware, so the
ratio is what gateway authentication costs. The provider's call counter shows
the cost in calls to Keycloak after warm-up (expected: 0).

The many-users cases send a token the process has not seen with every
request: a known member's new token (another session, or the same user after
a refresh), and a first-time user's (the user is created). They are compared
with the repeated-token rate as well as with the unauthenticated list.
"""

from __future__ import annotations

import itertools
import statistics
import time
from typing import Any

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


def token_of(provider: Any, username: str, **claims: Any) -> str:
    return str(provider.issue_token(REALM, username, lifetime=3600, **claims))


def timed_get(client: Client, url: str, headers: tuple[tuple[str, str], ...]) -> float:
    started = time.perf_counter()
    response = client.get(url, headers=dict(headers))
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return elapsed


@pytest.mark.timeout(1800)  # six cases on a busy machine outlast the suite's 300 s
@pytest.mark.django_db
def test_gateway_auth_throughput(settings, oidc_provider):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.KEYCLOAK_SERVER_URL = oidc_provider.server_url
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    settings.GATEWAY_TOKEN_CACHE_TTL = 30
    # keys are refetched after their TTL: a run on a busy machine can outlast the default 600 s
    settings.GATEWAY_JWKS_CACHE_TTL = 7200
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
    # tokens never seen before: known members' new tokens (a jti apiece), first-time users'
    needed = WARM_UP + REQUESTS * ROUNDS
    fresh = {
        "new token": iter(
            [
                (("X-Oauth-Token", token_of(oidc_provider, f"member-{n % USERS}", jti=f"t{n}")),)
                for n in range(needed)
            ]
        ),
        "first-time": iter(
            [(("X-Oauth-Token", token_of(oidc_provider, f"new-{n}")),) for n in range(needed)]
        ),
    }
    # (label, url, headers, GATEWAY_TOKEN_CACHE_TTL); headers a name: the next of those tokens
    endpoints = [
        ("no authentication", "/realm-a/svc/open-members", (), 30),
        ("gateway JWT auth", "/realm-a/svc/members", (("X-Oauth-Token", token),), 30),
        (f"gateway, {USERS} users", "/realm-a/svc/members", "crowd", 30),
        ("gateway, cache off", "/realm-a/svc/members", (("X-Oauth-Token", token),), 0),
        ("known user, new token", "/realm-a/svc/members", "new token", 30),
        ("first-time user", "/realm-a/svc/members", "first-time", 30),
    ]

    def headers_of(headers: Any) -> tuple[tuple[str, str], ...]:
        if headers == "crowd":
            return next(crowd)
        return next(fresh[headers]) if isinstance(headers, str) else headers

    for _, url, headers, _ in endpoints:
        for _ in range(WARM_UP):
            timed_get(client, url, headers_of(headers))
    oidc_provider.reset_calls()

    rates: dict[str, list[float]] = {label: [] for label, *_ in endpoints}
    for _ in range(ROUNDS):
        # requests alternate one by one, so load from elsewhere on the machine hits all alike
        spent = dict.fromkeys(rates, 0.0)
        for _ in range(REQUESTS):
            for label, url, headers, cache_ttl in endpoints:
                # straight on the settings object: a new override per request would nest
                django_settings.GATEWAY_TOKEN_CACHE_TTL = cache_ttl
                spent[label] += timed_get(client, url, headers_of(headers))
        for label, seconds in spent.items():
            rates[label].append(REQUESTS / seconds)

    median = {label: statistics.median(values) for label, values in rates.items()}
    baseline = median["no authentication"]
    repeated = median["gateway JWT auth"]
    calls = oidc_provider.calls()
    lines = [f"\nrealm-scoped list, {REQUESTS} requests x {ROUNDS} rounds, median req/s:"]
    for label, rate in median.items():
        lines.append(
            f"  {label:<22} {rate:8.1f} req/s  ratio {rate / baseline:5.3f}"
            f"  (costs {100 * (1 - rate / baseline):5.1f}%)"
            f"  to repeated token {rate / repeated:5.3f}"
        )
    lines.append(
        f"  provider calls after warm-up: {calls} over "
        f"{5 * REQUESTS * ROUNDS} authenticated requests"
    )
    print("\n".join(lines))
    assert calls == 0

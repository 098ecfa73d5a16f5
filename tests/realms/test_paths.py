"""The one parser of ``<APP_URL><realm>/<service-id>/…`` and its answer kept on the request."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from aether_kit.realms import paths
from aether_kit.realms.paths import (
    parse_gateway_path,
    parse_path,
    request_gateway_path,
    request_path,
)
from tests.gateway.conftest import HEADER, gateway_url


@pytest.fixture
def service(settings):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.APP_URL = "/"


@pytest.fixture
def parse_calls(monkeypatch):
    """Every path the parser is asked about, in order."""
    calls: list[str] = []
    parse = paths.parse_path

    def counting(path_info: str):
        calls.append(path_info)
        return parse(path_info)

    monkeypatch.setattr(paths, "parse_path", counting)
    return calls


def test_a_gateway_path_gives_realm_prefix_and_endpoint(service):
    parsed = parse_path("/realm-a/svc/api/users/")

    assert (parsed.realm, parsed.prefix, parsed.segment, parsed.endpoint, parsed.is_public) == (
        "realm-a",
        "/realm-a/svc/",
        "realm-a",
        "/api/users/",
        False,
    )


def test_a_path_ending_at_the_service_id_has_an_empty_endpoint(service):
    assert parse_path("/realm-a/svc").endpoint == ""


def test_the_public_realm_has_no_realm(service):
    parsed = parse_path("/-/svc/admin/")

    assert (parsed.realm, parsed.is_public, parsed.is_valid) == (None, True, True)


def test_a_malformed_realm_is_kept_as_written_but_is_no_gateway_path(service):
    parsed = parse_path("/a__b/svc/members")

    assert (parsed.segment, parsed.realm, parsed.is_valid) == ("a__b", None, False)
    assert parse_gateway_path("/a__b/svc/members") is None


@pytest.mark.parametrize("path", ["/realm-a/other/members", "/members", "/realm-a"])
def test_another_service_or_an_internal_path_is_none(service, path):
    assert parse_path(path) is None


def test_with_the_gateway_off_nothing_is_a_gateway_path(settings):
    settings.GATEWAY_SERVICE_ID = None

    assert parse_path("/realm-a/svc/members") is None


def test_a_request_is_parsed_once_however_often_it_is_asked(service, parse_calls):
    request = RequestFactory().get("/realm-a/svc/members")

    first, again, valid = (
        request_path(request),
        request_path(request),
        request_gateway_path(request),
    )

    assert first is again is valid
    assert parse_calls == ["/realm-a/svc/members"]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["members", "api/users/"])
def test_a_request_through_the_whole_stack_parses_its_path_once(
    client, settings, token_for, parse_calls, endpoint
):
    """Realm middleware, its resolvers, gateway middleware and authentication, links."""
    settings.MULTITENANCY = True
    url = gateway_url("realm-a", endpoint)

    response = client.get(url, headers={HEADER: token_for("realm-a")})

    assert response.status_code == 200
    assert parse_calls.count(url) == 1

import asyncio
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from aether_kit.multitenancy import RealmMiddleware, get_current_realm
from tests.factories import UserFactory


def seen_realm(request):
    return HttpResponse(json.dumps([request.realm, get_current_realm()], default=repr))


def failing_view(request):
    raise RuntimeError("the view failed")


@pytest.fixture
def gateway(settings):
    settings.GATEWAY_SERVICE_ID = "svc"


def call(path="/", view=seen_realm, user=None, **headers):
    request = RequestFactory().get(path, headers=headers)
    request.user = user or AnonymousUser()
    return RealmMiddleware(view)(request)


def test_the_realm_is_visible_to_the_view():
    assert json.loads(call(**{"eha-realm": "a"}).content) == ["a", "a"]


def test_the_context_variable_is_reset_after_the_response():
    call(**{"eha-realm": "a"})

    assert get_current_realm() is None


def test_the_context_variable_is_reset_when_the_view_raises():
    with pytest.raises(RuntimeError):
        call(view=failing_view, **{"eha-realm": "a"})

    assert get_current_realm() is None


def test_a_request_without_a_realm_sees_none_after_one_with_a_realm():
    call(**{"eha-realm": "a"})

    assert json.loads(call().content) == [None, None]


@pytest.mark.parametrize("path", ["/health", "/check-db", "/check-app", "/check-ready/"])
def test_probe_paths_get_no_realm(path):
    assert json.loads(call(path, **{"eha-realm": "a"}).content) == [None, None]


@pytest.mark.usefixtures("gateway")
def test_probe_paths_behind_the_gateway_get_no_realm():
    assert json.loads(call("/a/svc/health").content) == [None, None]


@pytest.mark.parametrize("path", ["/healthy", "/check-app/other-app", "/projects/health"])
def test_paths_that_only_look_like_probes_get_their_realm(path):
    assert json.loads(call(path, **{"eha-realm": "a"}).content) == ["a", "a"]


def test_the_probe_paths_are_a_setting(settings):
    settings.REALM_EXEMPT_PATHS = ["status"]

    assert json.loads(call("/status", **{"eha-realm": "a"}).content) == [None, None]
    assert json.loads(call("/health", **{"eha-realm": "a"}).content) == ["a", "a"]


def test_multitenancy_off_sets_no_realm(settings):
    settings.MULTITENANCY = False

    assert json.loads(call(**{"eha-realm": "a"}).content) == [None, None]


@pytest.mark.parametrize(
    "value",
    ["../x", "", " ", "a b", "a/b", "x" * 500, "\u0430", "re\u0430lm", "a\n", "-a", "a.b"],
    ids=[
        "dots",
        "empty",
        "blank",
        "space",
        "slash",
        "500-chars",
        "cyrillic-a",
        "look-alike",
        "newline",
        "leading-dash",
        "dot",
    ],
)
def test_an_invalid_realm_is_a_400_with_the_rule(value):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.COOKIES["eha-realm"] = value

    response = RealmMiddleware(seen_realm)(request)

    assert response.status_code == 400
    assert "letters, digits" in json.loads(response.content)["detail"]


def test_an_invalid_gateway_realm_is_a_400(gateway):
    assert call("/a%20b/svc/projects/").status_code == 400


@pytest.mark.django_db
def test_the_gateway_path_wins_over_the_user_and_the_cookie(gateway):
    user = UserFactory(realm="b")

    response = call("/a/svc/projects/", user=user, **{"eha-realm": "c"})

    assert json.loads(response.content)[0] == "a"


@pytest.mark.django_db
def test_the_user_realm_wins_over_the_cookie_and_the_header():
    request = RequestFactory().get("/", headers={"eha-realm": "d"})
    request.user = UserFactory(realm="b")
    request.COOKIES["eha-realm"] = "c"

    assert json.loads(RealmMiddleware(seen_realm)(request).content)[0] == "b"


def test_the_cookie_wins_over_the_header():
    request = RequestFactory().get("/", headers={"eha-realm": "d"})
    request.user = AnonymousUser()
    request.COOKIES["eha-realm"] = "c"

    assert json.loads(RealmMiddleware(seen_realm)(request).content)[0] == "c"


def test_the_chain_is_read_from_realm_resolvers(settings):
    settings.REALM_RESOLVERS = ["aether_kit.multitenancy.resolvers.HeaderResolver"]
    request = RequestFactory().get("/", headers={"eha-realm": "d"})
    request.user = AnonymousUser()
    request.COOKIES["eha-realm"] = "c"

    assert json.loads(RealmMiddleware(seen_realm)(request).content)[0] == "d"


def test_the_async_path_sets_and_resets_the_realm():
    async def view(request):
        return seen_realm(request)

    async def run():
        request = RequestFactory().get("/", headers={"eha-realm": "a"})
        request.user = AnonymousUser()
        response = await RealmMiddleware(view)(request)
        return json.loads(response.content), get_current_realm()

    seen, after = asyncio.run(run())

    assert (seen, after) == (["a", "a"], None)


@pytest.mark.django_db
def test_staff_on_the_admin_site_work_across_realms_with_no_request_realm():
    response = call("/admin/", user=UserFactory(is_staff=True))

    assert json.loads(response.content) == [None, "ALL_REALMS"]

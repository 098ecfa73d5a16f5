import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from aether_kit.multitenancy import (
    ALL_REALMS,
    AdminSiteResolver,
    CookieResolver,
    GatewayPathResolver,
    HeaderResolver,
    SessionResolver,
    UserRealmResolver,
)
from aether_kit.multitenancy.users import add_user_to_realm
from tests.factories import UserFactory


@pytest.fixture
def rf():
    return RequestFactory()


@pytest.fixture
def gateway(settings):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.APP_URL = "/"


@pytest.mark.usefixtures("gateway")
@pytest.mark.parametrize(
    ("path", "realm"),
    [
        ("/a/svc/projects/", "a"),
        ("/-/svc/projects/", None),
        ("/projects/", None),
        ("/a/other/projects/", None),
        ("/a/svcx/projects/", None),
    ],
)
def test_gateway_path_resolver_reads_the_realm_segment(rf, path, realm):
    assert GatewayPathResolver().resolve(rf.get(path)) == realm


def test_gateway_path_resolver_is_off_without_a_service_id(rf, settings):
    settings.GATEWAY_SERVICE_ID = None

    assert GatewayPathResolver().resolve(rf.get("/a/svc/projects/")) is None


def test_gateway_path_resolver_honours_the_app_url(rf, settings):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.APP_URL = "/app/"

    assert GatewayPathResolver().resolve(rf.get("/app/a/svc/x")) == "a"


def test_the_raw_segment_is_returned_for_the_middleware_to_validate(rf, gateway):
    assert GatewayPathResolver().resolve(rf.get("/a%20b/svc/x")) == "a b"


def resolve_user_realm(username, *groups):
    user = UserFactory(username=username)
    for group in groups:
        add_user_to_realm(user, group)
    request = RequestFactory().get("/")
    request.user = user
    return UserRealmResolver().resolve(request)


@pytest.mark.django_db
def test_user_resolver_prefers_the_username_prefix():
    assert resolve_user_realm("a__ana", "b") == "a"


@pytest.mark.django_db
def test_user_resolver_uses_a_single_realm_group_without_a_prefix():
    assert resolve_user_realm("ana", "b") == "b"


@pytest.mark.django_db
def test_user_resolver_does_not_guess_between_several_groups():
    assert resolve_user_realm("ana", "a", "b") is None


def test_user_resolver_ignores_anonymous_users(rf):
    request = rf.get("/")
    request.user = AnonymousUser()

    assert UserRealmResolver().resolve(request) is None


def test_session_resolver_reads_the_realm_cookie_key(rf):
    request = rf.get("/")
    request.session = SessionStore()
    request.session["eha-realm"] = "a"

    assert SessionResolver().resolve(request) == "a"


def test_cookie_resolver_reads_realm_cookie(rf):
    request = rf.get("/")
    request.COOKIES["eha-realm"] = "a"

    assert CookieResolver().resolve(request) == "a"


def test_header_resolver_reads_the_header_named_like_the_cookie(rf):
    assert HeaderResolver().resolve(rf.get("/", headers={"eha-realm": "a"})) == "a"


@pytest.mark.django_db
def test_admin_resolver_gives_staff_every_realm_on_the_admin_site(rf):
    request = rf.get("/admin/testproject/project/")
    request.user = UserFactory(is_staff=True)

    assert AdminSiteResolver().resolve(request) is ALL_REALMS


@pytest.mark.django_db
def test_admin_resolver_leaves_a_realms_own_staff_in_that_realm(rf):
    request = rf.get("/admin/testproject/project/")
    request.user = UserFactory(username="a__boss", is_staff=True)

    assert AdminSiteResolver().resolve(request) is None


@pytest.mark.django_db
def test_admin_resolver_ignores_non_staff_and_other_paths(rf):
    user = UserFactory(is_staff=False)
    on_admin, elsewhere = rf.get("/admin/"), rf.get("/projects/")
    on_admin.user = elsewhere.user = user

    assert AdminSiteResolver().resolve(on_admin) is None
    assert AdminSiteResolver().resolve(elsewhere) is None

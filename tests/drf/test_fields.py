import pytest
from rest_framework.test import APIRequestFactory

from aether_kit.drf import UserNameField, UsernameField, path_realm
from aether_kit.drf.fields import with_query
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    settings.GATEWAY_SERVICE_ID = "svc"
    settings.ROOT_URLCONF = "tests.drf.gateway_urls"


@pytest.mark.usefixtures("gateway")
def test_links_keep_the_gateway_realm_prefix(client_a, project_a):
    item = client_a.get("/a/svc/projects/").json()["results"][0]

    assert item["url"] == f"http://testserver/a/svc/projects/{project_a.pk}/"
    assert item["tasks_url"] == f"http://testserver/a/svc/tasks/?project={project_a.pk}"


@pytest.mark.usefixtures("gateway")
def test_a_filtered_list_link_adds_its_filter_to_the_query_the_link_already_has(
    client_a, project_a
):
    item = client_a.get("/a/svc/projects/", {"format": "json"}).json()["results"][0]

    assert item["tasks_url"] == (
        f"http://testserver/a/svc/tasks/?format=json&project={project_a.pk}"
    )


def test_with_query_replaces_a_parameter_of_the_same_name():
    assert with_query("/tasks/?project=1&format=json", {"project": 2}) == (
        "/tasks/?format=json&project=2"
    )


@pytest.mark.usefixtures("gateway")
def test_related_links_keep_the_gateway_realm_prefix(client_a, task_a):
    item = client_a.get("/a/svc/tasks/").json()["results"][0]

    assert item["project_url"] == f"http://testserver/a/svc/projects/{task_a.project_id}/"


@pytest.mark.usefixtures("gateway")
def test_links_without_the_gateway_stay_plain(client_a, project_a):
    item = client_a.get("/projects/").json()["results"][0]

    assert item["url"] == f"http://testserver/projects/{project_a.pk}/"


@pytest.mark.usefixtures("gateway")
def test_the_gateway_realm_must_be_one_the_user_belongs_to(client_a, project_b):
    assert client_a.get("/b/svc/projects/").status_code == 403


def test_path_realm_is_none_without_a_resolved_url():
    assert path_realm(APIRequestFactory().get("/")) is None


def request_in(realm):
    request = APIRequestFactory().get("/")
    request.realm = realm
    return request


def test_username_field_hides_the_realm_prefix():
    field = UsernameField()
    field._context = {"request": request_in("a")}

    assert field.to_representation("a__ana") == "ana"


def test_username_field_stores_the_realm_prefix():
    field = UsernameField()
    field._context = {"request": request_in("a")}

    assert field.to_internal_value("ana") == "a__ana"


def test_user_name_field_prefers_the_full_name():
    field = UserNameField()
    field._context = {"request": request_in("a")}
    named = UserFactory(username="a__ana", first_name="Ana", last_name="Diaz")
    unnamed = UserFactory(username="a__bo")

    assert [field.to_representation(u) for u in (named, unnamed)] == ["Ana Diaz", "bo"]

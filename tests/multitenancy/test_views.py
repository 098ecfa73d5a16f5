"""The isolation matrix: a user of realm ``a`` never sees, changes or learns of realm ``b``."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.test import APIClient, APIRequestFactory

from aether_kit.multitenancy import get_current_realm
from testproject.models import Project, Task
from testproject.viewsets import ProjectViewSet
from tests.factories import ProjectFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


def project_names(response):
    return [item["name"] for item in response.json()["results"]]


def test_list_hides_objects_of_other_realms(client_a, project_a, project_b):
    assert project_names(client_a.get("/projects/")) == ["mine"]


def test_pagination_counts_only_the_current_realm(client_a):
    ProjectFactory.create_batch(3, realm="a")
    ProjectFactory.create_batch(5, realm="b")

    body = client_a.get("/projects/", {"page_size": 2}).json()

    assert (body["count"], len(body["results"])) == (3, 2)


def test_retrieve_of_another_realms_object_is_a_404(client_a, project_b):
    response = client_a.get(f"/projects/{project_b.pk}/")

    assert response.status_code == 404


def test_a_404_for_another_realm_reads_like_a_missing_object(client_a, project_b):
    missing = client_a.get("/projects/999999/")

    assert client_a.get(f"/projects/{project_b.pk}/").json() == missing.json()


def test_update_of_another_realms_object_is_a_404_and_changes_nothing(client_a, project_b):
    response = client_a.put(f"/projects/{project_b.pk}/", {"name": "hacked"}, format="json")

    assert response.status_code == 404
    assert Project.objects.unscoped().get(pk=project_b.pk).name == "theirs"


def test_partial_update_of_another_realms_object_is_a_404(client_a, project_b):
    response = client_a.patch(f"/projects/{project_b.pk}/", {"name": "hacked"}, format="json")

    assert response.status_code == 404
    assert Project.objects.unscoped().get(pk=project_b.pk).name == "theirs"


def test_delete_of_another_realms_object_is_a_404_and_deletes_nothing(client_a, project_b):
    response = client_a.delete(f"/projects/{project_b.pk}/")

    assert response.status_code == 404
    assert Project.objects.unscoped().filter(pk=project_b.pk).exists()


def test_own_objects_can_be_updated_and_deleted(client_a, project_a):
    assert (
        client_a.patch(f"/projects/{project_a.pk}/", {"name": "x"}, format="json").status_code
        == 200
    )
    assert client_a.delete(f"/projects/{project_a.pk}/").status_code == 204


def test_create_assigns_the_current_realm_whatever_the_client_sends(client_a):
    response = client_a.post("/projects/", {"name": "new", "realm": "b"}, format="json")

    assert response.status_code == 201
    assert Project.objects.unscoped().get(pk=response.json()["id"]).realm == "a"


def test_child_objects_of_other_realms_are_hidden(client_a, task_a, task_b):
    names = [item["name"] for item in client_a.get("/tasks/").json()["results"]]

    assert names == ["my task"]
    assert client_a.get(f"/tasks/{task_b.pk}/").status_code == 404


def test_a_task_cannot_point_at_another_realms_project(client_a, project_b):
    foreign = client_a.post("/tasks/", {"name": "t", "project": project_b.pk}, format="json")
    missing = client_a.post("/tasks/", {"name": "t", "project": 999999}, format="json")

    assert foreign.status_code == missing.status_code == 400
    assert foreign.json()["project"][0].replace(str(project_b.pk), "N") == missing.json()[
        "project"
    ][0].replace("999999", "N")


def test_a_task_cannot_be_moved_to_another_realms_project(client_a, task_a, project_b):
    response = client_a.patch(f"/tasks/{task_a.pk}/", {"project": project_b.pk}, format="json")

    assert response.status_code == 400
    assert Task.objects.unscoped().get(pk=task_a.pk).project_id == task_a.project_id


def test_a_task_cannot_be_assigned_to_a_user_of_another_realm(client_a, task_a, user_b):
    response = client_a.patch(f"/tasks/{task_a.pk}/", {"assignee": user_b.pk}, format="json")

    assert response.status_code == 400


@pytest.mark.parametrize(("which", "status"), [("mine", 204), ("theirs", 403), ("missing", 404)])
def test_is_accessible_answers_like_aether_sdk(client_a, project_a, project_b, which, status):
    pk = {"mine": project_a.pk, "theirs": project_b.pk, "missing": 999999}[which]

    assert client_a.head(f"/projects/{pk}/is-accessible/").status_code == status


def test_is_accessible_can_hide_other_realms(client_a, project_b, monkeypatch):
    monkeypatch.setattr(ProjectViewSet, "hide_other_realms", True)

    assert client_a.head(f"/projects/{project_b.pk}/is-accessible/").status_code == 404


def test_hyperlinks_point_at_own_objects(client_a, project_a, project_b):
    item = client_a.get("/projects/").json()["results"][0]

    assert item["url"] == f"http://testserver/projects/{project_a.pk}/"
    assert item["tasks_url"] == f"http://testserver/tasks/?project={project_a.pk}"


def test_the_filtered_tasks_link_lists_only_own_tasks(client_a, task_a, task_b):
    url = client_a.get("/projects/").json()["results"][0]["tasks_url"]

    assert [item["name"] for item in client_a.get(url).json()["results"]] == ["my task"]


def test_without_a_realm_the_view_refuses_with_403(db, project_a):
    client = APIClient()
    client.force_login(UserFactory(username="realmless"))

    response = client.get("/projects/")

    assert response.status_code == 403
    assert "No realm" in response.json()["detail"]


def test_a_user_outside_the_requested_realm_is_refused(project_b):
    client = APIClient()
    client.force_login(UserFactory(username="ana"))  # no prefix, no group
    client.cookies["eha-realm"] = "b"

    response = client.get("/projects/")

    assert response.status_code == 403
    assert "belong" in response.json()["detail"]


def test_anonymous_callers_hear_401_before_anything_about_realms(project_a):
    response = APIClient().get("/projects/", headers={"eha-realm": "a"})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"]
    assert "realm" not in response.json()["detail"]


def test_token_authenticated_users_get_their_realm_after_authentication(user_a, project_a):
    token = Token.objects.create(user=user_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert project_names(client.get("/projects/")) == ["mine"]


def test_staff_see_a_realm_they_choose_by_cookie(staff_client, project_a, project_b):
    staff_client.cookies["eha-realm"] = "b"

    assert project_names(staff_client.get("/projects/")) == ["theirs"]


def test_without_multitenancy_views_are_single_tenant(settings, client_a, project_a, project_b):
    settings.MULTITENANCY = False

    assert project_names(client_a.get("/projects/")) == ["mine", "theirs"]


def test_listing_costs_the_same_number_of_queries_whatever_the_size(
    client_a, django_assert_num_queries
):
    TaskFactory.create_batch(2, project=ProjectFactory(realm="a"))
    with CaptureQueriesContext(connection) as few:
        client_a.get("/tasks/", {"page_size": 50})
    TaskFactory.create_batch(20, project=ProjectFactory(realm="a"))

    with django_assert_num_queries(len(few)):
        body = client_a.get("/tasks/", {"page_size": 50}).json()

    assert body["count"] == 22


def test_project_list_query_count_does_not_grow_with_rows(client_a, django_assert_num_queries):
    ProjectFactory.create_batch(2, realm="a")
    with CaptureQueriesContext(connection) as few:
        client_a.get("/projects/")
    ProjectFactory.create_batch(8, realm="a")

    with django_assert_num_queries(len(few)):
        client_a.get("/projects/", {"page_size": 100})


def test_users_list_shows_the_realms_users_only(client_a, user_a, user_b):
    usernames = [item["username"] for item in client_a.get("/users/").json()["results"]]

    assert usernames == [user_a.username.removeprefix("a__")]


class TestRealmsEndpoint:
    def test_lists_realms_with_data_and_the_default_realm(self, staff_client, project_a, project_b):
        assert staff_client.get("/admin/~realms").json() == {"realms": ["a", "b", "eha"]}

    def test_is_staff_only(self, client_a, project_b):
        assert client_a.get("/admin/~realms").status_code == 403

    def test_a_realms_own_staff_do_not_learn_the_other_realms(self, project_b):
        client = APIClient()
        client.force_login(UserFactory(realm="a", is_staff=True))

        response = client.get("/admin/~realms")

        assert response.status_code == 403
        assert response.json()["detail"]

    def test_answers_the_no_multitenancy_realm_when_off(self, settings, staff_client):
        settings.MULTITENANCY = False

        assert staff_client.get("/admin/~realms").json() == {"realms": ["~"]}


def test_custom_actions_see_only_the_current_realm(client_a, task_a, project_b):
    mine = client_a.get(f"/projects/{task_a.project_id}/summary/")

    assert mine.json() == {"name": "mine", "tasks": 1}
    assert client_a.get(f"/projects/{project_b.pk}/summary/").status_code == 404


def test_a_realm_read_after_token_authentication_does_not_outlive_the_request(user_a, project_a):
    token = Token.objects.create(user=user_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    client.get("/projects/")

    assert get_current_realm() is None


class TestObjectLookups:
    """aether.sdk's get_object_or_404 / get_object_or_403 on the viewset."""

    @pytest.fixture
    def view(self, user_a):
        request = APIRequestFactory().get("/")
        request.user, request.realm = user_a, "a"
        view = ProjectViewSet(request=request, kwargs={}, format_kwarg=None)
        view.realm = "a"
        return view

    def test_get_object_or_404_hides_other_realms(self, view, project_a, project_b):
        assert view.get_object_or_404(project_a.pk) == project_a
        with pytest.raises(NotFound):
            view.get_object_or_404(project_b.pk)

    def test_get_object_or_403_tells_elsewhere_from_missing(self, view, project_b):
        assert view.get_object_or_403(999999) is None
        with pytest.raises(PermissionDenied):
            view.get_object_or_403(project_b.pk)

"""The Django admin works across realms for staff (AdminSiteResolver)."""

import pytest

from testproject.models import Project

pytestmark = pytest.mark.django_db


def test_the_change_list_shows_every_realm(staff_client, project_a, project_b):
    response = staff_client.get("/admin/testproject/project/")

    assert response.status_code == 200
    assert b"mine" in response.content
    assert b"theirs" in response.content


def test_the_change_form_offers_parents_of_every_realm(staff_client, task_a, project_b):
    response = staff_client.get(f"/admin/testproject/task/{task_a.pk}/change/")

    assert response.status_code == 200
    assert b"theirs" in response.content


def test_the_related_list_filter_works(staff_client, task_a, task_b):
    response = staff_client.get("/admin/testproject/task/")

    assert response.status_code == 200
    assert b"their task" in response.content


def test_deleting_through_the_admin_cascades(staff_client, task_a):
    response = staff_client.post(
        f"/admin/testproject/project/{task_a.project_id}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302


def test_staff_create_an_object_in_the_realm_they_choose(staff_client):
    response = staff_client.post("/admin/testproject/project/add/", {"name": "new", "realm": "b"})

    assert response.status_code == 302
    assert Project.objects.unscoped().get(name="new").realm == "b"


def test_an_invalid_realm_in_the_admin_form_is_a_form_error(staff_client):
    response = staff_client.post("/admin/testproject/project/add/", {"name": "x", "realm": "../x"})

    assert response.status_code == 200
    assert b"letters, digits" in response.content
    assert not Project.objects.unscoped().filter(name="x").exists()


def test_the_change_form_shows_the_objects_realm(staff_client, project_b):
    response = staff_client.get(f"/admin/testproject/project/{project_b.pk}/change/")

    assert b'value="b"' in response.content

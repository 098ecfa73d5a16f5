import pytest

from testproject.models import Project, Task
from tests.factories import ProjectFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_realms():
    a = ProjectFactory.create_batch(2, realm="a", name="same")
    b = ProjectFactory.create_batch(2, realm="b", name="same")
    return a, b


def realm_names(realm):
    return sorted(Project.objects.for_realm(realm).values_list("name", flat=True))


def test_filtered_delete_deletes_the_filtered_objects_of_the_realm(client_a, both_realms):
    ProjectFactory(realm="a", name="other")

    response = client_a.delete("/projects/filtered-delete/?search=same")

    assert response.status_code == 204
    assert realm_names("a") == ["other"]


def test_filtered_delete_never_touches_other_realms(client_a, both_realms):
    client_a.delete("/projects/filtered-delete/")

    assert (realm_names("a"), realm_names("b")) == ([], ["same", "same"])


def test_filtered_partial_update_updates_the_realms_objects(client_a, both_realms):
    response = client_a.patch(
        "/projects/filtered-partial-update/?search=same", {"name": "new"}, format="json"
    )

    assert response.json() == {"updated": 2}
    assert (realm_names("a"), realm_names("b")) == (["new", "new"], ["same", "same"])


def test_filtered_partial_update_without_values_is_a_400(client_a, both_realms):
    response = client_a.patch("/projects/filtered-partial-update/", {}, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": "No values to update"}


def test_filtered_partial_update_is_all_or_nothing(client_a):
    project = ProjectFactory(realm="a")
    TaskFactory.create_batch(3, project=project, name="t")

    response = client_a.patch("/tasks/filtered-partial-update/", {"name": "x" * 101}, format="json")

    assert response.status_code == 400
    assert set(Task.objects.unscoped().values_list("name", flat=True)) == {"t"}


def test_filtered_partial_update_cannot_move_objects_to_another_realm(client_a, project_b):
    TaskFactory(project=ProjectFactory(realm="a"))

    response = client_a.patch(
        "/tasks/filtered-partial-update/", {"project": project_b.pk}, format="json"
    )

    assert response.status_code == 400
    assert not Task.objects.for_realm("b").exists()

import pytest

from testproject.models import Project, Task
from tests.factories import ProjectFactory, TaskFactory

pytestmark = pytest.mark.django_db

UNKNOWN = ["Unknown query parameter: this view does not filter on it."]


@pytest.fixture
def both_realms():
    a = ProjectFactory.create_batch(2, realm="a", name="same")
    b = ProjectFactory.create_batch(2, realm="b", name="same")
    return a, b


@pytest.fixture
def tasks_a(project_a):
    """Two done tasks and one open task in realm ``a``."""
    return [
        TaskFactory(project=project_a, name="d1", done=True),
        TaskFactory(project=project_a, name="d2", done=True),
        TaskFactory(project=project_a, name="open", done=False),
    ]


def realm_names(realm):
    return sorted(Project.objects.for_realm(realm).values_list("name", flat=True))


def task_names():
    return sorted(Task.objects.unscoped().values_list("name", flat=True))


def test_filtered_delete_deletes_the_filtered_objects_of_the_realm(client_a, both_realms):
    ProjectFactory(realm="a", name="other")

    response = client_a.delete("/projects/filtered-delete/?search=same")

    assert response.status_code == 200
    assert realm_names("a") == ["other"]


def test_filtered_delete_answers_how_many_rows_it_deleted(client_a, tasks_a):
    response = client_a.delete(f"/projects/filtered-delete/?search={tasks_a[0].project.name}")

    assert response.json() == {
        "deleted": 1,
        "objects": {"testproject.Project": 1, "testproject.Task": 3},
    }


def test_filtered_delete_never_touches_other_realms(client_a, both_realms):
    client_a.delete("/projects/filtered-delete/?all=true")

    assert (realm_names("a"), realm_names("b")) == ([], ["same", "same"])


def test_filtered_delete_with_an_unknown_parameter_is_a_400_naming_it(client_a, tasks_a):
    response = client_a.delete("/tasks/filtered-delete/?name=d1&colour=red")

    assert response.status_code == 400
    assert response.json() == {"colour": UNKNOWN, "name": UNKNOWN}


def test_filtered_delete_with_an_unknown_parameter_deletes_nothing(client_a, tasks_a):
    client_a.delete("/tasks/filtered-delete/?name=d1")

    assert task_names() == ["d1", "d2", "open"]


def test_filtered_delete_without_a_filter_is_a_400(client_a, tasks_a):
    response = client_a.delete("/tasks/filtered-delete/")

    assert response.status_code == 400
    assert "?all=true" in response.json()["detail"]
    assert task_names() == ["d1", "d2", "open"]


@pytest.mark.parametrize("query", ["search=", "search=%20", "page=1&page_size=2", "ordering=name"])
def test_parameters_that_do_not_filter_are_no_filter(client_a, tasks_a, query):
    response = client_a.delete(f"/tasks/filtered-delete/?{query}")

    assert response.status_code == 400
    assert task_names() == ["d1", "d2", "open"]


def test_known_parameters_that_do_not_filter_are_accepted_beside_a_filter(client_a, tasks_a):
    query = "search=d&ordering=name&page=1&page_size=2&format=json&fields=id&omit=name"

    response = client_a.delete(f"/tasks/filtered-delete/?{query}")

    assert response.status_code == 200
    assert task_names() == ["open"]


def test_the_views_own_filter_parameters_count_as_filters(client_a, tasks_a):
    other = TaskFactory(project=ProjectFactory(realm="a"), name="elsewhere")

    response = client_a.delete(f"/tasks/filtered-delete/?project={other.project_id}")

    assert response.json()["deleted"] == 1
    assert task_names() == ["d1", "d2", "open"]


@pytest.mark.parametrize("word", ["true", "1", "YES", "on"])
def test_all_true_deletes_everything_the_caller_can_see(client_a, both_realms, word):
    response = client_a.delete(f"/projects/filtered-delete/?all={word}")

    assert response.json()["deleted"] == 2


@pytest.mark.parametrize("word", ["false", "0", "no", "off", ""])
def test_all_false_is_no_permission_to_write_everything(client_a, both_realms, word):
    response = client_a.delete(f"/projects/filtered-delete/?all={word}")

    assert response.status_code == 400
    assert realm_names("a") == ["same", "same"]


def test_all_with_another_word_is_a_400(client_a, both_realms):
    response = client_a.delete("/projects/filtered-delete/?all=maybe")

    assert response.status_code == 400
    assert "all" in response.json()
    assert realm_names("a") == ["same", "same"]


@pytest.mark.urls("tests.drf.bulk_urls")
def test_a_view_may_allow_bulk_writes_without_a_filter(client_a, both_realms):
    response = client_a.delete("/unfiltered-projects/filtered-delete/")

    assert response.json()["deleted"] == 2


@pytest.mark.urls("tests.drf.bulk_urls")
def test_search_is_no_filter_on_a_view_without_search_fields(client_a, both_realms):
    response = client_a.delete("/no-search-projects/filtered-delete/?search=zzz")

    assert response.status_code == 400
    assert realm_names("a") == ["same", "same"]


@pytest.mark.urls("tests.drf.bulk_urls")
def test_django_filter_fields_are_filters(client_a, tasks_a):
    response = client_a.delete("/filterset-tasks/filtered-delete/?done=true")

    assert response.json()["deleted"] == 2
    assert task_names() == ["open"]


@pytest.mark.urls("tests.drf.bulk_urls")
def test_django_filter_range_suffixes_are_filters(client_a, tasks_a):
    response = client_a.delete(f"/filterset-tasks/filtered-delete/?id_min={tasks_a[2].pk}")

    assert response.json()["deleted"] == 1
    assert task_names() == ["d1", "d2"]


@pytest.mark.urls("tests.drf.bulk_urls")
def test_a_parameter_the_filterset_does_not_have_is_unknown(client_a, tasks_a):
    response = client_a.delete("/filterset-tasks/filtered-delete/?search=d1")

    assert response.json() == {"search": UNKNOWN}
    assert task_names() == ["d1", "d2", "open"]


@pytest.mark.urls("tests.drf.bulk_urls")
def test_a_custom_backend_extends_the_known_filters_through_the_hook(client_a, tasks_a):
    response = client_a.delete("/state-tasks/filtered-delete/?state=done")

    assert response.json()["deleted"] == 2
    assert task_names() == ["open"]


def test_filtered_partial_update_updates_the_realms_objects(client_a, both_realms):
    response = client_a.patch(
        "/projects/filtered-partial-update/?search=same", {"name": "new"}, format="json"
    )

    assert response.json() == {"updated": 2}
    assert (realm_names("a"), realm_names("b")) == (["new", "new"], ["same", "same"])


def test_filtered_partial_update_with_an_unknown_parameter_is_a_400(client_a, tasks_a):
    response = client_a.patch("/tasks/filtered-partial-update/?name=d1", {"done": False})

    assert response.json() == {"name": UNKNOWN}
    assert Task.objects.unscoped().filter(done=True).count() == 2


def test_filtered_partial_update_without_a_filter_is_a_400(client_a, tasks_a):
    response = client_a.patch("/tasks/filtered-partial-update/", {"name": "x"}, format="json")

    assert response.status_code == 400
    assert task_names() == ["d1", "d2", "open"]


def test_filtered_partial_update_without_values_is_a_400(client_a, both_realms):
    response = client_a.patch("/projects/filtered-partial-update/?all=true", {}, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": "No values to update"}


def test_filtered_partial_update_is_all_or_nothing(client_a):
    project = ProjectFactory(realm="a")
    TaskFactory.create_batch(3, project=project, name="t")

    response = client_a.patch(
        "/tasks/filtered-partial-update/?all=true", {"name": "x" * 101}, format="json"
    )

    assert response.status_code == 400
    assert set(Task.objects.unscoped().values_list("name", flat=True)) == {"t"}


def test_filtered_partial_update_cannot_move_objects_to_another_realm(client_a, project_b):
    TaskFactory(project=ProjectFactory(realm="a"))

    response = client_a.patch(
        "/tasks/filtered-partial-update/?all=true", {"project": project_b.pk}, format="json"
    )

    assert response.status_code == 400
    assert not Task.objects.for_realm("b").exists()

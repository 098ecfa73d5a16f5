import pytest

pytestmark = pytest.mark.django_db


def test_fields_parameter_keeps_only_the_named_fields(client_a, project_a):
    item = client_a.get("/projects/", {"fields": "id,name"}).json()["results"][0]

    assert set(item) == {"id", "name"}


def test_omit_parameter_drops_the_named_fields(client_a, project_a):
    item = client_a.get("/projects/", {"omit": "tasks_url,created"}).json()["results"][0]

    assert set(item) == {"id", "url", "name", "realm"}

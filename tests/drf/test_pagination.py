import pytest

from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 2, "MAX_PAGE_SIZE": 3}
    return ProjectFactory.create_batch(5, realm="a")


def sizes(client, **params):
    return len(client.get("/projects/", params).json()["results"])


def test_page_size_is_the_default_without_a_parameter(client_a, projects):
    assert sizes(client_a) == 2


def test_page_size_parameter_chooses_the_size(client_a, projects):
    assert sizes(client_a, page_size=1) == 1


def test_page_size_is_capped_at_max_page_size(client_a, projects):
    assert sizes(client_a, page_size=1000) == 3


@pytest.mark.parametrize("value", ["abc", "-1", "0", "", "1.5", "9" * 40])
def test_a_malformed_page_size_falls_back_to_the_default(client_a, projects, value):
    response = client_a.get("/projects/", {"page_size": value})

    assert response.status_code == 200
    assert len(response.json()["results"]) == (3 if value == "9" * 40 else 2)


@pytest.mark.parametrize("page", ["abc", "0", "99"])
def test_a_bad_page_is_drfs_404_with_a_reason(client_a, projects, page):
    response = client_a.get("/projects/", {"page": page})

    assert response.status_code == 404
    assert response.json()["detail"]

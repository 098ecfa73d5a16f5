import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


# -- KeysetPagination: pages by cursor, with no COUNT and no OFFSET through the realm ----------


@pytest.fixture
def keyset(projects, settings):
    """The same five projects of realm ``a`` (and one of ``b``), listed with KeysetPagination."""
    settings.ROOT_URLCONF = "tests.drf.keyset_urls"
    ProjectFactory(realm="b", name="theirs")
    return [project.name for project in projects]


def names_in(body):
    return [row["name"] for row in body["results"]]


def test_the_first_page_has_next_and_no_count(client_a, keyset):
    body = client_a.get("/projects/").json()

    assert names_in(body) == keyset[:2]
    assert body["previous"] is None
    assert "cursor=" in body["next"]
    assert "count" not in body


def test_next_links_visit_every_row_of_the_realm_once(client_a, keyset):
    seen, url = [], "/projects/"
    while url:
        body = client_a.get(url).json()
        seen += names_in(body)
        url = body["next"]

    assert seen == keyset


def test_previous_goes_back_a_page(client_a, keyset):
    second = client_a.get(client_a.get("/projects/").json()["next"]).json()

    assert names_in(client_a.get(second["previous"]).json()) == keyset[:2]


def test_a_page_neither_counts_nor_offsets(client_a, keyset):
    second = client_a.get("/projects/").json()["next"]

    with CaptureQueriesContext(connection) as queries:
        client_a.get(second)

    listed = [q["sql"] for q in queries if "testproject_project" in q["sql"]]
    assert listed
    assert not any("COUNT(" in sql.upper() or "OFFSET" in sql.upper() for sql in listed)


def test_page_size_chooses_the_size_up_to_the_cap(client_a, keyset):
    assert len(client_a.get("/projects/", {"page_size": 1}).json()["results"]) == 1
    assert len(client_a.get("/projects/", {"page_size": 100}).json()["results"]) == 3


def test_page_one_is_the_first_page(client_a, keyset):
    assert names_in(client_a.get("/projects/", {"page": "1"}).json()) == keyset[:2]


def test_other_page_numbers_are_a_400_with_a_reason(client_a, keyset):
    response = client_a.get("/projects/", {"page": "2"})

    assert response.status_code == 400
    assert "next" in response.json()["page"]


def test_a_forged_cursor_is_drfs_404_with_a_reason(client_a, keyset):
    response = client_a.get("/projects/", {"cursor": "not-a-cursor"})

    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_models_ordering_applies_without_order_by(client_a, keyset):
    assert names_in(client_a.get("/unordered/").json()) == keyset[:2]

import pytest

from aether_kit.health import BAD_RESPONSE, OK_RESPONSE


def test_health_answers_200_with_an_empty_body(client):
    response = client.get("/health")

    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.django_db
def test_check_db_answers_200_with_the_ok_body_when_the_database_answers(client):
    response = client.get("/check-db")

    assert response.status_code == 200
    assert response.content.decode() == OK_RESPONSE
    assert BAD_RESPONSE not in response.content.decode()

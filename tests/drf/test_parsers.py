import pytest
from django.conf import settings

from aether_kit.drf.parsers import JSONParser, json_depth
from testproject.models import Project

pytestmark = pytest.mark.django_db

DEEP = 100_000  # far beyond the interpreter's recursion limit


def post(client, body, content_type="application/json"):
    return client.post("/projects/", body, content_type=content_type)


def nested_arrays(depth):
    return "[" * depth + "]" * depth


def nested_objects(depth):
    return '{"a":' * depth + "1" + "}" * depth


def test_the_kit_installs_its_json_parser():
    assert "aether_kit.drf.parsers.JSONParser" in settings.REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]


@pytest.mark.parametrize("body", [nested_arrays(DEEP), nested_objects(DEEP)], ids=["[", "{"])
def test_json_nested_thousands_deep_is_a_400_with_a_reason(client_a, body):
    response = post(client_a, body)

    assert response.status_code == 400
    assert "nested more than 256 levels" in response.json()["detail"]


def test_json_deeper_than_the_limit_but_parseable_is_a_400(client_a):
    response = post(client_a, nested_objects(JSONParser.max_depth + 1))

    assert response.status_code == 400
    assert not Project.objects.for_realm("a").exists()


def test_json_as_deep_as_the_limit_is_parsed(client_a):
    body = '{"name": "ok", "extra": ' + nested_arrays(JSONParser.max_depth - 1) + "}"

    response = post(client_a, body)

    assert response.status_code == 201


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=b"]
)
def test_form_bodies_with_deeply_nested_keys_are_a_400_with_a_reason(client_a, content_type):
    key = "a" + "[b]" * DEEP
    if content_type.startswith("multipart"):
        body = f'--b\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n1\r\n--b--\r\n'
    else:
        body = f"{key}=1"

    response = post(client_a, body, content_type)

    assert response.status_code == 400
    assert set(response.json()) <= {"name", "detail"}  # a missing field or a parse error


def test_depth_counts_levels_of_arrays_and_objects():
    assert [json_depth(value, 10) for value in (1, [], {"a": [1]}, [[{"b": []}]])] == [0, 1, 2, 4]


def test_depth_stops_counting_past_the_limit():
    assert json_depth([[[[[]]]]], 2) == 3

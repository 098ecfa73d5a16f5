import re

import pytest

from aether_kit.ops.request_id import get_request_id, is_valid_request_id

pytestmark = pytest.mark.urls("tests.ops.urls")


def test_a_request_without_an_id_gets_a_new_one_in_the_response(client):
    response = client.get("/health")

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_each_request_gets_its_own_id(client):
    first, second = client.get("/health"), client.get("/health")

    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_sound_incoming_id_is_kept_and_echoed(client):
    response = client.get("/health", headers={"X-Request-ID": "gw-2024:abc.123_x"})

    assert response["X-Request-ID"] == "gw-2024:abc.123_x"


@pytest.mark.parametrize(
    "incoming",
    ["x" * 129, "has space", "line\nbreak", '{"json":1}', "<script>", "semi;colon"],
)
def test_an_unsound_incoming_id_is_replaced(client, incoming):
    response = client.get("/health", headers={"X-Request-ID": incoming})

    assert response["X-Request-ID"] != incoming
    assert is_valid_request_id(response["X-Request-ID"])


def test_the_header_name_is_configurable(client, settings):
    settings.REQUEST_ID_HEADER = "X-Correlation-ID"

    response = client.get("/health", headers={"X-Correlation-ID": "corr-1"})

    assert response["X-Correlation-ID"] == "corr-1"


def test_no_id_is_set_outside_a_request():
    assert get_request_id() is None

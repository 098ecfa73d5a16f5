"""Fixtures of the operations tests: a clean Redis queue database, a signed-in API client."""

from collections.abc import Iterator
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.services import REDIS, require_service


@pytest.fixture
def rq_redis() -> Iterator[Any]:
    """The real Redis database of the job queues (5 unless AETHER_TEST_RQ_DB), empty."""
    require_service("Redis", REDIS)
    from django_rq import get_connection

    connection = get_connection("default")
    connection.flushdb()
    yield connection
    connection.flushdb()


@pytest.fixture
def api(django_user_model) -> APIClient:
    """An API client signed in as an ordinary (not staff) user."""
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create_user("api-user"))
    return client

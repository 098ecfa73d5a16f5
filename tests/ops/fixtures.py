from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.ops.urls import calls
from tests.redis_server import (
    password_redis,
    password_redis_server,
    private_redis,
    private_redis_server,
    redis_fault,
    shared_redis,
)

__all__ = [
    "password_redis",
    "password_redis_server",
    "private_redis",
    "private_redis_server",
    "redis_fault",
    "report_calls",
    "shared_redis",
    "staff_client",
    "user_client",
]


@pytest.fixture
def staff_client(db: None) -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    return client


@pytest.fixture
def user_client(db: None) -> Client:
    client = Client()
    client.force_login(UserFactory())
    return client


@pytest.fixture
def report_calls() -> Iterator[list[str]]:
    """The realms the cached test report was computed for, in order."""
    calls.clear()
    yield calls
    calls.clear()

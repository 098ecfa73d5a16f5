"""Fixtures for realm tests: users and demo objects in realms ``a`` and ``b``."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import ProjectFactory, TaskFactory, UserFactory


@pytest.fixture
def user_a(db):
    return UserFactory(realm="a")


@pytest.fixture
def user_b(db):
    return UserFactory(realm="b")


@pytest.fixture
def client_a(user_a):
    """Signed in (session) as a user of realm ``a``."""
    client = APIClient()
    client.force_login(user_a)
    return client


@pytest.fixture
def staff_client(db):
    client = APIClient()
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def project_a(db):
    return ProjectFactory(realm="a", name="mine")


@pytest.fixture
def project_b(db):
    return ProjectFactory(realm="b", name="theirs")


@pytest.fixture
def task_a(project_a):
    return TaskFactory(project=project_a, name="my task")


@pytest.fixture
def task_b(project_b):
    return TaskFactory(project=project_b, name="their task")

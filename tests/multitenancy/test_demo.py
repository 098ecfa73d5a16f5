"""The demo seeds two realms whose users see only their own projects."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("rundemo", "--no-serve", stdout=io.StringIO())


def projects_seen_by(username):
    client = APIClient()
    client.force_login(get_user_model().objects.get(username=username))
    return [item["name"] for item in client.get("/projects/").json()["results"]]


@pytest.mark.usefixtures("demo")
def test_each_demo_realm_sees_only_its_projects():
    assert projects_seen_by("north__alice") == ["Wells", "Clinics"]
    assert projects_seen_by("south__bob") == ["Roads"]


@pytest.mark.usefixtures("demo")
def test_seeding_twice_adds_nothing():
    call_command("rundemo", "--no-serve", stdout=io.StringIO())

    assert projects_seen_by("south__bob") == ["Roads"]

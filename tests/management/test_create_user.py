import pytest
from django.core.management import CommandError
from rest_framework.authtoken.models import Token

from tests.management.running import run, user

pytestmark = pytest.mark.django_db


def test_create_user_requires_a_realm_with_multitenancy():
    with pytest.raises(CommandError, match="--realm"):
        run("create_user", "-u", "ana", "-p", "pw")


def test_create_user_rejects_an_invalid_realm():
    with pytest.raises(CommandError, match="letters, digits"):
        run("create_user", "-u", "ana", "-p", "pw", "-r", "../x")


def test_create_user_stores_the_user_in_its_realm():
    run("create_user", "-u", "ana", "-p", "pw", "-r", "a", "-t", "tok")

    created = user("a__ana")
    assert created.check_password("pw")
    assert list(created.groups.values_list("name", flat=True)) == ["a"]
    assert Token.objects.get(user=created).key == "tok"


def test_create_user_without_multitenancy_keeps_the_plain_username(settings):
    settings.MULTITENANCY = False

    run("create_user", "-u", "ana", "-p", "pw")

    assert user("ana").check_password("pw")

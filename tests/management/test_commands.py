import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def run(name, *args):
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def user(username):
    return get_user_model().objects.get(username=username)


def test_setup_admin_creates_a_superuser():
    run("setup_admin", "-p", "secret-password")

    admin = user("admin")
    assert admin.is_superuser
    assert admin.check_password("secret-password")


def test_setup_admin_resets_the_password_and_token():
    run("setup_admin", "-u", "root", "-p", "one", "-t", "token-1")
    run("setup_admin", "-u", "root", "-p", "two", "-t", "token-2")

    assert user("root").check_password("two")
    assert list(Token.objects.filter(user__username="root").values_list("key", flat=True)) == [
        "token-2"
    ]


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

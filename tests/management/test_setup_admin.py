import pytest
from rest_framework.authtoken.models import Token

from tests.management.running import run, user

pytestmark = pytest.mark.django_db


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

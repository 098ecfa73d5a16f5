"""Realm users are stored as <realm>__<name> in the realm's group."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import authenticate

from aether_kit.multitenancy.users import is_user_in_realm
from aether_kit.testing.users import DEFAULT_PASSWORD, RealmUserFactory, create_realm_user

pytestmark = pytest.mark.django_db


def test_realm_user_is_stored_with_the_realm_prefix() -> None:
    assert create_realm_user("eha", "ana").username == "eha__ana"


def test_realm_user_belongs_to_the_realm_group() -> None:
    user = create_realm_user("eha", "ana")

    assert is_user_in_realm(user, "eha")
    assert not is_user_in_realm(user, "other")


def test_realm_user_signs_in_with_the_default_password() -> None:
    create_realm_user("eha", "ana")

    assert authenticate(username="eha__ana", password=DEFAULT_PASSWORD) is not None


def test_creating_the_same_user_twice_returns_it() -> None:
    assert create_realm_user("eha", "ana") == create_realm_user("eha", "ana")


def test_factory_makes_distinct_users_of_a_realm() -> None:
    first, second = RealmUserFactory.create_batch(2, realm="realm-a")

    assert first.username != second.username
    assert first.username.startswith("realm-a__")


def test_factory_takes_fields() -> None:
    user = RealmUserFactory(realm="eha", name="ana", first_name="Ana", password="other-pw-1")

    assert user.first_name == "Ana"
    assert user.check_password("other-pw-1")


def test_make_realm_user_fixture_uses_the_default_realm(
    make_realm_user: Any, settings: Any
) -> None:
    settings.DEFAULT_REALM = "eha"

    assert make_realm_user(name="bo").username == "eha__bo"

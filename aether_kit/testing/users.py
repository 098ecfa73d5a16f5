"""Users of a realm, created the way the kit stores them.

A realm's user is stored as ``<realm>__<name>`` and belongs to the realm's
group (:mod:`aether_kit.multitenancy.users`); tests that create plain users
miss both and test a situation production never has.
"""

from __future__ import annotations

from typing import Any

import factory
from django.conf import settings

from aether_kit.multitenancy.realms import realm_of_username, realm_username

__all__ = ["DEFAULT_PASSWORD", "RealmUserFactory", "create_realm_user"]

DEFAULT_PASSWORD = "a-test-password-0"  # noqa: S105 - a password only tests know


class RealmUserFactory(factory.django.DjangoModelFactory):
    """``RealmUserFactory(realm="eha", name="ana")`` → user ``eha__ana`` in group ``eha``.

    The password is :data:`DEFAULT_PASSWORD` unless ``password=`` is given.
    """

    class Meta:
        model = settings.AUTH_USER_MODEL
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    class Params:
        realm = "eha"
        name = factory.Sequence(lambda n: f"user{n}")

    username = factory.LazyAttribute(lambda o: realm_username(o.realm, o.name))
    first_name = ""
    last_name = ""
    email = factory.LazyAttribute(lambda o: f"{o.name}@{o.realm}.example")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def realm_membership(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        realm = realm_of_username(obj.username)
        if create and realm:
            from aether_kit.multitenancy.users import add_user_to_realm

            add_user_to_realm(obj, realm)


def create_realm_user(realm: str, name: str = "user", **fields: Any) -> Any:
    """The user ``<realm>__<name>``, member of the realm's group (created if missing)."""
    return RealmUserFactory(realm=realm, name=name, **fields)

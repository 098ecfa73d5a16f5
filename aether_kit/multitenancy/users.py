"""Users and realms: a realm is a Django ``Group`` of the same name.

A user belongs to the realms whose groups it is in; its username is stored
as ``<realm>__<username>`` so the same person can hold an account in two
realms (see :mod:`aether_kit.multitenancy.realms`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group

from .realms import validate_realm

__all__ = ["add_user_to_realm", "is_user_in_realm", "realm_group", "remove_user_from_realm"]


def realm_group(realm: str) -> Group:
    """The authorization group of ``realm``, created on first use."""
    group, _ = Group.objects.get_or_create(name=validate_realm(realm))
    return group


def add_user_to_realm(user: Any, realm: str) -> None:
    user.groups.add(realm_group(realm))


def remove_user_from_realm(user: Any, realm: str) -> None:
    user.groups.remove(realm_group(realm))


def is_user_in_realm(user: Any, realm: str) -> bool:
    return bool(user.is_authenticated and user.groups.filter(name=realm).exists())

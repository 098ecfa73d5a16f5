import pytest

from aether_kit.multitenancy import (
    InvalidRealm,
    add_user_to_realm,
    is_user_in_realm,
    realm_group,
    remove_user_from_realm,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_realm_is_a_group_of_the_same_name():
    assert realm_group("a").name == "a"


def test_a_group_is_not_created_for_an_invalid_realm():
    with pytest.raises(InvalidRealm):
        realm_group("../x")


def test_users_join_and_leave_realms():
    user = UserFactory(username="ana")

    add_user_to_realm(user, "a")
    joined = is_user_in_realm(user, "a")
    remove_user_from_realm(user, "a")

    assert (joined, is_user_in_realm(user, "a")) == (True, False)

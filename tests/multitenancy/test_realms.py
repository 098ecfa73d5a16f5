import pytest

from aether_kit.multitenancy import (
    InvalidRealm,
    is_valid_realm,
    provider_username,
    realm_of_username,
    realm_username,
    strip_realm,
    validate_realm,
)


@pytest.mark.parametrize("value", ["eha", "a", "realm-1", "Realm_2", "9lives", "x" * 63])
def test_safe_slugs_are_realms(value):
    assert validate_realm(value) == value


@pytest.mark.parametrize(
    "value",
    ["", "-a", "_a", "a b", "a/b", "a.b", "x" * 64, "\u0435ha", None, 7, "a__b", "a\x00", "a\n"],
)
def test_anything_else_is_refused(value):
    assert not is_valid_realm(value)
    with pytest.raises(InvalidRealm):
        validate_realm(value)


def test_realm_username_adds_the_prefix_once():
    assert realm_username("a", "ana") == realm_username("a", "a__ana") == "a__ana"


def test_provider_username_always_adds_the_prefix():
    assert provider_username("a", "a__admin") == "a__a__admin"


def test_strip_realm_keeps_another_realms_prefix():
    assert (strip_realm("a", "a__ana"), strip_realm("a", "b__ana")) == ("ana", "b__ana")


@pytest.mark.parametrize(
    ("username", "realm"), [("a__ana", "a"), ("ana", None), ("__ana", None), ("a__", None)]
)
def test_realm_of_username(username, realm):
    assert realm_of_username(username) == realm

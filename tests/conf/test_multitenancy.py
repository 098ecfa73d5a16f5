import pytest

from aether_kit.conf import Env, EnvError, configure_multitenancy


def test_defaults_are_aether_sdks():
    assert configure_multitenancy(Env({})) == {
        "MULTITENANCY": False,
        "MULTITENANCY_RLS": False,
        "DEFAULT_REALM": "eha",
        "REALM_COOKIE": "eha-realm",
        "NO_MULTITENANCY_REALM": "~",
    }


def test_multitenancy_is_switched_on_by_its_variable():
    assert configure_multitenancy(Env({"MULTITENANCY": "true"}))["MULTITENANCY"] is True


def test_row_level_security_is_switched_on_by_its_variable():
    env = Env({"MULTITENANCY": "true", "MULTITENANCY_RLS": "true"})

    assert configure_multitenancy(env)["MULTITENANCY_RLS"] is True


def test_the_string_false_switches_multitenancy_off():
    assert configure_multitenancy(Env({"MULTITENANCY": "false"}))["MULTITENANCY"] is False


def test_keycloak_switches_multitenancy_on():
    env = Env({"KEYCLOAK_SERVER_URL": "http://keycloak/auth/realms"})

    assert configure_multitenancy(env)["MULTITENANCY"] is True


def test_every_malformed_value_is_named_at_once():
    env = Env({"DEFAULT_REALM": "../x", "REALM_COOKIE": "eha realm"})

    with pytest.raises(EnvError) as error:
        configure_multitenancy(env)

    assert error.value.names == ["DEFAULT_REALM", "REALM_COOKIE"]

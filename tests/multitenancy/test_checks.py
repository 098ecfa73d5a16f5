import pytest
from django.conf import settings
from django.test import override_settings

from aether_kit.multitenancy import checks
from aether_kit.multitenancy.checks import (
    check_mt_fields,
    check_realm_cookie,
    check_realm_exempt_paths,
    check_realm_middleware_order,
    check_realm_resolvers,
)
from testproject.models import Task


def ids(messages):
    return [message.id for message in messages]


def test_the_default_settings_pass():
    assert check_realm_resolvers(None) + check_realm_cookie(None) == []
    assert check_realm_middleware_order(None) == []
    assert check_realm_exempt_paths(None) == []


def test_realm_resolvers_must_be_a_list(settings):
    settings.REALM_RESOLVERS = "aether_kit.multitenancy.resolvers.CookieResolver"

    assert ids(check_realm_resolvers(None)) == ["aether_kit.E020"]


def test_an_unimportable_resolver_is_named(settings):
    settings.REALM_RESOLVERS = ["nowhere.Resolver"]

    messages = check_realm_resolvers(None)

    assert ids(messages) == ["aether_kit.E021"]
    assert "nowhere.Resolver" in messages[0].msg


def test_a_resolver_must_subclass_realm_resolver(settings):
    settings.REALM_RESOLVERS = ["aether_kit.realms.context.RealmScopeError"]

    assert ids(check_realm_resolvers(None)) == ["aether_kit.E022"]


def test_the_realm_cookie_must_be_a_header_name(settings):
    settings.REALM_COOKIE = "eha realm"

    assert ids(check_realm_cookie(None)) == ["aether_kit.E023"]


@pytest.mark.parametrize("value", ["health", ["health", 3]])
def test_realm_exempt_paths_must_be_a_list_of_paths(settings, value):
    settings.REALM_EXEMPT_PATHS = value

    assert ids(check_realm_exempt_paths(None)) == ["aether_kit.E025"]


def test_realm_middleware_before_authentication_is_a_warning(settings):
    realm = "aether_kit.multitenancy.RealmMiddleware"
    settings.MIDDLEWARE = [realm, *[m for m in settings.MIDDLEWARE if m != realm]]

    assert ids(check_realm_middleware_order(None)) == ["aether_kit.W010"]


def test_child_models_with_a_valid_mt_field_pass():
    assert check_mt_fields(None) == []


@pytest.mark.parametrize(
    ("mt_field", "problem"),
    [
        ("", "has no mt_field"),
        ("nothing", "has no field 'nothing'"),
        ("name", "not a forward foreign key"),
        ("assignee", "has no MtModelMixin"),
    ],
)
def test_a_broken_mt_field_is_named(monkeypatch, mt_field, problem):
    monkeypatch.setattr(Task, "mt_field", mt_field)

    messages = check_mt_fields(None)

    assert ids(messages) == ["aether_kit.E024"]
    assert problem in messages[0].msg


def check_ids(check):
    return [message.id for message in check(None)]


# -- multitenancy (E003, E004) -----------------------------------------------------------


def test_multitenancy_without_the_realm_middleware_is_e003():
    middleware = [name for name in settings.MIDDLEWARE if name != checks.REALM_MIDDLEWARE]
    with override_settings(MULTITENANCY=True, MIDDLEWARE=middleware):
        assert check_ids(checks.check_realm_middleware) == ["aether_kit.E003"]


def test_multitenancy_with_the_realm_middleware_passes():
    middleware = [*settings.MIDDLEWARE, checks.REALM_MIDDLEWARE]
    with override_settings(MULTITENANCY=True, MIDDLEWARE=middleware):
        assert check_ids(checks.check_realm_middleware) == []


def test_no_multitenancy_needs_no_realm_middleware():
    with override_settings(MULTITENANCY=False):
        assert check_ids(checks.check_realm_middleware) == []


@pytest.mark.parametrize("realm", ["", "-lead", "has space", "a/b", "x" * 64, None])
def test_an_invalid_default_realm_is_e004(realm):
    with override_settings(DEFAULT_REALM=realm):
        assert check_ids(checks.check_default_realm) == ["aether_kit.E004"]


@pytest.mark.parametrize("realm", ["eha", "realm-1", "Kernel_2", "x" * 63])
def test_a_valid_default_realm_passes(realm):
    with override_settings(DEFAULT_REALM=realm):
        assert check_ids(checks.check_default_realm) == []


def test_a_default_realm_with_the_username_separator_is_e004():
    with override_settings(DEFAULT_REALM="a__b"):
        assert check_ids(checks.check_default_realm) == ["aether_kit.E004"]

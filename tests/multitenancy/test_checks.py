import pytest

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

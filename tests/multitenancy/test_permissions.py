import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIRequestFactory

from aether_kit.multitenancy import IsAccessibleByRealm
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def request_as(user, realm):
    request = APIRequestFactory().get("/")
    request.user, request.realm = user, realm
    return request


def test_members_of_the_realm_are_allowed(user_a):
    assert IsAccessibleByRealm().has_permission(request_as(user_a, "a"), None)


def test_members_of_another_realm_are_refused(user_a):
    assert not IsAccessibleByRealm().has_permission(request_as(user_a, "b"), None)


def test_a_request_without_realm_is_refused(user_a):
    assert not IsAccessibleByRealm().has_permission(request_as(user_a, None), None)


def test_anonymous_callers_are_refused():
    assert not IsAccessibleByRealm().has_permission(request_as(AnonymousUser(), "a"), None)


def test_staff_belong_to_every_realm():
    assert IsAccessibleByRealm().has_permission(request_as(UserFactory(is_staff=True), "b"), None)


def test_staff_of_one_realm_do_not_belong_to_another():
    boss_of_a = UserFactory(username="a__boss", is_staff=True)

    assert IsAccessibleByRealm().has_permission(request_as(boss_of_a, "a"), None)
    assert not IsAccessibleByRealm().has_permission(request_as(boss_of_a, "b"), None)


def test_superusers_belong_to_every_realm():
    root = UserFactory(username="a__root", is_staff=True, is_superuser=True)

    assert IsAccessibleByRealm().has_permission(request_as(root, "b"), None)


def test_objects_of_other_realms_are_refused(user_a, project_a, project_b):
    request = request_as(user_a, "a")

    assert IsAccessibleByRealm().has_object_permission(request, None, project_a)
    assert not IsAccessibleByRealm().has_object_permission(request, None, project_b)


def test_without_multitenancy_only_authentication_counts(settings, user_a):
    settings.MULTITENANCY = False

    assert IsAccessibleByRealm().has_permission(request_as(user_a, None), None)

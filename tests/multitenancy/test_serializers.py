from unittest import mock

import pytest
from django.utils import translation
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from aether_kit.multitenancy import realm_scope
from testproject.models import Project, Task
from testproject.serializers import ProjectSerializer, TaskSerializer

pytestmark = pytest.mark.django_db


def request_in(realm):
    request = APIRequestFactory().get("/")
    request.realm = realm
    return request


def test_related_field_choices_are_limited_to_the_realm(project_a, project_b):
    field = TaskSerializer(context={"request": request_in("a")}).fields["project"]

    assert list(field.get_queryset()) == [project_a]


def test_related_field_has_no_choices_without_a_realm(project_a):
    field = TaskSerializer(context={"request": request_in(None)}).fields["project"]

    assert list(field.get_queryset()) == []


def test_user_field_choices_are_the_realms_group(user_a, user_b):
    field = TaskSerializer(context={"request": request_in("a")}).fields["assignee"]

    assert list(field.get_queryset()) == [user_a]


def test_related_fields_are_unfiltered_without_multitenancy(settings, project_a, project_b):
    settings.MULTITENANCY = False
    field = TaskSerializer(context={"request": request_in(None)}).fields["project"]

    assert set(field.get_queryset()) == {project_a, project_b}


def test_model_serializer_creates_in_the_current_realm():
    serializer = ProjectSerializer(data={"name": "p"}, context={"request": request_in("b")})
    serializer.is_valid(raise_exception=True)

    assert serializer.save().realm == "b"


def test_realm_is_read_only():
    serializer = ProjectSerializer(
        data={"name": "p", "realm": "a"}, context={"request": request_in("b")}
    )
    serializer.is_valid(raise_exception=True)

    assert "realm" not in serializer.validated_data


def test_the_realm_field_is_the_one_drf_would_build():
    field = ProjectSerializer().fields["realm"]
    drf_built = serializers.ModelSerializer.build_standard_field(
        ProjectSerializer(), "realm", Project._meta.get_field("realm")
    )

    assert type(field) is drf_built[0] is serializers.CharField
    assert field.read_only
    assert str(field.label) == "Realm"


def test_building_a_serializer_translates_no_label():
    ProjectSerializer().fields  # noqa: B018  (the translation catalog is loaded)

    translate = translation._trans.gettext  # Django's translation function, resolved once
    with mock.patch.object(translation._trans, "gettext", wraps=translate) as gettext:
        fields = ProjectSerializer().fields
        assert gettext.call_count == 0
        assert str(fields["realm"].label) == "Realm"  # translated when shown
        assert gettext.call_count > 0


def test_a_plain_model_serializers_related_field_is_scoped_by_the_current_realm(project_b):
    class PlainTaskSerializer(serializers.ModelSerializer):
        class Meta:
            model = Task
            fields = ["name", "project"]

    with realm_scope("a"):
        serializer = PlainTaskSerializer(data={"name": "t", "project": project_b.pk})
        assert not serializer.is_valid()
    assert "does not exist" in serializer.errors["project"][0]


def test_the_browsable_api_offers_only_the_realms_choices(client_a, project_a, project_b):
    response = client_a.get("/tasks/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert b"mine" in response.content
    assert b"theirs" not in response.content

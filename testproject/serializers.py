"""The demo's serializers: realm-checked relations, links that keep the gateway prefix.

Links are built with :mod:`aether_kit.gateway`'s fields and ``reverse``: a
client that called ``/<realm>/<service-id>/projects/`` through the gateway gets
links of that shape back, and a caller inside the network gets plain ones.
"""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from aether_kit.drf import FilteredHyperlinkedRelatedField, UsernameField
from aether_kit.gateway import (
    GatewayHyperlinkedIdentityField,
    GatewayHyperlinkedRelatedField,
)
from aether_kit.multitenancy import (
    MtModelSerializer,
    MtPrimaryKeyRelatedField,
    MtUserRelatedField,
)

from .models import Project, Task


class ProjectSerializer(MtModelSerializer):
    url = GatewayHyperlinkedIdentityField(view_name="project-detail")
    # the project's tasks as a filtered list link: one link, no query per row
    tasks_url = FilteredHyperlinkedRelatedField(view_name="task-list", lookup_field="project")

    class Meta:
        model = Project
        fields = ["id", "url", "name", "realm", "created", "tasks_url"]


class TaskSerializer(MtModelSerializer):
    url = GatewayHyperlinkedIdentityField(view_name="task-detail")
    # choices limited to the request's realm: another realm's project is "does not exist"
    project = MtPrimaryKeyRelatedField(queryset=Project.objects.all())
    project_url = GatewayHyperlinkedRelatedField(
        view_name="project-detail", source="project", read_only=True
    )
    assignee = MtUserRelatedField(
        queryset=get_user_model().objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Task
        fields = ["id", "url", "name", "done", "project", "project_url", "assignee"]


class UserSerializer(serializers.ModelSerializer):
    # "alice" for the stored "north__alice"
    username = UsernameField()

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "first_name", "last_name"]

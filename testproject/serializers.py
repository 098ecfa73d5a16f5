from django.contrib.auth import get_user_model
from rest_framework import serializers

from aether_kit.drf import (
    FilteredHyperlinkedRelatedField,
    HyperlinkedIdentityField,
    HyperlinkedRelatedField,
    UsernameField,
)
from aether_kit.multitenancy import (
    MtModelSerializer,
    MtPrimaryKeyRelatedField,
    MtUserRelatedField,
)

from .models import Project, Task


class ProjectSerializer(MtModelSerializer):
    url = HyperlinkedIdentityField(view_name="project-detail")
    tasks_url = FilteredHyperlinkedRelatedField(view_name="task-list", lookup_field="project")

    class Meta:
        model = Project
        fields = ["id", "url", "name", "realm", "created", "tasks_url"]


class TaskSerializer(MtModelSerializer):
    url = HyperlinkedIdentityField(view_name="task-detail")
    project = MtPrimaryKeyRelatedField(queryset=Project.objects.all())
    project_url = HyperlinkedRelatedField(
        view_name="project-detail", source="project", read_only=True
    )
    assignee = MtUserRelatedField(
        queryset=get_user_model().objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Task
        fields = ["id", "url", "name", "done", "project", "project_url", "assignee"]


class UserSerializer(serializers.ModelSerializer):
    username = UsernameField()

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "first_name", "last_name"]

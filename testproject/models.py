"""Two realm-scoped models: a project owns its realm, a task inherits its project's."""

from django.conf import settings
from django.db import models

from aether_kit.multitenancy import MtModelChildMixin, MtModelMixin
from aether_kit.multitenancy.models import realm_index


class Project(MtModelMixin):
    name = models.CharField(max_length=100)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [realm_index("id", name="testproject_project_realm_id")]

    def __str__(self) -> str:
        return self.name


class Task(MtModelChildMixin):
    mt_field = "project"

    project = models.ForeignKey(Project, related_name="tasks", on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    done = models.BooleanField(default=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="tasks",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Comment(MtModelChildMixin):
    """Two steps from its realm: through its task to the task's project."""

    mt_field = "task__project"

    task = models.ForeignKey(Task, related_name="comments", on_delete=models.CASCADE)
    text = models.TextField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:50]

from django.contrib import admin

from aether_kit.multitenancy import MtModelAdmin

from .models import Comment, Project, Task


@admin.register(Project)
class ProjectAdmin(MtModelAdmin):
    list_display = ["name"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "done"]
    list_filter = ["project"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["text", "task"]

from django.conf import settings
from django.contrib import admin

from aether_kit.multitenancy import MtModelAdmin

from .models import Comment, Project, Task

# the admin pages carry the service's name, as the kit's pages do
admin.site.site_header = admin.site.site_title = f"{settings.APP_NAME} administration"


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

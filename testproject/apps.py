from django.apps import AppConfig


class TestprojectConfig(AppConfig):
    name = "testproject"
    default_auto_field = "django.db.models.BigAutoField"

"""Row-level security by realm on the demo's tables (PostgreSQL; no-op elsewhere).

The policies bind only roles without SUPERUSER / BYPASSRLS, and they matter
while MULTITENANCY_RLS is on: the kit then hands each transaction its realm.
"""

from django.db import migrations

from aether_kit.multitenancy.rls import EnableRealmRLS


class Migration(migrations.Migration):
    dependencies = [
        ("testproject", "0003_project_realm_index"),
    ]

    operations = [
        EnableRealmRLS("testproject.Project"),
        EnableRealmRLS("testproject.Task", mt_field="project"),
        EnableRealmRLS("testproject.Comment", mt_field="task__project"),
    ]

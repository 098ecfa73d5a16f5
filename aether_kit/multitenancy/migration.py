"""Moving an aether.sdk project's realms into the ``realm`` column.

aether.sdk kept each object's realm in a side table, ``multitenancy_mtinstance``
(``instance_id``, ``realm``), one row per object of its ``MULTITENANCY_MODEL``.
After adding ``MtModelMixin`` to that model, a data migration copies the
realms over::

    from aether_kit.multitenancy.migration import copy_realms_from_mtinstance

    operations = [
        migrations.RunPython(copy_realms_from_mtinstance("myapp", "Project"),
                             migrations.RunPython.noop),
    ]

Objects without a row get ``DEFAULT_REALM``, which is what aether.sdk
reported for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from aether_kit.conf import kit_settings

__all__ = ["MTINSTANCE_TABLE", "copy_realms_from_mtinstance"]

MTINSTANCE_TABLE = "multitenancy_mtinstance"

RunPythonCode = Callable[[Any, BaseDatabaseSchemaEditor], None]


def copy_realms_from_mtinstance(
    app_label: str,
    model_name: str,
    table: str = MTINSTANCE_TABLE,
    default_realm: str | None = None,
) -> RunPythonCode:
    """A ``RunPython`` function: one UPDATE from the side table, one for the rest."""

    def copy(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
        model = apps.get_model(app_label, model_name)
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        target = quote(model._meta.db_table)
        pk = quote(model._meta.pk.column)
        side = quote(table)
        realm = default_realm or kit_settings.DEFAULT_REALM
        with connection.cursor() as cursor:
            if table in connection.introspection.table_names(cursor):
                cursor.execute(
                    f"UPDATE {target} SET realm = (SELECT mt.realm FROM {side} mt "  # noqa: S608
                    f"WHERE mt.instance_id = {target}.{pk}) "
                    f"WHERE EXISTS (SELECT 1 FROM {side} mt WHERE mt.instance_id = {target}.{pk})"
                )
            cursor.execute(
                f"UPDATE {target} SET realm = %s WHERE realm IS NULL OR realm = ''",  # noqa: S608
                [realm],
            )

    return copy

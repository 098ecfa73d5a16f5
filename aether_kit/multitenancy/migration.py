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

aether.sdk accepted any text as a realm; the kit's ``realm`` column holds 63
characters and the kit answers 400 to any realm outside its rule (letters,
digits, '-' and '_'). The copy therefore checks every realm it would write
first and, if any breaks the rule, raises :class:`InvalidLegacyRealms` naming
all of them, before writing anything: rename them in the side table and run
the migration again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from aether_kit.conf import kit_settings

from .realms import REALM_RULE, is_valid_realm
from .rls import rls_bypass

__all__ = ["MTINSTANCE_TABLE", "InvalidLegacyRealms", "copy_realms_from_mtinstance"]

MTINSTANCE_TABLE = "multitenancy_mtinstance"

RunPythonCode = Callable[[Any, BaseDatabaseSchemaEditor], None]


class InvalidLegacyRealms(ValueError):
    """aether.sdk realms the kit cannot hold or serve: the migration stops before writing."""

    def __init__(self, table: str, invalid: dict[str, int]) -> None:
        self.invalid = invalid  # realm -> number of objects in it
        listed = "\n".join(
            f"  {realm!r} ({count} object{'' if count == 1 else 's'})"
            for realm, count in sorted(invalid.items())
        )
        super().__init__(
            f"{len(invalid)} realm(s) in {table} break the kit's realm rule and were not "
            f"copied (nothing was written). {REALM_RULE}\n{listed}\n"
            f"Rename each one in the realm column of {table}, and in the identity provider, "
            "then run the migration again."
        )


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
        with rls_bypass(), connection.cursor() as cursor:
            if table in connection.introspection.table_names(cursor):
                # every realm that would be copied, checked before the first write: a realm
                # over 63 characters aborts the UPDATE on PostgreSQL, and one outside the
                # rule would be copied but answer 400 to every request
                cursor.execute(
                    f"SELECT mt.realm, COUNT(*) FROM {side} mt "  # noqa: S608
                    f"WHERE EXISTS (SELECT 1 FROM {target} WHERE {target}.{pk} = mt.instance_id) "
                    "AND mt.realm IS NOT NULL AND mt.realm <> '' GROUP BY mt.realm"
                )
                invalid = {
                    value: count for value, count in cursor.fetchall() if not is_valid_realm(value)
                }
                if invalid:
                    raise InvalidLegacyRealms(table, invalid)
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

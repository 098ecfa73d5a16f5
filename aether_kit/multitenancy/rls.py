"""PostgreSQL row-level security under the ORM's realm filter (``MULTITENANCY_RLS``).

The ORM already filters every realm-scoped query by the current realm. Row-level
security is the second layer: the database itself refuses the rows of other
realms, so raw SQL, third-party code and a queryset built without the kit's
manager stay inside the realm too.

Three pieces:

- :class:`EnableRealmRLS`, a migration operation, puts a policy on a table: a
  row is visible (and may be written) only when its realm equals the
  transaction's ``aether_kit.realm`` setting, or when that setting is ``*``
  (the bypass). ``FORCE ROW LEVEL SECURITY`` binds the table's owner as well.
  Policies come only from migrations, never at start-up.
- :class:`RealmRLS`, a database execute wrapper installed on every PostgreSQL
  connection while ``MULTITENANCY_RLS`` is on, hands the current realm to
  PostgreSQL with ``set_config('aether_kit.realm', …, true)`` (``SET LOCAL``)
  before each statement, in the statement's own transaction. Nothing outlives
  the transaction, so a pooled server connection (PgBouncer in transaction
  mode) carries nothing into the next client's transaction.
- The bypass: ``realm_scope(ALL_REALMS)`` and querysets evaluated through
  ``unscoped()`` / ``for_realm()`` set ``*``; :func:`rls_bypass` does it for a
  block of code. With no realm and no bypass nothing is set, and the policies
  admit no row at all.

Superusers and roles with ``BYPASSRLS`` skip every policy: system check
``aether_kit.E026`` refuses such a role while ``MULTITENANCY_RLS`` is on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import migrations
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.signals import connection_created

from aether_kit.conf import kit_settings
from aether_kit.realms.context import ALL_REALMS, RealmScopeError, get_current_realm

__all__ = [
    "BYPASS",
    "POLICY_NAME",
    "REALM_RLS",
    "SETTING_NAME",
    "EnableRealmRLS",
    "RealmRLS",
    "connect",
    "connect_realm_rls",
    "install_realm_rls",
    "realm_policy_sql",
    "rls_bypass",
    "rls_value",
    "uninstall_realm_rls",
]

SETTING_NAME = "aether_kit.realm"
POLICY_NAME = "aether_kit_realm"
BYPASS = "*"

# the value is written into the SQL text (one round trip, no parameters): only a realm
# name, the bypass or the empty string can get there
_SAFE_VALUE = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9_-]{0,62}|\*|)$")
# statements that must reach an aborted transaction untouched
_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")

_bypass: ContextVar[bool] = ContextVar("aether_kit_rls_bypass", default=False)


@contextmanager
def rls_bypass(active: bool = True) -> Iterator[None]:
    """Run a block with the policies' bypass (``*``): every realm's rows, on purpose.

    ``unscoped()`` and ``for_realm()`` querysets use it while they run; data
    migrations that must see every realm wrap their code in it (or in
    ``realm_scope(ALL_REALMS)``).
    """
    if not active:
        yield
        return
    token = _bypass.set(True)
    try:
        yield
    finally:
        _bypass.reset(token)


def rls_value() -> str | None:
    """What ``aether_kit.realm`` must hold now: a realm, ``*``, or None (nothing to set)."""
    if _bypass.get():
        return BYPASS
    realm = get_current_realm()
    if realm is ALL_REALMS:
        return BYPASS
    return realm if isinstance(realm, str) else None


def _set_sql(value: str) -> str:
    if not _SAFE_VALUE.fullmatch(value):
        raise RealmScopeError(f"{value!r} is not a realm name: it cannot reach PostgreSQL")
    return f"SELECT set_config('{SETTING_NAME}', '{value}', true)"


class RealmRLS:
    """Execute wrapper: every statement runs in a transaction that knows its realm.

    The setting travels in the statement's own round trip where the driver
    binds parameters on the client (psycopg 3's default cursor in Django, and
    psycopg2): ``SELECT set_config(…, true); <statement>`` is one query string,
    which PostgreSQL runs as one transaction in autocommit mode, so the setting
    ends with the statement. Elsewhere (server-side binding, named cursors,
    ``executemany``) it costs a round trip of its own: inside a transaction
    before the statement, in autocommit between ``BEGIN`` (sent with the
    setting) and ``COMMIT``.

    Inside a transaction (``atomic()``, ``ATOMIC_REQUESTS``, autocommit off)
    the setting is written before every statement, also when no realm is set
    (an empty value admits nothing), so a realm left by ``realm_scope``
    half-way through a transaction is not kept by the next statement. In
    autocommit a statement with no realm runs as it is. Override :meth:`value`
    to take the realm from elsewhere.
    """

    def value(self) -> str | None:
        return rls_value()

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: Any,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        connection: BaseDatabaseWrapper = context["connection"]
        if not isinstance(sql, str) or sql.lstrip().upper().startswith(_CONTROL):
            return execute(sql, params, many, context)
        value = self.value()
        in_transaction = connection.in_atomic_block or not connection.autocommit
        if value is None and not in_transaction:
            return execute(sql, params, many, context)
        setting = _set_sql(value or "")  # an empty value admits no row
        cursor = context["cursor"].cursor
        if not many and _binds_on_client(cursor):
            result = execute(f"{setting}; {sql}", params, many, context)
            if hasattr(cursor, "nextset") and not _is_psycopg2(cursor):
                cursor.nextset()  # psycopg 3 stays on the first statement's result
            return result
        raw = connection.connection
        if in_transaction:
            with raw.cursor() as own:
                own.execute(setting)
            return execute(sql, params, many, context)
        with raw.cursor() as own:
            own.execute(f"BEGIN; {setting}")
        try:
            result = execute(sql, params, many, context)
        except BaseException:
            self._end(raw, "ROLLBACK")
            raise
        self._end(raw, "COMMIT")
        return result

    @staticmethod
    def _end(raw: Any, command: str) -> None:
        try:
            with raw.cursor() as cursor:
                cursor.execute(command)
        except Exception:
            if command == "COMMIT":
                raise
            # a ROLLBACK on a broken connection: the statement's own error is the one to report


def _is_psycopg2(cursor: Any) -> bool:
    return type(cursor).__module__.startswith("psycopg2")


def _binds_on_client(cursor: Any) -> bool:
    """Whether two statements can share one ``execute``: client-side binding, no named cursor."""
    if getattr(cursor, "name", None):
        return False  # a server-side cursor: DECLARE … takes one statement
    if _is_psycopg2(cursor):
        return True
    try:
        from psycopg import ClientCursor
    except ImportError:
        return False
    return isinstance(cursor, ClientCursor)


REALM_RLS = RealmRLS()


def install_realm_rls(connection: BaseDatabaseWrapper) -> bool:
    """Put :data:`REALM_RLS` on a PostgreSQL connection (once); whether it is there."""
    if connection.vendor != "postgresql":
        return False
    if REALM_RLS not in connection.execute_wrappers:
        connection.execute_wrappers.append(REALM_RLS)
    return True


def uninstall_realm_rls(connection: BaseDatabaseWrapper) -> None:
    while REALM_RLS in connection.execute_wrappers:
        connection.execute_wrappers.remove(REALM_RLS)


def connect_realm_rls(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: each new connection gets the wrapper while RLS is on."""
    if kit_settings.MULTITENANCY and kit_settings.MULTITENANCY_RLS:
        install_realm_rls(connection)


def connect() -> None:
    """Called once from the app's ``ready()``: the receiver costs nothing while RLS is off."""
    connection_created.connect(connect_realm_rls, dispatch_uid="aether_kit.multitenancy.rls")


# -- the policies ---------------------------------------------------------------------------


def _current() -> str:
    return f"current_setting('{SETTING_NAME}', true)"


def realm_policy_sql(
    table: str, condition: str, quote: Callable[[str], str]
) -> tuple[list[str], list[str]]:
    """SQL that turns the policy on for ``table`` and SQL that turns it off again."""
    name, target = quote(POLICY_NAME), quote(table)
    using = f"{_current()} = '{BYPASS}' OR {condition}"
    forwards = [
        f"ALTER TABLE {target} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {target} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY {name} ON {target} USING ({using}) WITH CHECK ({using})",
    ]
    backwards = [
        f"DROP POLICY IF EXISTS {name} ON {target}",
        f"ALTER TABLE {target} NO FORCE ROW LEVEL SECURITY",
        f"ALTER TABLE {target} DISABLE ROW LEVEL SECURITY",
    ]
    return forwards, backwards


def _realm_condition(model: Any, mt_field: str, quote: Callable[[str], str]) -> str:
    """The policy's condition on one row of ``model``: its realm, or its ancestor's.

    A child's rows are admitted when the realm-scoped ancestor reached through
    ``mt_field`` (forward foreign keys, as on the model) is in the realm.
    """
    table = quote(model._meta.db_table)
    if not mt_field:
        return f"{table}.{quote('realm')} = {_current()}"
    joins: list[str] = []
    current, previous = model, table
    first_column = ""
    for step, name in enumerate(mt_field.split("__"), start=1):
        field = current._meta.get_field(name)
        related = field.related_model
        alias = quote(f"rls_{step}")
        link = f"{alias}.{quote(field.target_field.column)}"
        if step == 1:
            joins.append(f"{quote(related._meta.db_table)} {alias}")
            first_column = f"{link} = {previous}.{quote(field.column)}"
        else:
            joins.append(
                f"JOIN {quote(related._meta.db_table)} {alias} "
                f"ON {link} = {previous}.{quote(field.column)}"
            )
        current, previous = related, alias
    return (
        f"EXISTS (SELECT 1 FROM {' '.join(joins)} WHERE {first_column} "  # noqa: S608
        f"AND {previous}.{quote('realm')} = {_current()})"
    )


class EnableRealmRLS(migrations.operations.base.Operation):
    """Migration operation: row-level security on one realm-scoped model's table.

    ``EnableRealmRLS("shop.Order")`` for a model with ``MtModelMixin``;
    ``EnableRealmRLS("shop.Line", mt_field="order")`` for a child model (the
    same path as its ``mt_field``: migrations' historical models do not carry
    it). Reversible; does nothing on databases other than PostgreSQL.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(self, model: str, mt_field: str = "") -> None:
        self.model = model
        self.mt_field = mt_field

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {"mt_field": self.mt_field} if self.mt_field else {}
        return (f"{__name__}.{type(self).__name__}", [self.model], kwargs)

    def state_forwards(self, app_label: str, state: Any) -> None:
        """Policies are not part of Django's model state."""

    def statements(self, apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> Any:
        model = apps.get_model(self.model)
        quote = schema_editor.quote_name
        return realm_policy_sql(
            model._meta.db_table, _realm_condition(model, self.mt_field, quote), quote
        )

    def run(self, apps: Any, schema_editor: BaseDatabaseSchemaEditor, forwards: bool) -> None:
        """Turn the policy on (``forwards``) or off; nothing on other databases."""
        if schema_editor.connection.vendor != "postgresql":
            return
        on, off = self.statements(apps, schema_editor)
        for statement in on if forwards else off:
            schema_editor.execute(statement)

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: Any,
        to_state: Any,
    ) -> None:
        self.run(to_state.apps, schema_editor, forwards=True)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: Any,
        to_state: Any,
    ) -> None:
        self.run(from_state.apps, schema_editor, forwards=False)

    def describe(self) -> str:
        return f"Row-level security by realm on {self.model}"

    @property
    def migration_name_fragment(self) -> str:
        return f"realm_rls_{self.model.rsplit('.', 1)[-1].lower()}"

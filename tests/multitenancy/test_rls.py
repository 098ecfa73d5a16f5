"""PostgreSQL row-level security: the database keeps each realm's rows to itself.

The tests run their queries as a role the policies bind (``rls``, see conftest):
the postgres role is a superuser and would skip every policy.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.state import ProjectState

from aether_kit.multitenancy import (
    ALL_REALMS,
    RealmScopeError,
    realm_scope,
    reset_current_realm,
    set_current_realm,
)
from aether_kit.multitenancy.checks import check_rls_database, check_rls_role
from aether_kit.multitenancy.rls import (
    REALM_RLS,
    EnableRealmRLS,
    connect_realm_rls,
    rls_bypass,
    rls_value,
    uninstall_realm_rls,
)
from testproject.models import Project
from tests.factories import CommentFactory, ProjectFactory, TaskFactory, UserFactory

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level security is PostgreSQL's"
)


@pytest.fixture
def north_and_south(db):
    north = ProjectFactory(realm="north", name="n")
    south = ProjectFactory(realm="south", name="s")
    for project in (north, south):
        CommentFactory(task=TaskFactory(project=project, name=project.name), text=project.name)


def raw(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return sorted(row[0] for row in cursor.fetchall())


PROJECT_NAMES = "SELECT name FROM testproject_project"


# -- what the database lets through ---------------------------------------------------------


@on_postgres
def test_raw_sql_in_a_realm_sees_only_that_realm(north_and_south, rls):
    with realm_scope("north"):
        assert raw(PROJECT_NAMES) == ["n"]


@on_postgres
def test_raw_sql_without_a_realm_sees_no_rows(north_and_south, rls):
    assert raw(PROJECT_NAMES) == []


@on_postgres
def test_all_realms_is_the_explicit_bypass(north_and_south, rls):
    with realm_scope(ALL_REALMS):
        assert raw(PROJECT_NAMES) == ["n", "s"]


@on_postgres
def test_rls_bypass_opens_every_realm_for_a_block(north_and_south, rls):
    with realm_scope("north"), rls_bypass():
        assert raw(PROJECT_NAMES) == ["n", "s"]


@on_postgres
@pytest.mark.parametrize(
    ("table", "column"), [("testproject_task", "name"), ("testproject_comment", "text")]
)
def test_child_tables_follow_their_parents_realm(north_and_south, rls, table, column):
    with realm_scope("south"):
        assert raw(f"SELECT {column} FROM {table}") == ["s"]  # noqa: S608


@on_postgres
def test_the_plain_base_manager_is_bound_too(north_and_south, rls):
    """Code that skips the kit's manager (third-party code, ``_base_manager``) stays inside."""
    with realm_scope("north"):
        assert [p.name for p in Project._base_manager.all()] == ["n"]


@on_postgres
def test_unscoped_querysets_see_every_realm(north_and_south, rls):
    with realm_scope("north"):
        assert sorted(Project.objects.unscoped().values_list("name", flat=True)) == ["n", "s"]
        assert Project.objects.unscoped().count() == 2


@on_postgres
def test_unscoped_iterator_sees_every_realm(north_and_south, rls):
    with realm_scope("north"):
        assert sorted(p.name for p in Project.objects.unscoped().iterator()) == ["n", "s"]


@on_postgres
def test_the_bypass_ends_with_the_unscoped_query(north_and_south, rls):
    with realm_scope("north"):
        rows = Project.objects.unscoped().iterator()
        next(rows)
        assert raw(PROJECT_NAMES) == ["n"]


@on_postgres
def test_for_realm_reads_another_realm(north_and_south, rls):
    with realm_scope("north"):
        assert [p.name for p in Project.objects.for_realm("south")] == ["s"]


@on_postgres
def test_unscoped_updates_reach_every_realm(north_and_south, rls):
    with realm_scope("north"):
        assert Project.objects.unscoped().update(name="x") == 2


@on_postgres
def test_scoped_orm_reads_keep_working(north_and_south, rls):
    with realm_scope("south"):
        assert [p.name for p in Project.objects.all()] == ["s"]


@on_postgres
def test_a_row_of_another_realm_cannot_be_written(north_and_south, rls):
    with (
        realm_scope("north"),
        pytest.raises(DatabaseError, match="row-level security"),
        transaction.atomic(),
    ):
        Project(name="sneaky", realm="south").save()


@on_postgres
def test_add_to_realm_moves_a_row_between_realms(north_and_south, rls):
    with realm_scope("north"):
        project = Project.objects.get()
        project.add_to_realm("south")
    with realm_scope("south"):
        assert raw(PROJECT_NAMES) == ["n", "s"]


@on_postgres
def test_a_realm_left_inside_a_transaction_is_not_kept(north_and_south, rls):
    with transaction.atomic():
        with realm_scope("north"):
            assert raw(PROJECT_NAMES) == ["n"]
        assert raw(PROJECT_NAMES) == []


def test_a_realm_that_breaks_the_rule_never_reaches_the_database():
    token = set_current_realm("north'; DROP TABLE x; --")
    try:
        with pytest.raises(RealmScopeError):
            REALM_RLS(lambda *args: None, "SELECT 1", None, False, {"connection": connection})
    finally:
        reset_current_realm(token)


def test_the_value_handed_to_postgresql():
    assert rls_value() is None
    with realm_scope("north"):
        assert rls_value() == "north"
        with rls_bypass():
            assert rls_value() == "*"
    with realm_scope(ALL_REALMS):
        assert rls_value() == "*"


# -- autocommit: a transaction per statement, nothing left behind ---------------------------


@pytest.fixture
def autocommit_rls(rls_role, settings):
    """As ``rls``, outside any transaction (the connection in autocommit, as in production)."""
    settings.MULTITENANCY = True
    settings.MULTITENANCY_RLS = True
    with realm_scope(ALL_REALMS):
        ProjectFactory(realm="north", name="n")
        ProjectFactory(realm="south", name="s")
    connection.close()
    connection.ensure_connection()  # connection_created installs the wrapper
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{rls_role}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    uninstall_realm_rls(connection)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_gets_the_wrapper_while_rls_is_on(autocommit_rls):
    assert REALM_RLS in connection.execute_wrappers


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_autocommit_statements_see_their_realm(autocommit_rls):
    with realm_scope("north"):
        assert raw(PROJECT_NAMES) == ["n"]
    with realm_scope("south"):
        assert raw(PROJECT_NAMES) == ["s"]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_nothing_of_the_realm_survives_its_transaction(autocommit_rls):
    """The session (what a pooler hands the next client) keeps no realm after the statement."""
    with realm_scope("north"):
        raw(PROJECT_NAMES)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('aether_kit.realm', true)")
        assert cursor.fetchone()[0] in ("", None)
        cursor.execute("SELECT transaction_timestamp() = statement_timestamp()")
        assert cursor.fetchone()[0] is True  # and no transaction was left open
    assert raw(PROJECT_NAMES) == []


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_server_side_cursor_sees_its_realm(autocommit_rls):
    """``iterator()`` declares a named cursor: the setting takes a round trip of its own."""
    with realm_scope("south"):
        assert [p.name for p in Project.objects.iterator(chunk_size=1)] == ["s"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('aether_kit.realm', true)")
        assert cursor.fetchone()[0] in ("", None)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_executemany_writes_only_into_its_realm(autocommit_rls):
    insert = "INSERT INTO testproject_project (realm, name, created) VALUES (%s, %s, now())"
    with realm_scope("north"), connection.cursor() as cursor:
        cursor.executemany(insert, [("north", "n2"), ("north", "n3")])
        with pytest.raises(DatabaseError, match="row-level security"):
            cursor.executemany(insert, [("south", "s2")])
    with realm_scope(ALL_REALMS):
        assert raw(PROJECT_NAMES) == ["n", "n2", "n3", "s"]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_failed_statement_rolls_its_transaction_back(autocommit_rls):
    with realm_scope("north"), pytest.raises(DatabaseError):
        raw("SELECT no_such_column FROM testproject_project")
    with realm_scope("north"):
        assert raw(PROJECT_NAMES) == ["n"]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_request_reads_its_realm_through_the_policy(autocommit_rls, client):
    client.cookies["eha-realm"] = "south"
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))

    response = client.get("/projects/")

    assert [p["name"] for p in response.json()["results"]] == ["s"]


def test_off_no_new_connection_gets_the_wrapper(settings):
    settings.MULTITENANCY_RLS = False

    class FakeConnection:
        vendor = "postgresql"
        execute_wrappers: list = []

    connect_realm_rls(sender=None, connection=FakeConnection())

    assert FakeConnection.execute_wrappers == []


# -- migration operation and checks ---------------------------------------------------------


def rls_state(table: str) -> tuple[bool, bool]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = %s", [table]
        )
        return cursor.fetchone()


def apply(operation: EnableRealmRLS, backwards: bool = False) -> None:
    state = ProjectState.from_apps(apps)
    with connection.schema_editor(atomic=False) as editor:
        if backwards:
            operation.database_backwards("testproject", editor, state, state)
        else:
            operation.database_forwards("testproject", editor, state, state)


@on_postgres
@pytest.mark.django_db
def test_the_migration_enables_and_forces_row_level_security():
    assert rls_state("testproject_comment") == (True, True)


@on_postgres
@pytest.mark.django_db
def test_the_operation_reverses():
    operation = EnableRealmRLS("testproject.Comment", mt_field="task__project")

    apply(operation, backwards=True)
    assert rls_state("testproject_comment") == (False, False)
    apply(operation)
    assert rls_state("testproject_comment") == (True, True)


def test_the_operation_deconstructs_for_migration_files():
    operation = EnableRealmRLS("shop.Line", mt_field="order")

    path, args, kwargs = operation.deconstruct()

    assert path == "aether_kit.multitenancy.rls.EnableRealmRLS"
    assert (args, kwargs) == (["shop.Line"], {"mt_field": "order"})
    assert operation.migration_name_fragment == "realm_rls_line"


@pytest.mark.django_db(transaction=True)
def test_the_operation_does_nothing_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite side")
    state = ProjectState.from_apps(apps)
    with connection.schema_editor(collect_sql=True) as editor:
        EnableRealmRLS("testproject.Project").database_forwards("testproject", editor, state, state)

    assert editor.collected_sql == []


@pytest.mark.django_db
def test_sqlmigrate_shows_the_policies(capsys):
    if connection.vendor != "postgresql":
        pytest.skip("the policies are PostgreSQL SQL")
    call_command("sqlmigrate", "testproject", "0004")
    out = capsys.readouterr().out
    assert "FORCE ROW LEVEL SECURITY" in out
    assert "current_setting('aether_kit.realm', true)" in out


@on_postgres
@pytest.mark.django_db
def test_check_refuses_a_role_that_bypasses_the_policies(settings):
    settings.MULTITENANCY = True
    settings.MULTITENANCY_RLS = True

    assert [m.id for m in check_rls_role(None, databases=["default"])] == ["aether_kit.E026"]


@on_postgres
def test_check_passes_a_role_the_policies_bind(rls):
    assert check_rls_role(None, databases=["default"]) == []


@on_postgres
def test_check_names_a_table_without_forced_rls(rls):
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute("ALTER TABLE testproject_task NO FORCE ROW LEVEL SECURITY")
        cursor.execute(f'SET ROLE "{rls}"')

    messages = check_rls_role(None, databases=["default"])

    assert [m.id for m in messages] == ["aether_kit.E027"]
    assert "testproject_task" in messages[0].msg


def test_checks_are_silent_while_rls_is_off(settings):
    settings.MULTITENANCY_RLS = False

    assert check_rls_role(None, databases=["default"]) + check_rls_database(None) == []


def test_rls_on_sqlite_is_a_warning(settings):
    settings.MULTITENANCY = True
    settings.MULTITENANCY_RLS = True
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

    assert [m.id for m in check_rls_database(None)] == ["aether_kit.W011"]

import pytest
from django.db import connection

from aether_kit.multitenancy.rls import install_realm_rls, uninstall_realm_rls
from tests.pg_roles import create_role, drop_role
from tests.realm_fixtures import *  # noqa: F403

# -- PostgreSQL row-level security: a role the policies bind -------------------------------


@pytest.fixture(scope="session")
def rls_role(django_db_setup, django_db_blocker):
    """A role without SUPERUSER / BYPASSRLS (the postgres role skips every policy).

    Named after the test database, so parallel runs on other databases do not share it.
    """
    if connection.vendor != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")
    name = f"{connection.settings_dict['NAME']}_rls"
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        create_role(cursor, name)
    yield name
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        drop_role(cursor, name)


@pytest.fixture
def rls(rls_role, db, settings):
    """MULTITENANCY_RLS on, the kit's wrapper on the connection, queries run as ``rls_role``."""
    settings.MULTITENANCY = True
    settings.MULTITENANCY_RLS = True
    install_realm_rls(connection)
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{rls_role}"')
    yield rls_role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    uninstall_realm_rls(connection)

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from aether_kit.multitenancy import copy_realms_from_mtinstance
from testproject.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def mtinstance_table():
    """aether.sdk's side table, as its migration created it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE multitenancy_mtinstance "
            "(id integer PRIMARY KEY, instance_id bigint NOT NULL UNIQUE, realm text NOT NULL)"
        )
    yield "multitenancy_mtinstance"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE multitenancy_mtinstance")


def insert_legacy_projects(rows):
    """Projects as aether.sdk left them: no realm column value yet."""
    with connection.cursor() as cursor:
        for pk in rows:
            cursor.execute(
                "INSERT INTO testproject_project (id, realm, name, created) "
                "VALUES (%s, '', %s, CURRENT_TIMESTAMP)",
                [pk, f"p{pk}"],
            )


def run_copy(**kwargs):
    # RunPython hands over a schema editor; the copy only uses its connection
    editor = SimpleNamespace(connection=connection)
    copy_realms_from_mtinstance("testproject", "Project", **kwargs)(apps, editor)


def realms():
    return dict(Project.objects.unscoped().order_by("pk").values_list("pk", "realm"))


def test_realms_are_copied_from_the_side_table(mtinstance_table):
    insert_legacy_projects([1, 2])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO multitenancy_mtinstance (id, instance_id, realm) "
            "VALUES (1, 1, 'a'), (2, 2, 'b')"
        )

    run_copy()

    assert realms() == {1: "a", 2: "b"}


def test_objects_without_a_side_row_get_the_default_realm(mtinstance_table, settings):
    settings.DEFAULT_REALM = "eha"
    insert_legacy_projects([1])

    run_copy()

    assert realms() == {1: "eha"}


def test_a_missing_side_table_only_fills_the_default_realm():
    insert_legacy_projects([1])

    run_copy(default_realm="legacy")

    assert realms() == {1: "legacy"}

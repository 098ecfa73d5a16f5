from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from aether_kit.multitenancy import copy_realms_from_mtinstance
from aether_kit.multitenancy.migration import InvalidLegacyRealms
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


def insert_side_rows(realms_by_pk):
    """aether.sdk's side rows: ``{instance_id: realm}``."""
    with connection.cursor() as cursor:
        for pk, realm in realms_by_pk.items():
            cursor.execute(
                "INSERT INTO multitenancy_mtinstance (id, instance_id, realm) VALUES (%s, %s, %s)",
                [pk, pk, realm],
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


INVALID_REALMS = {
    2: "r" * 64,  # longer than the realm column
    3: "eha.org",
    4: "two words",
    5: "a__b",
    6: "café",
    7: "٣",
}


def test_realms_outside_the_rule_are_all_named_in_one_error(mtinstance_table):
    insert_legacy_projects([1, *INVALID_REALMS])
    insert_side_rows({1: "ok", **INVALID_REALMS})

    with pytest.raises(InvalidLegacyRealms) as raised:
        run_copy()

    assert set(raised.value.invalid) == set(INVALID_REALMS.values())
    for realm in INVALID_REALMS.values():
        assert repr(realm) in str(raised.value)


def test_nothing_is_copied_when_a_realm_is_outside_the_rule(mtinstance_table):
    insert_legacy_projects([1, 2])
    insert_side_rows({1: "ok", 2: "eha.org"})

    with pytest.raises(InvalidLegacyRealms):
        run_copy()

    assert realms() == {1: "", 2: ""}


def test_the_error_counts_the_objects_of_each_invalid_realm(mtinstance_table):
    insert_legacy_projects([1, 2])
    insert_side_rows({1: "two words", 2: "two words"})

    with pytest.raises(InvalidLegacyRealms, match=r"'two words' \(2 objects\)"):
        run_copy()


def test_side_rows_of_objects_that_no_longer_exist_are_not_checked(mtinstance_table):
    insert_legacy_projects([1])
    insert_side_rows({1: "a", 2: "eha.org"})

    run_copy()

    assert realms() == {1: "a"}

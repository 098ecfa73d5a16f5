import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Exists, OuterRef, Subquery

from aether_kit.multitenancy import ALL_REALMS, RealmScopeError, realm_scope
from testproject.models import Comment, Project, Task
from tests.factories import CommentFactory, ProjectFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_realms():
    a = ProjectFactory(realm="a", name="pa")
    b = ProjectFactory(realm="b", name="pb")
    TaskFactory(project=a, name="ta")
    TaskFactory(project=b, name="tb")
    return a, b


def names(queryset):
    return sorted(obj.name for obj in queryset)


def test_a_query_without_a_realm_is_refused(two_realms):
    with pytest.raises(RealmScopeError, match=r"Project\.objects\.unscoped"):
        list(Project.objects.all())


@pytest.mark.parametrize(
    "evaluate",
    [
        lambda qs: qs.count(),
        lambda qs: qs.exists(),
        lambda qs: qs.first(),
        lambda qs: list(qs.iterator()),
        lambda qs: qs.update(name="x"),
        lambda qs: qs.delete(),
        lambda qs: qs.values_list("name", flat=True)[0],
    ],
    ids=["count", "exists", "first", "iterator", "update", "delete", "values_list"],
)
def test_every_way_of_running_a_query_is_refused_without_a_realm(two_realms, evaluate):
    with pytest.raises(RealmScopeError):
        evaluate(Project.objects.all())


def test_the_current_realm_filters_the_default_manager(two_realms):
    with realm_scope("a"):
        assert names(Project.objects.all()) == ["pa"]


def test_a_class_level_queryset_is_filtered_by_the_realm_that_evaluates_it(two_realms):
    queryset = Project.objects.order_by("name")

    with realm_scope("b"):
        assert names(queryset.all()) == ["pb"]


def test_child_models_are_filtered_through_their_parent(two_realms):
    with realm_scope("b"):
        assert names(Task.objects.all()) == ["tb"]


def test_update_and_delete_touch_the_current_realm_only(two_realms):
    with realm_scope("a"):
        Project.objects.update(name="renamed")
        Task.objects.all().delete()

    assert names(Project.objects.unscoped()) == ["pb", "renamed"]
    assert names(Task.objects.unscoped()) == ["tb"]


def test_all_realms_is_the_explicit_escape_hatch(two_realms):
    with realm_scope(ALL_REALMS):
        assert names(Project.objects.all()) == ["pa", "pb"]


def test_unscoped_sees_every_realm(two_realms):
    assert Project.objects.unscoped().count() == 2


def test_for_realm_ignores_the_current_realm(two_realms):
    with realm_scope("a"):
        assert names(Project.objects.for_realm("b")) == ["pb"]


def test_a_scoped_subquery_is_filtered_too(two_realms):
    with realm_scope("a"):
        subquery = Project.objects.all()
        assert names(Task.objects.unscoped().filter(project__in=subquery)) == ["ta"]


def test_related_managers_are_scoped(two_realms):
    a, _ = two_realms

    with realm_scope("a"):
        assert names(a.tasks.all()) == ["ta"]
    with realm_scope("b"):
        assert names(a.tasks.all()) == []


def test_forward_relations_need_no_realm(two_realms):
    task = Task.objects.unscoped().get(name="tb")

    assert task.project.name == "pb"


def test_deleting_an_object_cascades_without_a_realm(two_realms):
    a, _ = two_realms

    a.delete()

    assert names(Task.objects.unscoped()) == ["tb"]


def test_bulk_create_fills_the_current_realm():
    with realm_scope("b"):
        Project.objects.bulk_create([Project(name="x"), Project(name="y")])

    assert set(Project.objects.unscoped().values_list("realm", flat=True)) == {"b"}


def test_nothing_is_filtered_while_multitenancy_is_off(settings, two_realms):
    settings.MULTITENANCY = False

    assert names(Project.objects.all()) == ["pa", "pb"]


def test_dumpdata_all_uses_the_base_manager_and_needs_no_realm(two_realms):
    out = io.StringIO()

    call_command("dumpdata", "testproject.project", "--all", stdout=out)

    assert '"pa"' in out.getvalue()
    assert '"pb"' in out.getvalue()


def test_plain_dumpdata_says_how_to_dump_every_realm(two_realms):
    with pytest.raises(Exception, match="--all"):
        call_command("dumpdata", "testproject.project", stdout=io.StringIO())


def test_a_scoped_subquery_expression_is_filtered_too(two_realms):
    projects = Project.objects.filter(pk=OuterRef("project_id"))

    with realm_scope("a"):
        visible = Task.objects.unscoped().filter(Exists(projects)).order_by("name")
        assert names(visible) == ["ta"]


def test_a_union_keeps_each_part_in_the_realm(two_realms):
    with realm_scope("a"):
        parts = [Project.objects.filter(name=name).order_by() for name in ("pa", "pb")]
        both = parts[0].union(parts[1])
        assert names(both) == ["pa"]


def test_a_subquery_expression_without_a_realm_is_refused(two_realms):
    query = Task.objects.unscoped().filter(project_id__in=Subquery(Project.objects.values("pk")))

    with pytest.raises(RealmScopeError):
        list(query)


def test_prefetching_related_objects_stays_in_the_realm(two_realms):
    a, _ = two_realms
    TaskFactory(project=a, name="ta2")

    with realm_scope("a"):
        (project,) = Project.objects.prefetch_related("tasks")
        assert names(project.tasks.all()) == ["ta", "ta2"]


@pytest.mark.parametrize(
    "count",
    [
        lambda: Project.objects.count(),
        lambda: Project.objects.distinct().count(),
        lambda: Project.objects.all()[:5].count(),
        lambda: Project.objects.aggregate(n=Count("id"))["n"],
        lambda: Task.objects.values("project").annotate(n=Count("id")).count(),
    ],
    ids=["count", "distinct", "sliced", "aggregate", "grouped"],
)
def test_counts_and_aggregates_stay_in_the_realm(two_realms, count):
    with realm_scope("a"):
        assert count() == 1


def test_deleting_a_user_nulls_its_tasks_without_a_realm(two_realms):
    user = UserFactory(username="ana")
    Task.objects.unscoped().update(assignee=user)

    user.delete()

    assert not Task.objects.unscoped().filter(assignee__isnull=False).exists()


# -- one queryset object (a module or class attribute) evaluated in realm a, then in realm b --


@pytest.fixture
def uneven_realms():
    """Realm ``a`` has one project with a task; realm ``b`` has two, each with a task."""
    a = ProjectFactory(realm="a", name="pa")
    b1 = ProjectFactory(realm="b", name="pb1")
    b2 = ProjectFactory(realm="b", name="pb2")
    TaskFactory(project=a, name="ta")
    TaskFactory(project=b1, name="tb1")
    TaskFactory(project=b2, name="tb2")


def test_one_queryset_lists_the_rows_of_each_realm_that_evaluates_it(uneven_realms):
    shared = Project.objects.all()

    with realm_scope("a"):
        names(shared)
    with realm_scope("b"):
        assert names(shared) == ["pb1", "pb2"]


def test_one_queryset_reuses_its_rows_within_the_realm_that_fetched_them(
    uneven_realms, django_assert_num_queries
):
    shared = Project.objects.all()

    with realm_scope("a"), django_assert_num_queries(1):
        names(shared)
        assert names(shared) == ["pa"]


@pytest.mark.parametrize(
    "evaluate",
    [
        lambda qs: qs.count(),
        lambda qs: qs.exists(),
        lambda qs: qs.aggregate(n=Count("id")),
    ],
    ids=["count", "exists", "aggregate"],
)
def test_evaluating_one_queryset_in_a_realm_does_not_scope_it_to_that_realm(
    uneven_realms, evaluate
):
    shared = Project.objects.all()

    with realm_scope("a"):
        evaluate(shared)
    with realm_scope("b"):
        assert names(shared.all()) == ["pb1", "pb2"]


def test_one_queryset_counts_the_rows_of_each_realm_that_counts_it(uneven_realms):
    shared = Project.objects.all()

    with realm_scope("a"):
        shared.count()
    with realm_scope("b"):
        assert shared.count() == 2


def test_one_queryset_answers_exists_for_each_realm_that_asks(uneven_realms):
    shared = Project.objects.all()

    with realm_scope("a"):
        shared.exists()
    with realm_scope("c"):
        assert not shared.exists()


def test_one_queryset_aggregates_the_rows_of_each_realm_that_aggregates_it(uneven_realms):
    shared = Project.objects.all()

    with realm_scope("a"):
        shared.aggregate(n=Count("id"))
    with realm_scope("b"):
        assert shared.aggregate(n=Count("id")) == {"n": 2}


def test_one_queryset_updates_the_rows_of_each_realm_that_updates_it(uneven_realms):
    shared = Project.objects.all()

    with realm_scope("a"):
        shared.update(name="renamed in a")
    with realm_scope("b"):
        shared.update(name="renamed in b")

    assert names(Project.objects.unscoped()) == ["renamed in a", "renamed in b", "renamed in b"]


@pytest.mark.parametrize("model", [Project, Task, Comment], ids=["own", "child", "fast"])
def test_one_queryset_deletes_the_rows_of_each_realm_that_deletes_with_it(uneven_realms, model):
    # Comment has no dependants: Django deletes it in one raw DELETE, without fetching
    for task in Task.objects.unscoped():
        CommentFactory(task=task)
    shared = model.objects.all()

    with realm_scope("a"):
        shared.delete()
    with realm_scope("b"):
        shared.delete()

    assert not model.objects.unscoped().exists()


@pytest.mark.parametrize(
    "build",
    [
        lambda: Task.objects.unscoped().filter(project__in=Project.objects.all()),
        lambda: Task.objects.unscoped().filter(
            project_id__in=Subquery(Project.objects.values("pk"))
        ),
        lambda: Task.objects.unscoped().filter(
            Exists(Project.objects.filter(pk=OuterRef("project_id")))
        ),
    ],
    ids=["in", "Subquery", "Exists"],
)
def test_one_queryset_with_a_scoped_subquery_filters_it_by_each_realm_in_turn(uneven_realms, build):
    shared = build()

    with realm_scope("a"):
        names(shared.all())
    with realm_scope("b"):
        assert names(shared.all()) == ["tb1", "tb2"]


def test_one_queryset_with_a_scoped_annotation_subquery_fills_it_by_each_realm_in_turn(
    uneven_realms,
):
    first_task = Task.objects.filter(project=OuterRef("pk")).values("name")[:1]
    shared = Project.objects.unscoped().annotate(task=Subquery(first_task)).order_by("name")

    with realm_scope("a"):
        list(shared.all())
    with realm_scope("b"):
        assert list(shared.all().values_list("task", flat=True)) == [None, "tb1", "tb2"]


def test_a_correlated_subquery_keeps_pointing_at_the_outer_row(two_realms):
    ProjectFactory(realm="a", name="ta")  # a project named like realm a's task

    with realm_scope("a"):
        same_name = Task.objects.filter(name=OuterRef("name"))
        assert names(Project.objects.filter(Exists(same_name))) == ["ta"]

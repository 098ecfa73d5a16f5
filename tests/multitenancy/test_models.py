import pytest

from aether_kit.multitenancy import RealmScopeError, realm_scope
from testproject.models import Comment, Project
from tests.factories import CommentFactory, ProjectFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_save_takes_the_current_realm():
    with realm_scope("a"):
        project = Project.objects.create(name="p")

    assert project.realm == "a"


def test_objects_created_while_multitenancy_is_off_belong_to_the_default_realm(settings):
    settings.MULTITENANCY = False
    settings.DEFAULT_REALM = "eha"

    project = Project.objects.create(name="p")

    assert project.realm == "eha"


def test_save_without_any_realm_refuses_while_multitenancy_is_on():
    with pytest.raises(RealmScopeError, match="saved with no realm"):
        Project(name="p").save()


def test_add_to_realm_moves_a_saved_object():
    project = ProjectFactory(realm="a")

    project.add_to_realm("b")

    assert Project.objects.unscoped().get(pk=project.pk).realm == "b"


def test_is_accessible_only_from_the_objects_realm():
    project = ProjectFactory(realm="a")

    assert (project.is_accessible("a"), project.is_accessible("b")) == (True, False)


def test_everything_is_accessible_without_multitenancy(settings):
    settings.MULTITENANCY = False

    assert ProjectFactory(realm="a").is_accessible("b") is True


def test_a_child_takes_its_realm_from_its_parent():
    task = TaskFactory(project=ProjectFactory(realm="b"))

    assert (task.get_realm(), task.is_accessible("b"), task.is_accessible("a")) == (
        "b",
        True,
        False,
    )


def test_a_grandchild_takes_its_realm_two_steps_up():
    comment = CommentFactory(task__project=ProjectFactory(realm="b"))

    assert (comment.get_realm(), comment.is_accessible("b")) == ("b", True)


def test_grandchildren_are_filtered_through_the_whole_path():
    CommentFactory(task__project=ProjectFactory(realm="a"), text="here")
    CommentFactory(task__project=ProjectFactory(realm="b"), text="there")

    with realm_scope("a"):
        assert [c.text for c in Comment.objects.all()] == ["here"]

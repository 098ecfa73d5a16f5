"""factory-boy factories of the suite: users (in a realm or not), groups, the demo's models."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from aether_kit.multitenancy import add_user_to_realm, realm_username
from testproject.models import Comment, Project, Task

PASSWORD = "a-long-test-password"


class UserFactory(DjangoModelFactory):
    """``UserFactory(realm="a")`` is ``a__user-N`` in the group ``a``.

    ``UserFactory()`` is a plain ``user-N``; an existing username is fetched,
    not created again.
    """

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    class Params:
        realm = None

    username = factory.LazyAttributeSequence(lambda o, n: realm_username(o.realm, f"user-{n}"))
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def in_realm(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        realm = extracted or self.username.partition("__")[0]
        if create and "__" in self.username:
            add_user_to_realm(self, realm)


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"group-{n}")


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    realm = "a"
    name = factory.Sequence(lambda n: f"project-{n}")


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = Task

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"task-{n}")


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    task = factory.SubFactory(TaskFactory)
    text = factory.Sequence(lambda n: f"comment-{n}")

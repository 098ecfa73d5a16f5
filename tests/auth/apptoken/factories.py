from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from aether_kit.auth.apptoken.models import AppToken


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user-{n}")
    password = factory.django.Password("secret-password")


class AppTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppToken

    user = factory.SubFactory(UserFactory)
    app = "fake"
    token = None

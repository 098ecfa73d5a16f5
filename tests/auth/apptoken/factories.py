from __future__ import annotations

import factory

from aether_kit.auth.apptoken.models import AppToken
from tests.factories import UserFactory


class AppTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppToken

    user = factory.SubFactory(UserFactory)
    app = "fake"
    token = None

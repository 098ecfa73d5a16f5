from django.db import models

from aether_kit.multitenancy import MtModelMixin


class Project(MtModelMixin):
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name
